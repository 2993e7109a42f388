/* Console driver 0x1: one-to-one wrappers of its commands, subscribes, allows.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/interface/syscalls/console_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.2:
 *   subscribe 1  write done (bytes written, 0, 0)
 *   subscribe 2  read done (status, bytes received, 0)
 *   RO allow 1   bytes to write;  RW allow 1  read destination
 *   command 1 write(len), 2 read(len), 3 abort read
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_CONSOLE 0x1

/* Subscribe 1 (write done) and 2 (read done). */
returncode_t libtock_console_write_done_set_upcall(subscribe_upcall callback, void *opaque);
returncode_t libtock_console_read_done_set_upcall(subscribe_upcall callback, void *opaque);

/* Read-only allow 1: the bytes the next write sends ("read" as in the
 * kernel reads it). NULL, 0 withdraws it. */
returncode_t libtock_console_set_read_allow(const uint8_t *buffer, uint32_t len);

/* Read-write allow 1: where the next read stores bytes. NULL, 0 withdraws it. */
returncode_t libtock_console_set_readwrite_allow(uint8_t *buffer, uint32_t len);

bool libtock_console_driver_exists(void);

/* Command 1: write min(length, allowed length) bytes; completion is upcall 1. */
returncode_t libtock_console_command_write(int length);

/* Command 2: read length bytes; RETURNCODE_EBUSY if a read is in progress,
 * RETURNCODE_EINVAL if length exceeds the kernel buffer. Completion is
 * upcall 2. */
returncode_t libtock_console_command_read(int length);

/* Command 3: ends the current read early; its upcall reports the bytes so far. */
returncode_t libtock_console_command_abort_read(void);

#ifdef __cplusplus
}
#endif
