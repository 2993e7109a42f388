/* A tockemu run driven while it runs (see live_run.h). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "live_run.h"

void live_run_start(struct live_run *r, const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(argv, g_strdup(TOCKEMU_BUILD_ROOT "/emu/tools/tockemu"));
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a != NULL; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, a[0] == '@' ? e2e_app(a + 1) : g_strdup(a));
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    *r = (struct live_run){.out = g_string_new(NULL), .err = g_string_new(NULL)};
    GError *err = NULL;
    if (!g_spawn_async_with_pipes(NULL, (gchar **)argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                  NULL, NULL, &r->pid, &r->in_fd, &r->out_fd, &r->err_fd, &err))
        ck_abort_msg("cannot run tockemu: %s", err->message);
    g_ptr_array_free(argv, TRUE);
    fcntl(r->out_fd, F_SETFL, O_NONBLOCK);
    fcntl(r->err_fd, F_SETFL, O_NONBLOCK);
}

void live_run_type(struct live_run *r, const char *text)
{
    size_t len = strlen(text);
    ck_assert_int_eq(write(r->in_fd, text, len), (ssize_t)len);
}

void live_run_close_input(struct live_run *r)
{
    if (r->in_fd >= 0)
        close(r->in_fd);
    r->in_fd = -1;
}

/* Read what is there; false once both pipes reached end of file. */
static bool pump(struct live_run *r, int timeout_ms)
{
    struct pollfd fds[2] = {{.fd = r->out_fd, .events = POLLIN},
                            {.fd = r->err_fd, .events = POLLIN}};
    if (r->out_fd < 0 && r->err_fd < 0)
        return false;
    (void)poll(fds, 2, timeout_ms);
    int *fd_of[2] = {&r->out_fd, &r->err_fd};
    GString *to[2] = {r->out, r->err};
    for (int i = 0; i < 2; i++) {
        char buf[4096];
        ssize_t n;
        if (*fd_of[i] < 0)
            continue;
        while ((n = read(*fd_of[i], buf, sizeof buf)) > 0)
            g_string_append_len(to[i], buf, n);
        if (n == 0) {
            close(*fd_of[i]);
            *fd_of[i] = -1;
        }
    }
    return true;
}

const char *live_run_expect_stderr(struct live_run *r, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + LIVE_RUN_BOUND_MS * 1000;
    for (;;) {
        const char *at = strstr(r->err->str, needle);
        if (at != NULL)
            return at;
        gint64 left = deadline - g_get_monotonic_time();
        if (left <= 0 || !pump(r, (int)(left / 1000) + 1))
            break;
    }
    kill(r->pid, SIGKILL);
    ck_abort_msg("no '%s' in tockemu's stderr:\n%s", needle, r->err->str);
    return NULL;
}

void live_run_expect(struct live_run *r, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + LIVE_RUN_BOUND_MS * 1000;
    for (;;) {
        const char *at = strstr(r->out->str + r->seen, needle);
        if (at != NULL) {
            r->seen = (size_t)(at - r->out->str) + strlen(needle);
            return;
        }
        gint64 left = deadline - g_get_monotonic_time();
        if (left <= 0 || !pump(r, (int)(left / 1000) + 1))
            break;
    }
    kill(r->pid, SIGKILL);
    ck_abort_msg("no '%s' in tockemu's output:\n%s\nstderr:\n%s", needle, r->out->str, r->err->str);
}

int live_run_wait(struct live_run *r)
{
    gint64 deadline = g_get_monotonic_time() + LIVE_RUN_BOUND_MS * 1000;
    int status = 0;
    while (g_get_monotonic_time() < deadline && pump(r, 50))
        ;
    while (waitpid(r->pid, &status, WNOHANG) == 0) {
        if (g_get_monotonic_time() >= deadline) {
            kill(r->pid, SIGKILL);
            waitpid(r->pid, &status, 0);
            ck_abort_msg("tockemu did not exit; output:\n%s\nstderr:\n%s", r->out->str,
                         r->err->str);
        }
        pump(r, 50);
    }
    r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r->status;
}

void live_run_free(struct live_run *r)
{
    live_run_close_input(r);
    if (r->out_fd >= 0)
        close(r->out_fd);
    if (r->err_fd >= 0)
        close(r->err_fd);
    g_spawn_close_pid(r->pid);
    g_string_free(r->out, TRUE);
    g_string_free(r->err, TRUE);
}
