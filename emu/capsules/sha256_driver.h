/* SHA capsule (driver 0x40005): SHA-256 of an app buffer.
 *
 * Mirrors tock/tock capsules/extra/src/sha256_driver.rs @65608d71
 * (ShaDriver, DIGEST_LEN 32); the syscall interface is in sha256_driver.c.
 */
#ifndef TK_CAPSULE_SHA256_DRIVER_H
#define TK_CAPSULE_SHA256_DRIVER_H

#include <stdbool.h>

#include "driver.h"
#include "hil/digest.h"

/* The kernel buffer data goes through (components/src/sha.rs: 64 bytes). */
#define TK_SHA_DATA_BUFFER_LEN 64

struct tk_sha_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_digest_engine_client client;
    struct tk_digest_engine *sha;
    bool has_process; /* processid is Some: a hash is under way */
    uint32_t process_id;
    bool data_lent, dest_lent; /* data_buffer / dest_buffer are with the engine */
    uint8_t data_buffer[TK_SHA_DATA_BUFFER_LEN];
    uint8_t dest_buffer[TK_DIGEST_ENGINE_LEN];
};

/* Set up `d` over `sha`, becoming its client; number TK_DRIVER_NUM_SHA. */
void tk_sha_driver_init(struct tk_sha_driver *d, struct tk_digest_engine *sha);

#endif
