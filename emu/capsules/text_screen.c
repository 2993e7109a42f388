/* Text screen capsule: one command at a time, the rest queued per process.
 *
 * Mirrors tock/tock capsules/extra/src/text_screen.rs @65608d71.
 *
 * Syscall interface, driver 0x90003:
 *
 *   command | arg0   | arg1 | what
 *   --------+--------+------+--------------------------------------------
 *   0       |        |      | S
 *   1       |        |      | get size: upcall (0, columns, rows)
 *   2, 3    |        |      | display on, off
 *   4, 5    |        |      | cursor blink on, off
 *   6, 7    |        |      | show, hide cursor
 *   8       | length |      | write `length` bytes of RO allow 0 at the
 *           |        |      | cursor; F(NOMEM) for length 0
 *   9       |        |      | clear
 *   10      |        |      | home (upstream clears, kept)
 *   11      | column | row  | set cursor
 *   other   |        |      | F(NOSUPPORT)
 *
 * Commands 1..11 enter the caller's grant (F(NOMEM) if they cannot).
 * With the screen free, the command starts at once: S, or F(the screen's
 * error). With the screen busy, the caller's command waits (S), one per
 * process: a second one is F(BUSY). Waiting commands run in slot order
 * when the screen finishes; one that fails there is dropped unheard.
 *
 * Upcall 0: (status, 0, 0) when a command completes, (status, length, 0)
 * for a write, (0, columns, rows) for get size; status 0 or an ErrorCode.
 * RO allow 0: the text. No RW allows.
 *
 * Kept from upstream as is: a process's command that waits behind its
 * own running one is lost (S, then never run nor answered): finishing a
 * command clears its process's waiting flag. Get size answers at once but leaves the
 * screen claimed by its caller, so every later command only waits (and a
 * second one from that process is F(BUSY)) until another process's
 * command... which also only waits: on Tock the screen is stuck after a
 * get size. Writes are cut to the 64-byte kernel buffer.
 *
 * Deviation: upstream indexes the allowed buffer without a check, so a
 * length past it panics the kernel; here that write fails INVAL.
 */
#include "container_of.h"
#include "text_screen.h"

enum text_screen_upcall { TEXT_SCREEN_UPCALL_DONE, TEXT_SCREEN_UPCALL_COUNT };
enum text_screen_allow_ro { TEXT_SCREEN_ALLOW_RO_TEXT, TEXT_SCREEN_ALLOW_RO_COUNT };

enum text_screen_command {
    TS_IDLE,
    TS_GET_SIZE,
    TS_DISPLAY_ON,
    TS_DISPLAY_OFF,
    TS_BLINK_ON,
    TS_BLINK_OFF,
    TS_SHOW_CURSOR,
    TS_HIDE_CURSOR,
    TS_WRITE,
    TS_CLEAR,
    TS_HOME,
    TS_SET_CURSOR,
    TS_COMMAND_COUNT,
};

struct text_screen_app {
    bool pending_command;
    enum text_screen_command command;
    uint32_t data1, data2;
};

static void run_next_command(struct tk_text_screen_driver *d);

static void text_screen_grant_init(struct tk_driver *drv, struct tk_process *p, void *grant_data)
{
    (void)drv, (void)p;
    ((struct text_screen_app *)grant_data)->data1 = 1; /* App::default */
}

/* Command 8 with the screen free: the text into the kernel buffer, then print. */
static int text_screen_write(struct tk_text_screen_driver *d, struct tk_process *p,
                             const struct text_screen_app *app)
{
    if (app->data1 == 0)
        return TK_NOMEM;
    if (d->buffer_lent)
        return TK_BUSY;
    struct tk_buffer text = tk_allow_ro_get(&d->driver, p, TEXT_SCREEN_ALLOW_RO_TEXT);
    size_t len = tk_min_size(app->data1, sizeof d->buffer);
    if (len > text.len)
        return TK_INVAL; /* Deviation: upstream panics */
    for (size_t i = 0; i < len; i++)
        d->buffer[i] = text.ptr[i];
    int rc = d->screen->ops->print(d->screen, d->buffer, len);
    d->buffer_lent = rc == 0;
    return rc;
}

/* Run the current process's command (do_command): 0 or an error code. */
static int do_command(struct tk_text_screen_driver *d)
{
    static const enum tk_text_screen_op ops[TS_COMMAND_COUNT] = {
        [TS_DISPLAY_ON] = TK_TEXT_SCREEN_DISPLAY_ON,
        [TS_DISPLAY_OFF] = TK_TEXT_SCREEN_DISPLAY_OFF,
        [TS_BLINK_ON] = TK_TEXT_SCREEN_BLINK_ON,
        [TS_BLINK_OFF] = TK_TEXT_SCREEN_BLINK_OFF,
        [TS_SHOW_CURSOR] = TK_TEXT_SCREEN_SHOW_CURSOR,
        [TS_HIDE_CURSOR] = TK_TEXT_SCREEN_HIDE_CURSOR,
        [TS_CLEAR] = TK_TEXT_SCREEN_CLEAR,
        [TS_HOME] = TK_TEXT_SCREEN_CLEAR,
    };
    struct tk_process *p;
    struct text_screen_app *app =
        d->has_current ? tk_grant_get_by_id(&d->driver, d->current_id, &p) : NULL;
    if (app == NULL)
        return d->has_current ? TK_NOMEM : TK_FAIL;
    struct tk_text_screen *s = d->screen;
    switch (app->command) {
    case TS_GET_SIZE: {
        size_t columns = 0, rows = 0;
        s->ops->get_size(s, &columns, &rows);
        app->pending_command = false;
        (void)tk_upcall_schedule(&d->driver, p, TEXT_SCREEN_UPCALL_DONE, 0, (uint32_t)columns,
                                 (uint32_t)rows);
        run_next_command(d); /* the screen stays claimed: see the top */
        return 0;
    }
    case TS_WRITE:
        return text_screen_write(d, p, app);
    case TS_SET_CURSOR:
        return s->ops->set_cursor(s, app->data1, app->data2);
    case TS_IDLE:
    case TS_COMMAND_COUNT:
        return TK_NOSUPPORT;
    default:
        return s->ops->command(s, ops[app->command]);
    }
}

/* The screen is free again: the first waiting command, in slot order. O(n)
 * over process slots, recursing once per get size; n <= 16. */
static void run_next_command(struct tk_text_screen_driver *d)
{
    unsigned slot = 0;
    void *grant;
    for (struct tk_process *p; (p = tk_grant_next(&d->driver, &slot, &grant)) != NULL;) {
        struct text_screen_app *app = grant;
        if (!app->pending_command)
            continue;
        app->pending_command = false;
        d->has_current = true;
        d->current_id = p->id;
        if (do_command(d) == 0)
            break;
        d->has_current = false;
    }
}

static struct tk_cmd_return enqueue_command(struct tk_text_screen_driver *d, struct tk_process *p,
                                            enum text_screen_command command, uint32_t data1,
                                            uint32_t data2)
{
    int err = 0;
    struct text_screen_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (d->has_current && app->pending_command)
        return tk_cmd_failure(TK_BUSY);
    app->command = command;
    app->data1 = data1;
    app->data2 = data2;
    if (d->has_current) {
        app->pending_command = true;
        return tk_cmd_success();
    }
    d->has_current = true;
    d->current_id = p->id;
    int rc = do_command(d);
    if (rc != 0)
        d->has_current = false;
    return tk_cmd_from_status(rc);
}

static struct tk_cmd_return text_screen_command(struct tk_driver *drv, struct tk_process *p,
                                                uint32_t command, uint32_t arg0, uint32_t arg1)
{
    if (command == 0)
        return tk_cmd_success();
    if (command >= TS_COMMAND_COUNT)
        return tk_cmd_failure(TK_NOSUPPORT);
    /* Commands 1..11 are the enum's values, in upstream's order. */
    return enqueue_command(drv->state, p, (enum text_screen_command)command, arg0, arg1);
}

/* The current process's upcall, and the screen is free (schedule_callback). */
static void finish(struct tk_text_screen_driver *d, int status, uint32_t data2)
{
    struct tk_process *p;
    struct text_screen_app *app =
        d->has_current ? tk_grant_get_by_id(&d->driver, d->current_id, &p) : NULL;
    d->has_current = false;
    if (app != NULL) {
        app->pending_command = false;
        (void)tk_upcall_schedule(&d->driver, p, TEXT_SCREEN_UPCALL_DONE, (uint32_t)status, data2,
                                 0);
    }
    run_next_command(d);
}

static void text_screen_command_complete(struct tk_text_screen_client *client, int status)
{
    finish(tk_container_of(client, struct tk_text_screen_driver, client), status, 0);
}

static void text_screen_write_complete(struct tk_text_screen_client *client, uint8_t *buffer,
                                       size_t len, int status)
{
    struct tk_text_screen_driver *d = tk_container_of(client, struct tk_text_screen_driver, client);
    (void)buffer; /* always d->buffer */
    d->buffer_lent = false;
    finish(d, status, (uint32_t)len);
}

static const struct tk_driver_ops text_screen_ops = {
    .command = text_screen_command,
    .grant_init = text_screen_grant_init,
    .has_grant = true,
    .grant_size = sizeof(struct text_screen_app),
    .upcall_count = TEXT_SCREEN_UPCALL_COUNT,
    .allow_ro_count = TEXT_SCREEN_ALLOW_RO_COUNT,
};

void tk_text_screen_driver_init(struct tk_text_screen_driver *d, struct tk_text_screen *screen)
{
    *d = (struct tk_text_screen_driver){
        .driver = {.number = TK_DRIVER_NUM_TEXT_SCREEN, .ops = &text_screen_ops, .state = d},
        .client = {.command_complete = text_screen_command_complete,
                   .write_complete = text_screen_write_complete},
        .screen = screen,
    };
    screen->client = &d->client;
}
