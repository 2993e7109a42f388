/* Text screen with callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/display/text_screen.h @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_text_screen_callback_done)(returncode_t);
typedef void (*libtock_text_screen_callback_size)(returncode_t, uint32_t, uint32_t);

bool libtock_text_screen_exists(void);
returncode_t libtock_text_screen_display_on(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_display_off(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_blink_on(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_blink_off(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_show_cursor(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_hide_cursor(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_clear(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_home(libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_set_cursor(uint8_t col, uint8_t row,
                                            libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_write(uint8_t *buffer, uint32_t buffer_len, uint32_t write_len,
                                       libtock_text_screen_callback_done cb);
returncode_t libtock_text_screen_get_size(libtock_text_screen_callback_size cb);

#ifdef __cplusplus
}
#endif
