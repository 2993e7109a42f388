/* Blocking wait for the GPIO driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/gpio_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/gpio_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (4, 0): the next interrupt of any pin. Always
 * RETURNCODE_SUCCESS. */
returncode_t libtocksync_gpio_yield_wait_for(uint32_t *pin, bool *value);

#ifdef __cplusplus
}
#endif
