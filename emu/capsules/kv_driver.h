/* Key-value capsule (driver 0x50003): apps get/set/delete keyed values.
 *
 * Mirrors tock/tock capsules/extra/src/kv_driver.rs @65608d71 (spec §8.14).
 * The board gives it a store implementing hil/kv.h (kv_store.c).
 */
#ifndef TK_CAPSULES_KV_DRIVER_H
#define TK_CAPSULES_KV_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "hil/kv.h"

#define TK_KV_KEY_BUFFER_LEN   64  /* boards/components/src/kv.rs */
#define TK_KV_VALUE_BUFFER_LEN 512 /* header included */

struct tk_kv_driver {
    struct tk_driver driver; /* register this with tk_kernel_add_driver */
    /* private */
    struct tk_kv *kv;
    struct tk_kv_client kv_client;
    bool busy;                /* an operation of `current_process` runs */
    uint32_t current_process; /* ProcessId */
    size_t key_len;
    uint8_t key_buffer[TK_KV_KEY_BUFFER_LEN];
    uint8_t value_buffer[TK_KV_VALUE_BUFFER_LEN];
};

/* Set `kvd` up over `kv` and make it the store's client. */
void tk_kv_driver_init(struct tk_kv_driver *kvd, struct tk_kv *kv);

#endif
