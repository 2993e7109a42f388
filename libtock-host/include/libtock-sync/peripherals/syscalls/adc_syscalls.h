/* Blocking waits for the ADC driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/adc_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/adc_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x5, 0): the sample is the upcall's third argument. */
returncode_t libtocksync_adc_yield_wait_for_single_sample(uint16_t *sample);
returncode_t libtocksync_adc_yield_wait_for_buffered_sample(uint32_t *length);

#ifdef __cplusplus
}
#endif
