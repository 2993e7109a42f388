/* Screen, synchronous: each call starts a screen command and waits for it.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/display/screen.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/display/screen.h>
#include <libtock/tock.h>

#include "syscalls/screen_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_screen_exists(void);
statuscode_t libtocksync_screen_buffer_init(size_t len, uint8_t **buffer);
returncode_t libtocksync_screen_get_supported_resolutions(uint32_t *resolutions);
returncode_t libtocksync_screen_get_supported_resolution(size_t index, uint32_t *width,
                                                         uint32_t *height);
returncode_t libtocksync_screen_get_supported_pixel_formats(uint32_t *formats);
returncode_t libtocksync_screen_get_supported_pixel_format(size_t index,
                                                           libtock_screen_format_t *format);
int libtocksync_screen_get_bits_per_pixel(libtock_screen_format_t format);
returncode_t libtocksync_screen_set_brightness(uint32_t brightness);
returncode_t libtocksync_screen_invert_on(void);
returncode_t libtocksync_screen_invert_off(void);
returncode_t libtocksync_screen_get_pixel_format(libtock_screen_format_t *format);
returncode_t libtocksync_screen_get_resolution(uint32_t *width, uint32_t *height);
returncode_t libtocksync_screen_get_rotation(libtock_screen_rotation_t *rotation);
returncode_t libtocksync_screen_set_rotation(libtock_screen_rotation_t rotation);
returncode_t libtocksync_screen_set_frame(uint16_t x, uint16_t y, uint16_t width, uint16_t height);
/* Fill the frame with `color` (RGB565), using `buffer` for the one pixel. */
returncode_t libtocksync_screen_fill(uint8_t *buffer, int buffer_len, size_t color);
/* Write `length` bytes of `buffer` into the frame. */
returncode_t libtocksync_screen_write(uint8_t *buffer, int buffer_len, size_t length);

#ifdef __cplusplus
}
#endif
