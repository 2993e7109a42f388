/* Button API with callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/interface/button.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with (RETURNCODE_SUCCESS, button index, pressed) on every press and
 * release of an enabled button. */
typedef void (*libtock_button_callback)(returncode_t, int, bool);

bool libtock_button_exists(void);

/* *button_value = 1 if button_num is pressed, else 0. */
returncode_t libtock_button_read(int button_num, int *button_value);

/* *count = number of buttons. */
returncode_t libtock_button_count(int *count);

/* Makes cb this process's (single) button callback and enables upcalls for
 * button_num. On failure of the subscribe nothing was enabled. */
returncode_t libtock_button_notify_on_press(int button_num, libtock_button_callback cb);

#ifdef __cplusplus
}
#endif
