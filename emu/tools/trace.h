/* One line of text per kernel event: the --trace file, the harness's
 * syscall log and the verbose output all print events through here.
 *
 *   <virtual time in ns> <slot>:<name> <what>
 *   1000000 0:hello syscall command(0x1, 1, 14, 0) -> SUCCESS
 */
#ifndef EMU_TRACE_H
#define EMU_TRACE_H

#include <stddef.h>

#include "kernel.h"

/* Format `ev` (no newline). Returns the length snprintf would write. */
int emu_event_format(const struct tk_event *ev, char *out, size_t len);

/* Format a syscall and its return: "command(0x1, 1, 14, 0) -> SUCCESS". */
int emu_syscall_format(const struct tk_syscall *sc, const struct tk_syscall_return *ret, char *out,
                       size_t len);

#endif
