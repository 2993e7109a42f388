/* Nonvolatile storage capsule (driver 0x50001): one shared userspace region.
 *
 * Mirrors tock/tock capsules/extra/src/nonvolatile_storage_driver.rs
 * @65608d71 (spec §8.13). The board gives it a byte-addressed storage (a
 * flash partition through nonvolatile_to_pages) and the region apps see.
 */
#ifndef TK_CAPSULES_NONVOLATILE_STORAGE_DRIVER_H
#define TK_CAPSULES_NONVOLATILE_STORAGE_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "hil/nonvolatile_storage.h"

#define TK_NONVOLATILE_STORAGE_BUFFER_LEN 512 /* BUF_LEN */

struct tk_nonvolatile_storage_driver {
    struct tk_driver driver; /* register this with tk_kernel_add_driver */
    /* private */
    struct tk_nonvolatile_storage *storage;
    struct tk_nonvolatile_storage_client storage_client;
    uint64_t userspace_start; /* storage address of userspace offset 0 */
    uint32_t userspace_length;
    bool busy;                /* the kernel buffer is lent to the storage */
    uint32_t current_process; /* ProcessId */
    uint8_t buffer[TK_NONVOLATILE_STORAGE_BUFFER_LEN];
};

/* Set `nvs` up over `storage`: apps see `userspace_length` bytes starting at
 * storage address `userspace_start`. Makes `nvs` the storage's client. */
void tk_nonvolatile_storage_driver_init(struct tk_nonvolatile_storage_driver *nvs,
                                        struct tk_nonvolatile_storage *storage,
                                        uint64_t userspace_start, uint32_t userspace_length);

#endif
