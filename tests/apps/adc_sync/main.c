/* adc_sync: one ADC sample through libtock-sync, as libtock-c's tests/adc
 * takes it (libtocksync_adc_sample waits with Yield-WaitFor for upcall 0).
 *
 * The kernel at 65608d71 queues upcall 0 and then upcall 1 for the sample
 * and keeps a waiting process's readiness only for the last upcall queued,
 * so this wait never ends on Tock; `tockemu --sticky-wait-for` keeps the
 * readiness and the sample comes back (tests/e2e/test_drivers.c).
 */
#include <stdio.h>

#include <libtock-sync/peripherals/adc.h>

int main(void)
{
    uint16_t sample = 0;
    returncode_t rc = libtocksync_adc_sample(2, &sample);
    printf("adc_sync: %s, sample %u\n", tock_strrcode(rc), (unsigned)sample);
    return 0;
}
