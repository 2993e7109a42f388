/* Touch panel model: an FT6x06 reporting up to two touches and gestures.
 *
 * Plays tock/tock capsules/extra/src/ft6x06.rs @65608d71 behind
 * hil/touch.h: it tracks EMU_TOUCH_MAX touches, enable and disable are
 * accepted and change nothing (the chip reports regardless), and each
 * report goes to the client at the virtual time its input names. Inputs
 * come from scenario lines and the control FIFO (devices.c grammar):
 * `touch press X Y`, `touch move X Y X Y`, `touch gesture swipe-up`.
 */
#include "devices.h"

_Static_assert(offsetof(struct emu_device_input, at_ns) == 0, "a timed-input queue element");

static int touch_enable(struct tk_touch *t)
{
    ((struct emu_touch *)t->state)->enabled = true;
    return 0;
}

static int touch_disable(struct tk_touch *t)
{
    ((struct emu_touch *)t->state)->enabled = false;
    return 0;
}

static size_t touch_count(struct tk_touch *t)
{
    (void)t;
    return EMU_TOUCH_MAX;
}

static const struct tk_touch_ops touch_ops = {
    .enable = touch_enable,
    .disable = touch_disable,
    .touches = touch_count,
};

static void touch_deliver(struct emu_touch *m, const struct emu_device_input *in)
{
    struct tk_touch_client *c = m->hil.client;
    static const char *const statuses[] = {"released", "pressed", "moved", "unstarted"};
    if (in->kind == EMU_INPUT_GESTURE) {
        tk_kernel_device_event(m->kernel, "touch gesture %d", (int)in->gesture);
        if (c != NULL)
            c->gesture_event(c, in->gesture);
        return;
    }
    const struct tk_touch_event *t = &in->touches[0];
    tk_kernel_device_event(m->kernel, "touch %u %s %u %u", in->count, statuses[t->status & 3], t->x,
                           t->y);
    if (c != NULL)
        c->touch_events(c, in->touches, in->count);
}

static void touch_fire(struct tk_deadline *dl)
{
    struct emu_touch *m = dl->owner;
    uint64_t now = tk_kernel_now(m->kernel);
    while (m->pending->len > 0) {
        struct emu_device_input in = g_array_index(m->pending, struct emu_device_input, 0);
        if (in.at_ns > now)
            break;
        g_array_remove_index(m->pending, 0);
        touch_deliver(m, &in);
    }
    emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

void emu_touch_schedule(struct emu_touch *m, const struct emu_device_input *in)
{
    (void)emu_pins_queue_insert(m->pending, in);
    emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

void emu_touch_init(struct emu_touch *m, struct tk_kernel *k)
{
    *m = (struct emu_touch){
        .hil = {.ops = &touch_ops, .state = m},
        .kernel = k,
        .pending = g_array_new(FALSE, FALSE, sizeof(struct emu_device_input)),
        .deadline = {.fire = touch_fire, .owner = m},
    };
}

void emu_touch_fini(struct emu_touch *m)
{
    if (m->pending == NULL)
        return;
    tk_deadline_disarm(m->kernel, &m->deadline);
    g_array_free(m->pending, TRUE);
    m->pending = NULL;
}
