/* The control channel: inputs typed while a run goes on (`--control PATH`).
 *
 * A named pipe (created if missing) read line by line; each line is an
 * input in the scenario grammar applied at the current virtual time
 * ("press 0", "release 0", "gpio 2 high", "300ms press 1"), so a user can
 * press buttons or drive GPIO pins interactively:
 *
 *     tockemu --rt --control /tmp/board.ctl app.tbf &
 *     echo "press 0" > /tmp/board.ctl
 *
 * Opened read-write so that the pipe never reports end of file between two
 * writers.
 */
#ifndef EMU_CONTROL_H
#define EMU_CONTROL_H

#include <stddef.h>

#include "emu_err.h"

struct emu_control {
    int fd;
    char line[256];
    size_t len;
    unsigned line_number;
};

/* Open (creating a FIFO if nothing is at `path`). Returns 0 or -errno with
 * `err` naming the path. */
int emu_control_open(struct emu_control *c, const char *path, struct emu_err *err);
void emu_control_close(struct emu_control *c);

/* Read what is there without blocking and call `fn` for each complete line
 * (without its newline; empty lines and lines starting with '#' are
 * skipped; over-long lines are cut). */
void emu_control_read(struct emu_control *c,
                      void (*fn)(void *ctx, const char *line, unsigned number), void *ctx);

#endif
