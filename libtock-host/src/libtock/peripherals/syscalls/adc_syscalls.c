/* ADC driver 0x5 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/adc_syscalls.c
 * @497ea7cf.
 */
#include "libtock/peripherals/syscalls/adc_syscalls.h"

#include "lth-internal.h"

bool libtock_adc_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_ADC);
}

returncode_t libtock_adc_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_ADC, 1, callback, opaque);
}

returncode_t libtock_adc_set_readwrite_allow_set_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_ADC, 0, buffer, len);
}

returncode_t libtock_adc_set_readwrite_allow_set_double_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_ADC, 1, buffer, len);
}

returncode_t libtock_adc_command_channel_count(int *count)
{
    return lth_command_u32(DRIVER_NUM_ADC, 0, 0, 0, (uint32_t *)count);
}

returncode_t libtock_adc_command_single_sample(uint8_t channel)
{
    return lth_command_novalue(DRIVER_NUM_ADC, 1, channel, 0);
}

returncode_t libtock_adc_command_continuous_sample(uint8_t channel, uint32_t frequency)
{
    return lth_command_novalue(DRIVER_NUM_ADC, 2, channel, (int)frequency);
}

returncode_t libtock_adc_command_buffered_sample(uint8_t channel, uint32_t frequency)
{
    return lth_command_novalue(DRIVER_NUM_ADC, 3, channel, (int)frequency);
}

returncode_t libtock_adc_command_continuous_buffered_sample(uint8_t channel, uint32_t frequency)
{
    return lth_command_novalue(DRIVER_NUM_ADC, 4, channel, (int)frequency);
}

returncode_t libtock_adc_command_stop_sampling(void)
{
    return lth_command_novalue(DRIVER_NUM_ADC, 5, 0, 0);
}

returncode_t libtock_adc_command_get_reference_voltage(uint32_t *reference_voltage)
{
    return lth_command_u32(DRIVER_NUM_ADC, 102, 0, 0, reference_voltage);
}

returncode_t libtock_adc_command_get_resolution_bits(uint32_t *resolution)
{
    return lth_command_u32(DRIVER_NUM_ADC, 101, 0, 0, resolution);
}
