/* Screen driver 0x90001 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/display/syscalls/screen_syscalls.c
 * @497ea7cf.
 */
#include "libtock/display/syscalls/screen_syscalls.h"

#include "lth-internal.h"

bool libtock_screen_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_SCREEN);
}

returncode_t libtock_screen_set_upcall(subscribe_upcall cb, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_SCREEN, 0, cb, opaque);
}

returncode_t libtock_screen_set_readonly_allow(const void *ptr, size_t size)
{
    return lth_allow_ro(DRIVER_NUM_SCREEN, 0, ptr, size);
}

returncode_t libtock_screen_command_get_supported_resolutions(uint32_t *resolutions)
{
    return lth_command_u32(DRIVER_NUM_SCREEN, 11, 0, 0, resolutions);
}

returncode_t libtock_screen_command_get_supported_resolution(uint32_t index, uint32_t *width,
                                                             uint32_t *height)
{
    return tock_command_return_u32_u32_to_returncode(command(DRIVER_NUM_SCREEN, 12, (int)index, 0),
                                                     width, height);
}

returncode_t libtock_screen_command_get_resolution(uint32_t *width, uint32_t *height)
{
    return tock_command_return_u32_u32_to_returncode(command(DRIVER_NUM_SCREEN, 23, 0, 0), width,
                                                     height);
}

returncode_t libtock_screen_command_set_resolution(uint32_t width, uint32_t height)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 24, (int)width, (int)height);
}

returncode_t libtock_screen_command_get_supported_pixel_formats(uint32_t *formats)
{
    return lth_command_u32(DRIVER_NUM_SCREEN, 13, 0, 0, formats);
}

returncode_t libtock_screen_command_get_supported_pixel_format(uint32_t index, uint32_t *format)
{
    return lth_command_u32(DRIVER_NUM_SCREEN, 14, (int)index, 0, format);
}

returncode_t libtock_screen_command_enabled(uint32_t *enabled)
{
    return lth_command_u32(DRIVER_NUM_SCREEN, 1, 0, 0, enabled);
}

returncode_t libtock_screen_command_set_brightness(uint32_t brightness)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 3, (int)brightness, 0);
}

returncode_t libtock_screen_command_invert_on(void)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 4, 0, 0);
}

returncode_t libtock_screen_command_invert_off(void)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 5, 0, 0);
}

returncode_t libtock_screen_command_get_pixel_format(void)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 25, 0, 0);
}

returncode_t libtock_screen_command_set_pixel_format(uint32_t format)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 26, (int)format, 0);
}

returncode_t libtock_screen_command_get_rotation(void)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 21, 0, 0);
}

returncode_t libtock_screen_command_set_rotation(uint32_t rotation)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 22, (int)rotation, 0);
}

returncode_t libtock_screen_command_set_frame(uint16_t x, uint16_t y, uint16_t width,
                                              uint16_t height)
{
    uint32_t position = (uint32_t)x << 16 | y, size = (uint32_t)width << 16 | height;
    return lth_command_novalue(DRIVER_NUM_SCREEN, 100, (int)position, (int)size);
}

returncode_t libtock_screen_command_write(uint32_t length)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 200, (int)length, 0);
}

returncode_t libtock_screen_command_fill(void)
{
    return lth_command_novalue(DRIVER_NUM_SCREEN, 300, 0, 0);
}
