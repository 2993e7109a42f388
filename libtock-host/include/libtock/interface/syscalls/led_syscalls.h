/* LED driver 0x2: one-to-one wrappers of its commands.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/interface/syscalls/led_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.3 (index >= count gives RETURNCODE_EINVAL).
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_LED 0x2

/* True when the driver answers command 0 with a count > 0. */
bool libtock_led_driver_exists(void);

/* Command 0: *count = number of LEDs. */
returncode_t libtock_led_command_count(int *count);

/* Commands 1, 2, 3: on, off, toggle LED led_num. */
returncode_t libtock_led_command_on(int led_num);
returncode_t libtock_led_command_off(int led_num);
returncode_t libtock_led_command_toggle(int led_num);

#ifdef __cplusplus
}
#endif
