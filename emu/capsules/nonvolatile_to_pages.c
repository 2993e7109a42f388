/* Byte-addressed reads and writes on a NOR flash by read-modify-write pages.
 *
 * Mirrors tock/tock capsules/extra/src/nonvolatile_to_pages.rs @65608d71.
 * A write that covers a whole aligned page fills the page buffer from the
 * client's buffer; a partial page is read first and patched. Each page is
 * then erased and programmed (Deviation: upstream relies on the chip's
 * write_page erasing; our flash HIL programs only, see hil/flash.h).
 *
 *   write:  [read page] -> patch -> erase page -> program page -> next page
 *   read:   read page -> copy the wanted part -> next page
 *
 * Deviation: upstream ignores device errors and can stall if starting a
 * page operation fails; here the first error is passed on in the client's
 * rcode and a failed start ends the operation.
 */
#include <stddef.h>
#include <string.h>

#include "container_of.h"
#include "driver.h"
#include "errorcode.h"
#include "nonvolatile_to_pages.h"

static uint32_t flash_offset(const struct tk_nonvolatile_to_pages *n)
{
    return (uint32_t)(n->address - n->base_address);
}

static void finish(struct tk_nonvolatile_to_pages *n)
{
    struct tk_nonvolatile_storage_client *c = n->storage.client;
    enum tk_nvpages_state was = n->state;
    n->state = TK_NVPAGES_IDLE;
    if (c == NULL)
        return;
    if (was == TK_NVPAGES_READ)
        c->read_done(c, n->buffer, n->length, n->rcode);
    else
        c->write_done(c, n->buffer, n->length, n->rcode);
}

static void note_error(struct tk_nonvolatile_to_pages *n, int rcode)
{
    if (n->rcode == 0)
        n->rcode = rcode;
}

/* Start reading the page that holds n->address; ends the operation if the
 * device refuses. */
static int read_current_page(struct tk_nonvolatile_to_pages *n)
{
    uint32_t page = flash_offset(n) / n->flash->page_size;
    return tk_flash_read_page(n->flash, page, n->page_buffer);
}

/* The next step of a write once a page is done (or at the start). */
static int write_step(struct tk_nonvolatile_to_pages *n)
{
    uint32_t page_size = n->flash->page_size;
    if (n->remaining == 0) {
        finish(n);
        return 0;
    }
    if (flash_offset(n) % page_size == 0 && n->remaining >= page_size) {
        /* A whole page: no need to read what is there. */
        memcpy(n->page_buffer, n->buffer + n->buffer_index, page_size);
        n->page = flash_offset(n) / page_size;
        n->buffer_index += page_size;
        n->address += page_size;
        n->remaining -= page_size;
        return n->flash->ops->erase_page(n->flash, n->page);
    }
    return read_current_page(n);
}

static void continue_or_fail(struct tk_nonvolatile_to_pages *n, int rc)
{
    if (rc != 0) {
        note_error(n, rc);
        finish(n);
    }
}

/* Start an operation: the range checks and state both directions share. */
static int start_op(struct tk_nonvolatile_to_pages *n, enum tk_nvpages_state state, uint8_t *buf,
                    uint64_t address, size_t len)
{
    if (n->state != TK_NVPAGES_IDLE)
        return TK_BUSY;
    if (address < n->base_address || address - n->base_address > tk_flash_size(n->flash) ||
        len > tk_flash_size(n->flash) - (address - n->base_address))
        return TK_INVAL;
    n->state = state;
    n->buffer = buf;
    n->address = address;
    n->length = n->remaining = len;
    n->buffer_index = 0;
    n->rcode = 0;
    return 0;
}

static int nvpages_read(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address,
                        size_t len)
{
    struct tk_nonvolatile_to_pages *n = nv->state;
    int rc = start_op(n, TK_NVPAGES_READ, buf, address, len);
    if (rc != 0)
        return rc;
    /* Upstream reads the first page even for a zero length (read_done 0). */
    rc = read_current_page(n);
    if (rc != 0)
        n->state = TK_NVPAGES_IDLE;
    return rc;
}

static int nvpages_write(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address,
                         size_t len)
{
    struct tk_nonvolatile_to_pages *n = nv->state;
    int rc = start_op(n, TK_NVPAGES_WRITE, buf, address, len);
    if (rc != 0)
        return rc;
    /* Upstream rewrites the page even for a zero-length write. */
    rc = len == 0 ? read_current_page(n) : write_step(n);
    if (rc != 0)
        n->state = TK_NVPAGES_IDLE;
    return rc;
}

/* A page arrived: copy out (read) or patch it and erase it (write). */
static void flash_read_done(struct tk_flash_client *c, uint8_t *page, size_t page_len, int rcode)
{
    struct tk_nonvolatile_to_pages *n =
        tk_container_of(c, struct tk_nonvolatile_to_pages, flash_client);
    size_t page_index = flash_offset(n) % page_len;
    size_t len = tk_min_size(page_len - page_index, n->remaining);

    note_error(n, rcode);
    if (n->state == TK_NVPAGES_READ) {
        memcpy(n->buffer + n->buffer_index, page + page_index, len);
        n->remaining -= len;
        n->address += len;
        n->buffer_index += len;
        if (n->remaining == 0)
            finish(n);
        else
            continue_or_fail(n, read_current_page(n));
        return;
    }
    memcpy(page + page_index, n->buffer + n->buffer_index, len);
    n->page = flash_offset(n) / (uint32_t)page_len;
    n->remaining -= len;
    n->address += len;
    n->buffer_index += len;
    continue_or_fail(n, n->flash->ops->erase_page(n->flash, n->page));
}

static void flash_erase_done(struct tk_flash_client *c, uint32_t page, int rcode)
{
    struct tk_nonvolatile_to_pages *n =
        tk_container_of(c, struct tk_nonvolatile_to_pages, flash_client);
    note_error(n, rcode);
    continue_or_fail(n, tk_flash_write_page(n->flash, page, n->page_buffer));
}

static void flash_write_done(struct tk_flash_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct tk_nonvolatile_to_pages *n =
        tk_container_of(c, struct tk_nonvolatile_to_pages, flash_client);
    (void)buf;
    (void)len;
    note_error(n, rcode);
    continue_or_fail(n, write_step(n));
}

static const struct tk_nonvolatile_storage_ops nvpages_ops = {
    .read = nvpages_read,
    .write = nvpages_write,
};

void tk_nonvolatile_to_pages_init(struct tk_nonvolatile_to_pages *n, struct tk_flash *flash,
                                  uint8_t *page_buffer, uint64_t base_address)
{
    memset(n, 0, sizeof *n);
    n->storage.ops = &nvpages_ops;
    n->storage.state = n;
    n->flash = flash;
    n->page_buffer = page_buffer;
    n->base_address = base_address;
    n->flash_client.read_done = flash_read_done;
    n->flash_client.write_done = flash_write_done;
    n->flash_client.erase_done = flash_erase_done;
    flash->client = &n->flash_client;
}
