/* Screen API: asynchronous drawing with completion callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/display/screen.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "screen_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_screen_callback_done)(returncode_t);
typedef void (*libtock_screen_callback_format)(returncode_t, libtock_screen_format_t);
typedef void (*libtock_screen_callback_rotation)(returncode_t, libtock_screen_rotation_t);

bool libtock_screen_exists(void);
/* Allocate a zeroed frame buffer of `len` bytes into *buffer (which must be
 * NULL): SUCCESS, ALREADY, or FAIL. */
statuscode_t libtock_screen_buffer_init(size_t len, uint8_t **buffer);
bool libtock_screen_setup_enabled(void);
returncode_t libtock_screen_get_supported_resolutions(uint32_t *resolutions);
returncode_t libtock_screen_get_supported_resolution(size_t index, uint32_t *width,
                                                     uint32_t *height);
returncode_t libtock_screen_get_supported_pixel_formats(uint32_t *formats);
returncode_t libtock_screen_get_supported_pixel_format(size_t index,
                                                       libtock_screen_format_t *format);
returncode_t libtock_screen_set_brightness(uint32_t brightness, libtock_screen_callback_done cb);
returncode_t libtock_screen_invert_on(libtock_screen_callback_done cb);
returncode_t libtock_screen_invert_off(libtock_screen_callback_done cb);
int libtock_screen_get_bits_per_pixel(libtock_screen_format_t format);
returncode_t libtock_screen_get_pixel_format(libtock_screen_callback_format cb);
returncode_t libtock_screen_set_pixel_format(libtock_screen_format_t format,
                                             libtock_screen_callback_done cb);
returncode_t libtock_screen_get_resolution(uint32_t *width, uint32_t *height);
returncode_t libtock_screen_set_resolution(uint32_t width, uint32_t height,
                                           libtock_screen_callback_done cb);
returncode_t libtock_screen_get_rotation(libtock_screen_callback_rotation cb);
returncode_t libtock_screen_set_rotation(libtock_screen_rotation_t rotation,
                                         libtock_screen_callback_done cb);
returncode_t libtock_screen_set_frame(uint16_t x, uint16_t y, uint16_t width, uint16_t height,
                                      libtock_screen_callback_done cb);
/* Put `color` (RGB565, high byte first) at the start of `buffer` and fill the
 * frame with it. */
returncode_t libtock_screen_fill(uint8_t *buffer, int buffer_len, size_t color,
                                 libtock_screen_callback_done cb);
returncode_t libtock_screen_write(uint8_t *buffer, int buffer_len, size_t length,
                                  libtock_screen_callback_done cb);

#ifdef __cplusplus
}
#endif
