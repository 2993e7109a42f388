/* Fake syscall drivers for the harness: one scriptable core and the standard fakes.
 *
 * The counterpart of libtock-rs's fake drivers (unittest/src/fake/): a
 * fake is a real tk_driver in the kernel's table, so the kernel checks
 * subscribe and allow numbers, grants and upcall queues exactly as for a
 * capsule; only the command is the fake's. Scripted answers (per command
 * number, one-shot FIFO first, then standing) come before the fake's own
 * handler; an answer may carry an upcall at a virtual delay.
 *
 * Standard fakes and the Tock interface they follow (emu/capsules/ headers):
 *   console 0x1   1 write (RO 1) -> upcall 1 (n); 2 read n (RW 1) -> upcall
 *                 2 (0, n) once n input bytes arrived; 3 abort
 *   alarm 0x0     1 kHz ticks of the virtual clock; 1 freq, 2 now, 3 stop,
 *                 5 dt, 6 ref dt -> upcall 0 (now, expiry)
 *   led 0x2       0 count, 1 on, 2 off, 3 toggle, 4 read
 *   button 0x3    0 count, 1 enable, 2 disable, 3 read -> upcall 0 (i, pressed)
 *   gpio 0x4      1..9 pin commands, 10 count -> upcall 0 (pin, level)
 *   rng 0x40001   1 n (RW 0) -> upcall 0 (0, n); bytes 0, 1, 2, ...
 *   kv 0x50003    1 get, 2 set, 3 delete, 4 add, 5 update, 6 gc -> upcall 0
 *                 (status, length)
 *   sensors 0x60000/1/2  1 read -> upcall 0 (value) from pushed readings
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "harness-internal.h"

enum { MAX_PINS = 32 };

struct lth_answer {
    uint32_t command;
    struct tk_cmd_return ret;
    bool upcall;
    uint64_t delay_ns;
    uint32_t subscribe, arg[3];
};

struct lth_fake {
    struct lth *world;
    struct tk_driver driver;
    struct tk_driver_ops ops;
    const struct lth_fake_ops *user;
    void *ctx;
    bool free_ctx;           /* a standard fake's state, freed with it */
    void (*fini)(void *ctx); /* what that state holds, released first */
    GArray *once, *standing; /* struct lth_answer */
    GArray *calls;           /* struct lth_call */
    GByteArray *written;
    GHashTable *kv; /* the key-value fake's store: GBytes -> GBytes */
};

/* ---- the core ------------------------------------------------------------------ */

static bool take_answer(struct lth_fake *f, uint32_t command, struct lth_answer *out)
{
    for (guint i = 0; i < f->once->len; i++) {
        if (g_array_index(f->once, struct lth_answer, i).command == command) {
            *out = g_array_index(f->once, struct lth_answer, i);
            g_array_remove_index(f->once, i);
            return true;
        }
    }
    for (guint i = f->standing->len; i-- > 0;) {
        if (g_array_index(f->standing, struct lth_answer, i).command == command) {
            *out = g_array_index(f->standing, struct lth_answer, i);
            return true;
        }
    }
    return false;
}

static void upcall_now(struct lth_timer *timer)
{
    struct tk_driver *d = &timer->fake->driver;
    struct tk_kernel *k = timer->world->kernel;
    if (timer->process_id != 0) {
        struct tk_process *p = tk_kernel_process_by_id(k, timer->process_id);
        if (p != NULL) /* gone (exited, restarted): dropped, as a capsule's */
            tk_upcall_schedule(d, p, timer->number, timer->arg[0], timer->arg[1], timer->arg[2]);
        return;
    }
    unsigned slot = 0;
    void *grant;
    for (struct tk_process *p; (p = tk_grant_next(d, &slot, &grant)) != NULL;)
        if (timer->slot < 0 || (unsigned)timer->slot == p->slot)
            tk_upcall_schedule(d, p, timer->number, timer->arg[0], timer->arg[1], timer->arg[2]);
}

static void upcall_later(struct lth_fake *f, const struct tk_process *p, int slot,
                         uint64_t delay_ns, uint32_t subscribe, uint32_t a0, uint32_t a1,
                         uint32_t a2)
{
    struct lth_timer *timer =
        lth__timer_new(f->world, f->world->kernel->now_ns + delay_ns, upcall_now);
    timer->fake = f;
    timer->slot = slot;
    timer->process_id = p != NULL ? p->id : 0;
    timer->number = subscribe;
    timer->arg[0] = a0, timer->arg[1] = a1, timer->arg[2] = a2;
}

static void record_call(struct lth_fake *f, struct tk_process *p, uint32_t command, uint32_t arg0,
                        uint32_t arg1)
{
    struct lth_call call = {.command = command,
                            .arg0 = arg0,
                            .arg1 = arg1,
                            .slot = (int)p->slot,
                            .time_ns = f->world->kernel->now_ns};
    if (f->ops.allow_ro_count > 0) {
        struct tk_buffer ro = tk_allow_ro_get(&f->driver, p, 0);
        call.ro0_len = ro.len;
        memcpy(call.ro0, ro.ptr != NULL ? ro.ptr : call.ro0,
               ro.len < sizeof call.ro0 ? ro.len : sizeof call.ro0);
    }
    g_array_append_val(f->calls, call);
}

static struct tk_cmd_return fake_command(struct tk_driver *d, struct tk_process *p,
                                         uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct lth_fake *f = d->state;
    int err = 0;
    /* As every capsule: enter the grant first, so upcalls can reach the caller. */
    if (tk_grant_enter(d, p, &err) == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    record_call(f, p, command, arg0, arg1);
    struct lth_answer a;
    if (take_answer(f, command, &a)) {
        if (a.upcall)
            upcall_later(f, p, -1, a.delay_ns, a.subscribe, a.arg[0], a.arg[1], a.arg[2]);
        return a.ret;
    }
    if (f->user->command != NULL)
        return f->user->command(f, (int)p->slot, command, arg0, arg1);
    return tk_cmd_success();
}

struct lth_fake *lth_fake_new(struct lth *t, uint32_t driver, const struct lth_fake_ops *ops,
                              void *ctx)
{
    ck_assert_msg(!t->board_built, "lth_fake_new: add fakes before the first lth_load");
    ck_assert_msg(t->fake_count < LTH_MAX_FAKES, "lth_fake_new: at most %d fakes", LTH_MAX_FAKES);
    ck_assert_msg(lth__fake_at(t, driver) == NULL, "lth_fake_new: driver 0x%x has a fake", driver);
    struct lth_fake *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->world = t;
    f->user = ops;
    f->ctx = ctx;
    f->ops = (struct tk_driver_ops){.command = fake_command,
                                    .has_grant = true,
                                    .grant_size = 8,
                                    .upcall_count = ops->upcall_count,
                                    .allow_ro_count = ops->allow_ro_count,
                                    .allow_rw_count = ops->allow_rw_count};
    f->driver = (struct tk_driver){.number = driver, .ops = &f->ops, .state = f};
    f->once = g_array_new(FALSE, FALSE, sizeof(struct lth_answer));
    f->standing = g_array_new(FALSE, FALSE, sizeof(struct lth_answer));
    f->calls = g_array_new(FALSE, FALSE, sizeof(struct lth_call));
    f->written = g_byte_array_new();
    t->fakes[t->fake_count++] = f;
    return f;
}

void lth__fake_free(struct lth_fake *f)
{
    g_array_free(f->once, TRUE);
    g_array_free(f->standing, TRUE);
    g_array_free(f->calls, TRUE);
    g_byte_array_unref(f->written);
    if (f->kv != NULL)
        g_hash_table_destroy(f->kv);
    if (f->fini != NULL)
        f->fini(f->ctx);
    if (f->free_ctx)
        free(f->ctx);
    free(f);
}

struct tk_driver *lth__fake_driver(struct lth_fake *f)
{
    return &f->driver;
}

struct lth_fake *lth__fake_at(struct lth *t, uint32_t driver)
{
    for (unsigned i = 0; i < t->fake_count; i++)
        if (t->fakes[i]->driver.number == driver)
            return t->fakes[i];
    return NULL;
}

void *lth_fake_ctx(struct lth_fake *f)
{
    return f->ctx;
}

struct lth *lth_fake_world(struct lth_fake *f)
{
    return f->world;
}

void lth_fake_answer(struct lth_fake *f, uint32_t command, struct tk_cmd_return ret)
{
    struct lth_answer a = {.command = command, .ret = ret};
    g_array_append_val(f->standing, a);
}

void lth_fake_answer_once(struct lth_fake *f, uint32_t command, struct tk_cmd_return ret)
{
    struct lth_answer a = {.command = command, .ret = ret};
    g_array_append_val(f->once, a);
}

void lth_fake_answer_once_upcall(struct lth_fake *f, uint32_t command, struct tk_cmd_return ret,
                                 uint64_t delay_ns, uint32_t subscribe, uint32_t a0, uint32_t a1,
                                 uint32_t a2)
{
    struct lth_answer a = {.command = command,
                           .ret = ret,
                           .upcall = true,
                           .delay_ns = delay_ns,
                           .subscribe = subscribe,
                           .arg = {a0, a1, a2}};
    g_array_append_val(f->once, a);
}

void lth_fake_upcall(struct lth_fake *f, int slot, uint64_t delay_ns, uint32_t subscribe,
                     uint32_t a0, uint32_t a1, uint32_t a2)
{
    upcall_later(f, NULL, slot, delay_ns, subscribe, a0, a1, a2);
}

size_t lth_fake_call_count(const struct lth_fake *f)
{
    return f->calls->len;
}

const struct lth_call *lth_fake_call(const struct lth_fake *f, size_t i)
{
    return i < f->calls->len ? &g_array_index(f->calls, struct lth_call, i) : NULL;
}

void lth_fake_record(struct lth_fake *f, const void *bytes, size_t len)
{
    g_byte_array_append(f->written, bytes, (guint)len);
}

const uint8_t *lth_fake_written(const struct lth_fake *f, size_t *len)
{
    *len = f->written->len;
    return f->written->data;
}

static struct tk_process *process_at(struct lth_fake *f, int slot)
{
    return tk_kernel_process_at(f->world->kernel, (unsigned)slot);
}

struct tk_buffer lth_fake_allow_ro(struct lth_fake *f, int slot, unsigned number)
{
    struct tk_process *p = process_at(f, slot);
    return p != NULL ? tk_allow_ro_get(&f->driver, p, number) : (struct tk_buffer){NULL, 0};
}

struct tk_buffer lth_fake_allow_rw(struct lth_fake *f, int slot, unsigned number)
{
    struct tk_process *p = process_at(f, slot);
    return p != NULL ? tk_allow_rw_get(&f->driver, p, number) : (struct tk_buffer){NULL, 0};
}

static struct lth_fake *standard_fake(struct lth *t, uint32_t driver,
                                      const struct lth_fake_ops *ops, size_t ctx_size)
{
    void *ctx = calloc(1, ctx_size);
    ck_assert_ptr_nonnull(ctx);
    struct lth_fake *f = lth_fake_new(t, driver, ops, ctx);
    f->free_ctx = true;
    return f;
}

/* ---- console ------------------------------------------------------------------------ */

struct console_fake {
    GByteArray *input;
    bool reading;
    int read_slot;
    uint32_t read_len;
};

static void console_deliver(struct lth_fake *f)
{
    struct console_fake *c = f->ctx;
    struct tk_process *p = c->reading ? process_at(f, c->read_slot) : NULL;
    if (p == NULL || c->input == NULL || c->input->len < c->read_len)
        return;
    struct tk_buffer rw = tk_allow_rw_get(&f->driver, p, 1);
    size_t n = c->read_len < rw.len ? c->read_len : rw.len;
    memcpy(rw.ptr != NULL ? rw.ptr : c->input->data, c->input->data, n);
    g_byte_array_remove_range(c->input, 0, c->read_len);
    c->reading = false;
    tk_upcall_schedule(&f->driver, p, 2, 0, (uint32_t)n, 0);
}

static struct tk_cmd_return console_command(struct lth_fake *f, int slot, uint32_t command,
                                            uint32_t arg0, uint32_t arg1)
{
    (void)arg1;
    struct console_fake *c = f->ctx;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1: {
        struct tk_buffer ro = lth_fake_allow_ro(f, slot, 1);
        size_t n = arg0 < ro.len ? arg0 : ro.len;
        lth_fake_record(f, ro.ptr, n);
        lth_fake_upcall(f, slot, 0, 1, (uint32_t)n, 0, 0);
        return tk_cmd_success();
    }
    case 2:
        if (c->reading)
            return tk_cmd_failure(TK_BUSY);
        c->reading = true, c->read_slot = slot, c->read_len = arg0;
        console_deliver(f);
        return tk_cmd_success();
    case 3:
        if (c->reading)
            lth_fake_upcall(f, slot, 0, 2, TK_CANCEL, 0, 0);
        c->reading = false;
        return tk_cmd_success();
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct lth_fake_ops console_ops = {.name = "console",
                                                .upcall_count = 3,
                                                .allow_ro_count = 2,
                                                .allow_rw_count = 2,
                                                .command = console_command};

static void console_fini(void *ctx)
{
    struct console_fake *c = ctx;
    if (c->input != NULL)
        g_byte_array_unref(c->input);
}

struct lth_fake *lth_fake_console(struct lth *t)
{
    struct lth_fake *f =
        standard_fake(t, LTH_DRIVER_CONSOLE, &console_ops, sizeof(struct console_fake));
    f->fini = console_fini;
    return f;
}

void lth__fake_console_input(struct lth_fake *f, const uint8_t *bytes, size_t len)
{
    struct console_fake *c = f->ctx;
    if (c->input == NULL)
        c->input = g_byte_array_new();
    g_byte_array_append(c->input, bytes, (guint)len);
    console_deliver(f);
}

/* ---- alarm: 1 kHz ticks of the virtual clock --------------------------------------------- */

enum { ALARM_HZ = 1000 };

struct alarm_fake {
    struct {
        struct lth_timer *timer; /* the process's alarm, re-armed in place */
        uint32_t expiry;
    } slots[TK_MAX_PROCESSES];
};

static uint32_t alarm_now(struct lth_fake *f)
{
    return (uint32_t)(f->world->kernel->now_ns / (1000000000ull / ALARM_HZ));
}

static void alarm_fire(struct lth_timer *timer)
{
    struct alarm_fake *a = timer->fake->ctx;
    struct tk_process *p = process_at(timer->fake, timer->slot);
    if (p != NULL)
        tk_upcall_schedule(&timer->fake->driver, p, 0, alarm_now(timer->fake),
                           a->slots[timer->slot].expiry, 0);
}

static struct tk_cmd_return alarm_arm(struct lth_fake *f, int slot, uint32_t reference, uint32_t dt)
{
    struct alarm_fake *a = f->ctx;
    struct lth *t = f->world;
    uint32_t now = alarm_now(f), expiry = reference + dt;
    uint32_t left = (uint32_t)(now - reference) >= dt ? 0 : dt - (uint32_t)(now - reference);
    /* The tick boundary at or after now + left ticks. */
    uint64_t tick_ns = 1000000000ull / ALARM_HZ;
    uint64_t when = ((uint64_t)t->kernel->now_ns / tick_ns + left) * tick_ns;
    if (a->slots[slot].timer == NULL) {
        a->slots[slot].timer = lth__timer_new(t, when, alarm_fire);
        a->slots[slot].timer->fake = f;
        a->slots[slot].timer->slot = slot;
        a->slots[slot].timer->keep = true;
    } else {
        tk_deadline_arm(t->kernel, &a->slots[slot].timer->deadline,
                        when < t->kernel->now_ns ? t->kernel->now_ns : when);
    }
    a->slots[slot].expiry = expiry;
    return tk_cmd_success_u32(expiry);
}

static struct tk_cmd_return alarm_command(struct lth_fake *f, int slot, uint32_t command,
                                          uint32_t arg0, uint32_t arg1)
{
    struct alarm_fake *a = f->ctx;
    struct lth_timer *timer = a->slots[slot].timer;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success_u32(ALARM_HZ);
    case 2:
        return tk_cmd_success_u32(alarm_now(f));
    case 3:
        if (timer == NULL || !timer->deadline.armed)
            return tk_cmd_failure(TK_ALREADY);
        tk_deadline_disarm(f->world->kernel, &timer->deadline);
        return tk_cmd_success();
    case 5:
        return alarm_arm(f, slot, alarm_now(f), arg0);
    case 6:
        return alarm_arm(f, slot, arg0, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct lth_fake_ops alarm_ops = {
    .name = "alarm", .upcall_count = 1, .command = alarm_command};

struct lth_fake *lth_fake_alarm(struct lth *t)
{
    return standard_fake(t, LTH_DRIVER_ALARM, &alarm_ops, sizeof(struct alarm_fake));
}

/* ---- LEDs, buttons, GPIO ------------------------------------------------------------------- */

struct pins_fake {
    unsigned count;
    bool level[MAX_PINS];
    bool interrupt[MAX_PINS];
    uint32_t enabled[TK_MAX_PROCESSES]; /* buttons: bit map per slot */
};

static struct lth_fake *pins_fake(struct lth *t, uint32_t driver, const struct lth_fake_ops *ops,
                                  unsigned count)
{
    struct lth_fake *f = standard_fake(t, driver, ops, sizeof(struct pins_fake));
    struct pins_fake *pf = f->ctx;
    pf->count = count < MAX_PINS ? count : MAX_PINS;
    return f;
}

static struct tk_cmd_return led_command(struct lth_fake *f, int slot, uint32_t command,
                                        uint32_t index, uint32_t arg1)
{
    (void)slot, (void)arg1;
    struct pins_fake *pf = f->ctx;
    if (command == 0)
        return tk_cmd_success_u32(pf->count);
    if (command > 4)
        return tk_cmd_failure(TK_NOSUPPORT);
    if (index >= pf->count)
        return tk_cmd_failure(TK_INVAL);
    if (command == 4)
        return tk_cmd_success_u32(pf->level[index]);
    pf->level[index] = command == 1 ? true : command == 2 ? false : !pf->level[index];
    return tk_cmd_success();
}

static const struct lth_fake_ops led_ops = {.name = "led", .command = led_command};

struct lth_fake *lth_fake_led(struct lth *t, unsigned count)
{
    return pins_fake(t, LTH_DRIVER_LED, &led_ops, count);
}

bool lth__fake_led_is_on(struct lth_fake *f, unsigned index)
{
    struct pins_fake *pf = f->ctx;
    return index < pf->count && pf->level[index];
}

static struct tk_cmd_return button_command(struct lth_fake *f, int slot, uint32_t command,
                                           uint32_t index, uint32_t arg1)
{
    (void)arg1;
    struct pins_fake *pf = f->ctx;
    if (command == 0)
        return tk_cmd_success_u32(pf->count);
    if (command > 3)
        return tk_cmd_failure(TK_NOSUPPORT);
    if (index >= pf->count)
        return tk_cmd_failure(TK_INVAL);
    if (command == 3)
        return tk_cmd_success_u32(pf->level[index]);
    if (command == 1)
        pf->enabled[slot] |= 1u << index;
    else
        pf->enabled[slot] &= ~(1u << index);
    return tk_cmd_success();
}

static const struct lth_fake_ops button_ops = {
    .name = "button", .upcall_count = 1, .command = button_command};

struct lth_fake *lth_fake_button(struct lth *t, unsigned count)
{
    return pins_fake(t, LTH_DRIVER_BUTTON, &button_ops, count);
}

void lth__fake_button_press(struct lth_fake *f, unsigned index, bool pressed)
{
    struct pins_fake *pf = f->ctx;
    if (index >= pf->count)
        return;
    pf->level[index] = pressed;
    for (unsigned slot = 0; slot < TK_MAX_PROCESSES; slot++)
        if (pf->enabled[slot] & (1u << index))
            lth_fake_upcall(f, (int)slot, 0, 0, index, pressed, 0);
}

static struct tk_cmd_return gpio_command(struct lth_fake *f, int slot, uint32_t command,
                                         uint32_t pin, uint32_t arg1)
{
    (void)slot, (void)arg1;
    struct pins_fake *pf = f->ctx;
    if (command == 0)
        return tk_cmd_success();
    if (command == 10)
        return tk_cmd_success_u32(pf->count);
    if (command > 10)
        return tk_cmd_failure(TK_NOSUPPORT);
    if (pin >= pf->count)
        return tk_cmd_failure(TK_INVAL);
    switch (command) {
    case 2:
    case 3:
    case 4:
        pf->level[pin] = command == 2 ? true : command == 3 ? false : !pf->level[pin];
        return tk_cmd_success();
    case 6:
        return tk_cmd_success_u32(pf->level[pin]);
    case 7:
    case 8:
        pf->interrupt[pin] = command == 7;
        return tk_cmd_success();
    default: /* 1 output, 5 input, 9 deactivate: nothing to model */
        return tk_cmd_success();
    }
}

static const struct lth_fake_ops gpio_ops = {
    .name = "gpio", .upcall_count = 1, .command = gpio_command};

struct lth_fake *lth_fake_gpio(struct lth *t, unsigned count)
{
    return pins_fake(t, LTH_DRIVER_GPIO, &gpio_ops, count);
}

void lth__fake_gpio_input(struct lth_fake *f, unsigned pin, bool level)
{
    struct pins_fake *pf = f->ctx;
    if (pin >= pf->count || pf->level[pin] == level)
        return;
    pf->level[pin] = level;
    if (pf->interrupt[pin])
        lth_fake_upcall(f, -1, 0, 0, pin, level, 0);
}

/* ---- RNG ---------------------------------------------------------------------------------- */

struct rng_fake {
    uint8_t next;
};

static struct tk_cmd_return rng_command(struct lth_fake *f, int slot, uint32_t command, uint32_t n,
                                        uint32_t arg1)
{
    (void)arg1;
    struct rng_fake *r = f->ctx;
    if (command == 0)
        return tk_cmd_success();
    if (command != 1)
        return tk_cmd_failure(TK_NOSUPPORT);
    struct tk_buffer rw = lth_fake_allow_rw(f, slot, 0);
    size_t filled = n < rw.len ? n : rw.len;
    for (size_t i = 0; i < filled; i++)
        rw.ptr[i] = r->next++;
    lth_fake_upcall(f, slot, 0, 0, 0, (uint32_t)filled, 0);
    return tk_cmd_success();
}

static const struct lth_fake_ops rng_ops = {
    .name = "rng", .upcall_count = 1, .allow_rw_count = 1, .command = rng_command};

struct lth_fake *lth_fake_rng(struct lth *t)
{
    return standard_fake(t, LTH_DRIVER_RNG, &rng_ops, sizeof(struct rng_fake));
}

/* ---- key-value ----------------------------------------------------------------------------- */

static GBytes *buffer_bytes(struct tk_buffer b)
{
    return g_bytes_new(b.ptr, b.len);
}

static struct tk_cmd_return kv_command(struct lth_fake *f, int slot, uint32_t command,
                                       uint32_t arg0, uint32_t arg1)
{
    (void)arg0, (void)arg1;
    if (command == 0)
        return tk_cmd_success();
    if (command > 6)
        return tk_cmd_failure(TK_NOSUPPORT);
    GBytes *key = buffer_bytes(lth_fake_allow_ro(f, slot, 0));
    GBytes *stored = g_hash_table_lookup(f->kv, key);
    uint32_t status = 0, length = 0;
    switch (command) {
    case 1: { /* get */
        struct tk_buffer out = lth_fake_allow_rw(f, slot, 0);
        if (stored == NULL) {
            status = TK_NOSUPPORT;
            break;
        }
        size_t len = 0;
        const void *data = g_bytes_get_data(stored, &len);
        memcpy(out.ptr != NULL ? out.ptr : (uint8_t *)&length, data, len < out.len ? len : out.len);
        length = (uint32_t)len;
        status = len > out.len ? TK_SIZE : 0;
        break;
    }
    case 2:
    case 4:
    case 5: /* set, add (only if missing), update (only if present) */
        if ((command == 4 && stored != NULL) || (command == 5 && stored == NULL)) {
            status = TK_NOSUPPORT;
            break;
        }
        g_hash_table_replace(f->kv, g_bytes_ref(key), buffer_bytes(lth_fake_allow_ro(f, slot, 1)));
        break;
    case 3: /* delete */
        status = g_hash_table_remove(f->kv, key) ? 0 : TK_NOSUPPORT;
        break;
    default: /* 6: garbage collection has nothing to do */
        break;
    }
    g_bytes_unref(key);
    lth_fake_upcall(f, slot, 0, 0, status, length, 0);
    return tk_cmd_success();
}

static const struct lth_fake_ops kv_ops = {.name = "kv",
                                           .upcall_count = 1,
                                           .allow_ro_count = 2,
                                           .allow_rw_count = 1,
                                           .command = kv_command};

struct lth_fake *lth_fake_kv(struct lth *t)
{
    struct lth_fake *f = lth_fake_new(t, LTH_DRIVER_KV, &kv_ops, NULL);
    f->kv = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
                                  (GDestroyNotify)g_bytes_unref);
    return f;
}

/* ---- sensors: temperature, humidity, ambient light ------------------------------------------ */

struct sensor_fake {
    uint64_t latency_ns;
};

static struct tk_cmd_return sensor_command(struct lth_fake *f, int slot, uint32_t command,
                                           uint32_t arg0, uint32_t arg1)
{
    (void)f, (void)slot, (void)arg0, (void)arg1;
    /* Readings are scripted answers to command 1; none left is a FAIL. */
    if (command == 0)
        return tk_cmd_success();
    return tk_cmd_failure(command == 1 ? TK_FAIL : TK_NOSUPPORT);
}

static const struct lth_fake_ops sensor_ops = {
    .name = "sensor", .upcall_count = 1, .command = sensor_command};

struct lth_fake *lth_fake_sensor(struct lth *t, uint32_t driver)
{
    struct lth_fake *f = standard_fake(t, driver, &sensor_ops, sizeof(struct sensor_fake));
    ((struct sensor_fake *)f->ctx)->latency_ns = LTH_MS(1);
    return f;
}

void lth_sensor_push(struct lth_fake *f, uint32_t value)
{
    struct sensor_fake *s = f->ctx;
    lth_fake_answer_once_upcall(f, 1, tk_cmd_success(), s->latency_ns, 0, value, 0, 0);
}

void lth_sensor_push_error(struct lth_fake *f, enum tk_errorcode code)
{
    lth_fake_answer_once(f, 1, tk_cmd_failure(code));
}

void lth_sensor_set_latency(struct lth_fake *f, uint64_t ns)
{
    ((struct sensor_fake *)f->ctx)->latency_ns = ns;
}
