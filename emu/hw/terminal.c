/* The terminal side of the console UART (see terminal.h).
 *
 * No upstream counterpart @65608d71: Tock leaves this to the human's
 * terminal program (tock/tock#1336, #1346, #2254 never shipped a framing
 * protocol). The escape key follows ssh's `~.` and telnet's `^]`: one key
 * that is never sent, then a command key; docs/console.md says why Ctrl-T.
 *
 * Line mode, one writer's line at a time on screen:
 *
 *   open = -1 --writer W partial--> open = W (W's line shown as it grows)
 *   open = W  --W ends its line----> open = -1, then the next held line opens
 *   open = W  --X ends a line------> erase W's line, X's whole line, redraw W's
 *   open = W  --X (the input target) partial, W not the target--> erase, open = X
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "terminal.h"

#define ERASE_LINE   "\r\033[K"
#define COLOUR_RESET "\033[0m"

void emu_terminal_options_init(struct emu_terminal_options *o)
{
    *o = (struct emu_terminal_options){.escape = EMU_TERMINAL_DEFAULT_ESCAPE};
}

int emu_terminal_parse_escape(const char *s)
{
    if (strcasecmp(s, "none") == 0)
        return -1;
    const char *key = NULL;
    if (s[0] == '^' && s[1] != 0 && s[2] == 0)
        key = s + 1;
    else if (strncasecmp(s, "C-", 2) == 0 && s[2] != 0 && s[3] == 0)
        key = s + 2;
    else if (strncasecmp(s, "ctrl-", 5) == 0 && s[5] != 0 && s[6] == 0)
        key = s + 5;
    if (key != NULL) {
        int c = toupper((unsigned char)*key);
        if (c < '@' || c > '_')
            return -2;
        return c - '@';
    }
    if (s[0] != 0 && s[1] == 0 && (unsigned char)s[0] < 0x80)
        return (unsigned char)s[0];
    return -2;
}

void emu_console_options_init(struct emu_console_options *o)
{
    *o = (struct emu_console_options){.escape = EMU_TERMINAL_DEFAULT_ESCAPE};
}

void emu_console_options_fini(struct emu_console_options *o)
{
    g_free(o->pty_link);
    g_free(o->attach_cmd);
    g_free(o->listen);
}

bool emu_console_options_want_pty(const struct emu_console_options *o)
{
    return o->pty_link != NULL || o->attach_cmd != NULL || o->wait || o->listen != NULL || o->split;
}

static gboolean option_escape(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_console_options *o = data;
    (void)name;
    int escape = emu_terminal_parse_escape(value);
    if (escape == -2) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--console-escape %s: expected a key like ^T, C-t or none", value);
        return FALSE;
    }
    o->escape = escape;
    o->escape_given = true;
    return TRUE;
}

GOptionGroup *emu_console_option_group(struct emu_console_options *o)
{
    const GOptionEntry entries[] = {
        {"console-escape", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_escape,
         "Escape key of the console terminal, then p, 0-9, a, n, t, c, q or ? (default ^T, "
         "on when input is a terminal; none: off)",
         "KEY"},
        {"console-tags", 0, 0, G_OPTION_ARG_NONE, &o->tags,
         "Start every console line with its writer's [name] (a terminal output only)", NULL},
        {"console-colour", 0, 0, G_OPTION_ARG_NONE, &o->colours,
         "Colour console lines by writer, ANSI (a terminal output only)", NULL},
        {"console-link", 0, 0, G_OPTION_ARG_FILENAME, &o->pty_link,
         "Console pty: also as this stable symbolic link, removed at the end (implies "
         "--console-pty)",
         "PATH"},
        {"wait-console", 0, 0, G_OPTION_ARG_NONE, &o->wait,
         "Console pty: start the board only once a terminal program opened it (implies "
         "--console-pty)",
         NULL},
        {"console-listen", 0, 0, G_OPTION_ARG_STRING, &o->listen,
         "Put the console UART on a socket instead: unix:PATH, tcp:[HOST:]PORT (socat, nc) or "
         "telnet:[HOST:]PORT (telnet); port 0: a free one; one client at a time, output kept "
         "until one connects",
         "ADDR"},
        {"attach-cmd", 0, 0, G_OPTION_ARG_STRING, &o->attach_cmd,
         "Console pty: run this command, %s replaced by the pty's path, e.g. 'screen %s' "
         "or 'xterm -e screen %s', once per pty (implies --console-pty)",
         "CMD"},
        {"process-console-hibernated", 0, 0, G_OPTION_ARG_NONE, &o->hibernated,
         "Start the process console hibernated, as Tock's start_hibernated: no welcome, no "
         "prompt, no command until console-start is typed (implies --process-console)",
         NULL},
        {"console-split", 0, 0, G_OPTION_ARG_NONE, &o->split,
         "One pty per app (its output, its input; links PATH.N for slot N with --console-link) "
         "and the console pty for the process console and the kernel (implies --console-pty)",
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionGroup *group = g_option_group_new(
        "console", "Console terminal (docs/console.md):", "Show console terminal options", o, NULL);
    g_option_group_add_entries(group, entries);
    return group;
}

static const char *writer_name(const struct emu_terminal *t, unsigned w)
{
    if (w == EMU_TERMINAL_TOCKEMU)
        return "tockemu";
    return t->hooks.writer_name != NULL ? t->hooks.writer_name(w, t->hooks.ctx) : NULL;
}

/* ---- output ------------------------------------------------------------- */

/* The writer whose partial line should be on screen: the input target's. */
static int preferred_writer(const struct emu_terminal *t)
{
    switch (t->target.kind) {
    case EMU_TERMINAL_TO_APP:
        return EMU_TERMINAL_APP(t->target.slot);
    case EMU_TERMINAL_TO_PROCESS_CONSOLE:
    case EMU_TERMINAL_TO_ALL:
        break;
    }
    return EMU_TERMINAL_PROCESS_CONSOLE;
}

/* Bytes of writer `w` as they go out: CRLF translation, colour reset before
 * a line end. */
static void put(struct emu_terminal *t, unsigned w, const uint8_t *bytes, size_t len, GString *out)
{
    struct emu_terminal_writer *wr = &t->writers[w];
    for (size_t i = 0; i < len; i++) {
        if (bytes[i] == '\n') {
            if (t->options.lines && t->options.colours)
                g_string_append(out, COLOUR_RESET);
            if (t->options.crlf && !wr->after_cr)
                g_string_append_c(out, '\r');
        }
        g_string_append_c(out, (char)bytes[i]);
        wr->after_cr = bytes[i] == '\r';
    }
}

/* What starts each line of `w`: its colour and tag. */
static void prefix(struct emu_terminal *t, unsigned w, GString *out)
{
    /* Kernel red, apps in turn green, yellow, blue, magenta, cyan; the
     * process console in the terminal's own colour. */
    static const char *const app_colours[] = {"32", "33", "34", "35", "36"};
    if (t->options.colours) {
        if (w == EMU_TERMINAL_KERNEL)
            g_string_append(out, "\033[31m");
        else if (w >= EMU_TERMINAL_FIRST_APP && w < EMU_TERMINAL_TOCKEMU)
            g_string_append_printf(out, "\033[%sm", app_colours[(w - EMU_TERMINAL_FIRST_APP) % 5]);
        else if (w == EMU_TERMINAL_TOCKEMU)
            g_string_append(out, "\033[1m");
    }
    if (t->options.tags) {
        const char *name = writer_name(t, w);
        g_string_append_printf(out, "[%s] ", name != NULL ? name : "?");
    }
}

static void erase_open_line(struct emu_terminal *t, GString *out)
{
    if (t->options.colours)
        g_string_append(out, COLOUR_RESET);
    g_string_append(out, ERASE_LINE);
}

/* Put `w`'s held line on screen as the open line. */
static void open_line(struct emu_terminal *t, unsigned w, GString *out)
{
    GString *line = t->writers[w].line;
    t->open = (int)w;
    prefix(t, w, out);
    put(t, w, (const uint8_t *)line->str, line->len, out);
}

/* Nothing open: open the preferred writer's held line, else the first. */
static void open_next(struct emu_terminal *t, GString *out)
{
    if (t->open >= 0)
        return;
    int preferred = preferred_writer(t);
    if (t->writers[preferred].line->len > 0) {
        open_line(t, (unsigned)preferred, out);
        return;
    }
    for (unsigned w = 0; w < EMU_TERMINAL_WRITERS; w++)
        if (t->writers[w].line->len > 0) {
            open_line(t, w, out);
            return;
        }
}

/* `w` ended a line with `end` (its last bytes, the LF included). */
static void end_line(struct emu_terminal *t, unsigned w, const uint8_t *end, size_t len,
                     GString *out)
{
    GString *line = t->writers[w].line;
    if (t->open == (int)w) {
        put(t, w, end, len, out);
        t->open = -1;
    } else {
        int other = t->open;
        if (other >= 0)
            erase_open_line(t, out);
        prefix(t, w, out);
        put(t, w, (const uint8_t *)line->str, line->len, out);
        put(t, w, end, len, out);
        if (other >= 0)
            open_line(t, (unsigned)other, out);
    }
    g_string_truncate(line, 0);
}

/* `w` wrote `len` bytes of a line it has not ended. */
static void grow_line(struct emu_terminal *t, unsigned w, const uint8_t *bytes, size_t len,
                      GString *out)
{
    GString *line = t->writers[w].line;
    g_string_append_len(line, (const char *)bytes, (gssize)len);
    if (t->open == (int)w) {
        put(t, w, bytes, len, out);
        /* Only kept to redraw it: past the bound, redraw less. */
        if (line->len > EMU_TERMINAL_LINE_MAX)
            g_string_erase(line, 0, (gssize)(line->len - EMU_TERMINAL_LINE_MAX));
    } else if (t->open < 0) {
        open_line(t, w, out);
    } else if ((int)w == preferred_writer(t) && t->open != preferred_writer(t)) {
        erase_open_line(t, out);
        open_line(t, w, out);
    } else if (line->len > EMU_TERMINAL_LINE_MAX) {
        /* A writer that never ends its line is shown all the same. */
        static const uint8_t lf = '\n';
        end_line(t, w, &lf, 1, out);
    }
}

void emu_terminal_output(struct emu_terminal *t, unsigned writer, const uint8_t *bytes, size_t len,
                         GString *out)
{
    if (writer >= EMU_TERMINAL_WRITERS)
        writer = EMU_TERMINAL_KERNEL;
    if (!t->options.lines) {
        put(t, writer, bytes, len, out);
        return;
    }
    while (len > 0) {
        const uint8_t *lf = memchr(bytes, '\n', len);
        size_t n = lf != NULL ? (size_t)(lf - bytes) + 1 : len;
        if (lf != NULL)
            end_line(t, writer, bytes, n, out);
        else
            grow_line(t, writer, bytes, n, out);
        bytes += n;
        len -= n;
    }
    open_next(t, out);
}

/* A line of tockemu's own (a notice), through the same discipline. */
static void notice(struct emu_terminal *t, GString *out, const char *text)
{
    if (out == NULL)
        return;
    GString *line = g_string_new(text);
    g_string_append_c(line, '\n');
    emu_terminal_output(t, EMU_TERMINAL_TOCKEMU, (const uint8_t *)line->str, line->len, out);
    g_string_free(line, TRUE);
}

/* ---- input -------------------------------------------------------------- */

static bool target_exists(const struct emu_terminal *t, struct emu_terminal_target target)
{
    switch (target.kind) {
    case EMU_TERMINAL_TO_ALL:
        return true;
    case EMU_TERMINAL_TO_PROCESS_CONSOLE:
        return writer_name(t, EMU_TERMINAL_PROCESS_CONSOLE) != NULL;
    case EMU_TERMINAL_TO_APP:
        return target.slot < TK_MAX_PROCESSES &&
               writer_name(t, EMU_TERMINAL_APP(target.slot)) != NULL;
    }
    return false;
}

static void describe_target(const struct emu_terminal *t, GString *s)
{
    switch (t->target.kind) {
    case EMU_TERMINAL_TO_ALL:
        g_string_append(s, "all readers");
        break;
    case EMU_TERMINAL_TO_PROCESS_CONSOLE:
        g_string_append(s, "the process console");
        break;
    case EMU_TERMINAL_TO_APP:
        g_string_append_printf(s, "app %u (%s)", t->target.slot,
                               writer_name(t, EMU_TERMINAL_APP(t->target.slot)));
        break;
    }
}

static void escape_name(const struct emu_terminal *t, GString *s)
{
    g_string_append_printf(s, "Ctrl-%c", '@' + t->options.escape);
}

void emu_terminal_select(struct emu_terminal *t, struct emu_terminal_target target, GString *out)
{
    if (!target_exists(t, target)) {
        GString *s = g_string_new(NULL);
        if (target.kind == EMU_TERMINAL_TO_APP)
            g_string_printf(s, "-- no app %u; input stays with ", target.slot);
        else
            g_string_printf(s, "-- no process console; input stays with ");
        describe_target(t, s);
        g_string_append(s, " --");
        notice(t, out, s->str);
        g_string_free(s, TRUE);
        return;
    }
    t->target = target;
    if (t->hooks.target_changed != NULL)
        t->hooks.target_changed(t->hooks.ctx);
    GString *s = g_string_new("-- input to ");
    describe_target(t, s);
    if (t->options.escape >= 0) {
        g_string_append(s, "; ");
        escape_name(t, s);
        g_string_append(s, " ? for help");
    }
    g_string_append(s, " --");
    notice(t, out, s->str);
    g_string_free(s, TRUE);
    /* The new target's line comes to the front. */
    if (t->options.lines && t->open != preferred_writer(t) &&
        t->writers[preferred_writer(t)].line->len > 0 && out != NULL) {
        if (t->open >= 0)
            erase_open_line(t, out);
        open_line(t, (unsigned)preferred_writer(t), out);
    }
}

/* The next target in turn: process console, app 0, app 1 ..., all. */
static struct emu_terminal_target next_target(const struct emu_terminal *t)
{
    struct emu_terminal_target next = t->target;
    for (unsigned tries = 0; tries < TK_MAX_PROCESSES + 3; tries++) {
        if (next.kind == EMU_TERMINAL_TO_PROCESS_CONSOLE)
            next = (struct emu_terminal_target){EMU_TERMINAL_TO_APP, 0};
        else if (next.kind == EMU_TERMINAL_TO_APP && next.slot + 1 < TK_MAX_PROCESSES)
            next.slot++;
        else if (next.kind == EMU_TERMINAL_TO_APP)
            next = (struct emu_terminal_target){EMU_TERMINAL_TO_ALL, 0};
        else
            next = (struct emu_terminal_target){EMU_TERMINAL_TO_PROCESS_CONSOLE, 0};
        if (target_exists(t, next))
            return next;
    }
    return t->target;
}

static void help(struct emu_terminal *t, GString *out)
{
    GString *s = g_string_new("-- keys after ");
    escape_name(t, s);
    g_string_append(s, ": p process console, 0-9 app in that slot, a all, n next,");
    notice(t, out, s->str);
    g_string_printf(s, "-- t tags, c colours, q quit, ");
    escape_name(t, s);
    g_string_append(s, " itself, ? this help; input now to ");
    describe_target(t, s);
    g_string_append(s, " --");
    notice(t, out, s->str);
    g_string_free(s, TRUE);
}

/* Hand typed bytes on; say so once when the target's queue starts to
 * overflow (until it takes a whole input again). */
static void typed(struct emu_terminal *t, const uint8_t *bytes, size_t len, GString *out)
{
    if (len == 0 || t->hooks.typed == NULL)
        return;
    size_t took = t->hooks.typed(t->target, bytes, len, t->hooks.ctx);
    if (took == len) {
        t->overrun = false;
        return;
    }
    if (t->overrun)
        return;
    t->overrun = true;
    GString *s = g_string_new("-- input overrun: ");
    describe_target(t, s);
    g_string_append(s, " has not read what waits for it; more typed for it is dropped --");
    notice(t, out, s->str);
    g_string_free(s, TRUE);
}

/* The key after the escape byte. */
static void escape_command(struct emu_terminal *t, uint8_t key, GString *out)
{
    if (key == t->options.escape) {
        typed(t, &key, 1, out);
        return;
    }
    switch (key) {
    case 'p':
    case 'P':
        emu_terminal_select(t, (struct emu_terminal_target){EMU_TERMINAL_TO_PROCESS_CONSOLE, 0},
                            out);
        return;
    case 'a':
    case 'A':
        emu_terminal_select(t, (struct emu_terminal_target){EMU_TERMINAL_TO_ALL, 0}, out);
        return;
    case 'n':
    case 'N':
    case '\t':
        emu_terminal_select(t, next_target(t), out);
        return;
    case 't':
    case 'T':
        t->options.tags = !t->options.tags;
        notice(t, out, t->options.tags ? "-- line tags on --" : "-- line tags off --");
        return;
    case 'c':
    case 'C':
        t->options.colours = !t->options.colours;
        notice(t, out, t->options.colours ? "-- colours on --" : "-- colours off --");
        return;
    case 'q':
    case 'Q':
        if (t->hooks.quit != NULL) {
            notice(t, out, "-- quit --");
            t->hooks.quit(t->hooks.ctx);
        }
        return;
    default:
        if (key >= '0' && key <= '9') {
            emu_terminal_select(t, (struct emu_terminal_target){EMU_TERMINAL_TO_APP, key - '0'},
                                out);
            return;
        }
        help(t, out);
        return;
    }
}

void emu_terminal_input(struct emu_terminal *t, const uint8_t *bytes, size_t len, GString *out)
{
    size_t run = 0; /* bytes[run, i) go to the board */
    for (size_t i = 0; i < len; i++) {
        if (t->escape_seen) {
            t->escape_seen = false;
            escape_command(t, bytes[i], out);
            run = i + 1;
        } else if (t->options.escape >= 0 && bytes[i] == t->options.escape) {
            typed(t, bytes + run, i - run, out);
            t->escape_seen = true;
        }
    }
    if (!t->escape_seen)
        typed(t, bytes + run, len - run, out);
}

/* ---- life cycle ---------------------------------------------------------- */

void emu_terminal_init(struct emu_terminal *t, const struct emu_terminal_options *o,
                       const struct emu_terminal_hooks *h)
{
    *t = (struct emu_terminal){.options = *o, .open = -1};
    if (h != NULL)
        t->hooks = *h;
    for (unsigned w = 0; w < EMU_TERMINAL_WRITERS; w++)
        t->writers[w].line = g_string_new(NULL);
    /* Without an escape key no one could select anything else: then input
     * goes to every reader, as upstream's mux does. */
    t->target = (struct emu_terminal_target){EMU_TERMINAL_TO_ALL, 0};
    if (o->escape >= 0 && writer_name(t, EMU_TERMINAL_PROCESS_CONSOLE) != NULL)
        t->target.kind = EMU_TERMINAL_TO_PROCESS_CONSOLE;
}

void emu_terminal_fini(struct emu_terminal *t)
{
    for (unsigned w = 0; w < EMU_TERMINAL_WRITERS; w++)
        if (t->writers[w].line != NULL)
            g_string_free(t->writers[w].line, TRUE);
}

struct emu_terminal_target emu_terminal_target(const struct emu_terminal *t)
{
    return t->target;
}
