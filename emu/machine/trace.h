/* The trace: every kernel event, console byte and pin change of a run, in
 * one of three forms (docs/trace.md defines them):
 *
 *   text    one line per event, for people and diff:
 *           0.001000000s 0:hello syscall command(0x1, 1, 0xe, 0x0) -> SUCCESS
 *   jsonl   one JSON object per line, the same events, for tools
 *   chrome  Chrome trace-event JSON (Perfetto, chrome://tracing): processes
 *           as tracks, syscalls as slices, upcalls as flows
 *
 * The text form of one event is also what the harness's syscall log, replay's
 * comparison and -v print, so every reader sees the same words.
 */
#ifndef EMU_TRACE_H
#define EMU_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu_err.h"
#include "kernel.h"

struct emu_pins_event;

/* Format `ev` as one text line (no newline). Returns the length snprintf
 * would write. */
int emu_event_format(const struct tk_event *ev, char *out, size_t len);

/* Format a syscall and its return: "command(0x1, 1, 0xe, 0x0) -> SUCCESS". */
int emu_syscall_format(const struct tk_syscall *sc, const struct tk_syscall_return *ret, char *out,
                       size_t len);

/* A virtual time with its unit: "1.500000000s". */
int emu_trace_time_format(uint64_t time_ns, char *out, size_t len);

enum emu_trace_format { EMU_TRACE_TEXT, EMU_TRACE_JSONL, EMU_TRACE_CHROME };

/* "text", "jsonl" or "chrome" into *out. Returns 0, or -EINVAL. */
int emu_trace_format_parse(const char *name, enum emu_trace_format *out);

/* Which way console bytes went through the UART. */
enum emu_trace_direction { EMU_TRACE_RX, EMU_TRACE_TX };

/* Called with the text line of every traced event (any format), numbered
 * from 1 in trace order: the hook replay compares runs through. */
typedef void (*emu_trace_line_fn)(uint64_t index, const char *line, void *ctx);

struct emu_trace;

/* A trace writing to `path` in `format` ("-" is stdout), or, with path NULL,
 * to nowhere (only the line hook sees the events). Returns NULL with *err
 * naming the path and the reason. */
struct emu_trace *emu_trace_new(const char *path, enum emu_trace_format format,
                                struct emu_err *err);
/* Finish the file (the chrome form closes its JSON at the end time `end_ns`),
 * close it and free `t` (NULL is fine). Returns 0, or -errno if a write
 * failed (the file is then incomplete). */
int emu_trace_free(struct emu_trace *t, uint64_t end_ns);

void emu_trace_set_line_hook(struct emu_trace *t, emu_trace_line_fn fn, void *ctx);
/* Events traced so far. */
uint64_t emu_trace_count(const struct emu_trace *t);

/* Record one kernel event, pin change, or chunk of console bytes. */
void emu_trace_kernel_event(struct emu_trace *t, const struct tk_event *ev);
void emu_trace_pins_event(struct emu_trace *t, const struct emu_pins_event *ev);
void emu_trace_console(struct emu_trace *t, uint64_t time_ns, enum emu_trace_direction direction,
                       const uint8_t *bytes, size_t len);

#endif
