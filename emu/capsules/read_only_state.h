/* Read-only state capsule (driver 0x9): counters kept fresh in app RAM.
 *
 * Mirrors tock/tock capsules/extra/src/read_only_state.rs @65608d71
 * (ReadOnlyStateDriver); the syscall interface is in read_only_state.c.
 */
#ifndef TK_CAPSULE_READ_ONLY_STATE_H
#define TK_CAPSULE_READ_ONLY_STATE_H

#include "driver.h"
#include "hil/time.h"

#define TK_READ_ONLY_STATE_VERSION 1

struct tk_read_only_state {
    struct tk_driver driver; /* what the board registers */
    struct tk_alarm *timer;  /* source of the "ticks" field (Tock's Time) */
};

/* Set up `ros` reading ticks from `timer` (not NULL; usually the alarm the
 * alarm capsule runs on). `ros->driver` gets number
 * TK_DRIVER_NUM_READ_ONLY_STATE and is ready for tk_kernel_add_driver. The
 * timer must outlive `ros`. */
void tk_read_only_state_init(struct tk_read_only_state *ros, struct tk_alarm *timer);

/* The context-switch hook (Tock ContextSwitchCallback::context_switch_hook):
 * call right before every switch into `p`. Enters (allocating on first use)
 * p's grant, writes the switch count, p's pending task count and the timer's
 * ticks into the buffer p allowed, as far as it is long enough, then counts
 * the switch. If the grant cannot be allocated nothing happens (Deviation:
 * Tock panics the kernel). */
void tk_read_only_state_refresh(struct tk_read_only_state *ros, struct tk_process *p);

/* tk_read_only_state_refresh in the shape of the kernel's `before_switch`
 * hook, with `ctx` the struct tk_read_only_state. */
void tk_read_only_state_before_switch(struct tk_kernel *k, struct tk_process *p, void *ctx);

#endif
