/* Button driver 0x3: one-to-one wrappers of its commands and subscribe.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/interface/syscalls/button_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.4. Upcall 0 is (button index, 1 pressed /
 * 0 released, 0), on both edges, for buttons whose interrupt is enabled.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_BUTTON 0x3

/* True when the driver answers command 0 with a count > 0. */
bool libtock_button_driver_exists(void);

/* Subscribes callback to upcall 0. */
returncode_t libtock_button_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 0: *count = number of buttons. */
returncode_t libtock_button_command_count(int *count);

/* Commands 1 and 2: enable / disable upcalls for button_num for this
 * process; RETURNCODE_EINVAL if out of range. */
returncode_t libtock_button_command_enable_interrupt(int button_num);
returncode_t libtock_button_command_disable_interrupt(int button_num);

/* Command 3: *button_value = 1 if pressed, else 0. */
returncode_t libtock_button_command_read(int button_num, int *button_value);

#ifdef __cplusplus
}
#endif
