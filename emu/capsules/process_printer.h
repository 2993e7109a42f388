/* Process printer: the human-readable overview of one process.
 *
 * Mirrors tock/tock capsules/system/src/process_printer.rs @65608d71
 * (ProcessPrinterText); spec §9.3. The process console prints it in pieces.
 */
#ifndef TK_CAPSULE_PROCESS_PRINTER_H
#define TK_CAPSULE_PROCESS_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"

/* Render the overview of `p` and copy its bytes [offset, offset + cap) to
 * `buf`. Returns the number of bytes copied; *more is true if bytes after
 * offset + cap remain, to be fetched with offset + the returned count. The
 * whole text is rendered on every call (as the reference does), so `p` must
 * not change between the calls of one printout. */
size_t tk_process_printer_overview(const struct tk_process *p, size_t offset, uint8_t *buf,
                                   size_t cap, bool *more);

/* Rust debug form of the decoded syscall `sc` (kernel/src/syscall.rs
 * `Syscall`), e.g. "Command { driver_number: 1, subdriver_number: 1, arg0:
 * 12, arg1: 0 }"; "None" for a class that does not decode. Writes at most
 * `len` bytes including the NUL. */
void tk_process_printer_syscall(const struct tk_syscall *sc, char *out, size_t len);

#endif
