/* Screen HIL: a pixel display written frame by frame, and its optional setup.
 *
 * Mirrors tock/tock kernel/src/hil/screen.rs @65608d71 (Screen, ScreenSetup,
 * ScreenClient, ScreenSetupClient, ScreenPixelFormat, ScreenRotation).
 * Every call that returns 0 finishes later with exactly one client call
 * from the kernel loop: set_write_frame, set_brightness and set_invert with
 * command_complete; set_power with screen_is_ready; write with
 * write_complete; the setup calls with setup_complete.
 *
 * Deviation: write() takes a byte range instead of a SubSliceMut; the
 * screen hands the same pointer back in write_complete.
 */
#ifndef TK_HIL_SCREEN_H
#define TK_HIL_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ScreenPixelFormat, numbered as the screen capsule's commands 14, 25, 26. */
enum tk_screen_pixel_format {
    TK_SCREEN_MONO = 0,           /* 1 bit, rows of bytes, first pixel in bit 7 */
    TK_SCREEN_RGB_332 = 1,        /* 3-bit red, 3-bit green, 2-bit blue */
    TK_SCREEN_RGB_565 = 2,        /* 5-6-5, two bytes, high byte first */
    TK_SCREEN_RGB_888 = 3,        /* red, green, blue bytes */
    TK_SCREEN_BGRA_8888 = 4,      /* blue, green, red, alpha bytes */
    TK_SCREEN_RGB_4BIT = 5,       /* bit 0 blue, 1 green, 2 red, 3 opaque; two per byte */
    TK_SCREEN_MONO_8BIT_PAGE = 6, /* 1 bit, byte = 8 pixels down a column (SSD1306) */
    TK_SCREEN_PIXEL_FORMAT_COUNT,
};

/* ScreenRotation. */
enum tk_screen_rotation {
    TK_SCREEN_ROTATION_NORMAL = 0,
    TK_SCREEN_ROTATION_90 = 1,
    TK_SCREEN_ROTATION_180 = 2,
    TK_SCREEN_ROTATION_270 = 3,
};

/* ScreenPixelFormat::get_bits_per_pixel. */
static inline unsigned tk_screen_bits_per_pixel(enum tk_screen_pixel_format format)
{
    static const unsigned bits[TK_SCREEN_PIXEL_FORMAT_COUNT] = {1, 8, 16, 24, 32, 4, 1};
    return format < TK_SCREEN_PIXEL_FORMAT_COUNT ? bits[format] : 0;
}

struct tk_screen;

struct tk_screen_client {
    void (*command_complete)(struct tk_screen_client *c, int error);
    void (*write_complete)(struct tk_screen_client *c, uint8_t *buffer, size_t len, int error);
    void (*screen_is_ready)(struct tk_screen_client *c);
    /* ScreenSetupClient::command_complete. */
    void (*setup_complete)(struct tk_screen_client *c, int error);
};

struct tk_screen_ops {
    void (*get_resolution)(struct tk_screen *s, size_t *width, size_t *height);
    enum tk_screen_pixel_format (*get_pixel_format)(struct tk_screen *s);
    enum tk_screen_rotation (*get_rotation)(struct tk_screen *s);
    /* 0, TK_INVAL (frame outside the screen) or TK_BUSY. */
    int (*set_write_frame)(struct tk_screen *s, size_t x, size_t y, size_t width, size_t height);
    /* Pixels into the write frame, from its start unless `continue_write`.
     * 0, TK_SIZE (more than the frame holds; emulated controllers wrap
     * instead, as real ones do) or TK_BUSY. */
    int (*write)(struct tk_screen *s, uint8_t *buffer, size_t len, bool continue_write);
    int (*set_brightness)(struct tk_screen *s, uint16_t brightness);
    int (*set_power)(struct tk_screen *s, bool enabled);
    int (*set_invert)(struct tk_screen *s, bool enabled);
};

/* ScreenSetup; a screen without one has setup_ops NULL. */
struct tk_screen_setup_ops {
    int (*set_resolution)(struct tk_screen *s, size_t width, size_t height);
    int (*set_pixel_format)(struct tk_screen *s, enum tk_screen_pixel_format format);
    int (*set_rotation)(struct tk_screen *s, enum tk_screen_rotation rotation);
    size_t (*supported_resolutions)(struct tk_screen *s);
    /* false if `index` is out of range. */
    bool (*supported_resolution)(struct tk_screen *s, size_t index, size_t *width, size_t *height);
    size_t (*supported_pixel_formats)(struct tk_screen *s);
    bool (*supported_pixel_format)(struct tk_screen *s, size_t index,
                                   enum tk_screen_pixel_format *format);
};

struct tk_screen {
    const struct tk_screen_ops *ops;
    const struct tk_screen_setup_ops *setup_ops;
    struct tk_screen_client *client;
    void *state; /* the implementation's */
};

#endif
