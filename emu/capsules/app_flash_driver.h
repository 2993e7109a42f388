/* App flash capsule (driver 0x50000): apps write their own flash.
 *
 * Mirrors tock/tock capsules/extra/src/app_flash_driver.rs @65608d71 (spec
 * §8.12). The board backs `storage` with whatever holds the apps' flash at
 * their absolute addresses (a NOR flash model over the app flash mapping,
 * through nonvolatile_to_pages).
 */
#ifndef TK_CAPSULES_APP_FLASH_DRIVER_H
#define TK_CAPSULES_APP_FLASH_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "hil/nonvolatile_storage.h"

#define TK_APP_FLASH_BUFFER_LEN 512 /* the board's kernel buffer (components) */

struct tk_app_flash {
    struct tk_driver driver; /* register this with tk_kernel_add_driver */
    /* private */
    struct tk_nonvolatile_storage *storage;
    struct tk_nonvolatile_storage_client storage_client;
    bool busy;                /* a write is in flight for `current_process` */
    uint32_t current_process; /* ProcessId */
    uint8_t buffer[TK_APP_FLASH_BUFFER_LEN];
};

/* Set `af` up over `storage` (addresses are absolute app flash addresses)
 * and make it the storage's client. */
void tk_app_flash_init(struct tk_app_flash *af, struct tk_nonvolatile_storage *storage);

#endif
