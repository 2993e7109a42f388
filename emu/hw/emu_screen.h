/* Screen model: a frame buffer display behind hil/screen.h, viewable as PNG.
 *
 * Plays a display controller such as the SSD1306 or ST7789 that Tock boards
 * put behind kernel/src/hil/screen.rs @65608d71: the app sets a write frame,
 * then streams pixels in the current pixel format into it, row by row (or,
 * in MONO_8BIT_PAGE, in 8-pixel columns page by page). Every call completes
 * through a deferred call, so the screen answers at the same virtual time.
 *
 * The frame buffer holds colours (RGB888) whatever format wrote them; the
 * picture shown applies inversion and power (off is black). One "update"
 * is a write that reaches the end of its frame; every N updates (and on
 * demand) the picture goes to DIR/screen-NNNNNN.png (`--screen-png DIR`,
 * `--screen-png-every N`), and with `--screen-live` to the terminal.
 */
#ifndef EMU_HW_EMU_SCREEN_H
#define EMU_HW_EMU_SCREEN_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu_err.h"
#include "hil/screen.h"
#include "kernel.h"

#define EMU_SCREEN_DEFAULT_WIDTH  128 /* an SSD1306, as u8g2's Tock port assumes */
#define EMU_SCREEN_DEFAULT_HEIGHT 64
#define EMU_SCREEN_MAX_SIDE       1024

struct emu_screen_options {
    size_t width, height;               /* 0: the default */
    enum tk_screen_pixel_format format; /* with format_given */
    bool format_given;
    char *png_dir;      /* NULL: no PNG files; owned (g_free) */
    unsigned png_every; /* write a PNG every N updates (0: 1) */
    bool live;          /* draw each update on the terminal (stderr) */
};

struct emu_screen;
/* Called after each update (tests, the harness). */
typedef void (*emu_screen_observer_fn)(struct emu_screen *m, void *ctx);

struct emu_screen {
    struct tk_screen hil;
    struct tk_kernel *kernel;
    size_t width, height;
    enum tk_screen_pixel_format format;
    enum tk_screen_rotation rotation;
    bool power, invert;
    uint16_t brightness;
    size_t frame_x, frame_y, frame_width, frame_height;
    size_t position;    /* bytes written into the frame since it last filled */
    uint8_t partial[4]; /* the bytes of a pixel not complete yet */
    uint8_t *rgb;       /* width * height * 3 */

    /* The one call under way, finished by `deferred`. */
    enum {
        EMU_SCREEN_IDLE,
        EMU_SCREEN_COMMAND,
        EMU_SCREEN_WRITE,
        EMU_SCREEN_READY,
        EMU_SCREEN_SETUP
    } pending;
    int pending_error;
    uint8_t *pending_buffer;
    size_t pending_len;
    struct tk_deferred_call deferred;

    uint64_t updates;
    char *png_dir;
    unsigned png_every;
    bool live;
    unsigned png_written;
    emu_screen_observer_fn observer;
    void *observer_ctx;
};

/* Options: defaults (128x64, MONO_8BIT_PAGE, no PNG). */
void emu_screen_options_init(struct emu_screen_options *o);
void emu_screen_options_fini(struct emu_screen_options *o);
/* `--screen WxH[:FORMAT]`; FORMAT one of mono, rgb332, rgb565, rgb888,
 * bgra8888, rgb4, mono_page. Returns 0 or -EINVAL with `err`. */
int emu_screen_options_parse(struct emu_screen_options *o, const char *arg, struct emu_err *err);
/* The GOptionGroup "screen": --screen, --screen-png, --screen-png-every,
 * --screen-live. */
GOptionGroup *emu_screen_option_group(struct emu_screen_options *o);

/* Set up the screen on `k` (o NULL: defaults). Returns 0 or -ENOMEM. */
int emu_screen_init(struct emu_screen *m, struct tk_kernel *k, const struct emu_screen_options *o);
void emu_screen_fini(struct emu_screen *m);

/* The picture as shown: RGB888 rows of `width` pixels into `out`
 * (width * height * 3 bytes). */
void emu_screen_render(const struct emu_screen *m, uint8_t *out);
/* A 64-bit FNV-1a hash of width, height and the picture: equal pictures
 * have equal hashes, on every host. */
uint64_t emu_screen_hash(const struct emu_screen *m);

/* Write the picture as a PNG file; compare it with one. Both return 0,
 * or -errno / -EINVAL with `err` naming the file. The comparison returns 1
 * when the pictures differ (`err` says where). screen_png.c. */
int emu_screen_png_write(const struct emu_screen *m, const char *path, struct emu_err *err);
int emu_screen_png_compare(const struct emu_screen *m, const char *path, struct emu_err *err);
/* Draw the picture on `out` with half blocks, two pixel rows per line, in
 * 24-bit ANSI colour. screen_png.c. */
void emu_screen_draw_terminal(const struct emu_screen *m, FILE *out);

/* Save the picture now into the --screen-png directory (the control line
 * `screenshot`). Returns 0, -ENOENT without a directory, or -errno. */
int emu_screen_snapshot(struct emu_screen *m, struct emu_err *err);

#endif
