/* Debuggers on app children: whether one traces a child, and waiting for one.
 *
 * gdb debugs an app by attaching to its process with ptrace (gdb -p PID,
 * docs/debugging.md): Linux then reports the child's stops and signals to
 * gdb, not to the emulator. Only a child handed to a debugger here is let
 * off preemption and the wait bounds while traced (switch.c); any other
 * tracer is a child failing its bounds. --gdb waits here for the attach
 * before the app's first instruction runs.
 *
 * No upstream counterpart: on a board, a debug probe halts the whole chip
 * over SWD; here the kernel waits on the traced app, which has the same
 * effect (nothing else runs, virtual time stands still).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "process-internal.h"

#define DEBUGGER_POLL_MS 10 /* how often the wait looks at the child */

/* The TracerPid line of /proc/PID/status: 0 untraced, -1 no such process. */
static long tracer_of(pid_t pid)
{
    char path[48], text[2048];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    const char *line = strstr(text, "\nTracerPid:");
    return line != NULL ? strtol(line + strlen("\nTracerPid:"), NULL, 10) : 0;
}

bool emu_process_host_is_traced(const struct emu_process_host *h)
{
    return h->pid > 0 && tracer_of(h->pid) > 0;
}

int emu_process_host_wait_for_debugger(struct emu_process_host *h, int interrupt_fd)
{
    h->debugger_expected = true;
    for (;;) {
        if (h->pid <= 0)
            return -ECHILD;
        long tracer = tracer_of(h->pid);
        if (tracer > 0)
            return 0;
        /* A child that died stays a zombie until switch.c reaps it. */
        if (tracer < 0 || emu__process_state(h->pid) == 'Z')
            return -ECHILD;
        struct pollfd pfd = {.fd = interrupt_fd, .events = POLLIN};
        if (poll(&pfd, interrupt_fd >= 0 ? 1 : 0, DEBUGGER_POLL_MS) > 0)
            return -EINTR;
    }
}
