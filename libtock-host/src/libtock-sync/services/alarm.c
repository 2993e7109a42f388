/* Blocking delays built on the multi-alarm service.
 *
 * Counterpart: tock/libtock-c libtock-sync/services/alarm.c @497ea7cf. As
 * there, this waits with yield_for() and not Yield-WaitFor: the alarm is one
 * of possibly many userland alarms, and the app's other upcalls keep
 * running while it waits (libtock-c-surface.md §3).
 *
 * Deviation: the "fired" flag lives on the caller's stack, not in a static
 * as in libtock-c, so a delay inside an upcall (nested yield) does not end
 * or break the delay it interrupted.
 */
#include "libtock-sync/services/alarm.h"

static void set_flag(uint32_t now, uint32_t expiry, void *opaque)
{
    bool *fired = opaque;

    (void)now;
    (void)expiry;
    *fired = true;
}

int libtocksync_alarm_delay_ms(uint32_t ms)
{
    bool fired = false;
    libtock_alarm_t alarm;
    int ret = libtock_alarm_in_ms(ms, set_flag, &fired, &alarm);

    if (ret != RETURNCODE_SUCCESS) {
        /* It may be listed but never armed; it must not outlive this frame. */
        libtock_alarm_ms_cancel(&alarm);
        return ret;
    }
    yield_for(&fired);
    return RETURNCODE_SUCCESS;
}

int libtocksync_alarm_yield_for_with_timeout(bool *cond, uint32_t ms)
{
    bool timed_out = false;
    libtock_alarm_t alarm;

    /* If arming fails this degrades to yield_for(cond), as in libtock-c. */
    libtock_alarm_in_ms(ms, set_flag, &timed_out, &alarm);
    while (!*cond) {
        if (timed_out)
            return RETURNCODE_FAIL;
        yield();
    }
    /* The alarm struct is on this stack frame: unlist it before returning. */
    libtock_alarm_ms_cancel(&alarm);
    return RETURNCODE_SUCCESS;
}
