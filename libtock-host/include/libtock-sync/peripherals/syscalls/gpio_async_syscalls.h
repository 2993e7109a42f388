/* Yield-WaitFor on the asynchronous GPIO driver's completion upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/gpio_async_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/gpio_async_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

returncode_t libtocksync_gpio_async_yield_wait_for_generic_command(void);
returncode_t libtocksync_gpio_async_yield_wait_for_read(bool *value);

#ifdef __cplusplus
}
#endif
