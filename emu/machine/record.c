/* Record and replay files (see record.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "inputs.h"
#include "record.h"

static const char magic[] = "# tockemu record 1";
static const char app_prefix[] = "# app ";
static const char option_prefix[] = "# option ";
static const char event_prefix[] = "# event ";
static const char seed_prefix[] = "# seed ";
static const char switch_prefix[] = "# switch ";
static const char typed_prefix[] = "# typed ";
static const char control_prefix[] = "# control ";

enum { REPLAY_CONTEXT = 3 }; /* recorded events shown before a divergence */

struct emu_record {
    FILE *file;
    int write_error;
};

struct emu_record *emu_record_new(const char *path, char *const *apps, char *const *options,
                                  struct emu_err *err)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        emu_err_set(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct emu_record *rec = g_new0(struct emu_record, 1);
    rec->file = f;
    fprintf(f, "%s\n", magic);
    for (char *const *a = apps; a != NULL && *a != NULL; a++)
        fprintf(f, "%s%s\n", app_prefix, *a);
    for (char *const *o = options; o != NULL && *o != NULL; o++)
        fprintf(f, "%s%s\n", option_prefix, *o);
    return rec;
}

char **emu_record_options(const char *path)
{
    GPtrArray *options = g_ptr_array_new();
    gchar *text = NULL;
    if (g_file_get_contents(path, &text, NULL, NULL) && g_str_has_prefix(text, magic)) {
        gchar **lines = g_strsplit(text, "\n", -1);
        for (gchar **l = lines; *l != NULL; l++)
            if (g_str_has_prefix(*l, option_prefix))
                g_ptr_array_add(options, g_strdup(*l + strlen(option_prefix)));
        g_strfreev(lines);
    }
    g_free(text);
    g_ptr_array_add(options, NULL);
    return (char **)g_ptr_array_free(options, FALSE);
}

void emu_record_input(struct emu_record *rec, const char *scenario_line)
{
    size_t n = strlen(scenario_line);
    fprintf(rec->file, "%s%s", scenario_line, n > 0 && scenario_line[n - 1] == '\n' ? "" : "\n");
}

void emu_record_typed(struct emu_record *rec, const struct emu_input_point *at)
{
    char target[32] = "all";
    if (at->target.kind == EMU_TERMINAL_TO_PROCESS_CONSOLE)
        snprintf(target, sizeof target, "process-console");
    else if (at->target.kind == EMU_TERMINAL_TO_APP)
        snprintf(target, sizeof target, "app %u", at->target.slot);
    if (fprintf(rec->file, "%s%" PRIu64 " %" PRIu64 " %s\n", typed_prefix, at->events,
                at->deferred_calls, target) < 0 &&
        rec->write_error == 0)
        rec->write_error = -errno;
}

void emu_record_control(struct emu_record *rec, const struct emu_input_point *at)
{
    if (fprintf(rec->file, "%s%" PRIu64 " %" PRIu64 " %" PRIu64 "ns\n", control_prefix, at->events,
                at->deferred_calls, at->time_ns) < 0 &&
        rec->write_error == 0)
        rec->write_error = -errno;
}

void emu_record_event(struct emu_record *rec, const char *line)
{
    if (fprintf(rec->file, "%s%s\n", event_prefix, line) < 0 && rec->write_error == 0)
        rec->write_error = -errno;
}

void emu_record_switch(struct emu_record *rec, uint64_t index, bool preempted, uint64_t ran_ns)
{
    if (!preempted && ran_ns == 0)
        return;
    if (fprintf(rec->file, "%s%" PRIu64 " %s %" PRIu64 "\n", switch_prefix, index,
                preempted ? "preempted" : "trapped", ran_ns) < 0 &&
        rec->write_error == 0)
        rec->write_error = -errno;
}

int emu_record_free(struct emu_record *rec, bool has_seed, uint64_t seed)
{
    if (rec == NULL)
        return 0;
    if (has_seed)
        fprintf(rec->file, "%s%" PRIu64 "\n", seed_prefix, seed);
    int rc = rec->write_error;
    if (fclose(rec->file) != 0 && rc == 0)
        rc = -errno;
    g_free(rec);
    return rc;
}

/* ---- replay ---------------------------------------------------------------------- */

struct emu_replay {
    gchar *path;
    gchar *text;
    GPtrArray *events; /* recorded event lines (borrowed from `lines`) */
    GPtrArray *apps;   /* NULL-terminated */
    gchar **lines;
    bool has_seed;
    uint64_t seed;
    GArray *switches;  /* struct recorded_switch, by index */
    guint next_switch; /* emu_replay_switch's cursor */
    GString *scenario; /* the text without the inputs at points */
    GArray *inputs;    /* struct recorded_input (typed, control), in the order recorded */
    guint next_input;  /* emu_replay_input's cursor */
    /* The first divergence: index (from 1) and what the run produced. */
    uint64_t diverged_at;
    gchar *got;
};

struct recorded_switch {
    uint64_t index, ran_ns;
    bool preempted;
};

/* Typed input (bytes) or a control line (line), with its point. */
struct recorded_input {
    struct emu_input_point at;
    GBytes *bytes;
    gchar *line;
};

/* "EVENTS DEFERRED all|process-console|app N" after "# typed ": false if
 * the text is not that. */
static bool parse_typed_point(const char *text, struct emu_input_point *at)
{
    char target[20];
    int used = 0;
    *at = (struct emu_input_point){0};
    if (sscanf(text, "%" SCNu64 " %" SCNu64 " %19s %n", &at->events, &at->deferred_calls, target,
               &used) != 3)
        return false;
    if (strcmp(target, "all") == 0 && text[used] == 0)
        at->target.kind = EMU_TERMINAL_TO_ALL;
    else if (strcmp(target, "process-console") == 0 && text[used] == 0)
        at->target.kind = EMU_TERMINAL_TO_PROCESS_CONSOLE;
    else if (strcmp(target, "app") == 0 && sscanf(text + used, "%u", &at->target.slot) == 1 &&
             at->target.slot < TK_MAX_PROCESSES)
        at->target.kind = EMU_TERMINAL_TO_APP;
    else
        return false;
    return true;
}

/* "EVENTS DEFERRED TIMEns" after "# control ": false if the text is not
 * that. */
static bool parse_control_point(const char *text, struct emu_input_point *at)
{
    int used = 0;
    *at = (struct emu_input_point){0};
    return sscanf(text, "%" SCNu64 " %" SCNu64 " %" SCNu64 "ns%n", &at->events, &at->deferred_calls,
                  &at->time_ns, &used) == 3 &&
           text[used] == 0;
}

/* The console line after "# typed": its time and bytes into *typed. */
static bool parse_typed_line(const char *line, struct recorded_input *typed)
{
    const char *rest;
    struct emu_inputs_options one;
    struct emu_err ignored;
    if (!emu_pins_split_time(line, 0, &typed->at.time_ns, &rest))
        return false;
    emu_inputs_options_init(&one, NULL);
    bool ok = emu_inputs_scenario_action(&one, "", typed->at.time_ns, rest, &ignored) == 0;
    if (ok)
        typed->bytes = g_bytes_ref(g_array_index(one.console, struct emu_console_input, 0).bytes);
    emu_inputs_options_fini(&one);
    return ok;
}

/* "# switch N preempted|trapped RAN": false if the line is not one. */
static bool parse_switch(const char *text, struct recorded_switch *sw)
{
    char kind[16];
    if (sscanf(text, "%" SCNu64 " %15s %" SCNu64, &sw->index, kind, &sw->ran_ns) != 3)
        return false;
    sw->preempted = strcmp(kind, "preempted") == 0;
    return sw->preempted || strcmp(kind, "trapped") == 0;
}

/* What the line after a "# typed" or "# control" line is. */
enum input_next { NEXT_ANY, NEXT_TYPED, NEXT_CONTROL };

/* One line of a record into `rp`. `*in` and `*next` carry a "# typed" or
 * "# control" line to the input line it names. Returns 0, or -EINVAL with
 * *next telling which of the two lines is malformed. */
static int replay_read_line(struct emu_replay *rp, char *line, struct recorded_input *in,
                            enum input_next *next)
{
    if (*next != NEXT_ANY && *line != '#' && *line != 0) {
        /* Inputs at points replay through emu_replay_input, not as
         * scenario lines: the scenario keeps them as comments. */
        if (*next == NEXT_TYPED && !parse_typed_line(line, in))
            return -EINVAL;
        if (*next == NEXT_CONTROL)
            in->line = g_strdup(line);
        *next = NEXT_ANY;
        g_array_append_val(rp->inputs, *in);
        g_string_append_printf(rp->scenario, "# %s\n", line);
        return 0;
    }
    g_string_append_printf(rp->scenario, "%s\n", line);
    struct recorded_switch sw;
    if (g_str_has_prefix(line, typed_prefix) || g_str_has_prefix(line, control_prefix)) {
        bool typed = g_str_has_prefix(line, typed_prefix);
        *in = (struct recorded_input){0};
        if (*next != NEXT_ANY ||
            !(typed ? parse_typed_point(line + strlen(typed_prefix), &in->at)
                    : parse_control_point(line + strlen(control_prefix), &in->at))) {
            *next = NEXT_ANY;
            return -EINVAL;
        }
        *next = typed ? NEXT_TYPED : NEXT_CONTROL;
    } else if (g_str_has_prefix(line, switch_prefix) &&
               parse_switch(line + strlen(switch_prefix), &sw)) {
        g_array_append_val(rp->switches, sw);
    } else if (g_str_has_prefix(line, event_prefix)) {
        g_ptr_array_add(rp->events, line + strlen(event_prefix));
    } else if (g_str_has_prefix(line, app_prefix)) {
        g_ptr_array_add(rp->apps, line + strlen(app_prefix));
    } else if (g_str_has_prefix(line, seed_prefix)) {
        rp->has_seed =
            sscanf(line + strlen(seed_prefix), "%" SCNu64, &rp->seed) == 1 || rp->has_seed;
    }
    return 0;
}

struct emu_replay *emu_replay_new(const char *path, struct emu_err *err)
{
    gchar *text = NULL;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &text, NULL, &gerr)) {
        emu_err_set(err, "%s: %s", path, gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    if (!g_str_has_prefix(text, magic)) {
        emu_err_set(err, "%s: not a tockemu record (no '%s' line; make one with --record)", path,
                    magic);
        g_free(text);
        return NULL;
    }
    struct emu_replay *rp = g_new0(struct emu_replay, 1);
    rp->path = g_strdup(path);
    rp->text = text;
    rp->lines = g_strsplit(text, "\n", -1);
    rp->events = g_ptr_array_new();
    rp->apps = g_ptr_array_new();
    rp->switches = g_array_new(FALSE, FALSE, sizeof(struct recorded_switch));
    rp->scenario = g_string_new(NULL);
    rp->inputs = g_array_new(FALSE, FALSE, sizeof(struct recorded_input));
    struct recorded_input in;
    enum input_next next = NEXT_ANY;
    static const char *const expected[] = {
        [NEXT_ANY] = ("expected '# typed EVENTS DEFERRED all|process-console|app N' or "
                      "'# control EVENTS DEFERRED TIMEns'"),
        [NEXT_TYPED] = "expected 'TIME console \"TEXT\"' after '# typed'",
        [NEXT_CONTROL] = "expected a scenario line after '# control'",
    };
    for (gchar **l = rp->lines; *l != NULL; l++) {
        if (replay_read_line(rp, *l, &in, &next) != 0) {
            emu_err_set(err, "%s:%u: %s", path, (unsigned)(l - rp->lines) + 1, expected[next]);
            emu_replay_free(rp);
            return NULL;
        }
    }
    g_ptr_array_add(rp->apps, NULL);
    if (next != NEXT_ANY) {
        emu_err_set(err, "%s: '# %s' with no input line after it", path,
                    next == NEXT_TYPED ? "typed" : "control");
        emu_replay_free(rp);
        return NULL;
    }
    return rp;
}

void emu_replay_free(struct emu_replay *rp)
{
    if (rp == NULL)
        return;
    g_ptr_array_free(rp->events, TRUE);
    g_ptr_array_free(rp->apps, TRUE);
    g_array_free(rp->switches, TRUE);
    for (guint i = 0; i < rp->inputs->len; i++) {
        struct recorded_input *in = &g_array_index(rp->inputs, struct recorded_input, i);
        if (in->bytes != NULL)
            g_bytes_unref(in->bytes);
        g_free(in->line);
    }
    g_array_free(rp->inputs, TRUE);
    g_string_free(rp->scenario, TRUE);
    g_strfreev(rp->lines);
    g_free(rp->text);
    g_free(rp->path);
    g_free(rp->got);
    g_free(rp);
}

const char *emu_replay_scenario(const struct emu_replay *rp)
{
    return rp->scenario->str;
}

bool emu_replay_input(const struct emu_replay *rp, struct emu_replay_input *in)
{
    if (rp->next_input == rp->inputs->len)
        return false;
    const struct recorded_input *next =
        &g_array_index(rp->inputs, struct recorded_input, rp->next_input);
    *in = (struct emu_replay_input){.at = next->at, .control_line = next->line};
    if (next->bytes != NULL)
        in->bytes = g_bytes_get_data(next->bytes, &in->len);
    return true;
}

void emu_replay_input_take(struct emu_replay *rp)
{
    if (rp->next_input < rp->inputs->len)
        rp->next_input++;
}

const char *emu_replay_path(const struct emu_replay *rp)
{
    return rp->path;
}

void emu_replay_switch(struct emu_replay *rp, uint64_t index, bool *preempted, uint64_t *ran_ns)
{
    *preempted = false;
    *ran_ns = 0;
    while (rp->next_switch < rp->switches->len &&
           g_array_index(rp->switches, struct recorded_switch, rp->next_switch).index < index)
        rp->next_switch++;
    if (rp->next_switch == rp->switches->len)
        return;
    const struct recorded_switch *sw =
        &g_array_index(rp->switches, struct recorded_switch, rp->next_switch);
    if (sw->index == index) {
        *preempted = sw->preempted;
        *ran_ns = sw->ran_ns;
    }
}

bool emu_replay_seed(const struct emu_replay *rp, uint64_t *seed)
{
    *seed = rp->seed;
    return rp->has_seed;
}

char *const *emu_replay_apps(const struct emu_replay *rp)
{
    return (char *const *)rp->apps->pdata;
}

uint64_t emu_replay_count(const struct emu_replay *rp)
{
    return rp->events->len;
}

bool emu_replay_check(struct emu_replay *rp, uint64_t index, const char *line)
{
    if (rp->diverged_at != 0)
        return false;
    const char *want = index <= rp->events->len ? g_ptr_array_index(rp->events, index - 1) : NULL;
    if (want != NULL && strcmp(want, line) == 0)
        return true;
    rp->diverged_at = index;
    rp->got = g_strdup(line);
    return false;
}

bool emu_replay_finish(struct emu_replay *rp, uint64_t produced)
{
    if (rp->diverged_at == 0 && produced < rp->events->len) {
        rp->diverged_at = produced + 1;
        rp->got = g_strdup("(the run ended)");
    }
    return rp->diverged_at == 0;
}

void emu_replay_report(const struct emu_replay *rp, FILE *out)
{
    if (rp->diverged_at == 0)
        return;
    uint64_t at = rp->diverged_at;
    fprintf(out, "tockemu: replay of %s diverged at event %" PRIu64 ":\n", rp->path, at);
    for (uint64_t i = at > REPLAY_CONTEXT ? at - REPLAY_CONTEXT : 1; i < at; i++)
        fprintf(out, "  %8" PRIu64 "   %s\n", i,
                (const char *)g_ptr_array_index(rp->events, i - 1));
    fprintf(out, "  %8" PRIu64 " - %s\n", at,
            at <= rp->events->len ? (const char *)g_ptr_array_index(rp->events, at - 1)
                                  : "(the record ended)");
    fprintf(out, "  %8" PRIu64 " + %s\n", at, rp->got);
}
