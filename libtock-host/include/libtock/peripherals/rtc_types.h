/* RTC date type and the month and weekday names.
 *
 * Same names and values as tock/libtock-c libtock/peripherals/rtc_types.h
 * @497ea7cf (WENSDAY is libtock-c's spelling).
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JANUARY   1
#define FEBRUARY  2
#define MARCH     3
#define APRIL     4
#define MAY       5
#define JUNE      6
#define JULY      7
#define AUGUST    8
#define SEPTEMBER 9
#define OCTOBER   10
#define NOVEMBER  11
#define DECEMBER  12

#define SUNDAY   0
#define MONDAY   1
#define TUESDAY  2
#define WENSDAY  3
#define THURSDAY 4
#define FRIDAY   5
#define SATURDAY 6

typedef struct {
    int year;
    int month;       /* 1..12 */
    int day;         /* of the month */
    int day_of_week; /* 0 Sunday .. 6 Saturday */
    int hour;
    int minute;
    int seconds;
} libtock_rtc_date_t;

/* The driver's packing (capsules/extra/src/date_time.rs): date = year << 9 |
 * month << 5 | day; time = day_of_week << 17 | hour << 12 | minute << 6 |
 * seconds. Our addition, shared by the callback and the blocking API. */
void lth_rtc_unpack(uint32_t date, uint32_t time, libtock_rtc_date_t *out);
void lth_rtc_pack(const libtock_rtc_date_t *in, uint32_t *date, uint32_t *time);

#ifdef __cplusplus
}
#endif
