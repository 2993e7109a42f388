/* Text screen with callbacks, over the syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/display/text_screen.c @497ea7cf.
 */
#include "libtock/display/syscalls/text_screen_syscalls.h"
#include "libtock/display/text_screen.h"

static void done_upcall(int status, int unused0, int unused1, void *opaque)
{
    (void)unused0, (void)unused1;
    libtock_text_screen_callback_done cb = (libtock_text_screen_callback_done)opaque;
    cb(tock_status_to_returncode((statuscode_t)status));
}

static void size_upcall(int status, int columns, int rows, void *opaque)
{
    libtock_text_screen_callback_size cb = (libtock_text_screen_callback_size)opaque;
    cb(tock_status_to_returncode((statuscode_t)status), (uint32_t)columns, (uint32_t)rows);
}

/* Subscribe the done callback, then send the command. */
static returncode_t with_done(libtock_text_screen_callback_done cb,
                              returncode_t (*command_fn)(void))
{
    returncode_t ret = libtock_text_screen_set_upcall(done_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret : command_fn();
}

bool libtock_text_screen_exists(void)
{
    return libtock_text_screen_driver_exists();
}

returncode_t libtock_text_screen_display_on(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_on);
}

returncode_t libtock_text_screen_display_off(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_off);
}

returncode_t libtock_text_screen_blink_on(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_blink_on);
}

returncode_t libtock_text_screen_blink_off(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_blink_off);
}

returncode_t libtock_text_screen_show_cursor(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_show_cursor);
}

returncode_t libtock_text_screen_hide_cursor(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_hide_cursor);
}

returncode_t libtock_text_screen_clear(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_clear);
}

returncode_t libtock_text_screen_home(libtock_text_screen_callback_done cb)
{
    return with_done(cb, libtock_text_screen_command_home);
}

returncode_t libtock_text_screen_set_cursor(uint8_t col, uint8_t row,
                                            libtock_text_screen_callback_done cb)
{
    returncode_t ret = libtock_text_screen_set_upcall(done_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_text_screen_command_set_cursor(col, row);
}

returncode_t libtock_text_screen_write(uint8_t *buffer, uint32_t buffer_len, uint32_t write_len,
                                       libtock_text_screen_callback_done cb)
{
    returncode_t ret = libtock_text_screen_set_readonly_allow(buffer, buffer_len);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_text_screen_set_upcall(done_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_text_screen_command_write(write_len);
}

returncode_t libtock_text_screen_get_size(libtock_text_screen_callback_size cb)
{
    returncode_t ret = libtock_text_screen_set_upcall(size_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_text_screen_command_get_size();
}
