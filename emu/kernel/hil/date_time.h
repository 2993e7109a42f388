/* Date-time HIL: read and set a real-time clock, answered through a client.
 *
 * Mirrors tock/tock kernel/src/hil/date_time.rs @65608d71 (DateTime,
 * DateTimeClient, DateTimeValues). Month and DayOfWeek are numbered as the
 * date-time capsule numbers them on the syscall interface: months 1..12,
 * days of the week 0 (Sunday) .. 6 (Saturday). Completions come from the
 * kernel loop, never inside get or set.
 */
#ifndef TK_HIL_DATE_TIME_H
#define TK_HIL_DATE_TIME_H

#include <stdint.h>

struct tk_date_time_values {
    uint16_t year;
    uint8_t month;       /* 1..12 */
    uint8_t day;         /* day of the month */
    uint8_t day_of_week; /* 0 Sunday .. 6 Saturday */
    uint8_t hour, minute, seconds;
};

struct tk_date_time_client {
    /* A get finished: `error` 0 with `*values`, or an ErrorCode (values NULL). */
    void (*get_date_time_done)(struct tk_date_time_client *c, int error,
                               const struct tk_date_time_values *values);
    /* A set finished: 0 or an ErrorCode. */
    void (*set_date_time_done)(struct tk_date_time_client *c, int error);
};

struct tk_date_time;

struct tk_date_time_ops {
    /* Start a read: 0 (get_date_time_done follows) or an ErrorCode (none does). */
    int (*get_date_time)(struct tk_date_time *rtc);
    /* Start setting `*values`: 0 (set_date_time_done follows) or an ErrorCode. */
    int (*set_date_time)(struct tk_date_time *rtc, const struct tk_date_time_values *values);
};

struct tk_date_time {
    const struct tk_date_time_ops *ops;
    struct tk_date_time_client *client;
};

#endif
