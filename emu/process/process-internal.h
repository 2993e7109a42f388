/* private to emu/process: the mailbox channel and the transport's internals.
 *
 * Only the files of emu/process include this (and channel.h), plus the layer's own
 * tests (tests/process), the red-team suite (which watches app processes) and
 * the bench's ping-pong baseline, which measures
 * the channel itself. Everything else sees the transport through host.h.
 */
#ifndef EMU_PROCESS_INTERNAL_H
#define EMU_PROCESS_INTERNAL_H

#include "channel.h"
#include "host.h"

/* Reap the child if it died; returns true (and fills `fault`) if it did. */
bool emu__reap(struct emu_process_host *h, struct tk_fault *fault);
/* Turn a FAULT or ABORT trap, from a copy of the mailbox, into a Tock fault,
 * keeping only values that make sense (fault.c). */
void emu__fault_from_mailbox(const struct emu_mailbox *copy, struct tk_fault *fault);
/* A process's scheduler state letter from /proc/PID/stat ('R' runnable, 'S'
 * sleeping, 'T' stopped, 't' held by a tracer, 'Z' a zombie ...), or '?' if
 * there is no such process (switch.c). */
char emu__process_state(pid_t pid);

/* Clone a child of the emulator holding `fds` (enum emu_child_fd order),
 * starting the zygote if it has not started. Returns 0 or -errno with
 * `err` filled (zygote.c). */
int emu__zygote_spawn(struct emu_zygote *z, const int fds[EMU_CHILD_FD_COUNT], pid_t *pid,
                      struct emu_err *err);

/* Reap `pid`, sent SIGKILL, later: at the next app start, or when its app
 * flash is done with (emu_zygote_reap_killed), so that the rest of a
 * world's end overlaps its children's exits (zygote.c). */
void emu__zygote_reap_later(struct emu_zygote *z, pid_t pid);
/* Wait for `pid`, left to reap later, to die, and reap it; nothing if it
 * was reaped already (its pid may be another process's by now). */
void emu__zygote_reap_now(struct emu_zygote *z, pid_t pid);

/* Whether freeing `h` unmaps its regions: not when the process exits next
 * (emu_app_flash_leave_for_exit). */
static inline bool emu__host_unmaps(const struct emu_process_host *h)
{
    return h->flash == NULL || !h->flash->leave_mapped;
}

/* Windows (window.c): set up and tear down with the host; forget every
 * range (a new child sees nothing); copy shown bytes in before the child
 * runs and writable ones back after it stops. */
int emu__window_init(struct emu_process_host *h, struct emu_err *err);
void emu__window_fini(struct emu_process_host *h);
void emu__window_reset(struct emu_process_host *h);
void emu__window_copy_in(struct emu_process_host *h);
void emu__window_copy_out(struct emu_process_host *h);

#endif
