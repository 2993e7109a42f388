/* Pin model: LEDs, buttons and GPIO pins, their events and timed inputs.
 *
 * Owns every pin's state, the queue of scheduled inputs with its deadline,
 * the event log, and the command-line options of the pins (pins.h). The HIL
 * faces mirror tock/tock kernel/src/hil/gpio.rs and led.rs @65608d71 (LedHigh
 * over a GPIO pin).
 *
 * Interrupts: an edge caused by an input is reported to the pin's client at
 * once, from the deadline that applies the input (the model's interrupt
 * context), so a press and a release at the same instant are two reports
 * that each read their own level. An edge caused by a capsule's own pin call
 * (an output turned input, a pull changed) is reported from a deferred call,
 * never from inside that call. A change on a wire net refreshes every pin
 * of the net the same way (pins.h: what a wired pin senses).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_file.h"
#include "pins.h"

/* ---- pin state ------------------------------------------------------- */

/* A pin senses the wire when it is an input, or when its interrupt is on
 * even in low power (as an nRF52 GPIOTE channel takes the pin as an input),
 * so an app that enables an interrupt without cmd 5 still hears edges. */
static bool pin_is_sensing(const struct emu_pin *pin)
{
    return pin->config == TK_GPIO_CONFIG_INPUT ||
           (pin->config == TK_GPIO_CONFIG_LOW_POWER && pin->interrupt_enabled);
}

/* What the rest of the pin's net drives onto it: the outputs on it (low
 * wins), else an outside drive on any of its pins, the pin's own first. An
 * unwired pin's net is itself: its own outside drive. */
static enum emu_pin_drive pin_net_drive(const struct emu_pin *pin)
{
    enum emu_pin_drive outputs = EMU_PIN_FLOAT, outside = pin->drive;
    for (const struct emu_pin *q = pin->net; q != pin; q = q->net) {
        if (q->config == TK_GPIO_CONFIG_OUTPUT)
            outputs = outputs == EMU_PIN_LOW || !q->latch ? EMU_PIN_LOW : EMU_PIN_HIGH;
        else if (outside == EMU_PIN_FLOAT)
            outside = q->drive;
    }
    return outputs != EMU_PIN_FLOAT ? outputs : outside;
}

/* The pull on an undriven net: the pin's own, else another pin's. */
static enum tk_gpio_floating_state pin_net_pull(const struct emu_pin *pin)
{
    const struct emu_pin *q = pin;
    do {
        if (q->pull != TK_GPIO_PULL_NONE)
            return q->pull;
        q = q->net;
    } while (q != pin);
    return TK_GPIO_PULL_NONE;
}

static bool pin_compute_level(const struct emu_pin *pin)
{
    if (pin->config == TK_GPIO_CONFIG_OUTPUT)
        return pin->latch;
    if (!pin_is_sensing(pin))
        return false; /* input buffer off */
    enum emu_pin_drive drive = pin_net_drive(pin);
    if (drive != EMU_PIN_FLOAT)
        return drive == EMU_PIN_HIGH;
    return pin_net_pull(pin) == TK_GPIO_PULL_UP;
}

static void pins_log(struct emu_pins *m, struct emu_pins_event ev)
{
    if (m->events == NULL)
        m->events = g_new(struct emu_pins_event, EMU_PINS_EVENT_LOG);
    size_t slot = (m->event_first + m->event_count) % EMU_PINS_EVENT_LOG;
    m->events[slot] = ev;
    if (m->event_count < EMU_PINS_EVENT_LOG)
        m->event_count++;
    else
        m->event_first = (m->event_first + 1) % EMU_PINS_EVENT_LOG;
    m->events_total++;
    if (m->observer != NULL)
        m->observer(&ev, m->observer_ctx);
}

/* A change on `pin`: an input when `cause` is the outside's input that
 * made it, an output when NULL. */
static void pins_record(struct emu_pins *m, const struct emu_pin *pin, enum emu_pin_drive level,
                        const struct emu_pins_input *cause)
{
    pins_log(m, (struct emu_pins_event){
                    .time_ns = tk_kernel_now(m->kernel),
                    .kind = pin->kind,
                    .index = pin->index,
                    .level = level,
                    .input = cause != NULL,
                    .from_control_line = cause != NULL && cause->from_control_line,
                });
}

void emu_pins_report(struct emu_pins *m, enum emu_pin_kind kind, unsigned index, uint32_t value)
{
    pins_log(m, (struct emu_pins_event){
                    .time_ns = tk_kernel_now(m->kernel),
                    .kind = kind,
                    .index = index,
                    .level = value != 0 ? EMU_PIN_HIGH : EMU_PIN_LOW,
                    .value = value,
                });
}

static bool pin_edge_matches(const struct emu_pin *pin, bool level)
{
    switch (pin->edge) {
    case TK_GPIO_EDGE_RISING:
        return level;
    case TK_GPIO_EDGE_FALLING:
        return !level;
    case TK_GPIO_EDGE_EITHER:
        break;
    }
    return true;
}

/* Take in what the pin reads now; report an enabled edge. */
static void pin_sense(struct emu_pin *pin)
{
    struct emu_pins *m = pin->model;
    bool level = pin_compute_level(pin);
    if (level == pin->level)
        return;
    pin->level = level;
    if (!pin_is_sensing(pin) || !pin->interrupt_enabled || pin->gpio.client == NULL ||
        !pin_edge_matches(pin, level))
        return;
    if (m->in_interrupt) {
        pin->gpio.client->fired(pin->gpio.client, pin->gpio.value);
    } else {
        pin->interrupt_pending = true;
        tk_deferred_call_schedule(m->kernel, &m->deferred);
    }
}

/* After any change to a pin: record a change of what it drives (an LED's
 * event says lit or dark, whatever its polarity), and let every pin of its
 * net sense the change. */
static void pin_refresh(struct emu_pin *pin)
{
    enum emu_pin_drive driven = pin->config == TK_GPIO_CONFIG_OUTPUT
                                    ? (pin->latch ? EMU_PIN_HIGH : EMU_PIN_LOW)
                                    : EMU_PIN_FLOAT;
    if (driven != pin->driven) {
        pin->driven = driven;
        bool dark_high = pin->kind == EMU_PIN_LED && pin->active_low;
        pins_record(pin->model, pin,
                    dark_high ? (driven == EMU_PIN_HIGH ? EMU_PIN_LOW : EMU_PIN_HIGH) : driven,
                    NULL);
    }
    struct emu_pin *q = pin;
    do {
        pin_sense(q);
        q = q->net;
    } while (q != pin);
}

/* Edges seen during capsule calls, reported in pin order. */
static void pins_deferred(struct tk_deferred_call *dc)
{
    struct emu_pins *m = dc->owner;
    struct emu_pin *groups[] = {m->buttons, m->gpio};
    unsigned counts[] = {m->button_count, m->gpio_count};

    for (unsigned g = 0; g < 2; g++) {
        for (unsigned i = 0; i < counts[g]; i++) {
            struct emu_pin *pin = &groups[g][i];
            if (!pin->interrupt_pending)
                continue;
            pin->interrupt_pending = false;
            /* Disabled since the edge: Tock's pending bit is cleared too. */
            if (pin->interrupt_enabled && pin->gpio.client != NULL)
                pin->gpio.client->fired(pin->gpio.client, pin->gpio.value);
        }
    }
}

/* ---- the GPIO HIL face ----------------------------------------------- */

static struct emu_pin *gpio_pin(struct tk_gpio_pin *hil)
{
    return hil->state;
}

static enum tk_gpio_configuration pin_make_output(struct tk_gpio_pin *hil)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin->config = TK_GPIO_CONFIG_OUTPUT;
    pin_refresh(pin);
    return pin->config;
}

static enum tk_gpio_configuration pin_make_input(struct tk_gpio_pin *hil)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin->config = TK_GPIO_CONFIG_INPUT;
    pin_refresh(pin);
    return pin->config;
}

static void pin_deactivate(struct tk_gpio_pin *hil)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin->config = TK_GPIO_CONFIG_LOW_POWER;
    pin_refresh(pin);
}

static void pin_set_floating_state(struct tk_gpio_pin *hil, enum tk_gpio_floating_state state)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin->pull = state;
    pin_refresh(pin);
}

static enum tk_gpio_configuration pin_configuration(struct tk_gpio_pin *hil)
{
    return gpio_pin(hil)->config;
}

static void pin_write(struct emu_pin *pin, bool latch)
{
    pin->latch = latch;
    pin_refresh(pin);
}

static void pin_set(struct tk_gpio_pin *hil)
{
    pin_write(gpio_pin(hil), true);
}

static void pin_clear(struct tk_gpio_pin *hil)
{
    pin_write(gpio_pin(hil), false);
}

static bool pin_toggle(struct tk_gpio_pin *hil)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin_write(pin, !pin->latch);
    return pin->latch;
}

static bool pin_read(struct tk_gpio_pin *hil)
{
    return gpio_pin(hil)->level;
}

static int pin_enable_interrupts(struct tk_gpio_pin *hil, enum tk_gpio_interrupt_edge edge)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin->interrupt_enabled = true;
    pin->edge = edge;
    /* A low-power pin starts sensing now; that is no edge. */
    pin->level = pin_compute_level(pin);
    return 0;
}

static void pin_disable_interrupts(struct tk_gpio_pin *hil)
{
    struct emu_pin *pin = gpio_pin(hil);
    pin->interrupt_enabled = false;
    pin->interrupt_pending = false;
    pin->level = pin_compute_level(pin);
}

static const struct tk_gpio_pin_ops pin_gpio_ops = {
    .make_output = pin_make_output,
    .make_input = pin_make_input,
    .deactivate_to_low_power = pin_deactivate,
    .set_floating_state = pin_set_floating_state,
    .configuration = pin_configuration,
    .set = pin_set,
    .clear = pin_clear,
    .toggle = pin_toggle,
    .read = pin_read,
    .enable_interrupts = pin_enable_interrupts,
    .disable_interrupts = pin_disable_interrupts,
};

/* ---- the LED HIL face: Tock's LedHigh or LedLow over the pin ---------- */

static struct emu_pin *led_pin(struct tk_led *led)
{
    return led->state;
}

static void led_on(struct tk_led *led)
{
    struct emu_pin *pin = led_pin(led);
    pin_write(pin, !pin->active_low);
}

static void led_off(struct tk_led *led)
{
    struct emu_pin *pin = led_pin(led);
    pin_write(pin, pin->active_low);
}

static void led_init(struct tk_led *led)
{
    (void)pin_make_output(&led_pin(led)->gpio);
    led_off(led);
}

static void led_toggle(struct tk_led *led)
{
    (void)pin_toggle(&led_pin(led)->gpio);
}

static bool led_read(struct tk_led *led)
{
    struct emu_pin *pin = led_pin(led);
    return pin->level != pin->active_low;
}

static const struct tk_led_ops pin_led_ops = {
    .init = led_init,
    .on = led_on,
    .off = led_off,
    .toggle = led_toggle,
    .read = led_read,
};

/* ---- scheduled inputs ------------------------------------------------ */

static struct emu_pin *pins_input_pin(struct emu_pins *m, enum emu_pin_kind kind, unsigned index)
{
    if (kind == EMU_PIN_BUTTON && index < m->button_count)
        return &m->buttons[index];
    if (kind == EMU_PIN_GPIO && index < m->gpio_count)
        return &m->gpio[index];
    return NULL;
}

_Static_assert(offsetof(struct emu_pins_input, at_ns) == 0, "a timed-input queue element");

static uint64_t queue_at_ns(GArray *queue, guint i)
{
    uint64_t at_ns;
    memcpy(&at_ns, queue->data + (size_t)i * g_array_get_element_size(queue), sizeof at_ns);
    return at_ns;
}

guint emu_pins_queue_insert(GArray *queue, const void *item)
{
    uint64_t at_ns;
    memcpy(&at_ns, item, sizeof at_ns);
    guint at = queue->len;
    while (at > 0 && queue_at_ns(queue, at - 1) > at_ns)
        at--;
    g_array_insert_vals(queue, at, item, 1);
    return at;
}

void emu_pins_queue_arm(GArray *queue, struct tk_kernel *k, struct tk_deadline *dl)
{
    if (queue->len == 0) {
        tk_deadline_disarm(k, dl); /* harmless when not armed */
        return;
    }
    uint64_t when = queue_at_ns(queue, 0), now = tk_kernel_now(k);
    tk_deadline_arm(k, dl, when > now ? when : now); /* re-arms if armed */
}

/* What a button drives when pressed or released: an active-high one is
 * driven high or low; an active-low one is shorted to ground or left to its
 * pull-up. */
static enum emu_pin_drive button_drive(const struct emu_pin *pin, bool pressed)
{
    if (pin->active_low)
        return pressed ? EMU_PIN_LOW : EMU_PIN_FLOAT;
    return pressed ? EMU_PIN_HIGH : EMU_PIN_LOW;
}

static void pins_apply(struct emu_pins *m, const struct emu_pins_input *in)
{
    struct emu_pin *pin = pins_input_pin(m, in->kind, in->index);
    enum emu_pin_drive drive =
        in->kind == EMU_PIN_BUTTON ? button_drive(pin, in->level == EMU_PIN_HIGH) : in->level;
    if (pin->drive == drive)
        return;
    pin->drive = drive;
    pins_record(m, pin, in->level, in); /* a button's: pressed (HIGH) or released */
    pin_refresh(pin);
}

/* The deadline: apply every input that is due, in order, as interrupts. */
static void pins_fire(struct tk_deadline *dl)
{
    struct emu_pins *m = dl->owner;
    uint64_t now = tk_kernel_now(m->kernel);

    m->in_interrupt = true;
    while (m->pending->len > 0) {
        struct emu_pins_input in = g_array_index(m->pending, struct emu_pins_input, 0);
        if (in.at_ns > now)
            break;
        g_array_remove_index(m->pending, 0);
        pins_apply(m, &in);
    }
    m->in_interrupt = false;
    emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

int emu_pins_schedule(struct emu_pins *m, const struct emu_pins_input *in)
{
    if (pins_input_pin(m, in->kind, in->index) == NULL || in->level > EMU_PIN_FLOAT ||
        (in->kind == EMU_PIN_BUTTON && in->level == EMU_PIN_FLOAT))
        return -EINVAL;
    if (emu_pins_queue_insert(m->pending, in) == 0)
        emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
    return 0;
}

int emu_pins_press(struct emu_pins *m, unsigned button, uint64_t press_ns, uint64_t release_ns)
{
    if (button >= m->button_count || release_ns < press_ns)
        return -EINVAL;
    struct emu_pins_input in = {press_ns,     EMU_PIN_BUTTON,   button,
                                EMU_PIN_HIGH, "emu_pins_press", false};
    (void)emu_pins_schedule(m, &in);
    in.at_ns = release_ns;
    in.level = EMU_PIN_LOW;
    return emu_pins_schedule(m, &in);
}

int emu_pins_set_input(struct emu_pins *m, unsigned pin, enum emu_pin_drive level, uint64_t at_ns)
{
    struct emu_pins_input in = {at_ns, EMU_PIN_GPIO, pin, level, "emu_pins_set_input", false};
    return emu_pins_schedule(m, &in);
}

static int scenario_words(const char *name, unsigned line, uint64_t at_ns, char *text, GArray *out,
                          const char *others, struct emu_err *err);

int emu_pins_command_action(struct tk_kernel *k, const char *text,
                            int (*action)(void *options, const char *origin, uint64_t at_ns,
                                          const char *rest, struct emu_err *err),
                            void *options, struct emu_err *err)
{
    char *line = g_strstrip(g_strdup(text));
    uint64_t at_ns;
    const char *rest;
    emu_pins_split_time(line, tk_kernel_now(k), &at_ns, &rest);
    char origin[96];
    snprintf(origin, sizeof origin, "input '%s'", line);
    int rc = action(options, origin, at_ns, rest, err);
    g_free(line);
    return rc;
}

int emu_pins_command(struct emu_pins *m, const char *text, struct emu_err *err)
{
    /* The scenario grammar; without a leading time the input is for now. */
    char *line = g_strstrip(g_strdup(text));
    uint64_t at_ns;
    const char *rest;
    emu_pins_split_time(line, tk_kernel_now(m->kernel), &at_ns, &rest);
    GArray *parsed = g_array_new(FALSE, FALSE, sizeof(struct emu_pins_input));
    int rc = scenario_words("input", 1, at_ns, (char *)rest, parsed, NULL, err);
    if (rc == 0) {
        struct emu_pins_input *in = &g_array_index(parsed, struct emu_pins_input, 0);
        snprintf(in->origin, sizeof in->origin, "input '%s'", text);
        in->from_control_line = true;
        rc = emu_pins_schedule(m, in);
        if (rc < 0)
            emu_err_set(err, "input '%s': no %s %u", text,
                        in->kind == EMU_PIN_BUTTON ? "button" : "GPIO pin", in->index);
    }
    g_array_free(parsed, TRUE);
    g_free(line);
    return rc;
}

uint64_t emu_pins_next_deadline(const struct emu_pins *m)
{
    return m->deadline.armed ? m->deadline.when_ns : TK_NO_DEADLINE;
}

/* ---- life cycle and accessors ---------------------------------------- */

static void pin_init(struct emu_pins *m, struct emu_pin *pin, enum emu_pin_kind kind,
                     unsigned index, bool active_low)
{
    *pin = (struct emu_pin){
        .gpio = {.ops = &pin_gpio_ops, .state = pin},
        .led = {.ops = &pin_led_ops, .state = pin},
        .model = m,
        .kind = kind,
        .index = index,
        .config = TK_GPIO_CONFIG_LOW_POWER,
        .pull = TK_GPIO_PULL_NONE,
        .drive = EMU_PIN_FLOAT,
        .driven = EMU_PIN_FLOAT,
        .edge = TK_GPIO_EDGE_EITHER,
        .active_low = active_low,
        .net = pin,
    };
    if (kind == EMU_PIN_LED) { /* dark */
        pin->config = TK_GPIO_CONFIG_OUTPUT;
        pin->latch = active_low;
        pin->level = active_low;
        pin->driven = active_low ? EMU_PIN_HIGH : EMU_PIN_LOW;
    } else if (kind == EMU_PIN_BUTTON) { /* released */
        pin->config = TK_GPIO_CONFIG_INPUT;
        pin->drive = button_drive(pin, false);
    }
}

static struct emu_pin *pins_group(struct emu_pins *m, enum emu_pin_kind kind, unsigned *count)
{
    switch (kind) {
    case EMU_PIN_LED:
        *count = m->led_count;
        return m->leds;
    case EMU_PIN_BUTTON:
        *count = m->button_count;
        return m->buttons;
    default:
        *count = m->gpio_count;
        return m->gpio;
    }
}

/* Join the nets of a and b (rings through `net`), unless they are one. */
static void pins_join(struct emu_pin *a, struct emu_pin *b)
{
    for (struct emu_pin *q = a->net; q != a; q = q->net)
        if (q == b)
            return;
    if (b == a)
        return;
    struct emu_pin *after_a = a->net;
    a->net = b->net;
    b->net = after_a;
}

static const char *pin_kind_name(enum emu_pin_kind kind, bool plural)
{
    switch (kind) {
    case EMU_PIN_LED:
        return plural ? "LEDs" : "LED";
    case EMU_PIN_BUTTON:
        return plural ? "buttons" : "button";
    default:
        return plural ? "GPIO pins" : "GPIO pin";
    }
}

static int pins_check_options(const struct emu_pins_options *o, struct emu_err *err)
{
    if (o->leds > EMU_PINS_MAX || o->buttons > EMU_PINS_MAX || o->gpio_pins > EMU_PINS_MAX) {
        emu_err_set(err, "pins: %u LEDs, %u buttons, %u GPIO pins: at most %d of each", o->leds,
                    o->buttons, o->gpio_pins, EMU_PINS_MAX);
        return -EINVAL;
    }
    for (guint i = 0; o->inputs != NULL && i < o->inputs->len; i++) {
        const struct emu_pins_input *in = &g_array_index(o->inputs, struct emu_pins_input, i);
        bool button = in->kind == EMU_PIN_BUTTON;
        unsigned count = button ? o->buttons : o->gpio_pins;
        if (in->index >= count) {
            emu_err_set(err, "%s: no %s %u (%u %s)", in->origin, button ? "button" : "GPIO pin",
                        in->index, count, button ? "buttons" : "GPIO pins");
            return -EINVAL;
        }
    }
    for (guint i = 0; o->wires != NULL && i < o->wires->len; i++) {
        const struct emu_pins_wire *w = &g_array_index(o->wires, struct emu_pins_wire, i);
        for (unsigned end = 0; end < 2; end++) {
            unsigned count = w->kind[end] == EMU_PIN_LED      ? o->leds
                             : w->kind[end] == EMU_PIN_BUTTON ? o->buttons
                                                              : o->gpio_pins;
            if (w->index[end] >= count) {
                emu_err_set(err, "%s: no %s %u (%u %s)", w->origin,
                            pin_kind_name(w->kind[end], false), w->index[end], count,
                            pin_kind_name(w->kind[end], true));
                return -EINVAL;
            }
        }
    }
    return 0;
}

int emu_pins_init(struct emu_pins *m, struct tk_kernel *k, const struct emu_pins_options *o,
                  struct emu_err *err)
{
    struct emu_pins_options defaults;
    emu_pins_options_init(&defaults);
    if (o == NULL)
        o = &defaults;
    int rc = pins_check_options(o, err);
    if (rc < 0)
        goto done;

    memset(m, 0, sizeof *m);
    m->kernel = k;
    m->led_count = o->leds;
    m->button_count = o->buttons;
    m->gpio_count = o->gpio_pins;
    for (unsigned i = 0; i < EMU_PINS_MAX; i++) {
        pin_init(m, &m->leds[i], EMU_PIN_LED, i, o->leds_active_low);
        pin_init(m, &m->buttons[i], EMU_PIN_BUTTON, i, o->buttons_active_low);
        pin_init(m, &m->gpio[i], EMU_PIN_GPIO, i, false);
    }
    for (guint i = 0; o->wires != NULL && i < o->wires->len; i++) {
        const struct emu_pins_wire *w = &g_array_index(o->wires, struct emu_pins_wire, i);
        unsigned count;
        struct emu_pin *a = &pins_group(m, w->kind[0], &count)[w->index[0]];
        struct emu_pin *b = &pins_group(m, w->kind[1], &count)[w->index[1]];
        pins_join(a, b);
    }
    /* What each pin reads with its wires (no interrupt is on yet). */
    for (unsigned i = 0; i < EMU_PINS_MAX; i++) {
        m->leds[i].level = pin_compute_level(&m->leds[i]);
        m->buttons[i].level = pin_compute_level(&m->buttons[i]);
        m->gpio[i].level = pin_compute_level(&m->gpio[i]);
    }
    m->pending = g_array_new(FALSE, FALSE, sizeof(struct emu_pins_input));
    m->deadline = (struct tk_deadline){.fire = pins_fire, .owner = m};
    m->deferred = (struct tk_deferred_call){.fn = pins_deferred, .owner = m};
    for (guint i = 0; o->inputs != NULL && i < o->inputs->len; i++)
        (void)emu_pins_schedule(m, &g_array_index(o->inputs, struct emu_pins_input, i));
done:
    emu_pins_options_fini(&defaults);
    return rc;
}

void emu_pins_fini(struct emu_pins *m)
{
    if (m->deadline.armed)
        tk_deadline_disarm(m->kernel, &m->deadline);
    g_array_free(m->pending, TRUE);
    m->pending = NULL;
    g_free(m->events);
    m->events = NULL;
}

enum tk_gpio_activation_mode emu_pins_button_activation(const struct emu_pins *m, unsigned index)
{
    return index < m->button_count && m->buttons[index].active_low ? TK_GPIO_ACTIVE_LOW
                                                                   : TK_GPIO_ACTIVE_HIGH;
}

enum tk_gpio_floating_state emu_pins_button_pull(const struct emu_pins *m, unsigned index)
{
    return index < m->button_count && m->buttons[index].active_low ? TK_GPIO_PULL_UP
                                                                   : TK_GPIO_PULL_DOWN;
}

struct tk_led *emu_pins_led(struct emu_pins *m, unsigned index)
{
    return index < m->led_count ? &m->leds[index].led : NULL;
}

struct tk_gpio_pin *emu_pins_button(struct emu_pins *m, unsigned index)
{
    return index < m->button_count ? &m->buttons[index].gpio : NULL;
}

struct tk_gpio_pin *emu_pins_gpio(struct emu_pins *m, unsigned index)
{
    return index < m->gpio_count ? &m->gpio[index].gpio : NULL;
}

/* ---- events ---------------------------------------------------------- */

void emu_pins_set_observer(struct emu_pins *m, emu_pins_observer_fn fn, void *ctx)
{
    m->observer = fn;
    m->observer_ctx = ctx;
}

size_t emu_pins_event_count(const struct emu_pins *m)
{
    return m->event_count;
}

const struct emu_pins_event *emu_pins_event_at(const struct emu_pins *m, size_t i)
{
    if (i >= m->event_count)
        return NULL;
    return &m->events[(m->event_first + i) % EMU_PINS_EVENT_LOG];
}

int emu_pins_event_scenario_line(const struct emu_pins_event *ev, char *buf, size_t len)
{
    static const char *const levels[] = {"low", "high", "float"};
    if (!ev->input || ev->kind == EMU_PIN_LED || ev->level > EMU_PIN_FLOAT)
        return -EINVAL;
    if (ev->kind == EMU_PIN_BUTTON)
        return snprintf(buf, len, "%" G_GUINT64_FORMAT "ns %s %u", ev->time_ns,
                        ev->level == EMU_PIN_HIGH ? "press" : "release", ev->index);
    return snprintf(buf, len, "%" G_GUINT64_FORMAT "ns gpio %u %s", ev->time_ns, ev->index,
                    levels[ev->level]);
}

int emu_pins_event_format(const struct emu_pins_event *ev, char *buf, size_t len)
{
    static const char *const levels[] = {"low", "high", "float"};
    const char *level = ev->level <= EMU_PIN_FLOAT ? levels[ev->level] : "?";

    switch (ev->kind) {
    case EMU_PIN_LED:
        return snprintf(buf, len, "led %u %s", ev->index, ev->level == EMU_PIN_HIGH ? "on" : "off");
    case EMU_PIN_BUTTON:
        return snprintf(buf, len, "button %u %s", ev->index,
                        ev->level == EMU_PIN_HIGH ? "pressed" : "released");
    case EMU_PIN_BUZZER:
        if (ev->value == 0)
            return snprintf(buf, len, "buzzer %u off", ev->index);
        return snprintf(buf, len, "buzzer %u tone %" PRIu32 " Hz", ev->index, ev->value);
    case EMU_PIN_SERVO:
        return snprintf(buf, len, "servo %u angle %" PRIu32, ev->index, ev->value);
    case EMU_PIN_GPIO:
        break;
    }
    return snprintf(buf, len, "gpio %u %s %s", ev->index, ev->input ? "input" : "output", level);
}

/* ---- options: --press, scenario files, counts ------------------------ */

void emu_pins_options_init(struct emu_pins_options *o)
{
    *o = (struct emu_pins_options){
        .leds = EMU_PINS_DEFAULT_LEDS,
        .buttons = EMU_PINS_DEFAULT_BUTTONS,
        .gpio_pins = EMU_PINS_DEFAULT_GPIO_PINS,
        .inputs = g_array_new(FALSE, FALSE, sizeof(struct emu_pins_input)),
        .wires = g_array_new(FALSE, FALSE, sizeof(struct emu_pins_wire)),
    };
}

void emu_pins_options_name_actions(struct emu_pins_options *o, const char *names)
{
    size_t used = strlen(o->other_action_names);
    snprintf(o->other_action_names + used, sizeof o->other_action_names - used, "%s%s",
             used > 0 ? ", " : "", names);
}

void emu_pins_options_fini(struct emu_pins_options *o)
{
    if (o->inputs != NULL)
        g_array_free(o->inputs, TRUE);
    o->inputs = NULL;
    if (o->wires != NULL)
        g_array_free(o->wires, TRUE);
    o->wires = NULL;
}

/* Decimal digits [text, end) into *out, or false (empty, non-digit,
 * overflow past `max`). */
static bool parse_decimal(const char *text, const char *end, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    if (text == end)
        return false;
    for (const char *c = text; c < end; c++) {
        if (*c < '0' || *c > '9')
            return false;
        unsigned digit = (unsigned)(*c - '0');
        if (value > (max - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}

static bool parse_index(const char *text, unsigned *out)
{
    uint64_t value;
    if (!parse_decimal(text, text + strlen(text), 1000000, &value))
        return false;
    *out = (unsigned)value;
    return true;
}

/* One end of a wire: "3", "gpio3", "led0", "button2". */
static bool parse_wire_end(const char *text, enum emu_pin_kind *kind, unsigned *index)
{
    static const struct {
        const char *prefix;
        enum emu_pin_kind kind;
    } kinds[] = {{"gpio", EMU_PIN_GPIO}, {"led", EMU_PIN_LED}, {"button", EMU_PIN_BUTTON}};
    *kind = EMU_PIN_GPIO;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t len = strlen(kinds[k].prefix);
        if (strncmp(text, kinds[k].prefix, len) == 0) {
            *kind = kinds[k].kind;
            text += len;
            break;
        }
    }
    uint64_t value;
    if (!parse_decimal(text, text + strlen(text), EMU_PINS_MAX - 1, &value))
        return false;
    *index = (unsigned)value;
    return true;
}

int emu_pins_options_add_wire(struct emu_pins_options *o, const char *origin, const char *text,
                              struct emu_err *err)
{
    struct emu_pins_wire w = {0};
    snprintf(w.origin, sizeof w.origin, "%s", origin);
    const char *dash = strchr(text, '-');
    char *first = dash != NULL ? g_strndup(text, (size_t)(dash - text)) : NULL;
    bool ok = dash != NULL && parse_wire_end(first, &w.kind[0], &w.index[0]) &&
              parse_wire_end(dash + 1, &w.kind[1], &w.index[1]);
    g_free(first);
    if (!ok) {
        emu_err_set(err,
                    "%s: expected A-B, each a GPIO pin number or gpioN, ledN, buttonN (N < %d): "
                    "'0-1', 'led0-gpio6'",
                    origin, EMU_PINS_MAX);
        return -EINVAL;
    }
    if (w.kind[0] == w.kind[1] && w.index[0] == w.index[1]) {
        emu_err_set(err, "%s: a wire joins two different pins", origin);
        return -EINVAL;
    }
    g_array_append_val(o->wires, w);
    return 0;
}

bool emu_pins_split_time(const char *line, uint64_t default_ns, uint64_t *at_ns, const char **rest)
{
    size_t time_len = strcspn(line, " \t");
    char *time = g_strndup(line, time_len);
    bool timed = emu_pins_parse_time(time, at_ns) == 0; /* untouched on failure */
    g_free(time);
    if (!timed) {
        *at_ns = default_ns;
        *rest = line;
        return false;
    }
    *rest = line + time_len + strspn(line + time_len, " \t");
    return true;
}

int emu_pins_parse_time(const char *text, uint64_t *ns)
{
    static const struct {
        const char *suffix;
        uint64_t scale;
        unsigned decimals; /* fraction digits a nanosecond allows */
    } units[] = {{"ns", 1, 0}, {"us", 1000, 3}, {"ms", 1000000, 6}, {"s", 1000000000, 9}};
    const char *end = text;
    while (*end >= '0' && *end <= '9')
        end++;
    const char *fraction = *end == '.' ? end + 1 : NULL, *unit = end;
    if (fraction != NULL)
        for (unit = fraction; *unit >= '0' && *unit <= '9'; unit++)
            ;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (strcmp(unit, units[u].suffix) != 0)
            continue;
        uint64_t whole, part = 0;
        size_t digits = fraction != NULL ? (size_t)(unit - fraction) : 0;
        /* "1.5s", "250us", "0.000001s": one parser for every time; a
         * fraction finer than a nanosecond or an empty one is refused. */
        if (end == text || (fraction != NULL && (digits == 0 || digits > units[u].decimals)))
            return -EINVAL;
        if (!parse_decimal(text, end, UINT64_MAX / units[u].scale, &whole))
            return -ERANGE;
        if (digits > 0) {
            parse_decimal(fraction, unit, UINT64_MAX, &part);
            for (size_t d = digits; d < units[u].decimals; d++)
                part *= 10;
            if (whole * units[u].scale > UINT64_MAX - part)
                return -ERANGE;
        }
        *ns = whole * units[u].scale + part;
        return 0;
    }
    return -EINVAL;
}

int emu_pins_options_add_press(struct emu_pins_options *o, const char *arg, struct emu_err *err)
{
    const char *at = strchr(arg, '@');
    const char *plus = at != NULL ? strchr(at, '+') : NULL;
    uint64_t button, press_ns, hold_ns = EMU_PINS_DEFAULT_HOLD_NS;
    int rc = -EINVAL;

    char *time = at != NULL
                     ? g_strndup(at + 1, plus != NULL ? (size_t)(plus - at - 1) : strlen(at + 1))
                     : NULL;
    if (at == NULL || !parse_decimal(arg, at, 1000000, &button) ||
        (rc = emu_pins_parse_time(time, &press_ns)) < 0 ||
        (plus != NULL && (rc = emu_pins_parse_time(plus + 1, &hold_ns)) < 0)) {
        emu_err_set(err,
                    "--press %s: expected BUTTON@TIME[+HOLD] with times like 150ms "
                    "(units ns, us, ms, s)%s",
                    arg, rc == -ERANGE ? ": time out of range" : "");
        g_free(time);
        return -EINVAL;
    }
    g_free(time);
    if (press_ns > UINT64_MAX - hold_ns) {
        emu_err_set(err, "--press %s: time out of range", arg);
        return -EINVAL;
    }

    struct emu_pins_input in = {press_ns, EMU_PIN_BUTTON, (unsigned)button, EMU_PIN_HIGH,
                                "",       false};
    snprintf(in.origin, sizeof in.origin, "--press %s", arg);
    g_array_append_val(o->inputs, in);
    in.at_ns = press_ns + hold_ns;
    in.level = EMU_PIN_LOW;
    g_array_append_val(o->inputs, in);
    return 0;
}

/* The words after TIME of a scenario line (`text`, cut up in place) into
 * one input at `at_ns`: "press N", "release N" or "gpio N high|low|float". */
static int scenario_words(const char *name, unsigned line, uint64_t at_ns, char *text, GArray *out,
                          const char *others, struct emu_err *err)
{
    char *save = NULL;
    char *words[4] = {NULL};
    unsigned count = 0;
    for (char *w = strtok_r(text, " \t", &save); w != NULL; w = strtok_r(NULL, " \t", &save))
        if (count < 4)
            words[count++] = w;
        else
            count++;

    struct emu_pins_input in = {.at_ns = at_ns};
    snprintf(in.origin, sizeof in.origin, "%s:%u", name, line);
    const char *action = count > 0 ? words[0] : "";
    bool press = strcmp(action, "press") == 0, release = strcmp(action, "release") == 0;
    bool gpio = strcmp(action, "gpio") == 0;
    if (!press && !release && !gpio) {
        /* Every valid action, the other models' too (`others`), the last
         * after "or". */
        char all[160];
        snprintf(all, sizeof all, "press, release, gpio%s%s",
                 others != NULL && *others != '\0' ? ", " : "", others != NULL ? others : "");
        const char *last = g_strrstr(all, ", ");
        emu_err_set(err, "%s:%u: unknown action '%s' (expected %.*s or %s)", name, line, action,
                    (int)(last - all), all, last + 2);
        return -EINVAL;
    }
    if (count != (gpio ? 3u : 2u) || !parse_index(words[1], &in.index)) {
        emu_err_set(err, "%s:%u: expected '%s'", name, line,
                    gpio ? "TIME gpio PIN high|low|float"
                         : (press ? "TIME press BUTTON" : "TIME release BUTTON"));
        return -EINVAL;
    }
    in.kind = gpio ? EMU_PIN_GPIO : EMU_PIN_BUTTON;
    in.level = press ? EMU_PIN_HIGH : EMU_PIN_LOW;
    if (gpio) {
        static const char *const levels[] = {"low", "high", "float"};
        unsigned l = 0;
        while (l < 3 && strcmp(words[2], levels[l]) != 0)
            l++;
        if (l == 3) {
            emu_err_set(err, "%s:%u: bad level '%s' (expected high, low or float)", name, line,
                        words[2]);
            return -EINVAL;
        }
        in.level = (enum emu_pin_drive)l;
    }
    g_array_append_val(out, in);
    return 0;
}

/* One scenario line, comments and surrounding blanks already removed:
 * "TIME press N", "TIME release N" or "TIME gpio N high|low|float". */
static int scenario_line(const char *name, unsigned line, char *text, GArray *out,
                         const char *others, struct emu_err *err)
{
    uint64_t at_ns;
    const char *rest;
    if (!emu_pins_split_time(text, 0, &at_ns, &rest)) {
        emu_err_set(err, "%s:%u: bad time '%.*s' (expected a number with unit ns, us, ms or s)",
                    name, line, (int)strcspn(text, " \t"), text);
        return -EINVAL;
    }
    return scenario_words(name, line, at_ns, (char *)rest, out, others, err);
}

/* Offer a line whose time parses to o->other_action; -ENOENT if there is
 * none or the action is not its own (scenario_line then takes the line). */
static int scenario_other_action(const struct emu_pins_options *o, const char *name, unsigned line,
                                 const char *text, struct emu_err *err)
{
    uint64_t at_ns;
    const char *rest;
    if (o->other_action == NULL || !emu_pins_split_time(text, 0, &at_ns, &rest))
        return -ENOENT;
    char origin[96];
    snprintf(origin, sizeof origin, "%s:%u", name, line);
    int rc = o->other_action(o->other_ctx, origin, at_ns, rest, err);
    if (rc == 0 && o->on_other_line != NULL)
        o->on_other_line(at_ns, rest, o->on_other_line_ctx);
    return rc;
}

int emu_pins_options_add_scenario(struct emu_pins_options *o, const char *name, const char *text,
                                  struct emu_err *err)
{
    GArray *parsed = g_array_new(FALSE, FALSE, sizeof(struct emu_pins_input));
    gchar **lines = g_strsplit(text, "\n", -1);
    int rc = 0;

    for (unsigned i = 0; lines[i] != NULL && rc == 0; i++) {
        char *hash = strchr(lines[i], '#');
        if (hash != NULL)
            *hash = '\0';
        char *line = g_strstrip(lines[i]); /* also drops a '\r' */
        if (*line == '\0')
            continue;
        rc = scenario_other_action(o, name, i + 1, line, err);
        if (rc == -ENOENT)
            rc = scenario_line(name, i + 1, line, parsed,
                               o->other_action != NULL ? o->other_action_names : NULL, err);
    }
    if (rc == 0)
        g_array_append_vals(o->inputs, parsed->data, parsed->len);
    g_strfreev(lines);
    g_array_free(parsed, TRUE);
    return rc;
}

int emu_pins_options_load_scenario(struct emu_pins_options *o, const char *path,
                                   struct emu_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = emu_file_read(path, "scenario", EMU_SCENARIO_MAX, &text, &len, err);
    if (rc != 0)
        return rc;
    /* A scenario is text: a NUL would end it early and drop every later line. */
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        emu_err_set(err, "%s: NUL byte at offset %zu (a scenario is text)", path,
                    (size_t)(nul - text));
        rc = -EINVAL;
    } else {
        rc = emu_pins_options_add_scenario(o, path, text, err);
    }
    free(text);
    return rc;
}

/* ---- the GOptionGroup ------------------------------------------------ */

static gboolean option_failed(GError **error, const struct emu_err *e)
{
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", e->msg);
    return FALSE;
}

static gboolean option_press(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_err e;
    (void)name;
    return emu_pins_options_add_press(data, value, &e) == 0 ? TRUE : option_failed(error, &e);
}

static gboolean option_scenario(const gchar *name, const gchar *value, gpointer data,
                                GError **error)
{
    struct emu_err e;
    (void)name;
    return emu_pins_options_load_scenario(data, value, &e) == 0 ? TRUE : option_failed(error, &e);
}

static gboolean option_trace_leds(const gchar *name, const gchar *value, gpointer data,
                                  GError **error)
{
    struct emu_pins_options *o = data;
    (void)name;
    (void)value;
    (void)error;
    o->trace_leds = true;
    return TRUE;
}

static gboolean option_wire(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_err e;
    char origin[96];
    snprintf(origin, sizeof origin, "%s %s", name, value);
    return emu_pins_options_add_wire(data, origin, value, &e) == 0 ? TRUE
                                                                   : option_failed(error, &e);
}

/* --leds-active-low, --buttons-active-low. */
static gboolean option_active_low(const gchar *name, const gchar *value, gpointer data,
                                  GError **error)
{
    struct emu_pins_options *o = data;
    (void)value;
    (void)error;
    if (strcmp(name, "--leds-active-low") == 0)
        o->leds_active_low = true;
    else
        o->buttons_active_low = true;
    return TRUE;
}

/* --leds, --buttons, --gpio-pins. */
static gboolean option_count(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_pins_options *o = data;
    uint64_t count;
    if (!parse_decimal(value, value + strlen(value), EMU_PINS_MAX, &count)) {
        struct emu_err e;
        emu_err_set(&e, "%s %s: expected a count from 0 to %d", name, value, EMU_PINS_MAX);
        return option_failed(error, &e);
    }
    if (strcmp(name, "--leds") == 0)
        o->leds = (unsigned)count;
    else if (strcmp(name, "--buttons") == 0)
        o->buttons = (unsigned)count;
    else
        o->gpio_pins = (unsigned)count;
    return TRUE;
}

static const GOptionEntry pins_entries[] = {
    {"press", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_press,
     "Press BUTTON at virtual TIME, release after HOLD (default 50ms); repeatable",
     "BUTTON@TIME[+HOLD]"},
    {"scenario", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_scenario,
     "Timed inputs, one a line: '150ms press 0', '200ms release 0', '300ms gpio 2 high', "
     "'400ms console \"list\\n\"'",
     "FILE"},
    {"trace-leds", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)option_trace_leds,
     "Print every LED change with its virtual time", NULL},
    {"leds", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_count, "Number of LEDs (default 4)",
     "N"},
    {"buttons", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_count,
     "Number of buttons (default 4)", "N"},
    {"gpio-pins", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_count,
     "Number of GPIO pins (default 8)", "N"},
    {"wire", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_wire,
     "A jumper wire between two pins: GPIO pin numbers, or gpioN, ledN, buttonN ('0-1', "
     "'led0-gpio6'); repeatable",
     "A-B"},
    {"leds-active-low", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)option_active_low,
     "LEDs light when their pin is low (as on an nRF52840-DK)", NULL},
    {"buttons-active-low", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK,
     (gpointer)option_active_low,
     "Buttons are pulled up and a press drives their pin low (as on an nRF52840-DK)", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_pins_option_group(struct emu_pins_options *o)
{
    GOptionGroup *group = g_option_group_new(
        "pins", "LEDs, buttons and GPIO pins:", "Show LED, button and GPIO options", o, NULL);
    g_option_group_add_entries(group, pins_entries);
    return group;
}
