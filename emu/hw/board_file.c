/* The board file (see board_file.h): a GKeyFile read once, before the run.
 *
 * Groups and keys (docs/board-file.md):
 *   [board]        name
 *   [drivers]      NAME = true|false, NAME a driver's name with '-' for
 *                  spaces (text-screen, i2c-master, ...); unlisted: present
 *   [sensors]      NAME = VALUE, as --sensor NAME=VALUE
 *   [screen]       geometry = WxH:FORMAT, as --screen
 *   [dac]          bits = 1..16
 *   [gpio-async]   ports = 0..4, loopback = FROM:TO | none
 *   [i2c]          devices = KIND@ADDRESS;...
 *   [text-screen]  columns = 1..40, rows = 1..4
 *   [pins]         leds, buttons, gpio-pins = 0..32; leds-active-low,
 *                  buttons-active-low = true|false; wires = A-B;... (as --wire)
 * Anything else is an error naming the file, the group and the key.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_file.h"
#include "driver_numbers.h"

static const struct {
    uint32_t number;
    const char *name;
} driver_names[] = {
#define BOARD_FILE_DRIVER(name, number, text) {number, text},
    TK_DRIVER_NUMBERS(BOARD_FILE_DRIVER)
#undef BOARD_FILE_DRIVER
};

/* A driver's name in the file: its trace name with '-' for ' '. */
static bool driver_name_is(const char *trace_name, const char *key)
{
    for (; *trace_name != 0 && *key != 0; trace_name++, key++)
        if (*key != (*trace_name == ' ' ? '-' : *trace_name))
            return false;
    return *trace_name == 0 && *key == 0;
}

/* An unsigned key within [min, max]: 0, or -EINVAL with `err`. */
static int get_number(GKeyFile *kf, const char *path, const char *group, const char *key,
                      unsigned min, unsigned max, unsigned *out, struct emu_err *err)
{
    gchar *value = g_key_file_get_value(kf, group, key, NULL);
    char *end;
    unsigned long n = value != NULL ? strtoul(value, &end, 10) : 0;
    bool ok =
        value != NULL && value[0] >= '0' && value[0] <= '9' && *end == 0 && n >= min && n <= max;
    if (!ok)
        emu_err_set(err, "%s: [%s] %s = '%s': expected a number from %u to %u", path, group, key,
                    value != NULL ? value : "", min, max);
    else
        *out = (unsigned)n;
    g_free(value);
    return ok ? 0 : -EINVAL;
}

static int load_drivers(struct emu_board_file_options *o, GKeyFile *kf, const char *path,
                        const char *key, struct emu_err *err)
{
    for (size_t i = 0; i < sizeof driver_names / sizeof driver_names[0]; i++) {
        if (!driver_name_is(driver_names[i].name, key))
            continue;
        GError *gerr = NULL;
        gboolean present = g_key_file_get_boolean(kf, "drivers", key, &gerr);
        if (gerr != NULL) {
            emu_err_set(err, "%s: [drivers] %s: expected true or false", path, key);
            g_error_free(gerr);
            return -EINVAL;
        }
        if (!present && o->left_out_count < EMU_BOARD_FILE_MAX_DRIVERS)
            o->left_out[o->left_out_count++] = driver_names[i].number;
        return 0;
    }
    emu_err_set(err, "%s: [drivers] %s: no such driver (names as in docs/board-file.md)", path,
                key);
    return -EINVAL;
}

/* A true|false key: 0, or -EINVAL with `err`. */
static int get_boolean(GKeyFile *kf, const char *origin, const char *group, const char *key,
                       bool *out, struct emu_err *err)
{
    GError *gerr = NULL;
    gboolean value = g_key_file_get_boolean(kf, group, key, &gerr);
    if (gerr != NULL) {
        emu_err_set(err, "%s: expected true or false", origin);
        g_error_free(gerr);
        return -EINVAL;
    }
    *out = value;
    return 0;
}

/* A key of [pins]: 0, -ENOENT (no such key), -EINVAL. */
static int load_pins(struct emu_pins_options *p, GKeyFile *kf, const char *path, const char *key,
                     const char *origin, struct emu_err *err)
{
    if (strcmp(key, "leds") == 0)
        return get_number(kf, path, "pins", key, 0, EMU_PINS_MAX, &p->leds, err);
    if (strcmp(key, "buttons") == 0)
        return get_number(kf, path, "pins", key, 0, EMU_PINS_MAX, &p->buttons, err);
    if (strcmp(key, "gpio-pins") == 0)
        return get_number(kf, path, "pins", key, 0, EMU_PINS_MAX, &p->gpio_pins, err);
    if (strcmp(key, "leds-active-low") == 0)
        return get_boolean(kf, origin, "pins", key, &p->leds_active_low, err);
    if (strcmp(key, "buttons-active-low") == 0)
        return get_boolean(kf, origin, "pins", key, &p->buttons_active_low, err);
    if (strcmp(key, "wires") != 0)
        return -ENOENT;
    gchar **specs = g_key_file_get_string_list(kf, "pins", key, NULL, NULL);
    int rc = 0;
    for (gchar **s = specs; rc == 0 && s != NULL && *s != NULL; s++)
        if (*g_strstrip(*s) != '\0')
            rc = emu_pins_options_add_wire(p, origin, *s, err);
    g_strfreev(specs);
    return rc;
}

/* One key of a settings group: 0, -ENOENT (not a key of `group`), -EINVAL. */
static int load_setting(struct emu_board_file_options *o, GKeyFile *kf, const char *path,
                        const char *group, const char *key, struct emu_err *err)
{
    struct emu_devices_options *d = o->devices;
    gchar *value = g_key_file_get_string(kf, group, key, NULL);
    char origin[512];
    snprintf(origin, sizeof origin, "%s: [%s] %s", path, group, key);
    int rc = -ENOENT;
    if (strcmp(group, "board") == 0 && strcmp(key, "name") == 0) {
        g_free(o->name);
        o->name = g_strdup(value);
        rc = 0;
    } else if (strcmp(group, "sensors") == 0 && o->sensors != NULL) {
        gchar *arg = g_strdup_printf("%s=%s", key, value != NULL ? value : "");
        rc = emu_sensors_options_add_model(o->sensors, arg, err) == 0 ? 0 : -EINVAL;
        g_free(arg);
    } else if (strcmp(group, "pins") == 0 && o->pins != NULL) {
        rc = load_pins(o->pins, kf, path, key, origin, err);
    } else if (strcmp(group, "screen") == 0 && strcmp(key, "geometry") == 0 && o->screen != NULL) {
        rc =
            emu_screen_options_parse(o->screen, value != NULL ? value : "", err) == 0 ? 0 : -EINVAL;
    } else if (d == NULL) {
        rc = -ENOENT;
    } else if (strcmp(group, "dac") == 0 && strcmp(key, "bits") == 0) {
        rc = get_number(kf, path, group, key, 1, 16, &d->dac_bits, err);
    } else if (strcmp(group, "gpio-async") == 0 && strcmp(key, "ports") == 0) {
        rc = get_number(kf, path, group, key, 0, EMU_EXPANDER_MAX_PORTS, &d->expander_ports, err);
    } else if (strcmp(group, "gpio-async") == 0 && strcmp(key, "loopback") == 0) {
        unsigned from, to;
        char extra;
        if (value != NULL && strcmp(value, "none") == 0) {
            d->loopback_from = -1;
            rc = 0;
        } else if (value != NULL && sscanf(value, "%u:%u%c", &from, &to, &extra) == 2 &&
                   from < EMU_EXPANDER_PINS && to < EMU_EXPANDER_PINS && from != to) {
            d->loopback_from = (int)from, d->loopback_to = (int)to;
            rc = 0;
        } else {
            emu_err_set(err, "%s = '%s': expected FROM:TO (two pins 0..%d) or none", origin,
                        value != NULL ? value : "", EMU_EXPANDER_PINS - 1);
            rc = -EINVAL;
        }
    } else if (strcmp(group, "i2c") == 0 && strcmp(key, "devices") == 0) {
        gchar **specs = g_key_file_get_string_list(kf, group, key, NULL, NULL);
        d->i2c_count = 0;
        rc = 0;
        for (gchar **s = specs; rc == 0 && s != NULL && *s != NULL; s++)
            rc = emu_devices_add_i2c(d, origin, g_strstrip(*s), err);
        g_strfreev(specs);
    } else if (strcmp(group, "text-screen") == 0 && strcmp(key, "columns") == 0) {
        rc = get_number(kf, path, group, key, 1, EMU_TEXT_LCD_MAX_COLUMN, &d->lcd_columns, err);
    } else if (strcmp(group, "text-screen") == 0 && strcmp(key, "rows") == 0) {
        rc = get_number(kf, path, group, key, 1, EMU_TEXT_LCD_MAX_ROWS, &d->lcd_rows, err);
    }
    g_free(value);
    if (rc == -EINVAL && strncmp(err->msg, path, strlen(path)) != 0) {
        /* The sensors' and screen's messages name their option: name the file. */
        char reason[sizeof err->msg];
        snprintf(reason, sizeof reason, "%s", err->msg);
        emu_err_set(err, "%s: %s", origin, reason);
    }
    return rc;
}

int emu_board_file_load(struct emu_board_file_options *o, const char *path, struct emu_err *err)
{
    static const char *const groups[] = {"board",      "drivers", "sensors",     "screen", "dac",
                                         "gpio-async", "i2c",     "text-screen", "pins"};
    GKeyFile *kf = g_key_file_new();
    GError *gerr = NULL;
    int rc = 0;
    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
        emu_err_set(err, "%s: %s", path, gerr->message);
        g_error_free(gerr);
        g_key_file_free(kf);
        return -EINVAL;
    }
    gchar **group_names = g_key_file_get_groups(kf, NULL);
    for (gchar **g = group_names; rc == 0 && *g != NULL; g++) {
        size_t known = 0;
        while (known < sizeof groups / sizeof groups[0] && strcmp(*g, groups[known]) != 0)
            known++;
        if (known == sizeof groups / sizeof groups[0]) {
            emu_err_set(err,
                        "%s: unknown group [%s] (groups: board, drivers, sensors, screen, dac, "
                        "gpio-async, i2c, text-screen, pins)",
                        path, *g);
            rc = -EINVAL;
            break;
        }
        gchar **keys = g_key_file_get_keys(kf, *g, NULL, NULL);
        for (gchar **k = keys; rc == 0 && k != NULL && *k != NULL; k++) {
            rc = strcmp(*g, "drivers") == 0 ? load_drivers(o, kf, path, *k, err)
                                            : load_setting(o, kf, path, *g, *k, err);
            if (rc == -ENOENT) {
                emu_err_set(err, "%s: [%s] %s: no such key (see docs/board-file.md)", path, *g, *k);
                rc = -EINVAL;
            }
        }
        g_strfreev(keys);
    }
    g_strfreev(group_names);
    g_key_file_free(kf);
    return rc;
}

void emu_board_file_options_fini(struct emu_board_file_options *o)
{
    g_free(o->name);
    o->name = NULL;
}

bool emu_board_file_place_driver(uint32_t *number, void *ctx)
{
    const struct emu_board_file_options *o = ctx;
    for (unsigned i = 0; i < o->left_out_count; i++)
        if (o->left_out[i] == *number)
            return false;
    return true;
}

static gboolean option_board(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_err e;
    (void)name;
    if (emu_board_file_load(data, value, &e) == 0)
        return TRUE;
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--board %s", e.msg);
    return FALSE;
}

static const GOptionEntry board_entries[] = {
    {"board", 0, G_OPTION_FLAG_IN_MAIN, G_OPTION_ARG_CALLBACK, (gpointer)option_board,
     "Read the board from FILE (GKeyFile: which drivers exist, sensor defaults, the screen, DAC, "
     "gpio-async, I2C devices, text screen, pins and wires; docs/board-file.md). Options after it "
     "override it",
     "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_board_file_option_group(struct emu_board_file_options *o)
{
    GOptionGroup *group =
        g_option_group_new("board", "Board file:", "Show the board file option", o, NULL);
    g_option_group_add_entries(group, board_entries);
    return group;
}
