/* Blocking RTC: command, then Yield-WaitFor.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/rtc.c @497ea7cf.
 */
#include "libtock-sync/peripherals/rtc.h"

#include "libtock-sync/peripherals/syscalls/rtc_syscalls.h"

bool libtocksync_rtc_exists(void)
{
    return libtock_rtc_driver_exists();
}

returncode_t libtocksync_rtc_get_date(libtock_rtc_date_t *date)
{
    returncode_t ret = libtock_rtc_command_get_date();
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtocksync_rtc_yield_wait_for_get(date);
}

returncode_t libtocksync_rtc_set_date(libtock_rtc_date_t *set_date)
{
    uint32_t date, time;
    lth_rtc_pack(set_date, &date, &time);
    returncode_t ret = libtock_rtc_command_set_date(date, time);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtocksync_rtc_yield_wait_for_set();
}
