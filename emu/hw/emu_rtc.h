/* Real-time clock model: a calendar that runs on the virtual clock.
 *
 * Plays an RTC peripheral (the RP2040's, say) behind hil/date_time.h. It
 * holds a UTC date and time that advances with virtual time, one second per
 * virtual second, from a start the board chooses (EMU_RTC_DEFAULT_START
 * unless told). A set takes effect when it completes; the day of the week
 * is kept as set, advancing with the date, as an RTC's register does even
 * when the app sets it wrong. Requests complete from a deferred call, one at
 * a time (TK_BUSY while one is pending).
 */
#ifndef EMU_HW_EMU_RTC_H
#define EMU_HW_EMU_RTC_H

#include <stdint.h>

#include "hil/date_time.h"
#include "kernel.h"

/* 2025-01-01 00:00:00 UTC, in seconds since the Unix epoch: a fixed start
 * keeps runs deterministic. */
#define EMU_RTC_DEFAULT_START 1735689600ll

struct emu_rtc {
    struct tk_date_time hil;
    struct tk_kernel *kernel;
    int64_t base_seconds; /* the calendar at virtual time base_ns */
    uint64_t base_ns;
    unsigned day_of_week_offset; /* set minus true day of the week, mod 7 */
    enum { EMU_RTC_IDLE, EMU_RTC_GET, EMU_RTC_SET } pending;
    struct tk_date_time_values set_values;
    struct tk_deferred_call done;
};

/* Start the calendar at `start_seconds` (Unix time, UTC) at the kernel's
 * current virtual time. */
void emu_rtc_init(struct emu_rtc *m, struct tk_kernel *k, int64_t start_seconds);
/* The calendar now, in Unix seconds (for tests and the board). */
int64_t emu_rtc_seconds(const struct emu_rtc *m);

#endif
