/* CRC capsule (driver 0x40002): CRCs over app buffers.
 *
 * Mirrors tock/tock capsules/extra/src/crc.rs @65608d71 (CrcDriver); the
 * syscall interface is in crc.c.
 */
#ifndef TK_CAPSULE_CRC_H
#define TK_CAPSULE_CRC_H

#include <stdbool.h>
#include <stddef.h>

#include "driver.h"
#include "hil/crc.h"

/* DEFAULT_CRC_BUF_LENGTH: the kernel buffer chunks are copied through. */
#define TK_CRC_BUFFER_LEN 256

struct tk_crc_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_crc_client client;
    struct tk_crc *crc;
    bool has_current;          /* current_process is Some */
    uint32_t current_id;       /* its ProcessId */
    size_t app_buffer_written; /* bytes of the current request fed so far */
    bool buffer_lent;          /* crc_buffer is with the engine */
    uint8_t buffer[TK_CRC_BUFFER_LEN];
};

/* Set up `d` over `crc`, becoming its client; number TK_DRIVER_NUM_CRC. */
void tk_crc_driver_init(struct tk_crc_driver *d, struct tk_crc *crc);

#endif
