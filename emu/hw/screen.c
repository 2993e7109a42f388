/* Screen model: the frame buffer, pixel decoding and the --screen options.
 *
 * Owns the display's state (see screen.h) and plays the controller side of
 * kernel/src/hil/screen.rs @65608d71. Pixel formats as hil/screen.h states
 * them; where the HIL leaves a layout open this model picks one:
 *
 *   MONO            rows of bytes, the leftmost pixel in bit 7
 *   RGB_4BIT        two pixels a byte, the first in the high nibble
 *   RGB_565         two bytes, high byte first (as libtock-c's fill writes)
 *   MONO_8BIT_PAGE  byte i: column i % w, rows 8 * (i / w) .. + 7, bit 0 on top
 *
 * A lit mono pixel is white. Writes go into the write frame in order; data
 * past its end wraps to its start, as the RAM window of an ST77xx or
 * SSD1306 does (neither Tock driver refuses a long write; the screen
 * capsule's fill sends twice the frame in 16-bit formats).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu_screen.h"

static const char *const format_names[TK_SCREEN_PIXEL_FORMAT_COUNT] = {
    "mono", "rgb332", "rgb565", "rgb888", "bgra8888", "rgb4", "mono_page",
};

/* The resolutions ScreenSetup offers: the configured one first. */
static const size_t extra_resolutions[][2] = {{128, 64}, {240, 240}, {320, 240}};
#define EXTRA_RESOLUTIONS (sizeof extra_resolutions / sizeof extra_resolutions[0])

/* ---- completion ---------------------------------------------------------- */

static void screen_update_done(struct emu_screen *m);

static void screen_deliver(struct tk_deferred_call *dc)
{
    struct emu_screen *m = dc->owner;
    struct tk_screen_client *c = m->hil.client;
    int kind = m->pending, error = m->pending_error;
    m->pending = EMU_SCREEN_IDLE;
    if (c == NULL)
        return;
    switch (kind) {
    case EMU_SCREEN_COMMAND:
        c->command_complete(c, error);
        break;
    case EMU_SCREEN_WRITE:
        c->write_complete(c, m->pending_buffer, m->pending_len, error);
        break;
    case EMU_SCREEN_READY:
        c->screen_is_ready(c);
        break;
    case EMU_SCREEN_SETUP:
        c->setup_complete(c, error);
        break;
    default:
        break;
    }
}

/* Accept a call: its completion comes from the kernel loop. */
static int screen_accept(struct emu_screen *m, int kind)
{
    if (m->pending != EMU_SCREEN_IDLE)
        return TK_BUSY;
    m->pending = kind;
    m->pending_error = 0;
    tk_deferred_call_schedule(m->kernel, &m->deferred);
    return 0;
}

/* ---- pixels -------------------------------------------------------------- */

/* Bytes the current frame holds in the current format. */
static size_t frame_bytes(const struct emu_screen *m)
{
    if (m->format == TK_SCREEN_MONO_8BIT_PAGE)
        return m->frame_width * ((m->frame_height + 7) / 8);
    return (m->frame_width * m->frame_height * tk_screen_bits_per_pixel(m->format) + 7) / 8;
}

static void put_pixel(struct emu_screen *m, size_t index, uint8_t r, uint8_t g, uint8_t b)
{
    if (m->frame_width == 0 || index >= m->frame_width * m->frame_height)
        return;
    size_t x = m->frame_x + index % m->frame_width, y = m->frame_y + index / m->frame_width;
    if (x >= m->width || y >= m->height)
        return;
    uint8_t *px = m->rgb + (y * m->width + x) * 3;
    px[0] = r, px[1] = g, px[2] = b;
}

static void put_mono(struct emu_screen *m, size_t index, bool lit)
{
    uint8_t v = lit ? 0xff : 0;
    put_pixel(m, index, v, v, v);
}

/* Scale an n-bit channel to 8 bits. */
static uint8_t scale(unsigned value, unsigned bits)
{
    return (uint8_t)(value * 255 / ((1u << bits) - 1));
}

/* Byte `offset` of the frame's data is `byte`: update what it covers.
 * Multi-byte pixels are drawn when their last byte arrives (a chunk may end
 * inside a pixel: 1024-byte chunks of RGB888). */
static void screen_put_byte(struct emu_screen *m, size_t offset, uint8_t byte)
{
    unsigned bpp = tk_screen_bits_per_pixel(m->format), bytes = bpp / 8;
    switch (m->format) {
    case TK_SCREEN_MONO:
        for (unsigned bit = 0; bit < 8; bit++)
            put_mono(m, offset * 8 + bit, byte & (0x80 >> bit));
        return;
    case TK_SCREEN_MONO_8BIT_PAGE: {
        size_t column = offset % m->frame_width, page = offset / m->frame_width;
        for (unsigned bit = 0; bit < 8; bit++)
            put_mono(m, (page * 8 + bit) * m->frame_width + column, byte & (1u << bit));
        return;
    }
    case TK_SCREEN_RGB_4BIT:
        for (unsigned half = 0; half < 2; half++) {
            unsigned v = half == 0 ? byte >> 4 : byte & 0xf;
            put_pixel(m, offset * 2 + half, v & 4 ? 0xff : 0, v & 2 ? 0xff : 0, v & 1 ? 0xff : 0);
        }
        return;
    case TK_SCREEN_RGB_332:
        put_pixel(m, offset, scale(byte >> 5, 3), scale((byte >> 2) & 7, 3), scale(byte & 3, 2));
        return;
    default:
        break;
    }
    m->partial[offset % bytes] = byte;
    if ((offset + 1) % bytes != 0)
        return;
    const uint8_t *p = m->partial;
    size_t index = offset / bytes;
    if (m->format == TK_SCREEN_RGB_565) {
        unsigned v = (unsigned)p[0] << 8 | p[1];
        put_pixel(m, index, scale(v >> 11, 5), scale((v >> 5) & 0x3f, 6), scale(v & 0x1f, 5));
    } else if (m->format == TK_SCREEN_RGB_888) {
        put_pixel(m, index, p[0], p[1], p[2]);
    } else {
        put_pixel(m, index, p[2], p[1], p[0]); /* BGRA: alpha ignored */
    }
}

/* ---- the HIL --------------------------------------------------------------- */

static struct emu_screen *model(struct tk_screen *s)
{
    return s->state;
}

static void screen_get_resolution(struct tk_screen *s, size_t *width, size_t *height)
{
    *width = model(s)->width;
    *height = model(s)->height;
}

static enum tk_screen_pixel_format screen_get_pixel_format(struct tk_screen *s)
{
    return model(s)->format;
}

static enum tk_screen_rotation screen_get_rotation(struct tk_screen *s)
{
    return model(s)->rotation;
}

static int screen_set_write_frame(struct tk_screen *s, size_t x, size_t y, size_t width,
                                  size_t height)
{
    struct emu_screen *m = model(s);
    if (x > m->width || y > m->height || width > m->width - x || height > m->height - y)
        return TK_INVAL;
    int rc = screen_accept(m, EMU_SCREEN_COMMAND);
    if (rc == 0) {
        m->frame_x = x, m->frame_y = y, m->frame_width = width, m->frame_height = height;
        m->position = 0;
    }
    return rc;
}

static int screen_write(struct tk_screen *s, uint8_t *buffer, size_t len, bool continue_write)
{
    struct emu_screen *m = model(s);
    size_t total = frame_bytes(m);
    int rc = screen_accept(m, EMU_SCREEN_WRITE);
    if (rc != 0)
        return rc;
    if (!continue_write)
        m->position = 0;
    m->pending_buffer = buffer;
    m->pending_len = len;
    for (size_t i = 0; i < len && total > 0; i++) {
        screen_put_byte(m, m->position, buffer[i]);
        if (++m->position == total) {
            m->position = 0;
            screen_update_done(m);
        }
    }
    return 0;
}

static int screen_set_brightness(struct tk_screen *s, uint16_t brightness)
{
    struct emu_screen *m = model(s);
    int rc = screen_accept(m, EMU_SCREEN_COMMAND);
    if (rc == 0)
        m->brightness = brightness;
    return rc;
}

static int screen_set_power(struct tk_screen *s, bool enabled)
{
    struct emu_screen *m = model(s);
    int rc = screen_accept(m, EMU_SCREEN_READY);
    if (rc == 0)
        m->power = enabled;
    return rc;
}

static int screen_set_invert(struct tk_screen *s, bool enabled)
{
    struct emu_screen *m = model(s);
    int rc = screen_accept(m, EMU_SCREEN_COMMAND);
    if (rc == 0)
        m->invert = enabled;
    return rc;
}

static const struct tk_screen_ops screen_ops = {
    .get_resolution = screen_get_resolution,
    .get_pixel_format = screen_get_pixel_format,
    .get_rotation = screen_get_rotation,
    .set_write_frame = screen_set_write_frame,
    .write = screen_write,
    .set_brightness = screen_set_brightness,
    .set_power = screen_set_power,
    .set_invert = screen_set_invert,
};

/* ---- ScreenSetup ----------------------------------------------------------- */

static size_t setup_resolutions(struct tk_screen *s)
{
    (void)s;
    return 1 + EXTRA_RESOLUTIONS;
}

static bool setup_resolution(struct tk_screen *s, size_t index, size_t *width, size_t *height)
{
    struct emu_screen *m = model(s);
    if (index > EXTRA_RESOLUTIONS)
        return false;
    *width = index == 0 ? m->width : extra_resolutions[index - 1][0];
    *height = index == 0 ? m->height : extra_resolutions[index - 1][1];
    return true;
}

static int setup_set_resolution(struct tk_screen *s, size_t width, size_t height)
{
    struct emu_screen *m = model(s);
    size_t w, h;
    bool supported = false;
    for (size_t i = 0; i < setup_resolutions(s) && !supported; i++)
        supported = setup_resolution(s, i, &w, &h) && w == width && h == height;
    if (!supported)
        return TK_INVAL;
    uint8_t *rgb = calloc(width * height, 3);
    if (rgb == NULL)
        return TK_NOMEM;
    int rc = screen_accept(m, EMU_SCREEN_SETUP);
    if (rc != 0) {
        free(rgb);
        return rc;
    }
    free(m->rgb);
    m->rgb = rgb;
    m->width = width, m->height = height;
    m->frame_x = m->frame_y = 0, m->frame_width = width, m->frame_height = height;
    m->position = 0;
    return 0;
}

static int setup_set_pixel_format(struct tk_screen *s, enum tk_screen_pixel_format format)
{
    struct emu_screen *m = model(s);
    if (format >= TK_SCREEN_PIXEL_FORMAT_COUNT)
        return TK_INVAL;
    int rc = screen_accept(m, EMU_SCREEN_SETUP);
    if (rc == 0)
        m->format = format, m->position = 0;
    return rc;
}

static int setup_set_rotation(struct tk_screen *s, enum tk_screen_rotation rotation)
{
    struct emu_screen *m = model(s);
    int rc = screen_accept(m, EMU_SCREEN_SETUP);
    if (rc == 0)
        m->rotation = rotation; /* kept and reported; the picture is not turned */
    return rc;
}

static size_t setup_pixel_formats(struct tk_screen *s)
{
    (void)s;
    return TK_SCREEN_PIXEL_FORMAT_COUNT;
}

static bool setup_pixel_format(struct tk_screen *s, size_t index,
                               enum tk_screen_pixel_format *format)
{
    (void)s;
    if (index >= TK_SCREEN_PIXEL_FORMAT_COUNT)
        return false;
    *format = (enum tk_screen_pixel_format)index;
    return true;
}

static const struct tk_screen_setup_ops screen_setup_ops = {
    .set_resolution = setup_set_resolution,
    .set_pixel_format = setup_set_pixel_format,
    .set_rotation = setup_set_rotation,
    .supported_resolutions = setup_resolutions,
    .supported_resolution = setup_resolution,
    .supported_pixel_formats = setup_pixel_formats,
    .supported_pixel_format = setup_pixel_format,
};

/* ---- the picture ----------------------------------------------------------- */

void emu_screen_render(const struct emu_screen *m, uint8_t *out)
{
    size_t n = m->width * m->height * 3;
    for (size_t i = 0; i < n; i++)
        out[i] = !m->power ? 0 : m->invert ? (uint8_t)~m->rgb[i] : m->rgb[i];
}

uint64_t emu_screen_hash(const struct emu_screen *m)
{
    size_t n = m->width * m->height * 3;
    uint8_t *picture = g_malloc(n > 0 ? n : 1);
    emu_screen_render(m, picture);
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64 */
    const uint64_t sides[2] = {m->width, m->height};
    for (unsigned i = 0; i < 2; i++)
        for (unsigned b = 0; b < 8; b++)
            h = (h ^ (uint8_t)(sides[i] >> (8 * b))) * 0x100000001b3ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ picture[i]) * 0x100000001b3ull;
    g_free(picture);
    return h;
}

int emu_screen_snapshot(struct emu_screen *m, struct emu_err *err)
{
    if (m->png_dir == NULL) {
        emu_err_set(err, "screenshot: no --screen-png directory");
        return -ENOENT;
    }
    char *path = g_strdup_printf("%s/screen-%06u.png", m->png_dir, m->png_written);
    int rc = emu_screen_png_write(m, path, err);
    g_free(path);
    if (rc == 0)
        m->png_written++;
    return rc;
}

/* A write reached the end of its frame. */
static void screen_update_done(struct emu_screen *m)
{
    struct emu_err err;
    m->updates++;
    if (m->png_dir != NULL && m->updates % m->png_every == 0 && emu_screen_snapshot(m, &err) != 0)
        fprintf(stderr, "tockemu: %s\n", err.msg);
    if (m->live)
        emu_screen_draw_terminal(m, stderr);
    if (m->observer != NULL)
        m->observer(m, m->observer_ctx);
}

/* ---- set-up and options ---------------------------------------------------- */

void emu_screen_options_init(struct emu_screen_options *o)
{
    *o = (struct emu_screen_options){0};
}

void emu_screen_options_fini(struct emu_screen_options *o)
{
    g_free(o->png_dir);
    o->png_dir = NULL;
}

int emu_screen_init(struct emu_screen *m, struct tk_kernel *k, const struct emu_screen_options *o)
{
    size_t width = o != NULL && o->width > 0 ? o->width : EMU_SCREEN_DEFAULT_WIDTH;
    size_t height = o != NULL && o->height > 0 ? o->height : EMU_SCREEN_DEFAULT_HEIGHT;
    *m = (struct emu_screen){
        .hil = {.ops = &screen_ops, .setup_ops = &screen_setup_ops, .state = m},
        .kernel = k,
        .width = width,
        .height = height,
        .format = o != NULL && o->format_given ? o->format : TK_SCREEN_MONO_8BIT_PAGE,
        .frame_width = width,
        .frame_height = height,
        .deferred = {.fn = screen_deliver, .owner = m},
        .png_dir = o != NULL && o->png_dir != NULL ? g_strdup(o->png_dir) : NULL,
        .png_every = o != NULL && o->png_every > 0 ? o->png_every : 1,
        .live = o != NULL && o->live,
        /* A board powers its display up before apps run. */
        .power = true,
    };
    m->rgb = calloc(width * height, 3);
    return m->rgb != NULL ? 0 : -ENOMEM;
}

void emu_screen_fini(struct emu_screen *m)
{
    free(m->rgb);
    m->rgb = NULL;
    g_free(m->png_dir);
    m->png_dir = NULL;
}

int emu_screen_options_parse(struct emu_screen_options *o, const char *arg, struct emu_err *err)
{
    char *end;
    unsigned long width = strtoul(arg, &end, 10), height = 0;
    if (end != arg && *end == 'x') {
        const char *h = end + 1;
        height = strtoul(h, &end, 10);
        if (end == h)
            height = 0;
    }
    int format = -1;
    if (*end == ':') {
        for (int f = 0; f < TK_SCREEN_PIXEL_FORMAT_COUNT; f++)
            if (strcmp(end + 1, format_names[f]) == 0)
                format = f;
    }
    if (width == 0 || height == 0 || width > EMU_SCREEN_MAX_SIDE || height > EMU_SCREEN_MAX_SIDE ||
        (*end != '\0' && format < 0)) {
        emu_err_set(err,
                    "--screen %s: expected WIDTHxHEIGHT[:FORMAT], sides 1..%d, FORMAT one of "
                    "mono, rgb332, rgb565, rgb888, bgra8888, rgb4, mono_page",
                    arg, EMU_SCREEN_MAX_SIDE);
        return -EINVAL;
    }
    o->width = width, o->height = height;
    if (format >= 0)
        o->format = (enum tk_screen_pixel_format)format, o->format_given = true;
    return 0;
}

static gboolean option_screen(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_err e;
    (void)name;
    if (emu_screen_options_parse(data, value, &e) == 0)
        return TRUE;
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", e.msg);
    return FALSE;
}

static gboolean option_png(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_screen_options *o = data;
    (void)name;
    /* As mkdir -p: a folder that is not there yet is made now, and one that
     * cannot be is bad input at once, not an error at every frame. */
    if (g_mkdir_with_parents(value, 0755) != 0 || !g_file_test(value, G_FILE_TEST_IS_DIR)) {
        int rc = errno;
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--screen-png %s: cannot make that folder: %s", value,
                    g_strerror(rc != 0 ? rc : ENOTDIR));
        return FALSE;
    }
    g_free(o->png_dir);
    o->png_dir = g_strdup(value);
    return TRUE;
}

static gboolean option_every(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_screen_options *o = data;
    char *end;
    unsigned long n = strtoul(value, &end, 10);
    (void)name;
    if (value[0] < '0' || value[0] > '9' || *end != '\0' || n == 0 || n > 1000000) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--screen-png-every %s: expected a number of updates from 1 to 1000000", value);
        return FALSE;
    }
    o->png_every = (unsigned)n;
    return TRUE;
}

static gboolean option_live(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_screen_options *o = data;
    (void)name, (void)value, (void)error;
    o->live = true;
    return TRUE;
}

static const GOptionEntry screen_entries[] = {
    {"screen", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_screen,
     "Screen size and pixel format (default 128x64:mono_page; formats mono, rgb332, rgb565, "
     "rgb888, bgra8888, rgb4, mono_page)",
     "WxH[:FORMAT]"},
    {"screen-png", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_png,
     "Write the screen to DIR/screen-NNNNNN.png after updates (and on the control line "
     "'screenshot')",
     "DIR"},
    {"screen-png-every", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_every,
     "With --screen-png: one PNG every N full-frame updates (default 1)", "N"},
    {"screen-live", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)option_live,
     "Draw the screen on the terminal (stderr) after every update", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_screen_option_group(struct emu_screen_options *o)
{
    GOptionGroup *group = g_option_group_new("screen", "Screen:", "Show screen options", o, NULL);
    g_option_group_add_entries(group, screen_entries);
    return group;
}
