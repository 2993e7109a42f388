/* RTC (date-time) driver 0x90007: one-to-one wrappers.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/peripherals/syscalls/rtc_syscalls.h @497ea7cf. Kernel side:
 * capsules/extra/src/date_time.rs: command 1 reads, command 2 (date, time)
 * sets; upcall 0 is (status, date, time) after a read, (status, 0, 0) after
 * a set.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_RTC 0x00090007

bool libtock_rtc_driver_exists(void);
/* Subscribe 0: a read or a set finished. */
returncode_t libtock_rtc_set_upcall(subscribe_upcall callback, void *opaque);
/* Command 1. */
returncode_t libtock_rtc_command_get_date(void);
/* Command 2 with the packed date and time (rtc_types.h). */
returncode_t libtock_rtc_command_set_date(uint32_t date, uint32_t time);

#ifdef __cplusplus
}
#endif
