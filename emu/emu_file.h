/* Reading a whole user-supplied input file, with a size limit.
 *
 * Style §3.2: a file the user names is input, and bad input is one line
 * naming the file and the reason. Reading "until EOF" is unbounded for
 * /dev/zero, a FIFO or a growing log, so every whole-file read of a TBF, TAB,
 * app image or scenario goes through emu_file_read with the limit that input
 * can sensibly have, and a file past it is refused, never cut short.
 */
#ifndef EMU_FILE_H
#define EMU_FILE_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu_err.h"

/* Read all of `path` (what names the input kind in messages: "app",
 * "scenario") into a malloc'd buffer with a NUL after the last byte: 0 with
 * *data (free it) and *len set, or -errno with `err` naming the file and the
 * reason, and nothing to free: -ENOENT/-EACCES/... it cannot be opened,
 * -EIO a read failed, -EFBIG it holds more than `limit` bytes. */
static inline int emu_file_read(const char *path, const char *what, size_t limit, char **data,
                                size_t *len, struct emu_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int rc = -errno;
        emu_err_set(err, "%s: cannot open %s: %s", path, what, strerror(-rc));
        return rc;
    }
    size_t cap = 65536, used = 0;
    char *buf = malloc(cap + 1);
    int rc = buf == NULL ? -ENOMEM : 0;
    while (rc == 0) {
        if (used == cap) {
            /* Grow past the limit by one byte at most: enough to tell. */
            size_t next = cap > limit / 2 ? limit + 1 : cap * 2;
            char *grown = next > cap ? realloc(buf, next + 1) : NULL;
            if (grown == NULL) {
                rc = next > cap ? -ENOMEM : -EFBIG;
                break;
            }
            buf = grown;
            cap = next;
        }
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = -errno;
        else if (n == 0)
            break;
        else
            used += (size_t)n;
        if (rc == 0 && used > limit)
            rc = -EFBIG;
    }
    close(fd);
    if (rc == -EFBIG)
        emu_err_set(err, "%s: %s larger than the %zu-byte limit", path, what, limit);
    else if (rc != 0)
        emu_err_set(err, "%s: cannot read %s: %s", path, what, strerror(-rc));
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[used] = '\0';
    *data = buf;
    *len = used;
    return 0;
}

#endif
