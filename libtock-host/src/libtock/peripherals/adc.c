/* ADC with callbacks, over the syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/adc.c @497ea7cf.
 */
#include "libtock/peripherals/adc.h"
#include "libtock/peripherals/syscalls/adc_syscalls.h"

/* Subscribe 1: (mode, channel or length << 8 | channel, sample or index). */
static void adc_upcall(int mode, int arg1, int arg2, void *opaque)
{
    libtock_adc_callbacks *cb = opaque;
    uint8_t channel = (uint8_t)(arg1 & 0xFF);
    uint32_t length = ((uint32_t)arg1 >> 8) & 0xFFFFFF;
    switch (mode) {
    case libtock_adc_SingleSample:
        if (cb->single_sample_callback != NULL)
            cb->single_sample_callback((uint8_t)arg1, (uint16_t)arg2);
        break;
    case libtock_adc_ContinuousSample:
        if (cb->continuous_sample_callback != NULL)
            cb->continuous_sample_callback((uint8_t)arg1, (uint16_t)arg2);
        break;
    case libtock_adc_SingleBuffer:
        if (cb->buffered_sample_callback != NULL)
            cb->buffered_sample_callback(channel, length);
        break;
    case libtock_adc_ContinuousBuffer:
        if (cb->continuous_buffered_sample_callback != NULL)
            cb->continuous_buffered_sample_callback(channel, length, (uint8_t)arg2);
        break;
    }
}

bool libtock_adc_exists(void)
{
    return libtock_adc_driver_exists();
}

returncode_t libtock_adc_set_buffer(uint16_t *buffer, uint32_t length)
{
    return libtock_adc_set_readwrite_allow_set_buffer((uint8_t *)buffer, length * 2);
}

returncode_t libtock_adc_set_double_buffer(uint16_t *buffer, uint32_t length)
{
    return libtock_adc_set_readwrite_allow_set_double_buffer((uint8_t *)buffer, length * 2);
}

returncode_t libtock_adc_channel_count(int *count)
{
    return libtock_adc_command_channel_count(count);
}

returncode_t libtock_adc_single_sample(uint8_t channel, libtock_adc_callbacks *callbacks)
{
    returncode_t ret = libtock_adc_set_upcall(adc_upcall, callbacks);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_adc_command_single_sample(channel);
}

returncode_t libtock_adc_continuous_sample(uint8_t channel, uint32_t frequency,
                                           libtock_adc_callbacks *callbacks)
{
    returncode_t ret = libtock_adc_set_upcall(adc_upcall, callbacks);
    return ret != RETURNCODE_SUCCESS ? ret
                                     : libtock_adc_command_continuous_sample(channel, frequency);
}

returncode_t libtock_adc_buffered_sample(uint8_t channel, uint32_t frequency,
                                         libtock_adc_callbacks *callbacks)
{
    returncode_t ret = libtock_adc_set_upcall(adc_upcall, callbacks);
    return ret != RETURNCODE_SUCCESS ? ret
                                     : libtock_adc_command_buffered_sample(channel, frequency);
}

returncode_t libtock_adc_continuous_buffered_sample(uint8_t channel, uint32_t frequency,
                                                    libtock_adc_callbacks *callbacks)
{
    returncode_t ret = libtock_adc_set_upcall(adc_upcall, callbacks);
    return ret != RETURNCODE_SUCCESS
               ? ret
               : libtock_adc_command_continuous_buffered_sample(channel, frequency);
}

returncode_t libtock_adc_stop_sampling(void)
{
    return libtock_adc_command_stop_sampling();
}
