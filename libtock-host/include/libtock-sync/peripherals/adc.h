/* ADC, synchronous: channel facts and one sample at a time.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/peripherals/adc.h
 * @497ea7cf. Samples are left-justified 16-bit values.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/adc_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_adc_exists(void);
returncode_t libtocksync_adc_channel_count(int *count);
returncode_t libtocksync_adc_reference_voltage(uint32_t *reference_voltage);
returncode_t libtocksync_adc_resolution_bits(uint32_t *resolution);
returncode_t libtocksync_adc_sample(uint8_t channel, uint16_t *sample);
/* Buffered sampling. It waits for upcall 0, which the kernel queues before
 * upcall 1 for the same buffer, so (on Tock too) the wait does not end:
 * use libtock_adc_buffered_sample (libtock/peripherals/adc.h). */
returncode_t libtocksync_adc_sample_buffer(uint8_t channel, uint32_t frequency, uint16_t *buffer,
                                           uint32_t length);

#ifdef __cplusplus
}
#endif
