/* Running tockemu from end-to-end tests (see e2e.h). */
#include <check.h>
#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"

char *e2e_app(const char *name)
{
    return g_strdup_printf("%s/libtock-host/apps/%s.tbf", TOCKEMU_BUILD_ROOT, name);
}

/* How the child is set up before tockemu runs. */
struct child_setup {
    const char *stdin_path;   /* NULL: /dev/null */
    unsigned long long fsize; /* RLIMIT_FSIZE soft limit; 0: inherited */
};

/* g_spawn_sync's child set-up: stdin from a file, a file-size limit. */
static void child_setup(gpointer data)
{
    const struct child_setup *setup = data;
    if (setup->stdin_path != NULL) {
        int fd = open(setup->stdin_path, O_RDONLY);
        if (fd >= 0 && dup2(fd, STDIN_FILENO) >= 0)
            close(fd);
    }
    if (setup->fsize != 0) {
        struct rlimit limit;
        if (getrlimit(RLIMIT_FSIZE, &limit) == 0) {
            limit.rlim_cur = (rlim_t)setup->fsize;
            setrlimit(RLIMIT_FSIZE, &limit);
        }
    }
}

static struct e2e_result run_v(const struct child_setup *setup, const char *first, va_list ap)
{
    const char *stdin_path = setup->stdin_path;
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    /* scripts/test.sh --valgrind runs the emulator itself under memcheck. */
    const char *wrapper = g_getenv("TOCKEMU_TEST_WRAPPER");
    if (wrapper != NULL && wrapper[0] != 0) {
        gchar **words = g_strsplit(wrapper, " ", -1);
        for (gchar **w = words; *w != NULL; w++)
            if (**w != 0)
                g_ptr_array_add(argv, g_strdup(*w));
        g_strfreev(words);
    }
    g_ptr_array_add(argv, g_strdup(TOCKEMU_BUILD_ROOT "/emu/tools/tockemu"));
    for (const char *a = first; a != NULL; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, a[0] == '@' ? e2e_app(a + 1) : g_strdup(a));
    g_ptr_array_add(argv, NULL);

    struct e2e_result r = {0};
    int wait_status = 0;
    GError *err = NULL;
    GSpawnFlags flags = G_SPAWN_SEARCH_PATH | (stdin_path ? 0 : G_SPAWN_STDIN_FROM_DEV_NULL);
    gboolean ok = g_spawn_sync(NULL, (gchar **)argv->pdata, NULL, flags, child_setup,
                               (gpointer)setup, &r.out, &r.err, &wait_status, &err);
    if (!ok)
        ck_abort_msg("cannot run tockemu: %s", err->message);
    g_ptr_array_free(argv, TRUE);
    r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
    return r;
}

struct e2e_result e2e_run(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    struct e2e_result r = run_v(&(struct child_setup){0}, first, ap);
    va_end(ap);
    return r;
}

struct e2e_result e2e_run_stdin(const char *stdin_path, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    struct e2e_result r = run_v(&(struct child_setup){.stdin_path = stdin_path}, first, ap);
    va_end(ap);
    return r;
}

struct e2e_result e2e_run_fsize(unsigned long long fsize, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    struct e2e_result r = run_v(&(struct child_setup){.fsize = fsize}, first, ap);
    va_end(ap);
    return r;
}

void e2e_result_free(struct e2e_result *r)
{
    g_free(r->out);
    g_free(r->err);
}

char *e2e_temp_file(const void *bytes, size_t len)
{
    char *path = NULL;
    int fd = g_file_open_tmp("tockemu-test-XXXXXX.tbf", &path, NULL);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, len), (ssize_t)len);
    close(fd);
    return path;
}

void *e2e_read_file(const char *path, size_t *len)
{
    gchar *data = NULL;
    gsize n = 0;
    ck_assert_msg(g_file_get_contents(path, &data, &n, NULL), "cannot read %s", path);
    *len = n;
    return data;
}

int e2e_count_lines(const char *text, const char *line)
{
    int count = 0;
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l != NULL; l++)
        count += strcmp(*l, line) == 0;
    g_strfreev(lines);
    return count;
}

/* Replay `record` `times` times: each matches it (status 0) and writes the
 * trace `recorded`, byte for byte. */
void e2e_assert_replays_match(const char *record, const char *recorded, int times)
{
    char *trace = e2e_temp_file("", 0);
    for (int i = 0; i < times; i++) {
        struct e2e_result r = e2e_run("--replay", record, "--trace", trace, NULL);
        ck_assert_msg(r.status == 0, "replay %d ended %d: %s", i, r.status, r.err);
        size_t len;
        char *replayed = e2e_read_file(trace, &len);
        ck_assert_msg(strcmp(replayed, recorded) == 0, "replay %d differs", i);
        g_free(replayed);
        e2e_result_free(&r);
    }
    unlink(trace);
    g_free(trace);
}
