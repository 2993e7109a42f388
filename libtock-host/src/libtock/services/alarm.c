/* Many userland alarms multiplexed onto the process's one kernel alarm.
 *
 * Counterpart: tock/libtock-c libtock/services/alarm.c @497ea7cf (same
 * public behaviour, own implementation). Kernel side: kernel-semantics.md
 * §8.1: one alarm per process, armed with command 6 (reference, dt), fires
 * once when (now - reference) mod 2^32 >= dt, upcall (now, reference + dt).
 *
 * Pending alarms form one list sorted by expiry; whenever the list is not
 * empty its head is armed in the kernel (or has fired and its upcall is
 * queued). When it fires, every alarm that has expired by then moves to the
 * firing list, the new head is armed, then the callbacks run in order:
 *
 *   pending:  [A ref,dt] <-> [B] <-> [C] -> NULL      A armed (command 6)
 *   firing:   alarms detached by the upcall, callbacks not yet run
 *
 * Wrap-around: ticks are 32-bit and wrap, so expiries are never compared as
 * absolute values. Each alarm is ranked by the ticks it has left as seen at
 * one common `now`: (reference + dt) - now, or 0 once now - reference >= dt.
 * That is exact as long as every reference is at or before `now` (alarms are
 * set from the present or the past); a reference in the future counts as
 * expired, which is also what the kernel does with it.
 *
 * Deviation: the list heads are file-scope state, as in libtock-c: the
 * library serves exactly one process, whose restart re-initialises them.
 */
#include "libtock/services/alarm.h"

#include <assert.h>

static libtock_alarm_ticks_t *pending;
static libtock_alarm_ticks_t *firing;

static bool has_expired(const libtock_alarm_ticks_t *alarm, uint32_t now)
{
    return now - alarm->reference >= alarm->dt;
}

/* Ticks until alarm expires, seen at now; 0 once it has. */
static uint32_t ticks_left(const libtock_alarm_ticks_t *alarm, uint32_t now)
{
    uint32_t elapsed = now - alarm->reference;

    return elapsed >= alarm->dt ? 0 : alarm->dt - elapsed;
}

/* O(n) over the list; n is the number of outstanding alarms of one app. A
 * walk rather than a look at alarm->prev, so an alarm struct that was never
 * set (fresh stack memory) is safely "not listed". */
static bool list_contains(const libtock_alarm_ticks_t *list, const libtock_alarm_ticks_t *alarm)
{
    for (; list != NULL; list = list->next) {
        if (list == alarm)
            return true;
    }
    return false;
}

static void list_remove(libtock_alarm_ticks_t **list, libtock_alarm_ticks_t *alarm)
{
    if (alarm->prev != NULL)
        alarm->prev->next = alarm->next;
    else
        *list = alarm->next;
    if (alarm->next != NULL)
        alarm->next->prev = alarm->prev;
    alarm->prev = NULL;
    alarm->next = NULL;
}

static void list_append(libtock_alarm_ticks_t **list, libtock_alarm_ticks_t *alarm)
{
    libtock_alarm_ticks_t *last = *list;

    alarm->next = NULL;
    alarm->prev = NULL;
    if (last == NULL) {
        *list = alarm;
        return;
    }
    while (last->next != NULL)
        last = last->next;
    last->next = alarm;
    alarm->prev = last;
}

/* Inserts after every alarm due no later, so equal expiries fire in the
 * order they were set. */
static void pending_insert(libtock_alarm_ticks_t *alarm, uint32_t now)
{
    uint32_t left = ticks_left(alarm, now);
    libtock_alarm_ticks_t *prev = NULL;
    libtock_alarm_ticks_t *next = pending;

    while (next != NULL && ticks_left(next, now) <= left) {
        prev = next;
        next = next->next;
    }
    alarm->prev = prev;
    alarm->next = next;
    if (prev != NULL)
        prev->next = alarm;
    else
        pending = alarm;
    if (next != NULL)
        next->prev = alarm;
}

static int arm_head(void)
{
    return libtock_alarm_command_set_absolute(pending->reference, pending->dt);
}

/* Kernel upcall (now, reference + dt, 0). */
static void alarm_upcall(int kernel_now, int expiry, int unused, void *userdata)
{
    uint32_t now;

    (void)expiry;
    (void)unused;
    (void)userdata;
    /* A fresh reading also catches alarms that expired since the kernel
     * queued this upcall. Deviation: an upcall that finds nothing expired
     * (stale, or more than 2^32 ticks late) only re-arms the head, where
     * libtock-c asserts. */
    if (libtock_alarm_command_read(&now) != RETURNCODE_SUCCESS)
        now = (uint32_t)kernel_now;

    /* Detach first, call later: a callback may set an alarm whose reference
     * is after `now`, and has_expired() against this older `now` would
     * misread it as expired. */
    while (pending != NULL && has_expired(pending, now)) {
        libtock_alarm_ticks_t *alarm = pending;

        list_remove(&pending, alarm);
        list_append(&firing, alarm);
    }
    /* Arm the next alarm before any callback runs: a callback that waits
     * (a nested yield) needs the kernel alarm running. From here on the
     * invariant holds again: a non-empty list has its head armed. */
    if (pending != NULL)
        arm_head();

    /* A callback may cancel a later entry of `firing` or yield into a nested
     * upcall that drains it; either way, take one entry at a time. */
    while (firing != NULL) {
        libtock_alarm_ticks_t *alarm = firing;

        list_remove(&firing, alarm);
        if (alarm->callback != NULL)
            alarm->callback(now, alarm->reference + alarm->dt, alarm->ud);
    }
}

/* Lists alarm and re-arms the kernel if it became the head; now must be at or
 * after every listed reference (see the file comment). */
static int schedule(libtock_alarm_ticks_t *alarm, uint32_t reference, uint32_t dt,
                    libtock_alarm_callback callback, void *opaque, uint32_t now)
{
    libtock_alarm_ticks_t *old_head = pending;
    int ret;

    /* Setting an alarm that is still outstanding moves it. */
    if (list_contains(pending, alarm))
        list_remove(&pending, alarm);
    else if (list_contains(firing, alarm))
        list_remove(&firing, alarm);

    alarm->reference = reference;
    alarm->dt = dt;
    alarm->callback = callback;
    alarm->ud = opaque;
    pending_insert(alarm, now);
    if (pending == old_head && old_head != alarm)
        return RETURNCODE_SUCCESS;
    if (pending != alarm)
        return arm_head(); /* alarm was the head and moved back */

    /* Re-subscribing drops a queued alarm upcall (kernel-semantics §2.7), but
     * only the old head could have one queued, and the old head is due no
     * earlier than the new one, which is armed right after. */
    ret = libtock_alarm_set_upcall(alarm_upcall, NULL);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return arm_head();
}

int libtock_alarm_at(uint32_t reference, uint32_t dt, libtock_alarm_callback callback, void *opaque,
                     libtock_alarm_ticks_t *alarm)
{
    uint32_t now;

    /* Without a clock reading, rank against the new reference: exact for
     * the usual reference = now. */
    if (libtock_alarm_command_read(&now) != RETURNCODE_SUCCESS)
        now = reference;
    return schedule(alarm, reference, dt, callback, opaque, now);
}

void libtock_alarm_cancel(libtock_alarm_ticks_t *alarm)
{
    bool was_head = alarm == pending;

    if (list_contains(firing, alarm)) {
        list_remove(&firing, alarm);
        return;
    }
    if (!list_contains(pending, alarm))
        return;
    list_remove(&pending, alarm);
    if (!was_head)
        return;
    /* Deviation: libtock-c leaves the kernel alarm armed when the list
     * empties, which later wakes the app for nothing. */
    if (pending != NULL)
        arm_head();
    else
        libtock_alarm_command_stop();
}

/* ms -> ticks at frequency Hz, error under 1 ms. Asserts (as libtock-c)
 * that the result fits in 32 bits. */
static uint32_t ms_to_ticks(uint32_t ms, uint32_t frequency)
{
    /* Whole seconds first, so the 64-bit products cannot overflow. */
    uint64_t ticks = (uint64_t)(ms / 1000) * frequency + (uint64_t)(ms % 1000) * frequency / 1000;

    assert(ticks <= UINT32_MAX);
    return (uint32_t)ticks;
}

static uint32_t ticks_to_ms(uint32_t ticks, uint32_t frequency)
{
    uint64_t ms = (uint64_t)(ticks / frequency) * 1000;

    return (uint32_t)(ms + (uint64_t)(ticks % frequency) * 1000 / frequency);
}

uint32_t libtock_alarm_ticks_to_ms(uint32_t ticks)
{
    uint32_t frequency;

    if (libtock_alarm_command_get_frequency(&frequency) != RETURNCODE_SUCCESS || frequency == 0)
        return 0;
    return ticks_to_ms(ticks, frequency);
}

/* Starts the ms-long alarm `alarm` at now. A length beyond one 32-bit tick
 * span runs as overflows_left + 1 full-span chunks, each a tick alarm with
 * chunk_callback, then remaining_ticks with final_callback. */
static int start_ms(libtock_alarm_t *alarm, uint32_t ms, uint32_t now, uint32_t frequency,
                    libtock_alarm_callback chunk_callback, libtock_alarm_callback final_callback,
                    void *final_ud)
{
    uint32_t span_ms = ticks_to_ms(UINT32_MAX, frequency);

    if (ms <= span_ms)
        return schedule(&alarm->alarm, now, ms_to_ticks(ms, frequency), final_callback, final_ud,
                        now);
    alarm->overflows_left = ms / span_ms - 1;
    alarm->remaining_ticks = ms_to_ticks(ms % span_ms, frequency);
    return schedule(&alarm->alarm, now, ms_to_ticks(span_ms, frequency), chunk_callback, alarm,
                    now);
}

/* A full-span chunk of a long alarm ended at expiry: start the next chunk,
 * or the last partial one, from there so no time is lost. */
static void chunk_done(libtock_alarm_t *alarm, uint32_t now, uint32_t expiry,
                       libtock_alarm_callback chunk_callback, libtock_alarm_callback final_callback,
                       void *final_ud)
{
    /* alarm->alarm.dt still holds the span of the chunk that just ended. */
    if (alarm->overflows_left > 0) {
        alarm->overflows_left--;
        schedule(&alarm->alarm, expiry, alarm->alarm.dt, chunk_callback, alarm, now);
        return;
    }
    schedule(&alarm->alarm, expiry, alarm->remaining_ticks, final_callback, final_ud, now);
}

static void one_shot_chunk_done(uint32_t now, uint32_t expiry, void *opaque)
{
    libtock_alarm_t *alarm = opaque;

    chunk_done(alarm, now, expiry, one_shot_chunk_done, alarm->callback, alarm->user_data);
}

int libtock_alarm_in_ms(uint32_t ms, libtock_alarm_callback cb, void *opaque,
                        libtock_alarm_t *alarm)
{
    uint32_t now;
    uint32_t frequency;
    int ret;

    ret = libtock_alarm_command_read(&now);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_alarm_command_get_frequency(&frequency);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    if (frequency == 0)
        return RETURNCODE_FAIL;

    alarm->interval_ms = ms;
    alarm->callback = cb;
    alarm->user_data = opaque;
    return start_ms(alarm, ms, now, frequency, one_shot_chunk_done, cb, opaque);
}

static void repeating_period_done(uint32_t now, uint32_t expiry, void *opaque);

static void repeating_chunk_done(uint32_t now, uint32_t expiry, void *opaque)
{
    chunk_done(opaque, now, expiry, repeating_chunk_done, repeating_period_done, opaque);
}

/* Re-arms before calling back, so the callback may cancel the repetition.
 * As libtock-c, the next period counts from now, not from expiry. */
static void repeating_period_done(uint32_t now, uint32_t expiry, void *opaque)
{
    libtock_alarm_t *alarm = opaque;
    uint32_t frequency;

    if (libtock_alarm_command_get_frequency(&frequency) == RETURNCODE_SUCCESS && frequency != 0)
        start_ms(alarm, alarm->interval_ms, now, frequency, repeating_chunk_done,
                 repeating_period_done, alarm);
    alarm->callback(now, expiry, alarm->user_data);
}

void libtock_alarm_repeating_every_ms(uint32_t ms, libtock_alarm_callback cb, void *opaque,
                                      libtock_alarm_t *alarm)
{
    uint32_t now;
    uint32_t frequency;

    /* Unlike libtock-c, which overwrites callback/user_data with its own
     * trampoline for periods past one tick span, these keep the user's. */
    alarm->interval_ms = ms;
    alarm->callback = cb;
    alarm->user_data = opaque;
    if (libtock_alarm_command_read(&now) != RETURNCODE_SUCCESS ||
        libtock_alarm_command_get_frequency(&frequency) != RETURNCODE_SUCCESS || frequency == 0)
        return;
    start_ms(alarm, ms, now, frequency, repeating_chunk_done, repeating_period_done, alarm);
}

void libtock_alarm_ms_cancel(libtock_alarm_t *alarm)
{
    /* Every chunk and period reuses alarm->alarm, so this stops any stage. */
    libtock_alarm_cancel(&alarm->alarm);
}

int libtock_alarm_gettimeasticks(struct timeval *tv)
{
    uint32_t frequency = 0;
    uint32_t now = 0;

    libtock_alarm_command_get_frequency(&frequency);
    libtock_alarm_command_read(&now);
    assert(frequency > 0);

    tv->tv_sec = now / frequency;
    /* remainder < frequency, so the microseconds fit in 32 bits. */
    tv->tv_usec = (suseconds_t)((uint64_t)(now % frequency) * 1000000 / frequency);
    return 0;
}
