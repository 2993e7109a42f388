/* Blocking waits for the RTC driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/rtc_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/rtc.h>
#include <libtock/peripherals/syscalls/rtc_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x90007, 0) after a read: the status, and *date if 0. */
returncode_t libtocksync_rtc_yield_wait_for_get(libtock_rtc_date_t *date);
/* Yield-WaitFor (0x90007, 0) after a set: the status. */
returncode_t libtocksync_rtc_yield_wait_for_set(void);

#ifdef __cplusplus
}
#endif
