/* Text screen, waiting for each command.
 *
 * Counterpart: tock/libtock-c libtock-sync/display/text_screen.c @497ea7cf.
 */
#include "libtock-sync/display/syscalls/text_screen_syscalls.h"
#include "libtock-sync/display/text_screen.h"

static returncode_t wait_done(returncode_t started)
{
    return started != RETURNCODE_SUCCESS ? started : libtocksync_text_screen_yield_wait_for_done();
}

bool libtocksync_text_screen_exists(void)
{
    return libtock_text_screen_driver_exists();
}

returncode_t libtocksync_text_screen_display_on(void)
{
    return wait_done(libtock_text_screen_command_on());
}

returncode_t libtocksync_text_screen_display_off(void)
{
    return wait_done(libtock_text_screen_command_off());
}

returncode_t libtocksync_text_screen_blink_on(void)
{
    return wait_done(libtock_text_screen_command_blink_on());
}

returncode_t libtocksync_text_screen_blink_off(void)
{
    return wait_done(libtock_text_screen_command_blink_off());
}

returncode_t libtocksync_text_screen_show_cursor(void)
{
    return wait_done(libtock_text_screen_command_show_cursor());
}

returncode_t libtocksync_text_screen_hide_cursor(void)
{
    return wait_done(libtock_text_screen_command_hide_cursor());
}

returncode_t libtocksync_text_screen_clear(void)
{
    return wait_done(libtock_text_screen_command_clear());
}

returncode_t libtocksync_text_screen_home(void)
{
    return wait_done(libtock_text_screen_command_home());
}

returncode_t libtocksync_text_screen_set_cursor(uint8_t col, uint8_t row)
{
    return wait_done(libtock_text_screen_command_set_cursor(col, row));
}

/* The buffer is allowed for the write only, as libtock-c's `defer` does. */
returncode_t libtocksync_text_screen_write(uint8_t *buffer, uint32_t buffer_len, uint32_t write_len)
{
    returncode_t ret = libtock_text_screen_set_readonly_allow(buffer, buffer_len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = wait_done(libtock_text_screen_command_write(write_len));
    (void)libtock_text_screen_set_readonly_allow(NULL, 0);
    return ret;
}

returncode_t libtocksync_text_screen_get_size(uint32_t *width, uint32_t *height)
{
    returncode_t ret = libtock_text_screen_command_get_size();
    return ret != RETURNCODE_SUCCESS ? ret
                                     : libtocksync_text_screen_yield_wait_for_size(width, height);
}
