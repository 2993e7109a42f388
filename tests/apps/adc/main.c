/* adc: the ADC through libtock-c's API: channel facts, one sample of
 * channel 2 now and one after 5 ms (a scenario sets channel 2 at 2 ms),
 * then three continuous samples of channel 2 at 1 kHz, then stop.
 *
 * Samples arrive on subscribe 1 (libtock_adc_set_upcall). The capsule
 * queues upcall 0 and then upcall 1 for every sample, and the kernel keeps
 * a Yield-WaitFor's readiness only for the last upcall queued, so
 * libtocksync_adc_sample's wait for upcall 0 never ends, on Tock as here;
 * this app waits with plain yields.
 */
#include <stdio.h>

#include <libtock-sync/peripherals/adc.h>
#include <libtock-sync/services/alarm.h>

static int samples_seen, stop_after;

static void on_sample(int mode, int channel, int sample, void *userdata)
{
    (void)userdata;
    printf("adc: mode %d channel %d sample %d\n", mode, channel, sample);
    if (++samples_seen == stop_after)
        libtock_adc_command_stop_sampling();
}

/* Start with `rc`, then yield until `count` more samples came. */
static void wait_samples(returncode_t rc, int count)
{
    stop_after = samples_seen + count;
    if (rc != RETURNCODE_SUCCESS) {
        printf("adc: %s\n", tock_strrcode(rc));
        return;
    }
    while (samples_seen < stop_after)
        yield();
}

int main(void)
{
    int channels = 0;
    uint32_t bits = 0, reference = 0;
    if (libtocksync_adc_channel_count(&channels) != RETURNCODE_SUCCESS ||
        libtocksync_adc_resolution_bits(&bits) != RETURNCODE_SUCCESS ||
        libtocksync_adc_reference_voltage(&reference) != RETURNCODE_SUCCESS ||
        libtock_adc_set_upcall(on_sample, NULL) != RETURNCODE_SUCCESS)
        return 1;
    printf("adc: %d channels, %u bits, %u mV\n", channels, (unsigned)bits, (unsigned)reference);
    wait_samples(libtock_adc_command_single_sample(2), 1);
    libtocksync_alarm_delay_ms(5);
    wait_samples(libtock_adc_command_single_sample(2), 1);
    printf("adc: channel 9: %s\n", tock_strrcode(libtock_adc_command_single_sample(9)));
    wait_samples(libtock_adc_command_continuous_sample(2, 1000), 3);
    printf("adc: done\n");
    return 0;
}
