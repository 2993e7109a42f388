/* Alarm driver 0x0: one-to-one wrappers of its commands and subscribe.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/peripherals/syscalls/alarm_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.1. Ticks are the kernel's left-justified 32-bit
 * values. Every int result is a returncode_t value.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_ALARM 0x0

/* True when command 0 of the alarm driver succeeds. */
bool libtock_alarm_driver_exists(void);

/* Subscribes callback to upcall 0, called (now, reference + dt, 0, opaque)
 * when the armed alarm fires. */
int libtock_alarm_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 1: *frequency = ticks per second. */
int libtock_alarm_command_get_frequency(uint32_t *frequency);

/* Command 2: *time = current tick count. */
int libtock_alarm_command_read(uint32_t *time);

/* Command 3: disarms the alarm; RETURNCODE_EALREADY if none was armed. */
int libtock_alarm_command_stop(void);

/* Command 5: arms for now + dt, replacing any armed alarm; *actual = the
 * expiry the kernel chose. */
int libtock_alarm_command_set_relative(uint32_t dt, uint32_t *actual);

/* Command 6: arms for reference + dt, replacing any armed alarm. Fires at once
 * if (now - reference) mod 2^32 >= dt. */
int libtock_alarm_command_set_absolute(uint32_t reference, uint32_t dt);

#ifdef __cplusplus
}
#endif
