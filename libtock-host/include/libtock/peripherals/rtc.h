/* RTC API with completion callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/rtc.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "rtc_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the status and, after a successful read, the date. */
typedef void (*libtock_rtc_callback_date)(returncode_t, libtock_rtc_date_t);
/* Called with the status of a set. */
typedef void (*libtock_rtc_callback_done)(returncode_t);

bool libtock_rtc_exists(void);
/* Read the date and time; cb runs when they are there. */
returncode_t libtock_rtc_get_date(libtock_rtc_callback_date cb);
/* Set the date and time from *set_date; cb runs when the clock has them. */
returncode_t libtock_rtc_set_date(libtock_rtc_date_t *set_date, libtock_rtc_callback_done cb);

#ifdef __cplusplus
}
#endif
