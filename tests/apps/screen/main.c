/* screen: draw on the default board's 128x64 page-format screen through
 * libtock-c's synchronous screen API, as u8g2's Tock port does: a border
 * and a diagonal sent as one full frame, then a 16x16 square filled.
 */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/display/screen.h>

#define WIDTH  128
#define HEIGHT 64

static uint8_t frame[WIDTH * HEIGHT / 8];

/* MONO_8BIT_PAGE: byte x + (y / 8) * WIDTH, bit y % 8. */
static void set_pixel(unsigned x, unsigned y)
{
    frame[x + (y / 8) * WIDTH] |= (uint8_t)(1u << (y % 8));
}

static int check(const char *what, returncode_t rc)
{
    if (rc != RETURNCODE_SUCCESS)
        printf("screen: %s: %s\n", what, tock_strrcode(rc));
    return rc != RETURNCODE_SUCCESS;
}

int main(void)
{
    uint32_t width = 0, height = 0;
    if (!libtocksync_screen_exists() ||
        check("resolution", libtocksync_screen_get_resolution(&width, &height)))
        return 1;
    printf("screen: %ux%u\n", (unsigned)width, (unsigned)height);
    for (unsigned x = 0; x < WIDTH; x++)
        set_pixel(x, 0), set_pixel(x, HEIGHT - 1);
    for (unsigned y = 0; y < HEIGHT; y++)
        set_pixel(0, y), set_pixel(WIDTH - 1, y), set_pixel(y * 2, y);
    if (check("frame", libtocksync_screen_set_frame(0, 0, WIDTH, HEIGHT)) ||
        check("write", libtocksync_screen_write(frame, sizeof frame, sizeof frame)))
        return 1;
    uint8_t pixel[4] = {0};
    if (check("square", libtocksync_screen_set_frame(96, 16, 16, 16)) ||
        check("fill", libtocksync_screen_fill(pixel, sizeof pixel, 0xffff)))
        return 1;
    printf("screen: done\n");
    return 0;
}
