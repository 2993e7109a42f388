/* Blocking waits for the console driver's completion upcalls.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/interface/syscalls/console_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/interface/syscalls/console_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (1, 1); *bytes_written = the count the kernel reports.
 * Deviation: returns RETURNCODE_SUCCESS; the kernel's write-done upcall
 * carries no status (see console_syscalls.c). */
returncode_t libtocksync_console_yield_wait_for_write(uint32_t *bytes_written);

/* Yield-WaitFor (1, 2); *bytes_read = bytes received; returns the read's
 * status as a returncode_t. */
returncode_t libtocksync_console_yield_wait_for_read(uint32_t *bytes_read);

#ifdef __cplusplus
}
#endif
