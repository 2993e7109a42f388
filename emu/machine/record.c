/* Record and replay files (see record.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "record.h"

static const char magic[] = "# tockemu record 1";
static const char app_prefix[] = "# app ";
static const char option_prefix[] = "# option ";
static const char event_prefix[] = "# event ";
static const char seed_prefix[] = "# seed ";
static const char switch_prefix[] = "# switch ";

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
    /* The first divergence: index (from 1) and what the run produced. */
    uint64_t diverged_at;
    gchar *got;
};

struct recorded_switch {
    uint64_t index, ran_ns;
    bool preempted;
};

/* "# switch N preempted|trapped RAN": false if the line is not one. */
static bool parse_switch(const char *text, struct recorded_switch *sw)
{
    char kind[16];
    if (sscanf(text, "%" SCNu64 " %15s %" SCNu64, &sw->index, kind, &sw->ran_ns) != 3)
        return false;
    sw->preempted = strcmp(kind, "preempted") == 0;
    return sw->preempted || strcmp(kind, "trapped") == 0;
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
    for (gchar **l = rp->lines; *l != NULL; l++) {
        struct recorded_switch sw;
        if (g_str_has_prefix(*l, switch_prefix) && parse_switch(*l + strlen(switch_prefix), &sw))
            g_array_append_val(rp->switches, sw);
        if (g_str_has_prefix(*l, event_prefix))
            g_ptr_array_add(rp->events, *l + strlen(event_prefix));
        else if (g_str_has_prefix(*l, app_prefix))
            g_ptr_array_add(rp->apps, *l + strlen(app_prefix));
        else if (g_str_has_prefix(*l, seed_prefix))
            rp->has_seed =
                sscanf(*l + strlen(seed_prefix), "%" SCNu64, &rp->seed) == 1 || rp->has_seed;
    }
    g_ptr_array_add(rp->apps, NULL);
    return rp;
}

void emu_replay_free(struct emu_replay *rp)
{
    if (rp == NULL)
        return;
    g_ptr_array_free(rp->events, TRUE);
    g_ptr_array_free(rp->apps, TRUE);
    g_array_free(rp->switches, TRUE);
    g_strfreev(rp->lines);
    g_free(rp->text);
    g_free(rp->path);
    g_free(rp->got);
    g_free(rp);
}

const char *emu_replay_scenario(const struct emu_replay *rp)
{
    return rp->text;
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
