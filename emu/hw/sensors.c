/* Sensor model: simulated sensor devices on the virtual clock (see sensors.h).
 *
 * Owns every device's value, its default model (constant or seeded walk),
 * the timed inputs that set values, and the --sensor option. Plays the
 * sensor chips Tock boards put behind kernel/src/hil/sensors.rs @65608d71
 * (e.g. capsules/extra/src/si7021.rs): read() starts a conversion and the
 * client hears back later, here EMU_SENSOR_LATENCY_NS of virtual time later.
 *
 *   read() --> reading = true --deadline(+latency)--> value (walk steps)
 *                                                       --> client
 *   read_thresholds(lo, hi) --> value outside [lo, hi]? as read()
 *                           \-> else waiting; an input that moves the value
 *                               outside starts the latency then
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "container_of.h"
#include "sensors.h"

/* One kind: its name, components, built-in value and walk. */
struct sensor_kind_info {
    const char *name;
    unsigned components;
    int32_t value[3]; /* built-in constant */
    int32_t step;     /* a walk moves each component by at most this per reading */
    int32_t min, max; /* and stays in this range */
};

static const struct sensor_kind_info kinds[EMU_SENSOR_COUNT] = {
    [EMU_SENSOR_TEMPERATURE] = {"temperature", 1, {2200}, 10, -4000, 8500},
    [EMU_SENSOR_HUMIDITY] = {"humidity", 1, {4500}, 20, 0, 10000},
    [EMU_SENSOR_AMBIENT_LIGHT] = {"ambient_light", 1, {300}, 5, 0, 100000},
    [EMU_SENSOR_ACCELEROMETER] = {"accelerometer", 3, {0, 0, 1000}, 5, -16000, 16000},
    [EMU_SENSOR_MAGNETOMETER] = {"magnetometer", 3, {200, 0, -400}, 2, -4900, 4900},
    [EMU_SENSOR_GYROSCOPE] = {"gyroscope", 3, {0, 0, 0}, 1, -2000, 2000},
    [EMU_SENSOR_PROXIMITY] = {"proximity", 1, {0}, 2, 0, 255},
    [EMU_SENSOR_SOUND_PRESSURE] = {"sound_pressure", 1, {40}, 1, 0, 255},
    [EMU_SENSOR_PRESSURE] = {"pressure", 1, {1013}, 1, 300, 1100},
    [EMU_SENSOR_MOISTURE] = {"moisture", 1, {3000}, 10, 0, 10000},
    [EMU_SENSOR_RAINFALL] = {"rainfall", 1, {0}, 100, 0, 1000000},
};

const char *emu_sensor_name(enum emu_sensor_kind kind)
{
    return kind < EMU_SENSOR_COUNT ? kinds[kind].name : "?";
}

unsigned emu_sensor_components(enum emu_sensor_kind kind)
{
    return kind < EMU_SENSOR_COUNT ? kinds[kind].components : 0;
}

static int sensor_kind_by_name(const char *name, size_t len)
{
    for (int k = 0; k < EMU_SENSOR_COUNT; k++)
        if (strlen(kinds[k].name) == len && strncmp(kinds[k].name, name, len) == 0)
            return k;
    return -1;
}

/* "temperature, humidity, ..." for error messages. */
static void sensor_names(char *buf, size_t len)
{
    buf[0] = '\0';
    for (int k = 0; k < EMU_SENSOR_COUNT; k++) {
        if (k > 0)
            g_strlcat(buf, ", ", len);
        g_strlcat(buf, kinds[k].name, len);
    }
}

/* Parse `count` integers separated by `sep` (then end of text). */
static bool parse_values(const char *text, char sep, unsigned count, int32_t value[3])
{
    const char *p = text;
    for (unsigned i = 0; i < count; i++) {
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (end == p || errno != 0 || v < INT32_MIN || v > INT32_MAX)
            return false;
        value[i] = (int32_t)v;
        p = end;
        if (i + 1 < count) {
            if (sep == ' ') {
                if (*p != ' ' && *p != '\t')
                    return false;
                p += strspn(p, " \t");
            } else if (*p++ != sep) {
                return false;
            }
        }
    }
    return *p == '\0';
}

/* ---- the devices ------------------------------------------------------- */

static bool sensor_outside(const struct emu_sensor *s)
{
    return s->value[0] < s->lower || s->value[0] > s->upper;
}

/* One walk step per reading, kept in range. */
static void sensor_step(struct emu_sensor *s)
{
    const struct sensor_kind_info *info = &kinds[s->kind];
    for (unsigned i = 0; s->walk && i < info->components; i++) {
        int64_t v = (int64_t)s->value[i] + g_rand_int_range(s->rand, -info->step, info->step + 1);
        s->value[i] = (int32_t)(v < info->min ? info->min : v > info->max ? info->max : v);
    }
}

static void sensor_complete(struct tk_deadline *dl)
{
    struct emu_sensor *s = dl->owner;
    s->reading = false;
    s->readings++;
    int32_t value[3];
    memcpy(value, s->value, sizeof value);
    sensor_step(s);
    if (s->hil.client != NULL)
        s->hil.client->reading_done(s->hil.client, 0, value);
}

static void sensor_start(struct emu_sensor *s)
{
    s->reading = true;
    s->waiting = false;
    tk_deadline_arm(s->model->kernel, &s->deadline,
                    tk_kernel_now(s->model->kernel) + EMU_SENSOR_LATENCY_NS);
}

static int sensor_read(struct tk_sensor *hil, uint32_t arg)
{
    struct emu_sensor *s = hil->state;
    (void)arg; /* rainfall's hours: the model's value is the answer for any */
    if (s->reading)
        return TK_BUSY;
    sensor_start(s);
    return 0;
}

/* A new window replaces a waiting one, as reprogramming the chip does. */
static int sensor_read_thresholds(struct tk_sensor *hil, uint8_t lower, uint8_t upper)
{
    struct emu_sensor *s = hil->state;
    if (s->reading)
        return TK_BUSY;
    s->lower = lower;
    s->upper = upper;
    if (sensor_outside(s))
        sensor_start(s);
    else
        s->waiting = true;
    return 0;
}

static int sensor_enable(struct tk_sensor *hil, bool on)
{
    struct emu_sensor *s = hil->state;
    s->enabled = on;
    return 0;
}

static const struct tk_sensor_ops sensor_ops = {
    .read = sensor_read,
    .read_thresholds = sensor_read_thresholds,
    .enable = sensor_enable,
};

/* ---- timed inputs ------------------------------------------------------ */

static void sensor_apply(struct emu_sensors *m, const struct emu_sensor_input *in)
{
    struct emu_sensor *s = &m->sensors[in->kind];
    memcpy(s->value, in->value, sizeof s->value);
    if (s->waiting && sensor_outside(s))
        sensor_start(s);
}

static void sensors_fire(struct tk_deadline *dl)
{
    struct emu_sensors *m = dl->owner;
    uint64_t now = tk_kernel_now(m->kernel);
    while (m->pending->len > 0) {
        struct emu_sensor_input next = g_array_index(m->pending, struct emu_sensor_input, 0);
        if (next.at_ns > now)
            break;
        g_array_remove_index(m->pending, 0);
        sensor_apply(m, &next);
    }
    emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

_Static_assert(offsetof(struct emu_sensor_input, at_ns) == 0, "a timed-input queue element");

void emu_sensors_set(struct emu_sensors *m, uint64_t at_ns, enum emu_sensor_kind kind,
                     const int32_t value[3])
{
    struct emu_sensor_input in = {.at_ns = at_ns, .kind = kind};
    memcpy(in.value, value, sizeof in.value);
    if (emu_pins_queue_insert(m->pending, &in) == 0)
        emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

void emu_sensors_init(struct emu_sensors *m, struct tk_kernel *k,
                      const struct emu_sensors_options *o)
{
    *m = (struct emu_sensors){
        .kernel = k,
        .pending = g_array_new(FALSE, FALSE, sizeof(struct emu_sensor_input)),
        .deadline = {.fire = sensors_fire, .owner = m},
    };
    for (int kind = 0; kind < EMU_SENSOR_COUNT; kind++) {
        const struct emu_sensor_model *model = o != NULL ? &o->model[kind] : NULL;
        struct emu_sensor *s = &m->sensors[kind];
        *s = (struct emu_sensor){
            .hil = {.ops = &sensor_ops, .state = s},
            .model = m,
            .kind = (enum emu_sensor_kind)kind,
            .deadline = {.fire = sensor_complete, .owner = s},
        };
        memcpy(s->value, model != NULL && model->given ? model->value : kinds[kind].value,
               sizeof s->value);
        if (model != NULL && model->walk) {
            /* One stream per device: the seed and the kind pick it. */
            guint32 words[3] = {(guint32)model->seed, (guint32)(model->seed >> 32), (guint32)kind};
            s->walk = true;
            s->rand = g_rand_new_with_seed_array(words, 3);
        }
    }
    for (guint i = 0; o != NULL && o->inputs != NULL && i < o->inputs->len; i++) {
        const struct emu_sensor_input *in = &g_array_index(o->inputs, struct emu_sensor_input, i);
        emu_sensors_set(m, in->at_ns, in->kind, in->value);
    }
}

void emu_sensors_fini(struct emu_sensors *m)
{
    if (m->pending == NULL)
        return;
    tk_deadline_disarm(m->kernel, &m->deadline);
    for (int kind = 0; kind < EMU_SENSOR_COUNT; kind++) {
        struct emu_sensor *s = &m->sensors[kind];
        tk_deadline_disarm(m->kernel, &s->deadline);
        if (s->rand != NULL)
            g_rand_free(s->rand);
        s->rand = NULL;
    }
    g_array_free(m->pending, TRUE);
    m->pending = NULL;
}

struct tk_sensor *emu_sensors_device(struct emu_sensors *m, enum emu_sensor_kind kind)
{
    return kind < EMU_SENSOR_COUNT ? &m->sensors[kind].hil : NULL;
}

/* ---- options and the scenario grammar ---------------------------------- */

void emu_sensors_options_init(struct emu_sensors_options *o, struct emu_pins_options *pins)
{
    *o = (struct emu_sensors_options){
        .inputs = g_array_new(FALSE, FALSE, sizeof(struct emu_sensor_input)),
    };
    if (pins != NULL) {
        o->next_action = pins->other_action;
        o->next_ctx = pins->other_ctx;
        pins->other_action = emu_sensors_scenario_action;
        pins->other_ctx = o;
        emu_pins_options_name_actions(pins, "sensor");
    }
}

void emu_sensors_options_fini(struct emu_sensors_options *o)
{
    if (o->inputs != NULL)
        g_array_free(o->inputs, TRUE);
    o->inputs = NULL;
}

int emu_sensors_options_add_model(struct emu_sensors_options *o, const char *arg,
                                  struct emu_err *err)
{
    const char *eq = strchr(arg, '=');
    int kind = eq != NULL ? sensor_kind_by_name(arg, (size_t)(eq - arg)) : -1;
    char names[256];
    if (kind < 0) {
        sensor_names(names, sizeof names);
        emu_err_set(err, "--sensor %s: expected NAME=VALUE or NAME=walk[:SEED], NAME one of %s",
                    arg, names);
        return -EINVAL;
    }
    struct emu_sensor_model model = {.given = true};
    memcpy(model.value, kinds[kind].value, sizeof model.value);
    const char *rest = eq + 1;
    if (strncmp(rest, "walk", 4) == 0 && (rest[4] == '\0' || rest[4] == ':')) {
        char *end = NULL;
        model.walk = true;
        if (rest[4] == ':') {
            errno = 0;
            model.seed = strtoull(rest + 5, &end, 10);
            if (rest[5] < '0' || rest[5] > '9' || *end != '\0' || errno != 0) {
                emu_err_set(err, "--sensor %s: the walk's SEED is a decimal number", arg);
                return -EINVAL;
            }
        }
    } else if (!parse_values(rest, ',', kinds[kind].components, model.value)) {
        emu_err_set(err, "--sensor %s: %s takes %u integer%s%s", arg, kinds[kind].name,
                    kinds[kind].components, kinds[kind].components > 1 ? "s" : "",
                    kinds[kind].components > 1 ? " separated by commas" : "");
        return -EINVAL;
    }
    o->model[kind] = model;
    return 0;
}

int emu_sensors_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                                struct emu_err *err)
{
    struct emu_sensors_options *o = options;
    static const char action[] = "sensor";
    size_t n = strlen(action);
    if (strncmp(rest, action, n) != 0 || (rest[n] != ' ' && rest[n] != '\t'))
        return o->next_action != NULL ? o->next_action(o->next_ctx, origin, at_ns, rest, err)
                                      : -ENOENT;
    const char *name = rest + n + strspn(rest + n, " \t");
    size_t name_len = strcspn(name, " \t");
    int kind = sensor_kind_by_name(name, name_len);
    char names[256];
    if (kind < 0) {
        sensor_names(names, sizeof names);
        emu_err_set(err, "%s: unknown sensor '%.*s' (one of %s)", origin, (int)name_len, name,
                    names);
        return -EINVAL;
    }
    const char *values = name + name_len;
    values += strspn(values, " \t");
    struct emu_sensor_input in = {.at_ns = at_ns, .kind = (enum emu_sensor_kind)kind};
    if (!parse_values(values, ' ', kinds[kind].components, in.value)) {
        emu_err_set(err, "%s: expected 'TIME sensor %s %s'", origin, kinds[kind].name,
                    kinds[kind].components > 1 ? "X Y Z" : "VALUE");
        return -EINVAL;
    }
    g_array_append_val(o->inputs, in);
    return 0;
}

int emu_sensors_command(struct emu_sensors *m, const char *text, struct emu_err *err)
{
    struct emu_sensors_options one;
    emu_sensors_options_init(&one, NULL);
    int rc = emu_pins_command_action(m->kernel, text, emu_sensors_scenario_action, &one, err);
    if (rc == 0) {
        const struct emu_sensor_input *in = &g_array_index(one.inputs, struct emu_sensor_input, 0);
        emu_sensors_set(m, in->at_ns, in->kind, in->value);
    }
    emu_sensors_options_fini(&one);
    return rc;
}

static gboolean option_sensor(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_err e;
    (void)name;
    if (emu_sensors_options_add_model(data, value, &e) == 0)
        return TRUE;
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", e.msg);
    return FALSE;
}

static const GOptionEntry sensors_entries[] = {
    {"sensor", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_sensor,
     "Default model of a sensor: a constant (temperature=2150, accelerometer=0,0,1000) or a "
     "seeded random walk (humidity=walk:7); repeatable. Scenario line: 'TIME sensor NAME V [V V]'",
     "NAME=VALUE|walk[:SEED]"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_sensors_option_group(struct emu_sensors_options *o)
{
    GOptionGroup *group = g_option_group_new("sensors", "Sensors:", "Show sensor options", o, NULL);
    g_option_group_add_entries(group, sensors_entries);
    return group;
}
