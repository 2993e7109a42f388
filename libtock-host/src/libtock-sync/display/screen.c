/* Screen, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/display/screen.c @497ea7cf. The
 * buffer of a fill or write is withdrawn again afterwards, as libtock-c's
 * `defer` does.
 */
#include "libtock-sync/display/screen.h"

/* Issue a command and wait for its upcall. */
static returncode_t screen_wait(returncode_t command_result)
{
    if (command_result != RETURNCODE_SUCCESS)
        return command_result;
    return libtocksync_screen_yield_wait_for();
}

/* Allow `buffer`, run `command_result` of a command, wait, withdraw. */
static returncode_t screen_with_buffer(uint8_t *buffer, int buffer_len, int which, size_t length)
{
    returncode_t ret = libtock_screen_set_readonly_allow(buffer, (size_t)buffer_len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = screen_wait(which == 0 ? libtock_screen_command_fill()
                                 : libtock_screen_command_write((uint32_t)length));
    libtock_screen_set_readonly_allow(NULL, 0);
    return ret;
}

bool libtocksync_screen_exists(void)
{
    return libtock_screen_driver_exists();
}

statuscode_t libtocksync_screen_buffer_init(size_t len, uint8_t **buffer)
{
    return libtock_screen_buffer_init(len, buffer);
}

returncode_t libtocksync_screen_get_supported_resolutions(uint32_t *resolutions)
{
    return libtock_screen_get_supported_resolutions(resolutions);
}

returncode_t libtocksync_screen_get_supported_resolution(size_t index, uint32_t *width,
                                                         uint32_t *height)
{
    return libtock_screen_get_supported_resolution(index, width, height);
}

returncode_t libtocksync_screen_get_supported_pixel_formats(uint32_t *formats)
{
    return libtock_screen_get_supported_pixel_formats(formats);
}

returncode_t libtocksync_screen_get_supported_pixel_format(size_t index,
                                                           libtock_screen_format_t *format)
{
    return libtock_screen_get_supported_pixel_format(index, format);
}

int libtocksync_screen_get_bits_per_pixel(libtock_screen_format_t format)
{
    return libtock_screen_get_bits_per_pixel(format);
}

returncode_t libtocksync_screen_set_brightness(uint32_t brightness)
{
    return screen_wait(libtock_screen_command_set_brightness(brightness));
}

returncode_t libtocksync_screen_invert_on(void)
{
    return screen_wait(libtock_screen_command_invert_on());
}

returncode_t libtocksync_screen_invert_off(void)
{
    return screen_wait(libtock_screen_command_invert_off());
}

returncode_t libtocksync_screen_get_pixel_format(libtock_screen_format_t *format)
{
    returncode_t ret = libtock_screen_command_get_pixel_format();
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtocksync_screen_yield_wait_for_format(format);
}

returncode_t libtocksync_screen_get_resolution(uint32_t *width, uint32_t *height)
{
    return libtock_screen_command_get_resolution(width, height);
}

returncode_t libtocksync_screen_get_rotation(libtock_screen_rotation_t *rotation)
{
    returncode_t ret = libtock_screen_command_get_rotation();
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtocksync_screen_yield_wait_for_rotation(rotation);
}

returncode_t libtocksync_screen_set_rotation(libtock_screen_rotation_t rotation)
{
    return screen_wait(libtock_screen_command_set_rotation((uint32_t)rotation));
}

returncode_t libtocksync_screen_set_frame(uint16_t x, uint16_t y, uint16_t width, uint16_t height)
{
    return screen_wait(libtock_screen_command_set_frame(x, y, width, height));
}

returncode_t libtocksync_screen_fill(uint8_t *buffer, int buffer_len, size_t color)
{
    if (buffer_len < 3)
        return RETURNCODE_ESIZE; /* libtock-c's screen_set_color bound */
    buffer[0] = (uint8_t)(color >> 8);
    buffer[1] = (uint8_t)color;
    return screen_with_buffer(buffer, buffer_len, 0, 0);
}

returncode_t libtocksync_screen_write(uint8_t *buffer, int buffer_len, size_t length)
{
    return screen_with_buffer(buffer, buffer_len, 1, length);
}
