/* Date-time capsule (driver 0x90007): read and set the real-time clock.
 *
 * Mirrors tock/tock capsules/extra/src/date_time.rs @65608d71
 * (DateTimeCapsule); the syscall interface is in date_time.c.
 */
#ifndef TK_CAPSULE_DATE_TIME_H
#define TK_CAPSULE_DATE_TIME_H

#include <stdbool.h>

#include "driver.h"
#include "hil/date_time.h"

struct tk_date_time_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_date_time_client client;
    struct tk_date_time *rtc;
    bool in_progress;        /* a get or set is under way in the clock */
    uint32_t in_progress_id; /* for whom (ProcessId) */
};

/* Set up `d` over `rtc`, becoming its client; number TK_DRIVER_NUM_DATE_TIME. */
void tk_date_time_driver_init(struct tk_date_time_driver *d, struct tk_date_time *rtc);

#endif
