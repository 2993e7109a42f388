/* Screen capsule: one screen command at a time, queued per process.
 *
 * Mirrors tock/tock capsules/extra/src/screen/screen.rs @65608d71 (Screen).
 *
 * Syscall interface, driver 0x90001 (S = success, queued commands answer
 * their upcall later):
 *
 *   command | arg0             | arg1           | result
 *   --------+------------------+----------------+--------------------------
 *   0       |                  |                | S
 *   1       |                  |                | S32(1 if the screen has setup)
 *   2       | on               |                | queue set_power(on != 0)
 *   3       | brightness       |                | queue set_brightness(arg0 & 0xffff)
 *   4 / 5   |                  |                | queue invert on / off
 *   6       | on               |                | queue set_invert(on != 0)
 *   11      |                  |                | S32(resolutions); F(NOSUPPORT) no setup
 *   12      | index            |                | S32_U32(w, h); F(INVAL) bad index
 *   13      |                  |                | S32(pixel formats); F(NOSUPPORT)
 *   14      | index            |                | S32(format); F(INVAL) bad index
 *   21      |                  |                | S32(rotation)
 *   22      | rotation         |                | queue set_rotation (bad -> 0)
 *   23      |                  |                | S32_U32(width, height)
 *   24      | width            | height         | queue set_resolution
 *   25      |                  |                | S32(pixel format)
 *   26      | format           |                | queue set_pixel_format; F(INVAL) bad
 *   100     | x << 16 | y      | w << 16 | h    | queue set_write_frame
 *   200     | length           |                | queue write of RO allow 0
 *   300     |                  |                | queue fill with RO allow 0's pixel
 *   other   |                  |                | F(NOSUPPORT)
 *
 * Queueing: F(BUSY) if the caller has a command queued already. If no
 * command is with the screen, the caller's starts at once and a failure to
 * start is the command's result; else it waits its turn (slot order).
 * Subscribe 0: (status, 0, 0) when the command finished. RO allow 0: the
 * pixels to write, or one pixel to fill the frame with. A write of n bytes
 * sends min(n, allow length) bytes: F(NOMEM) if that is 0, F(INVAL) if it
 * is not whole pixels. Fill: F(NOMEM) without a buffer, F(INVAL) likewise.
 *
 * As in Tock, and kept: a command that fails to start leaves the caller's
 * request queued, so it is tried again when the next command finishes; a
 * queued command that fails to start later is dropped without an upcall;
 * if the screen refuses a write, the bounce buffer is never returned and
 * later writes fail (FAIL, NOMEM for fills); fills use the pixel format
 * the screen had when the capsule was made, and cap their length by
 * comparing pixels with bytes.
 */
#include "container_of.h"
#include "screen.h"

enum screen_upcall { SCREEN_UPCALL_DONE, SCREEN_UPCALL_COUNT };
enum screen_allow_ro { SCREEN_ALLOW_RO_SHARED, SCREEN_ALLOW_RO_COUNT };

enum screen_command_kind {
    SCREEN_NOP,
    SCREEN_SET_BRIGHTNESS,
    SCREEN_SET_POWER,
    SCREEN_SET_INVERT,
    SCREEN_SET_ROTATION,
    SCREEN_SET_RESOLUTION,
    SCREEN_SET_PIXEL_FORMAT,
    SCREEN_SET_WRITE_FRAME,
    SCREEN_WRITE,
    SCREEN_FILL,
};

struct screen_command {
    enum screen_command_kind kind;
    uint32_t a, b, c, d; /* the kind's arguments */
};

struct screen_app {
    bool pending_command;
    size_t write_position, write_len;
    struct screen_command command;
    size_t width, height; /* of the last write frame */
};

static struct screen_command screen_command_of(enum screen_command_kind kind, uint32_t a,
                                               uint32_t b, uint32_t c, uint32_t d)
{
    return (struct screen_command){.kind = kind, .a = a, .b = b, .c = c, .d = d};
}

/* pixels_in_bytes: bytes for `pixels` pixels, rounded up. */
static size_t pixels_in_bytes(size_t pixels, unsigned bits_per_pixel)
{
    return (pixels * bits_per_pixel + 7) / 8;
}

static void screen_run_next(struct tk_screen_driver *d, int status);

/* schedule_callback: the current process's command is done. */
static void screen_done(struct tk_screen_driver *d, int status)
{
    struct tk_process *p;
    if (!d->has_current)
        return;
    d->has_current = false;
    struct screen_app *app = tk_grant_get_by_id(&d->driver, d->current_id, &p);
    if (app == NULL)
        return;
    app->pending_command = false;
    (void)tk_upcall_schedule(&d->driver, p, SCREEN_UPCALL_DONE, (uint32_t)status, 0, 0);
}

/* fill_next_buffer_for_write: the next chunk of the current write or fill
 * into the bounce buffer; its length, 0 when done. */
static size_t screen_fill_next(struct tk_screen_driver *d)
{
    struct tk_process *p;
    if (!d->has_current)
        return 0;
    struct screen_app *app = tk_grant_get_by_id(&d->driver, d->current_id, &p);
    if (app == NULL || app->write_position >= app->write_len)
        return 0;
    struct tk_buffer shared = tk_allow_ro_get(&d->driver, p, SCREEN_ALLOW_RO_SHARED);
    size_t size = sizeof d->buffer;
    if (app->command.kind == SCREEN_WRITE) {
        size_t start = app->write_position / size * size, count = 0;
        for (size_t pos = start; pos < app->write_len && pos < shared.len && count < size; pos++)
            d->buffer[count++] = shared.ptr[pos];
        if (count > 0)
            app->write_position = start + count;
        return count;
    }
    if (app->command.kind != SCREEN_FILL || shared.len == 0)
        return 0;
    size_t len = app->write_len - app->write_position;
    size_t bytes_per_pixel = pixels_in_bytes(1, tk_screen_bits_per_pixel(d->pixel_format));
    size_t pixels = tk_min_size(size / bytes_per_pixel, len); /* screen.rs: pixels vs bytes */
    app->write_position += pixels * bytes_per_pixel;
    for (size_t i = 0; i < bytes_per_pixel; i++)
        d->buffer[i] = i < shared.len ? shared.ptr[i] : 0;
    for (size_t i = 1; i < pixels; i++)
        for (size_t j = 0; j < bytes_per_pixel; j++)
            d->buffer[bytes_per_pixel * i + j] = d->buffer[j];
    return pixels * bytes_per_pixel;
}

/* Start the first chunk of a write or fill; nothing to send completes the
 * command at once. */
static int screen_start_write(struct tk_screen_driver *d, int no_buffer)
{
    if (d->buffer_taken)
        return no_buffer;
    d->buffer_taken = true;
    size_t len = screen_fill_next(d);
    if (len == 0) {
        d->buffer_taken = false;
        screen_run_next(d, 0);
        return 0;
    }
    return d->screen->ops->write(d->screen, d->buffer, len, false);
}

/* Write and fill checks: the allowed length is whole pixels of the
 * screen's current format. */
static int screen_check_length(struct tk_screen_driver *d, size_t len)
{
    enum tk_screen_pixel_format format = d->screen->ops->get_pixel_format(d->screen);
    if (len == 0)
        return TK_NOMEM;
    return len % pixels_in_bytes(1, tk_screen_bits_per_pixel(format)) == 0 ? 0 : TK_INVAL;
}

/* call_screen: hand `c` of process `p` to the screen. */
static int screen_call(struct tk_screen_driver *d, const struct screen_command *c,
                       struct tk_process *p)
{
    struct tk_screen *s = d->screen;
    const struct tk_screen_setup_ops *setup = s->setup_ops;
    struct screen_app *app = tk_grant_get(&d->driver, p);
    if (app == NULL)
        return TK_NOMEM;
    size_t len;
    int rc;
    switch (c->kind) {
    case SCREEN_SET_BRIGHTNESS:
        return s->ops->set_brightness(s, (uint16_t)c->a);
    case SCREEN_SET_POWER:
        return s->ops->set_power(s, c->a != 0);
    case SCREEN_SET_INVERT:
        return s->ops->set_invert(s, c->a != 0);
    case SCREEN_SET_ROTATION:
        return setup != NULL ? setup->set_rotation(s, (enum tk_screen_rotation)c->a) : TK_NOSUPPORT;
    case SCREEN_SET_RESOLUTION:
        return setup != NULL ? setup->set_resolution(s, c->a, c->b) : TK_NOSUPPORT;
    case SCREEN_SET_PIXEL_FORMAT:
        return setup != NULL ? setup->set_pixel_format(s, (enum tk_screen_pixel_format)c->a)
                             : TK_NOSUPPORT;
    case SCREEN_FILL:
        len = tk_allow_ro_get(&d->driver, p, SCREEN_ALLOW_RO_SHARED).len;
        if ((rc = screen_check_length(d, len)) != 0)
            return rc;
        app->write_position = 0;
        app->write_len =
            pixels_in_bytes(app->width * app->height, tk_screen_bits_per_pixel(d->pixel_format));
        return screen_start_write(d, TK_NOMEM);
    case SCREEN_WRITE:
        len = tk_min_size(tk_allow_ro_get(&d->driver, p, SCREEN_ALLOW_RO_SHARED).len, c->a);
        if ((rc = screen_check_length(d, len)) != 0)
            return rc;
        app->write_position = 0;
        app->write_len = len;
        return screen_start_write(d, TK_FAIL);
    case SCREEN_SET_WRITE_FRAME:
        app->write_position = 0;
        app->width = c->c;
        app->height = c->d;
        return s->ops->set_write_frame(s, c->a, c->b, c->c, c->d);
    default:
        return TK_NOSUPPORT;
    }
}

/* run_next_command: finish the current command, start the next queued one
 * (slot order); one that fails to start is dropped. */
static void screen_run_next(struct tk_screen_driver *d, int status)
{
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    screen_done(d, status);
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct screen_app *app = data;
        if (!app->pending_command)
            continue;
        app->pending_command = false;
        d->has_current = true;
        d->current_id = p->id;
        struct screen_command c = app->command;
        if (screen_call(d, &c, p) == 0)
            break;
        /* screen.rs clears the current process before its error upcall,
         * so that upcall reaches nobody: the command is dropped. */
        d->has_current = false;
    }
}

static struct tk_cmd_return screen_enqueue(struct tk_screen_driver *d, struct tk_process *p,
                                           struct screen_command c)
{
    int err = 0;
    struct screen_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (app->pending_command)
        return tk_cmd_failure(TK_BUSY);
    app->pending_command = true;
    app->command = c;
    app->write_position = 0;
    if (d->has_current)
        return tk_cmd_success();
    d->has_current = true;
    d->current_id = p->id;
    int rc = screen_call(d, &c, p);
    if (rc != 0)
        d->has_current = false;
    return tk_cmd_from_status(rc);
}

/* Commands 11-14: what the setup half of the screen supports. */
static struct tk_cmd_return screen_supported(struct tk_screen_driver *d, uint32_t command,
                                             uint32_t index)
{
    const struct tk_screen_setup_ops *setup = d->screen->setup_ops;
    size_t width = 0, height = 0;
    enum tk_screen_pixel_format format;
    if (setup == NULL)
        return tk_cmd_failure(TK_NOSUPPORT);
    switch (command) {
    case 11:
        return tk_cmd_success_u32((uint32_t)setup->supported_resolutions(d->screen));
    case 12:
        if (!setup->supported_resolution(d->screen, index, &width, &height) || width == 0 ||
            height == 0)
            return tk_cmd_failure(TK_INVAL);
        return tk_cmd_success_u32_u32((uint32_t)width, (uint32_t)height);
    case 13:
        return tk_cmd_success_u32((uint32_t)setup->supported_pixel_formats(d->screen));
    default:
        if (!setup->supported_pixel_format(d->screen, index, &format))
            return tk_cmd_failure(TK_INVAL);
        return tk_cmd_success_u32(format);
    }
}

static struct tk_cmd_return screen_command(struct tk_driver *drv, struct tk_process *p,
                                           uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_screen_driver *d = drv->state;
    struct tk_screen *s = d->screen;
    size_t width, height;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success_u32(s->setup_ops != NULL);
    case 2:
        return screen_enqueue(d, p, screen_command_of(SCREEN_SET_POWER, arg0 != 0, 0, 0, 0));
    case 3:
        return screen_enqueue(d, p,
                              screen_command_of(SCREEN_SET_BRIGHTNESS, arg0 & 0xffff, 0, 0, 0));
    case 4:
        return screen_enqueue(d, p, screen_command_of(SCREEN_SET_INVERT, 1, 0, 0, 0));
    case 5:
        return screen_enqueue(d, p, screen_command_of(SCREEN_SET_INVERT, 0, 0, 0, 0));
    case 6:
        return screen_enqueue(d, p, screen_command_of(SCREEN_SET_INVERT, arg0 != 0, 0, 0, 0));
    case 11:
    case 12:
    case 13:
    case 14:
        return screen_supported(d, command, arg0);
    case 21:
        return tk_cmd_success_u32(s->ops->get_rotation(s));
    case 22:
        return screen_enqueue(
            d, p, screen_command_of(SCREEN_SET_ROTATION, arg0 <= 3 ? arg0 : 0, 0, 0, 0));
    case 23:
        s->ops->get_resolution(s, &width, &height);
        return tk_cmd_success_u32_u32((uint32_t)width, (uint32_t)height);
    case 24:
        return screen_enqueue(d, p, screen_command_of(SCREEN_SET_RESOLUTION, arg0, arg1, 0, 0));
    case 25:
        return tk_cmd_success_u32(s->ops->get_pixel_format(s));
    case 26:
        if (arg0 >= TK_SCREEN_PIXEL_FORMAT_COUNT)
            return tk_cmd_failure(TK_INVAL);
        return screen_enqueue(d, p, screen_command_of(SCREEN_SET_PIXEL_FORMAT, arg0, 0, 0, 0));
    case 100:
        return screen_enqueue(d, p,
                              screen_command_of(SCREEN_SET_WRITE_FRAME, arg0 >> 16, arg0 & 0xffff,
                                                arg1 >> 16, arg1 & 0xffff));
    case 200:
        return screen_enqueue(d, p, screen_command_of(SCREEN_WRITE, arg0, 0, 0, 0));
    case 300:
        return screen_enqueue(d, p, screen_command_of(SCREEN_FILL, 0, 0, 0, 0));
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static void screen_command_complete(struct tk_screen_client *c, int error)
{
    screen_run_next(tk_container_of(c, struct tk_screen_driver, client), error);
}

static void screen_is_ready(struct tk_screen_client *c)
{
    screen_run_next(tk_container_of(c, struct tk_screen_driver, client), 0);
}

/* The next chunk, or the end of the write. */
static void screen_write_complete(struct tk_screen_client *c, uint8_t *buffer, size_t len,
                                  int error)
{
    struct tk_screen_driver *d = tk_container_of(c, struct tk_screen_driver, client);
    (void)buffer, (void)len;
    size_t next = screen_fill_next(d);
    if (error == 0 && next > 0) {
        (void)d->screen->ops->write(d->screen, d->buffer, next, true);
        return;
    }
    d->buffer_taken = false;
    screen_run_next(d, error);
}

static const struct tk_driver_ops screen_ops = {
    .command = screen_command,
    .has_grant = true,
    .grant_size = sizeof(struct screen_app),
    .upcall_count = SCREEN_UPCALL_COUNT,
    .allow_ro_count = SCREEN_ALLOW_RO_COUNT,
};

void tk_screen_driver_init(struct tk_screen_driver *d, struct tk_screen *screen)
{
    *d = (struct tk_screen_driver){
        .driver = {.number = TK_DRIVER_NUM_SCREEN, .ops = &screen_ops, .state = d},
        .client =
            {
                .command_complete = screen_command_complete,
                .write_complete = screen_write_complete,
                .screen_is_ready = screen_is_ready,
                .setup_complete = screen_command_complete,
            },
        .screen = screen,
        .pixel_format = screen->ops->get_pixel_format(screen),
    };
    screen->client = &d->client;
}
