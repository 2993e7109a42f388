/* Console API with completion callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/interface/console.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write done: (RETURNCODE_SUCCESS, bytes written). */
typedef void (*libtock_console_callback_write)(returncode_t, uint32_t);

/* Read done: (status of the read, bytes received). */
typedef void (*libtock_console_callback_read)(returncode_t, uint32_t);

bool libtock_console_exists(void);

/* Starts writing len bytes of buffer, which must stay valid and unchanged
 * until cb runs. On failure cb will not run. */
returncode_t libtock_console_write(const uint8_t *buffer, uint32_t len,
                                   libtock_console_callback_write cb);

/* Starts reading len bytes into buffer, which must stay valid until cb runs.
 * On failure cb will not run. */
returncode_t libtock_console_read(uint8_t *buffer, uint32_t len, libtock_console_callback_read cb);

/* Ends the current read early; its callback then reports the bytes so far. */
returncode_t libtock_console_abort_read(void);

#ifdef __cplusplus
}
#endif
