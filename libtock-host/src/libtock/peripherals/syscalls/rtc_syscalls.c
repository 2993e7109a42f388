/* RTC driver 0x90007 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/rtc_syscalls.c
 * @497ea7cf.
 */
#include "libtock/peripherals/syscalls/rtc_syscalls.h"

#include "lth-internal.h"

enum { RTC_UPCALL_DONE = 0, RTC_COMMAND_GET = 1, RTC_COMMAND_SET = 2 };

bool libtock_rtc_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_RTC);
}

returncode_t libtock_rtc_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_RTC, RTC_UPCALL_DONE, callback, opaque);
}

returncode_t libtock_rtc_command_get_date(void)
{
    return lth_command_novalue(DRIVER_NUM_RTC, RTC_COMMAND_GET, 0, 0);
}

returncode_t libtock_rtc_command_set_date(uint32_t date, uint32_t time)
{
    return lth_command_novalue(DRIVER_NUM_RTC, RTC_COMMAND_SET, (int)date, (int)time);
}
