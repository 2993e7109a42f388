/* AES capsule (driver 0x40006): AES-128 CTR, CBC, ECB, CCM and GCM on app
 * buffers.
 *
 * Mirrors tock/tock capsules/extra/src/symmetric_encryption/aes.rs
 * @65608d71 (AesDriver) with the buffers of boards/components/src/aes.rs;
 * the syscall interface is in aes.c.
 */
#ifndef TK_CAPSULE_AES_H
#define TK_CAPSULE_AES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "hil/symmetric_encryption.h"

/* components/src/aes.rs: the source buffer (keys, IVs and AES-mode data go
 * through it) and the destination buffer (CRYPT_SIZE, 7 blocks). */
#define TK_AES_SOURCE_BUFFER_LEN 32
#define TK_AES_DEST_BUFFER_LEN   (7 * TK_AES_BLOCK_SIZE)

struct tk_aes_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_aes_client client;
    struct tk_aes_aead_client ccm_client, gcm_client;
    struct tk_aes *aes;
    bool has_process; /* processid is Some: the process the engine is for */
    uint32_t process_id;
    size_t data_copied;
    bool source_lent, dest_lent; /* source_buffer / dest_buffer are with the engine */
    uint8_t source_buffer[TK_AES_SOURCE_BUFFER_LEN];
    uint8_t dest_buffer[TK_AES_DEST_BUFFER_LEN];
};

/* Set up `d` over `aes`, becoming its AES, CCM and GCM client; number
 * TK_DRIVER_NUM_AES. */
void tk_aes_driver_init(struct tk_aes_driver *d, struct tk_aes *aes);

#endif
