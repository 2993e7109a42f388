/* Any number of one-shot, long and repeating alarms on the one kernel alarm.
 *
 * Same names, types and signatures as tock/libtock-c libtock/services/alarm.h
 * @497ea7cf. The struct layouts are public there (callers allocate them), so
 * they are kept field for field.
 *
 * Ticks are the alarm driver's 32-bit counter (kernel-semantics.md §8.1);
 * it wraps at 2^32, so an alarm spans at most 2^32 - 1 ticks. Millisecond
 * alarms longer than that are chained from several tick alarms.
 */
#pragma once

#include <sys/time.h>

#include "../peripherals/syscalls/alarm_syscalls.h"
#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with (now, reference + dt of this alarm, opaque). */
typedef void (*libtock_alarm_callback)(uint32_t, uint32_t, void *);

/* Converts ticks to milliseconds, rounding down (error < 1 ms). */
uint32_t libtock_alarm_ticks_to_ms(uint32_t);

/* One alarm in ticks: expires when (now - reference) mod 2^32 >= dt. Owned
 * by the caller; linked into the library's list while pending. */
typedef struct alarm {
    uint32_t reference;
    uint32_t dt;
    libtock_alarm_callback callback;
    void *ud;
    struct alarm *next;
    struct alarm *prev;
} libtock_alarm_ticks_t;

/* One alarm in milliseconds, possibly longer than 2^32 ticks or repeating. */
typedef struct alarm_data {
    /* Requested length (or period) in milliseconds. */
    uint32_t interval_ms;
    /* Full-length intermediate tick alarms still to run before the last one. */
    uint32_t overflows_left;
    /* Ticks of the last tick alarm. */
    uint32_t remaining_ticks;
    libtock_alarm_callback callback;
    void *user_data;
    libtock_alarm_ticks_t alarm;
} libtock_alarm_t;

/* Schedules callback at reference + dt ticks. alarm must stay valid until it
 * fires or is cancelled, and must not already be pending. Returns
 * RETURNCODE_SUCCESS, or the error of arming the kernel alarm (the alarm is
 * then still listed and fires when some other alarm re-arms the kernel). */
int libtock_alarm_at(uint32_t reference, uint32_t dt, libtock_alarm_callback callback, void *opaque,
                     libtock_alarm_ticks_t *alarm);

/* Removes a pending alarm; no effect on one that has fired or was never set.
 * The caller keeps ownership of alarm. */
void libtock_alarm_cancel(libtock_alarm_ticks_t *alarm);

/* Fills tv with the alarm counter as seconds and microseconds since it was 0
 * (for an app's own _gettimeofday). Always returns 0. */
int libtock_alarm_gettimeasticks(struct timeval *tv) __attribute__((nonnull));

/* Schedules cb in ms milliseconds from now, any length. alarm must stay valid
 * until it fires or is cancelled. Returns RETURNCODE_SUCCESS or the driver
 * error (nothing scheduled if reading the clock failed). */
int libtock_alarm_in_ms(uint32_t ms, libtock_alarm_callback cb, void *opaque,
                        libtock_alarm_t *alarm);

/* Calls cb every ms milliseconds until libtock_alarm_ms_cancel(alarm). Each
 * period is measured from when the previous one was handled, as in libtock-c. */
void libtock_alarm_repeating_every_ms(uint32_t ms, libtock_alarm_callback cb, void *opaque,
                                      libtock_alarm_t *alarm);

/* Cancels an alarm set with libtock_alarm_in_ms or _repeating_every_ms. */
void libtock_alarm_ms_cancel(libtock_alarm_t *alarm);

#ifdef __cplusplus
}
#endif
