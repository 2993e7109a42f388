/* Touch capsule: single touch, multi-touch and gestures for every process.
 *
 * Mirrors tock/tock capsules/extra/src/touch.rs @65608d71, over a
 * multi-touch panel (the board gives no single-touch device, so the first
 * touch of each report is the single touch, as upstream does then).
 *
 * Syscall interface, driver 0x90002:
 *
 *   command | result
 *   --------+------------------------------------------------------------
 *   0       | S
 *   1, 2    | S: single touch on/off for the caller, then the panel is
 *           | enabled if any process wants touches (its result is ignored)
 *   10      | S: the caller has read its multi-touch buffer (ack)
 *   11, 12  | S: multi-touch on/off, as 1 and 2
 *   100     | S32(number of touches the panel tracks)
 *   other   | F(NOSUPPORT)
 *
 * Upcall 0 (single touch): (status, x << 16 | y, pressure << 16 | size),
 * status 0 released, 1 pressed, 2 moved, to every process with a grant
 * whose last seen (x, y, status) differs. Upcall 1 (gesture): (1 swipe
 * up, 2 down, 3 left, 4 right, 5 zoom in, 6 zoom out, 0, 0). Upcall 2
 * (multi-touch): (touches written, dropped reports, touches that did not
 * fit) to every process that acknowledged its last report; a process that
 * has not counts one more dropped report instead.
 *
 * RW allow 2: the multi-touch buffer, 8 bytes a touch: id, status, x (LE
 * 16), y (LE 16), size, pressure. RW allows 0 and 1 exist, unused.
 *
 * Kept from upstream as is: neither 1/2 nor 11/12 filter who gets
 * upcalls (every process with a grant does); a touch is written only if
 * the buffer is longer than its index + 8 (upstream's bound), yet counted
 * in the upcall; the dropped count in upcall 2 is always 0, read after
 * being reset.
 */
#include "container_of.h"
#include "touch.h"

enum touch_upcall {
    TOUCH_UPCALL_SINGLE,
    TOUCH_UPCALL_GESTURE,
    TOUCH_UPCALL_MULTI,
    TOUCH_UPCALL_COUNT
};
enum touch_allow_rw {
    TOUCH_ALLOW_RW_0,
    TOUCH_ALLOW_RW_1,
    TOUCH_ALLOW_RW_EVENTS,
    TOUCH_ALLOW_RW_COUNT
};

enum { TOUCH_ENTRY_SIZE = 8 };

struct touch_app {
    bool ack;
    uint32_t dropped_events;
    uint16_t x, y;
    uint32_t status;
    bool touch_enable, multi_touch_enable;
};

static void touch_grant_init(struct tk_driver *drv, struct tk_process *p, void *grant_data)
{
    (void)drv, (void)p;
    struct touch_app *app = grant_data;
    app->ack = true;
    app->status = TK_TOUCH_UNSTARTED;
}

/* Enable the panel if any process wants single (or, for `multi`, multi)
 * touches, else disable it. */
static void touch_update_enable(struct tk_touch_driver *d, bool multi)
{
    bool enabled = false;
    unsigned slot = 0;
    void *grant;
    while (!enabled && tk_grant_next(&d->driver, &slot, &grant) != NULL) {
        struct touch_app *app = grant;
        enabled = multi ? app->multi_touch_enable : app->touch_enable;
    }
    (void)(enabled ? d->touch->ops->enable(d->touch) : d->touch->ops->disable(d->touch));
}

/* Commands 1, 2, 11, 12: the caller's wish, then the panel. */
static struct tk_cmd_return touch_set_enable(struct tk_touch_driver *d, struct tk_process *p,
                                             bool multi, bool on)
{
    int err = 0;
    struct touch_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app != NULL && multi)
        app->multi_touch_enable = on;
    else if (app != NULL)
        app->touch_enable = on;
    touch_update_enable(d, multi);
    return tk_cmd_success();
}

static struct tk_cmd_return touch_command(struct tk_driver *drv, struct tk_process *p,
                                          uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_touch_driver *d = drv->state;
    (void)arg0, (void)arg1;
    int err = 0;
    struct touch_app *app;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
    case 2:
        return touch_set_enable(d, p, false, command == 1);
    case 10:
        if ((app = tk_grant_enter(drv, p, &err)) != NULL)
            app->ack = true;
        return tk_cmd_success();
    case 11:
    case 12:
        return touch_set_enable(d, p, true, command == 11);
    case 100:
        return tk_cmd_success_u32((uint32_t)d->touch->ops->touches(d->touch));
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* The panel's (x, y) as the app sees the screen, rotated (update_rotation). */
static void touch_rotate(const struct tk_touch_driver *d, struct tk_touch_event *e)
{
    if (d->screen == NULL)
        return;
    size_t width = 0, height = 0;
    d->screen->ops->get_resolution(d->screen, &width, &height);
    uint16_t x = e->x, y = e->y;
    switch (d->screen->ops->get_rotation(d->screen)) {
    case TK_SCREEN_ROTATION_90: /* width and height swap */
        e->x = y, e->y = (uint16_t)(width - x);
        break;
    case TK_SCREEN_ROTATION_180:
        e->x = (uint16_t)(width - x), e->y = (uint16_t)(height - y);
        break;
    case TK_SCREEN_ROTATION_270:
        e->x = (uint16_t)(height - y), e->y = x;
        break;
    case TK_SCREEN_ROTATION_NORMAL:
        break;
    }
}

/* TouchClient::touch_event: the single touch, to every process with news. */
static void touch_single(struct tk_touch_driver *d, struct tk_touch_event e)
{
    touch_rotate(d, &e);
    uint32_t pressure_size =
        (e.pressure >= 0 ? (uint32_t)e.pressure << 16 : 0) | (e.size >= 0 ? (uint32_t)e.size : 0);
    unsigned slot = 0;
    void *grant;
    for (struct tk_process *p; (p = tk_grant_next(&d->driver, &slot, &grant)) != NULL;) {
        struct touch_app *app = grant;
        if (app->x == e.x && app->y == e.y && app->status == (uint32_t)e.status)
            continue;
        app->x = e.x, app->y = e.y, app->status = (uint32_t)e.status;
        (void)tk_upcall_schedule(&d->driver, p, TOUCH_UPCALL_SINGLE, (uint32_t)e.status,
                                 (uint32_t)e.x << 16 | e.y, pressure_size);
    }
}

/* One process's multi-touch report: the number of touches written. */
static size_t touch_write_report(const struct tk_touch_driver *d, struct tk_process *p,
                                 const struct tk_touch_event *events, size_t count)
{
    struct tk_buffer buf =
        tk_allow_rw_get((struct tk_driver *)&d->driver, p, TOUCH_ALLOW_RW_EVENTS);
    size_t num = tk_min_size(buf.len / TOUCH_ENTRY_SIZE, count);
    for (size_t i = 0; i < num; i++) {
        if (!(buf.len > i + TOUCH_ENTRY_SIZE)) /* upstream's bound, kept */
            break;
        struct tk_touch_event e = events[i];
        touch_rotate(d, &e);
        uint8_t *entry = buf.ptr + i * TOUCH_ENTRY_SIZE;
        entry[0] = (uint8_t)e.id;
        entry[1] = (uint8_t)e.status;
        entry[2] = (uint8_t)e.x, entry[3] = (uint8_t)(e.x >> 8);
        entry[4] = (uint8_t)e.y, entry[5] = (uint8_t)(e.y >> 8);
        entry[6] = e.size >= 0 ? (uint8_t)e.size : 0;
        entry[7] = e.pressure >= 0 ? (uint8_t)e.pressure : 0;
    }
    return num;
}

/* MultiTouchClient::touch_events. */
static void touch_events(struct tk_touch_client *client, const struct tk_touch_event *events,
                         size_t count)
{
    struct tk_touch_driver *d = tk_container_of(client, struct tk_touch_driver, client);
    if (count == 0)
        return;
    touch_single(d, events[0]);
    unsigned slot = 0;
    void *grant;
    for (struct tk_process *p; (p = tk_grant_next(&d->driver, &slot, &grant)) != NULL;) {
        struct touch_app *app = grant;
        if (!app->ack) {
            app->dropped_events++;
            continue;
        }
        app->dropped_events = 0;
        size_t num = touch_write_report(d, p, events, count);
        if (num > 0) {
            app->ack = false;
            (void)tk_upcall_schedule(&d->driver, p, TOUCH_UPCALL_MULTI, (uint32_t)num,
                                     app->dropped_events, (uint32_t)(count - num));
        }
    }
}

/* GestureClient::gesture_event: to every process with a grant. */
static void touch_gesture(struct tk_touch_client *client, enum tk_touch_gesture gesture)
{
    struct tk_touch_driver *d = tk_container_of(client, struct tk_touch_driver, client);
    unsigned slot = 0;
    void *grant;
    for (struct tk_process *p; (p = tk_grant_next(&d->driver, &slot, &grant)) != NULL;)
        (void)tk_upcall_schedule(&d->driver, p, TOUCH_UPCALL_GESTURE, (uint32_t)gesture, 0, 0);
}

static const struct tk_driver_ops touch_ops = {
    .command = touch_command,
    .grant_init = touch_grant_init,
    .has_grant = true,
    .grant_size = sizeof(struct touch_app),
    .upcall_count = TOUCH_UPCALL_COUNT,
    .allow_rw_count = TOUCH_ALLOW_RW_COUNT,
};

void tk_touch_driver_init(struct tk_touch_driver *d, struct tk_touch *touch,
                          struct tk_screen *screen)
{
    *d = (struct tk_touch_driver){
        .driver = {.number = TK_DRIVER_NUM_TOUCH, .ops = &touch_ops, .state = d},
        .client = {.touch_events = touch_events, .gesture_event = touch_gesture},
        .touch = touch,
        .screen = screen,
    };
    touch->client = &d->client;
}
