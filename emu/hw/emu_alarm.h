/* The alarm model: a 32768 Hz, 32-bit counter on the kernel's virtual clock.
 *
 * Implements hil/time.h for the alarm capsule. Time is the kernel's virtual
 * clock (tk_kernel_now, in ns); the alarm fires through a kernel deadline at
 * the exact nanosecond the counter reaches the alarm value. Real-time pacing
 * (--rt) belongs to the host loop, not to this model.
 */
#ifndef EMU_ALARM_H
#define EMU_ALARM_H

#include <stdint.h>

#include "hil/time.h"
#include "kernel.h"

#define EMU_ALARM_HZ 32768u

/* Create an alarm on `k`'s clock, disarmed. NULL if out of memory. */
struct emu_alarm *emu_alarm_new(struct tk_kernel *k);
/* Disarm and free `a` (NULL is fine). */
void emu_alarm_free(struct emu_alarm *a);
/* The HIL device, for the alarm capsule. */
struct tk_alarm *emu_alarm_device(struct emu_alarm *a);

/* The full (unwrapped) tick count at virtual time `ns`:
 * floor(ns * 32768 / 1e9). The counter reads its low 32 bits. */
uint64_t emu_alarm_ticks_at(uint64_t ns);
/* The first virtual time at which the full tick count is `ticks`:
 * ceil(ticks * 1e9 / 32768). */
uint64_t emu_alarm_ns_of_tick(uint64_t ticks);

#endif
