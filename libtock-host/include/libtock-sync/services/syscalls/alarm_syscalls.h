/* Blocking wait for the alarm driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/services/syscalls/alarm_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/alarm_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0, 0): the next firing of the kernel alarm, bypassing the
 * multi-alarm list of libtock/services/alarm.h. Always RETURNCODE_SUCCESS. */
returncode_t libtocksync_alarm_yield_wait_for(void);

#ifdef __cplusplus
}
#endif
