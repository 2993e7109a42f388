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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
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

/* A whole input file, read-only, for a reader that looks at little of it
 * and copies the rest with a system call (app flash: pwrite). A regular
 * file is mapped, so that only the pages looked at are faulted in (reading
 * a 128 KiB TBF into a fresh buffer and copying it cost tockemu 60 page
 * faults of its start-up, bench/); anything else (a FIFO, /dev/stdin) is
 * read with emu_file_read. Same results and messages as emu_file_read.
 * Deviation from a read: a regular file truncated by someone else while it
 * is mapped raises SIGBUS, as with any mapped input. */
struct emu_file_view {
    const uint8_t *data;
    size_t len;
    void *mapped;  /* the mapping, or NULL */
    char *read_in; /* emu_file_read's buffer, or NULL */
};

static inline int emu_file_view_open(const char *path, const char *what, size_t limit,
                                     struct emu_file_view *v, struct emu_err *err)
{
    memset(v, 0, sizeof *v);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size <= limit) {
        void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            close(fd);
            v->mapped = map;
            v->data = map;
            v->len = (size_t)st.st_size;
            return 0;
        }
    }
    if (fd >= 0)
        close(fd);
    size_t len = 0;
    int rc = emu_file_read(path, what, limit, &v->read_in, &len, err);
    if (rc == 0) {
        v->data = (const uint8_t *)v->read_in;
        v->len = len;
    }
    return rc;
}

static inline void emu_file_view_close(struct emu_file_view *v)
{
    if (v->mapped != NULL)
        munmap(v->mapped, v->len);
    free(v->read_in);
    memset(v, 0, sizeof *v);
}

#endif
