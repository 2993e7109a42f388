/* Isolated nonvolatile storage capsule (driver 0x50004): each app its own
 * region of flash, found by a header that names the app's write id.
 *
 * Mirrors tock/tock capsules/extra/src/isolated_nonvolatile_storage_driver.rs
 * @65608d71 (IsolatedNonvolatileStorage); the syscall interface is in
 * isolated_nonvolatile_storage_driver.c.
 */
#ifndef TK_CAPSULE_ISOLATED_NONVOLATILE_STORAGE_DRIVER_H
#define TK_CAPSULE_ISOLATED_NONVOLATILE_STORAGE_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "hil/nonvolatile_storage.h"

#define TK_INVS_BUFFER_LEN  512  /* BUF_LEN: the kernel buffer */
#define TK_INVS_REGION_SIZE 2048 /* components' APP_REGION_SIZE default */
#define TK_INVS_HEADER_LEN  12   /* version_and_length, shortid, xor */

/* Who the storage works for (current_user). */
enum tk_invs_user {
    TK_INVS_IDLE,
    TK_INVS_APP,          /* an app's read or write */
    TK_INVS_DISCOVER,     /* reading the header at `address` */
    TK_INVS_WRITE_HEADER, /* writing a new region's header for `process_id` */
    TK_INVS_ERASE,        /* filling the new region with 0xFF */
};

struct tk_isolated_nvs {
    struct tk_driver driver; /* what the board registers */
    struct tk_nonvolatile_storage_client client;
    struct tk_nonvolatile_storage *storage;
    uint64_t start, length; /* userspace_start_address, userspace_length */
    enum tk_invs_user user;
    uint32_t process_id;     /* APP, WRITE_HEADER, ERASE */
    uint64_t address;        /* DISCOVER: the header; ERASE: next_erase_start */
    size_t remaining;        /* ERASE */
    uint64_t region_address; /* WRITE_HEADER: the new region */
    bool has_next_unallocated;
    uint64_t next_unallocated; /* next_unallocated_region_header_address */
    bool buffer_lent;
    uint8_t buffer[TK_INVS_BUFFER_LEN];
};

/* Set up `d` over `storage` holding the apps' regions in [start, start +
 * length); number TK_DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE. */
void tk_isolated_nvs_init(struct tk_isolated_nvs *d, struct tk_nonvolatile_storage *storage,
                          uint64_t start, uint64_t length);

#endif
