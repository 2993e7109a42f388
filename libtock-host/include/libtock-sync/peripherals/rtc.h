/* Blocking RTC API.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/peripherals/rtc.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/rtc_types.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_rtc_exists(void);
/* Read the date and time into *date. */
returncode_t libtocksync_rtc_get_date(libtock_rtc_date_t *date);
/* Set the date and time; returns once the clock has them. */
returncode_t libtocksync_rtc_set_date(libtock_rtc_date_t *set_date);

#ifdef __cplusplus
}
#endif
