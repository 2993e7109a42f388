/* Byte-addressed nonvolatile storage over a page-erased NOR flash.
 *
 * Mirrors tock/tock capsules/extra/src/nonvolatile_to_pages.rs @65608d71.
 * Provides hil/nonvolatile_storage.h over hil/flash.h, for the app flash and
 * nonvolatile storage capsules.
 */
#ifndef TK_CAPSULES_NONVOLATILE_TO_PAGES_H
#define TK_CAPSULES_NONVOLATILE_TO_PAGES_H

#include <stddef.h>
#include <stdint.h>

#include "hil/flash.h"
#include "hil/nonvolatile_storage.h"

enum tk_nvpages_state { TK_NVPAGES_IDLE, TK_NVPAGES_READ, TK_NVPAGES_WRITE };

struct tk_nonvolatile_to_pages {
    struct tk_nonvolatile_storage storage; /* what this provides */
    /* private */
    struct tk_flash *flash;
    struct tk_flash_client flash_client;
    uint64_t base_address; /* storage address of flash offset 0 */
    uint8_t *page_buffer;  /* flash->page_size bytes */
    enum tk_nvpages_state state;
    uint8_t *buffer;  /* the client's, during an operation */
    uint64_t address; /* next storage address to transfer */
    size_t length, remaining, buffer_index;
    uint32_t page; /* page being rewritten */
    int rcode;     /* first device error of this operation */
};

/* Set `n` up over `flash`, with storage address `base_address` naming flash
 * offset 0 (0 for a partition addressed from its start; the app flash's
 * first address when backing app flash). `page_buffer` holds page_size
 * bytes and belongs to `n` from now on. Sets itself as the flash client. */
void tk_nonvolatile_to_pages_init(struct tk_nonvolatile_to_pages *n, struct tk_flash *flash,
                                  uint8_t *page_buffer, uint64_t base_address);

#endif
