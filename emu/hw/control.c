/* The control channel (see control.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"

int emu_control_open(struct emu_control *c, const char *path, struct emu_err *err)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
    if (mkfifo(path, 0600) != 0 && errno != EEXIST) {
        int rc = -errno;
        emu_err_set(err, "--control %s: cannot create a FIFO: %s", path, strerror(-rc));
        return rc;
    }
    c->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (c->fd < 0) {
        int rc = -errno;
        emu_err_set(err, "--control %s: %s", path, strerror(-rc));
        return rc;
    }
    return 0;
}

void emu_control_close(struct emu_control *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

static void finish_line(struct emu_control *c, void (*fn)(void *, const char *, unsigned),
                        void *ctx)
{
    c->line[c->len] = 0;
    c->line_number++;
    const char *text = c->line;
    while (*text == ' ' || *text == '\t')
        text++;
    if (*text != 0 && *text != '#')
        fn(ctx, text, c->line_number);
    c->len = 0;
}

void emu_control_read(struct emu_control *c, void (*fn)(void *, const char *, unsigned), void *ctx)
{
    char buf[512];
    ssize_t n;
    while ((n = read(c->fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n' || buf[i] == '\r')
                finish_line(c, fn, ctx);
            else if (c->len < sizeof c->line - 1)
                c->line[c->len++] = buf[i];
        }
    }
}
