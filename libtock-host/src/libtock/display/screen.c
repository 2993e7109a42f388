/* Screen API.
 *
 * Counterpart: tock/libtock-c libtock/display/screen.c @497ea7cf.
 */
#include "libtock/display/screen.h"

#include <stdlib.h>

#include "libtock/display/syscalls/screen_syscalls.h"

/* Upcall 0 is (status, 0, 0). */
static void screen_callback_done(int status, int data1, int data2, void *opaque)
{
    libtock_screen_callback_done cb = (libtock_screen_callback_done)opaque;
    (void)data1, (void)data2;
    cb(tock_status_to_returncode((statuscode_t)status));
}

static void screen_callback_format(int status, int data1, int data2, void *opaque)
{
    libtock_screen_callback_format cb = (libtock_screen_callback_format)opaque;
    (void)data2;
    cb(tock_status_to_returncode((statuscode_t)status), (libtock_screen_format_t)data1);
}

static void screen_callback_rotation(int status, int data1, int data2, void *opaque)
{
    libtock_screen_callback_rotation cb = (libtock_screen_callback_rotation)opaque;
    (void)data2;
    cb(tock_status_to_returncode((statuscode_t)status), (libtock_screen_rotation_t)data1);
}

/* Subscribe `upcall` with `cb`, then issue the command's result `command`. */
#define SCREEN_ASYNC(upcall, cb, command_call)                                                     \
    do {                                                                                           \
        returncode_t ret = libtock_screen_set_upcall(upcall, (void *)(cb));                        \
        if (ret != RETURNCODE_SUCCESS)                                                             \
            return ret;                                                                            \
        return command_call;                                                                       \
    } while (0)

bool libtock_screen_exists(void)
{
    return libtock_screen_driver_exists();
}

statuscode_t libtock_screen_buffer_init(size_t len, uint8_t **buffer)
{
    if (*buffer != NULL)
        return TOCK_STATUSCODE_ALREADY;
    *buffer = calloc(1, len);
    return *buffer != NULL ? TOCK_STATUSCODE_SUCCESS : TOCK_STATUSCODE_FAIL;
}

bool libtock_screen_setup_enabled(void)
{
    uint32_t enabled = 0;
    return libtock_screen_command_enabled(&enabled) == RETURNCODE_SUCCESS && enabled != 0;
}

returncode_t libtock_screen_get_supported_resolutions(uint32_t *resolutions)
{
    return libtock_screen_command_get_supported_resolutions(resolutions);
}

returncode_t libtock_screen_get_supported_resolution(size_t index, uint32_t *width,
                                                     uint32_t *height)
{
    return libtock_screen_command_get_supported_resolution((uint32_t)index, width, height);
}

returncode_t libtock_screen_get_supported_pixel_formats(uint32_t *formats)
{
    return libtock_screen_command_get_supported_pixel_formats(formats);
}

returncode_t libtock_screen_get_supported_pixel_format(size_t index,
                                                       libtock_screen_format_t *format)
{
    uint32_t f = 0;
    returncode_t ret = libtock_screen_command_get_supported_pixel_format((uint32_t)index, &f);
    *format = (libtock_screen_format_t)f;
    return ret;
}

returncode_t libtock_screen_set_brightness(uint32_t brightness, libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_set_brightness(brightness));
}

returncode_t libtock_screen_invert_on(libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_invert_on());
}

returncode_t libtock_screen_invert_off(libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_invert_off());
}

int libtock_screen_get_bits_per_pixel(libtock_screen_format_t format)
{
    switch (format) {
    case MONO:
        return 1;
    case RGB_233:
        return 8;
    case RGB_565:
        return 16;
    case RGB_888:
        return 24;
    case ARGB_8888:
        return 32;
    default:
        return 0;
    }
}

returncode_t libtock_screen_get_pixel_format(libtock_screen_callback_format cb)
{
    SCREEN_ASYNC(screen_callback_format, cb, libtock_screen_command_get_pixel_format());
}

returncode_t libtock_screen_set_pixel_format(libtock_screen_format_t format,
                                             libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb,
                 libtock_screen_command_set_pixel_format((uint32_t)format));
}

returncode_t libtock_screen_get_resolution(uint32_t *width, uint32_t *height)
{
    return libtock_screen_command_get_resolution(width, height);
}

returncode_t libtock_screen_set_resolution(uint32_t width, uint32_t height,
                                           libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_set_resolution(width, height));
}

returncode_t libtock_screen_get_rotation(libtock_screen_callback_rotation cb)
{
    SCREEN_ASYNC(screen_callback_rotation, cb, libtock_screen_command_get_rotation());
}

returncode_t libtock_screen_set_rotation(libtock_screen_rotation_t rotation,
                                         libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_set_rotation((uint32_t)rotation));
}

returncode_t libtock_screen_set_frame(uint16_t x, uint16_t y, uint16_t width, uint16_t height,
                                      libtock_screen_callback_done cb)
{
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_set_frame(x, y, width, height));
}

returncode_t libtock_screen_fill(uint8_t *buffer, int buffer_len, size_t color,
                                 libtock_screen_callback_done cb)
{
    if (buffer_len < 3)
        return RETURNCODE_ESIZE; /* libtock-c's screen_set_color bound */
    buffer[0] = (uint8_t)(color >> 8);
    buffer[1] = (uint8_t)color;
    returncode_t ret = libtock_screen_set_readonly_allow(buffer, (size_t)buffer_len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_fill());
}

returncode_t libtock_screen_write(uint8_t *buffer, int buffer_len, size_t length,
                                  libtock_screen_callback_done cb)
{
    returncode_t ret = libtock_screen_set_readonly_allow(buffer, (size_t)buffer_len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    SCREEN_ASYNC(screen_callback_done, cb, libtock_screen_command_write((uint32_t)length));
}
