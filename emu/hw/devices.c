/* The small devices together: options, the scenario grammar, set-up.
 *
 * Owns struct emu_devices_options (defaults; the board file changes them),
 * the `touch` and `gpio-async` scenario and control-FIFO lines, and the
 * building of every model in devices.h. The models are in dac.c,
 * io_expander.c, i2c_bus.c, i2c_eeprom.c, touch_panel.c and text_lcd.c.
 *
 * Scenario lines (after the time):
 *   touch press|move|release X Y [press|move|release X Y]
 *   touch gesture swipe-up|swipe-down|swipe-left|swipe-right|zoom-in|zoom-out
 *   gpio-async PORT PIN high|low
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

void emu_devices_options_init(struct emu_devices_options *o, struct emu_pins_options *pins)
{
    *o = (struct emu_devices_options){
        .dac_bits = 10,
        .expander_ports = 1,
        .loopback_from = 0,
        .loopback_to = 1,
        .i2c = {{"eeprom", 0x50}},
        .i2c_count = 1,
        .lcd_columns = 16,
        .lcd_rows = 2,
        .inputs = g_array_new(FALSE, FALSE, sizeof(struct emu_device_input)),
    };
    if (pins != NULL) {
        o->next_action = pins->other_action;
        o->next_ctx = pins->other_ctx;
        pins->other_action = emu_devices_scenario_action;
        pins->other_ctx = o;
        emu_pins_options_name_actions(pins, "touch, gpio-async");
    }
}

void emu_devices_options_fini(struct emu_devices_options *o)
{
    if (o->inputs != NULL)
        g_array_free(o->inputs, TRUE);
    o->inputs = NULL;
}

int emu_devices_add_i2c(struct emu_devices_options *o, const char *origin, const char *spec,
                        struct emu_err *err)
{
    const char *at = strchr(spec, '@');
    char *end = NULL;
    unsigned long address = at != NULL ? strtoul(at + 1, &end, 0) : 0;
    size_t kind_len = at != NULL ? (size_t)(at - spec) : 0;
    if (at == NULL || end == at + 1 || *end != 0 || address > 0x7f || kind_len == 0 ||
        kind_len >= sizeof o->i2c[0].kind || o->i2c_count == EMU_I2C_MAX_DEVICES) {
        emu_err_set(err, "%s: '%s' is not KIND@ADDRESS (kinds: %s; address 0x00..0x7f; at most %d)",
                    origin, spec, EMU_I2C_DEVICE_KINDS, EMU_I2C_MAX_DEVICES);
        return -EINVAL;
    }
    struct emu_i2c_device_spec *d = &o->i2c[o->i2c_count++];
    memcpy(d->kind, spec, kind_len);
    d->kind[kind_len] = 0;
    d->address = (uint8_t)address;
    return 0;
}

/* A decimal number 0..max from the words: true, with *words moved on. */
static bool next_number(char ***words, unsigned long max, unsigned *out)
{
    char *end;
    if (**words == NULL)
        return false;
    unsigned long n = strtoul(**words, &end, 10);
    if (end == **words || *end != 0 || n > max)
        return false;
    *out = (unsigned)n;
    (*words)++;
    return true;
}

static int parse_touch(char **w, struct emu_device_input *in)
{
    static const char *const gestures[] = {"swipe-up",    "swipe-down", "swipe-left",
                                           "swipe-right", "zoom-in",    "zoom-out"};
    static const char *const statuses[] = {"release", "press", "move"};
    if (w[0] != NULL && strcmp(w[0], "gesture") == 0) {
        for (unsigned g = 0; w[1] != NULL && w[2] == NULL && g < 6; g++)
            if (strcmp(w[1], gestures[g]) == 0) {
                in->kind = EMU_INPUT_GESTURE;
                in->gesture = (enum tk_touch_gesture)(TK_GESTURE_SWIPE_UP + g);
                return 0;
            }
        return -EINVAL;
    }
    in->kind = EMU_INPUT_TOUCH;
    while (*w != NULL && in->count < EMU_TOUCH_MAX) {
        struct tk_touch_event *t = &in->touches[in->count];
        unsigned s = 0;
        while (s < 3 && strcmp(*w, statuses[s]) != 0)
            s++;
        unsigned x, y;
        w++;
        if (s == 3 || !next_number(&w, 0xffff, &x) || !next_number(&w, 0xffff, &y))
            return -EINVAL;
        *t = (struct tk_touch_event){.status = (enum tk_touch_status)s,
                                     .x = (uint16_t)x,
                                     .y = (uint16_t)y,
                                     .id = in->count,
                                     .size = -1,
                                     .pressure = -1};
        in->count++;
    }
    return *w == NULL && in->count > 0 ? 0 : -EINVAL;
}

static int parse_gpio_async(char **w, struct emu_device_input *in)
{
    in->kind = EMU_INPUT_EXPANDER;
    if (!next_number(&w, EMU_EXPANDER_MAX_PORTS - 1, &in->port) ||
        !next_number(&w, EMU_EXPANDER_PINS - 1, &in->pin) || w[0] == NULL || w[1] != NULL)
        return -EINVAL;
    in->level = strcmp(w[0], "high") == 0;
    return in->level || strcmp(w[0], "low") == 0 ? 0 : -EINVAL;
}

int emu_devices_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                                struct emu_err *err)
{
    struct emu_devices_options *o = options;
    char **words = g_strsplit_set(rest, " \t", -1);
    /* Collapse runs of blanks: drop the empty words g_strsplit_set leaves. */
    unsigned n = 0;
    for (unsigned i = 0; words[i] != NULL; i++) {
        if (words[i][0] == 0)
            g_free(words[i]);
        else
            words[n++] = words[i];
    }
    words[n] = NULL;
    int rc = -ENOENT;
    struct emu_device_input in = {.at_ns = at_ns};
    if (n > 0 && strcmp(words[0], "touch") == 0) {
        rc = parse_touch(words + 1, &in);
        if (rc != 0)
            emu_err_set(err,
                        "%s: expected 'TIME touch press|move|release X Y [...]' (at most %d "
                        "touches) or 'TIME touch gesture swipe-up|swipe-down|swipe-left|"
                        "swipe-right|zoom-in|zoom-out'",
                        origin, EMU_TOUCH_MAX);
    } else if (n > 0 && strcmp(words[0], "gpio-async") == 0) {
        rc = parse_gpio_async(words + 1, &in);
        if (rc != 0)
            emu_err_set(err,
                        "%s: expected 'TIME gpio-async PORT PIN high|low', PORT 0..%d, PIN 0..%d",
                        origin, EMU_EXPANDER_MAX_PORTS - 1, EMU_EXPANDER_PINS - 1);
    }
    g_strfreev(words);
    if (rc == 0)
        g_array_append_val(o->inputs, in);
    if (rc == -ENOENT && o->next_action != NULL)
        return o->next_action(o->next_ctx, origin, at_ns, rest, err);
    return rc;
}

/* ---- the models together ----------------------------------------------------- */

/* An input at its time: touches queue in the panel, expander pin levels
 * in expander_pending. */
static void devices_apply(struct emu_devices *m, const struct emu_device_input *in);

static void expander_inputs_fire(struct tk_deadline *dl);

int emu_devices_init(struct emu_devices *m, struct tk_kernel *k,
                     const struct emu_devices_options *o, struct emu_err *err)
{
    struct emu_devices_options defaults;
    if (o == NULL) {
        emu_devices_options_init(&defaults, NULL);
        o = &defaults;
    }
    *m = (struct emu_devices){.kernel = k};
    emu_dac_init(&m->dac, k, o->dac_bits);
    m->expander_count =
        o->expander_ports <= EMU_EXPANDER_MAX_PORTS ? o->expander_ports : EMU_EXPANDER_MAX_PORTS;
    for (unsigned i = 0; i < m->expander_count; i++)
        emu_expander_init(&m->expanders[i], k, i, o->loopback_from, o->loopback_to);
    emu_touch_init(&m->touch, k);
    emu_text_lcd_init(&m->lcd, k, o->lcd_columns, o->lcd_rows);
    m->expander_pending = g_array_new(FALSE, FALSE, sizeof(struct emu_device_input));
    m->expander_deadline = (struct tk_deadline){.fire = expander_inputs_fire, .owner = m};
    m->ready = true;
    int rc = emu_i2c_bus_init(&m->i2c, k, o, err);
    for (guint i = 0; rc == 0 && o->inputs != NULL && i < o->inputs->len; i++)
        devices_apply(m, &g_array_index(o->inputs, struct emu_device_input, i));
    if (o == &defaults)
        emu_devices_options_fini(&defaults);
    if (rc != 0)
        emu_devices_fini(m);
    return rc;
}

void emu_devices_fini(struct emu_devices *m)
{
    if (!m->ready)
        return;
    for (unsigned i = 0; i < m->expander_count; i++)
        emu_expander_fini(&m->expanders[i]);
    emu_i2c_bus_fini(&m->i2c);
    emu_touch_fini(&m->touch);
    emu_text_lcd_fini(&m->lcd);
    tk_deadline_disarm(m->kernel, &m->expander_deadline);
    g_array_free(m->expander_pending, TRUE);
    m->ready = false;
}

static void expander_inputs_fire(struct tk_deadline *dl)
{
    struct emu_devices *m = dl->owner;
    uint64_t now = tk_kernel_now(m->kernel);
    while (m->expander_pending->len > 0) {
        struct emu_device_input in = g_array_index(m->expander_pending, struct emu_device_input, 0);
        if (in.at_ns > now)
            break;
        g_array_remove_index(m->expander_pending, 0);
        if (in.port < m->expander_count)
            emu_expander_drive(&m->expanders[in.port], in.pin, in.level);
    }
    emu_pins_queue_arm(m->expander_pending, m->kernel, &m->expander_deadline);
}

static void devices_apply(struct emu_devices *m, const struct emu_device_input *in)
{
    if (in->kind != EMU_INPUT_EXPANDER) {
        emu_touch_schedule(&m->touch, in);
        return;
    }
    (void)emu_pins_queue_insert(m->expander_pending, in);
    emu_pins_queue_arm(m->expander_pending, m->kernel, &m->expander_deadline);
}

int emu_devices_command(struct emu_devices *m, const char *text, struct emu_err *err)
{
    if (strcmp(text, "text-screen") == 0) {
        char *dump = emu_text_lcd_dump(&m->lcd);
        fputs(dump, stderr);
        g_free(dump);
        return 0;
    }
    struct emu_devices_options one;
    emu_devices_options_init(&one, NULL);
    int rc = emu_pins_command_action(m->kernel, text, emu_devices_scenario_action, &one, err);
    if (rc == 0)
        devices_apply(m, &g_array_index(one.inputs, struct emu_device_input, 0));
    emu_devices_options_fini(&one);
    return rc;
}
