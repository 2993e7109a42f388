/* HMAC capsule (driver 0x40003): HMACs of app data with an app key.
 *
 * Mirrors tock/tock capsules/extra/src/hmac.rs @65608d71 (HmacDriver,
 * DIGEST_LEN 32); the syscall interface is in hmac.c.
 */
#ifndef TK_CAPSULE_HMAC_H
#define TK_CAPSULE_HMAC_H

#include <stdbool.h>
#include <stddef.h>

#include "driver.h"
#include "hil/digest.h"

/* The kernel buffer data goes through (components/src/hmac.rs: 64 bytes). */
#define TK_HMAC_DATA_BUFFER_LEN 64
/* TMP_KEY_BUFFER_SIZE: longer keys are cut to this. */
#define TK_HMAC_KEY_MAX 64

struct tk_hmac_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_digest_engine_client client;
    struct tk_digest_engine *hmac;
    bool has_process; /* processid is Some: the process the engine works for */
    uint32_t process_id;
    size_t data_copied;
    bool data_lent, dest_lent; /* data_buffer / dest_buffer are with the engine */
    uint8_t data_buffer[TK_HMAC_DATA_BUFFER_LEN];
    uint8_t dest_buffer[TK_DIGEST_ENGINE_LEN];
};

/* Set up `d` over `hmac`, becoming its client; number TK_DRIVER_NUM_HMAC. */
void tk_hmac_driver_init(struct tk_hmac_driver *d, struct tk_digest_engine *hmac);

#endif
