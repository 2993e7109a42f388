/* Screen pixel formats and rotations as libtock-c names them.
 *
 * Same names as tock/libtock-c libtock/display/screen_types.h @497ea7cf;
 * the numbers are the kernel's (emu/kernel/hil/screen.h), which libtock-c
 * names only up to 4.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MONO = 0,
    RGB_233 = 1,
    RGB_565 = 2,
    RGB_888 = 3,
    ARGB_8888 = 4,
} libtock_screen_format_t;

typedef enum {
    ROTATION_NORMAL = 0,
    ROTATION_90 = 1,
    ROTATION_180 = 2,
    ROTATION_270 = 3,
} libtock_screen_rotation_t;

#ifdef __cplusplus
}
#endif
