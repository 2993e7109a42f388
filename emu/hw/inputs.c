/* Scripted console input: text typed into the console UART at virtual times.
 *
 * The emulator's counterpart of a person typing, and of replaying what one
 * typed (architecture "Time": every outside input enters through one place).
 * Options (--type, scenario `console` lines) collect emu_console_input
 * records; at run time one deadline on the kernel's clock, armed at the
 * earliest, hands each text to emu_uart_inject when its time comes:
 *
 *   --type / scenario / --control --> [pending, by time] --deadline-->
 *       emu_uart_inject --> UART model queue --> UART mux --> consoles
 *                              \--> observer: --record-inputs writes
 *                                   emu_inputs_console_line()
 *
 * Ties keep the order given (a stable insert), like the pin model's inputs.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "inputs.h"

/* ---- TEXT escapes ------------------------------------------------------ */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode [text, text + len) into a new GBytes. NULL if it is empty or an
 * escape is bad; then *bad points at that backslash (or at text). */
static GBytes *decode_text(const char *text, size_t len, const char **bad)
{
    static const char plain[] = "nrtbe\\\"";
    static const char meaning[] = "\n\r\t\b\x1b\\\"";
    GByteArray *out = g_byte_array_new();
    *bad = text;
    for (size_t i = 0; i < len; i++) {
        uint8_t byte = (uint8_t)text[i];
        if (byte == '\\') {
            char next = i + 1 < len ? text[i + 1] : '\0';
            const char *which = next != '\0' ? strchr(plain, next) : NULL;
            int high = next == 'x' && i + 3 < len ? hex_digit(text[i + 2]) : -1;
            int low = high >= 0 ? hex_digit(text[i + 3]) : -1;
            if (which != NULL) {
                byte = (uint8_t)meaning[which - plain];
                i++;
            } else if (low >= 0) {
                byte = (uint8_t)(high * 16 + low);
                i += 3;
            } else {
                *bad = text + i;
                g_byte_array_free(out, TRUE);
                return NULL;
            }
        }
        g_byte_array_append(out, &byte, 1);
    }
    if (out->len == 0) {
        g_byte_array_free(out, TRUE);
        return NULL;
    }
    return g_byte_array_free_to_bytes(out);
}

/* "<what><where>: bad escape '\\q' (use ...)": the escape's bytes up to
 * `end`, the end of the text. */
static void bad_escape(struct emu_err *err, const char *what, const char *where, const char *bad,
                       const char *end)
{
    int len = end - bad < 2 ? (int)(end - bad) : 2;
    emu_err_set(err, "%s%s: bad escape '%.*s' (use \\n \\r \\t \\b \\e \\\\ \\\" \\xHH)", what,
                where, len, bad);
}

void emu_inputs_console_line(GString *out, uint64_t at_ns, const uint8_t *bytes, size_t len)
{
    static const char plain[] = "\n\r\t\b\x1b\\\"";
    static const char escape[] = "nrtbe\\\"";
    g_string_append_printf(out, "%" G_GUINT64_FORMAT "ns console \"", at_ns);
    for (size_t i = 0; i < len; i++) {
        const char *which = bytes[i] != 0 ? strchr(plain, bytes[i]) : NULL;
        if (which != NULL)
            g_string_append_printf(out, "\\%c", escape[which - plain]);
        else if (bytes[i] < 0x20 || bytes[i] >= 0x7f || bytes[i] == '#')
            g_string_append_printf(out, "\\x%02x", bytes[i]);
        else
            g_string_append_c(out, (char)bytes[i]);
    }
    g_string_append(out, "\"\n");
}

/* ---- options ----------------------------------------------------------- */

void emu_inputs_options_init(struct emu_inputs_options *o, struct emu_pins_options *pins)
{
    *o = (struct emu_inputs_options){
        .console = g_array_new(FALSE, FALSE, sizeof(struct emu_console_input)),
    };
    if (pins != NULL) {
        pins->other_action = emu_inputs_scenario_action;
        pins->other_ctx = o;
        emu_pins_options_name_actions(pins, "console");
    }
}

static void clear_input(struct emu_console_input *in)
{
    g_bytes_unref(in->bytes);
}

void emu_inputs_options_fini(struct emu_inputs_options *o)
{
    if (o->console == NULL)
        return;
    for (guint i = 0; i < o->console->len; i++)
        clear_input(&g_array_index(o->console, struct emu_console_input, i));
    g_array_free(o->console, TRUE);
    o->console = NULL;
}

static void add_input(struct emu_inputs_options *o, uint64_t at_ns, GBytes *bytes,
                      const char *origin)
{
    struct emu_console_input in = {.at_ns = at_ns, .bytes = bytes};
    snprintf(in.origin, sizeof in.origin, "%s", origin);
    g_array_append_val(o->console, in);
}

int emu_inputs_options_add_type(struct emu_inputs_options *o, const char *arg, struct emu_err *err)
{
    const char *at = strrchr(arg, '@');
    uint64_t at_ns;
    int rc = at != NULL ? emu_pins_parse_time(at + 1, &at_ns) : -EINVAL;
    if (rc < 0) {
        emu_err_set(err, "--type %s: expected TEXT@TIME with a time like 150ms%s", arg,
                    rc == -ERANGE ? " (out of range)" : "");
        return -EINVAL;
    }
    const char *bad;
    GBytes *bytes = decode_text(arg, (size_t)(at - arg), &bad);
    if (bytes == NULL) {
        if (at == arg)
            emu_err_set(err, "--type %s: no text before '@'", arg);
        else
            bad_escape(err, "--type ", arg, bad, at);
        return -EINVAL;
    }
    char origin[96];
    snprintf(origin, sizeof origin, "--type %s", arg);
    add_input(o, at_ns, bytes, origin);
    return 0;
}

static const char console_action[] = "console";

bool emu_inputs_is_console_action(const char *rest)
{
    size_t n = strlen(console_action);
    return strncmp(rest, console_action, n) == 0 && (rest[n] == ' ' || rest[n] == '\t');
}

int emu_inputs_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                               struct emu_err *err)
{
    if (!emu_inputs_is_console_action(rest))
        return -ENOENT;
    const char *text = rest + strlen(console_action);
    text += strspn(text, " \t");
    /* The closing quote: the first '"' not escaped. */
    const char *close = text + 1;
    while (*text == '"' && *close != '\0' && *close != '"')
        close += close[0] == '\\' && close[1] != '\0' ? 2 : 1;
    if (*text != '"' || *close != '"' || close[1] != '\0') {
        emu_err_set(err, "%s: expected 'TIME console \"TEXT\"'", origin);
        return -EINVAL;
    }
    const char *bad;
    GBytes *bytes = decode_text(text + 1, (size_t)(close - text - 1), &bad);
    if (bytes == NULL) {
        if (close == text + 1)
            emu_err_set(err, "%s: empty console text", origin);
        else
            bad_escape(err, origin, "", bad, close);
        return -EINVAL;
    }
    add_input(options, at_ns, bytes, origin);
    return 0;
}

static gboolean option_type(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_err e;
    (void)name;
    if (emu_inputs_options_add_type(data, value, &e) == 0)
        return TRUE;
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", e.msg);
    return FALSE;
}

static const GOptionEntry inputs_entries[] = {
    {"type", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_type,
     "Type TEXT into the console UART at virtual TIME (escapes \\n \\r \\t \\b \\e \\\\ \\\" "
     "\\xHH; the last @ ends TEXT); repeatable. Scenario line: 'TIME console \"TEXT\"'",
     "TEXT@TIME"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_inputs_option_group(struct emu_inputs_options *o)
{
    GOptionGroup *group =
        g_option_group_new("input", "Console input:", "Show console input options", o, NULL);
    g_option_group_add_entries(group, inputs_entries);
    return group;
}

/* ---- the schedule ------------------------------------------------------ */

_Static_assert(offsetof(struct emu_console_input, at_ns) == 0, "a timed-input queue element");

/* The deadline: type every text that is due, in order. */
static void inputs_fire(struct tk_deadline *dl)
{
    struct emu_inputs *in = dl->owner;
    uint64_t now = tk_kernel_now(in->kernel);
    while (in->pending->len > 0) {
        struct emu_console_input next = g_array_index(in->pending, struct emu_console_input, 0);
        if (next.at_ns > now)
            break;
        g_array_remove_index(in->pending, 0);
        size_t len;
        const uint8_t *bytes = g_bytes_get_data(next.bytes, &len);
        in->injecting_control_line = next.from_control_line;
        emu_uart_inject(in->uart, bytes, len);
        in->injecting_control_line = false;
        clear_input(&next);
    }
    emu_pins_queue_arm(in->pending, in->kernel, &in->deadline);
}

/* Insert after every input due at the same time or earlier. Takes over the
 * reference to `bytes`. */
static void inputs_schedule(struct emu_inputs *in, uint64_t at_ns, GBytes *bytes,
                            bool from_control_line)
{
    struct emu_console_input next = {
        .at_ns = at_ns, .bytes = bytes, .from_control_line = from_control_line};
    if (emu_pins_queue_insert(in->pending, &next) == 0)
        emu_pins_queue_arm(in->pending, in->kernel, &in->deadline);
}

bool emu_inputs_injecting_control_line(const struct emu_inputs *in)
{
    return in->injecting_control_line;
}

bool emu_inputs_pending(const struct emu_inputs *in)
{
    return in->pending != NULL && in->pending->len > 0;
}

void emu_inputs_type(struct emu_inputs *in, uint64_t at_ns, const uint8_t *bytes, size_t len)
{
    if (len > 0)
        inputs_schedule(in, at_ns, g_bytes_new(bytes, len), false);
}

int emu_inputs_command(struct emu_inputs *in, const char *text, struct emu_err *err)
{
    char *line = g_strstrip(g_strdup(text));
    uint64_t at_ns;
    const char *rest;
    emu_pins_split_time(line, tk_kernel_now(in->kernel), &at_ns, &rest);
    char origin[96];
    snprintf(origin, sizeof origin, "input '%s'", line);
    struct emu_inputs_options one;
    emu_inputs_options_init(&one, NULL);
    int rc = emu_inputs_scenario_action(&one, origin, at_ns, rest, err);
    if (rc == 0) {
        const struct emu_console_input *c =
            &g_array_index(one.console, struct emu_console_input, 0);
        inputs_schedule(in, c->at_ns, g_bytes_ref(c->bytes), true);
    }
    emu_inputs_options_fini(&one);
    g_free(line);
    return rc;
}

void emu_inputs_init(struct emu_inputs *in, struct tk_kernel *k, struct emu_uart *uart,
                     const struct emu_inputs_options *o)
{
    *in = (struct emu_inputs){
        .kernel = k,
        .uart = uart,
        .pending = g_array_new(FALSE, FALSE, sizeof(struct emu_console_input)),
        .deadline = {.fire = inputs_fire, .owner = in},
    };
    for (guint i = 0; o != NULL && o->console != NULL && i < o->console->len; i++) {
        const struct emu_console_input *c = &g_array_index(o->console, struct emu_console_input, i);
        inputs_schedule(in, c->at_ns, g_bytes_ref(c->bytes), false);
    }
}

void emu_inputs_fini(struct emu_inputs *in)
{
    if (in->pending == NULL)
        return;
    if (in->deadline.armed)
        tk_deadline_disarm(in->kernel, &in->deadline);
    for (guint i = 0; i < in->pending->len; i++)
        clear_input(&g_array_index(in->pending, struct emu_console_input, i));
    g_array_free(in->pending, TRUE);
    in->pending = NULL;
}
