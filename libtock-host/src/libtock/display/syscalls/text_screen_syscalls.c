/* Text screen driver 0x90003 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/display/syscalls/text_screen_syscalls.c @497ea7cf.
 */
#include "libtock/display/syscalls/text_screen_syscalls.h"

#include "lth-internal.h"

bool libtock_text_screen_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_TEXT_SCREEN);
}

returncode_t libtock_text_screen_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_TEXT_SCREEN, 0, callback, opaque);
}

returncode_t libtock_text_screen_set_readonly_allow(const uint8_t *ptr, uint32_t size)
{
    return lth_allow_ro(DRIVER_NUM_TEXT_SCREEN, 0, ptr, size);
}

returncode_t libtock_text_screen_command_get_size(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 1, 0, 0);
}

returncode_t libtock_text_screen_command_on(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 2, 0, 0);
}

returncode_t libtock_text_screen_command_off(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 3, 0, 0);
}

returncode_t libtock_text_screen_command_blink_on(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 4, 0, 0);
}

returncode_t libtock_text_screen_command_blink_off(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 5, 0, 0);
}

returncode_t libtock_text_screen_command_show_cursor(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 6, 0, 0);
}

returncode_t libtock_text_screen_command_hide_cursor(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 7, 0, 0);
}

returncode_t libtock_text_screen_command_write(uint32_t len)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 8, (int)len, 0);
}

returncode_t libtock_text_screen_command_clear(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 9, 0, 0);
}

returncode_t libtock_text_screen_command_home(void)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 10, 0, 0);
}

returncode_t libtock_text_screen_command_set_cursor(uint32_t col, uint32_t row)
{
    return lth_command_novalue(DRIVER_NUM_TEXT_SCREEN, 11, (int)col, (int)row);
}
