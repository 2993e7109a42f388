/* NOR flash HIL: page-organised flash that is erased to 0xFF and programmed.
 *
 * Mirrors tock/tock kernel/src/hil/flash.rs @65608d71 (read_page, write_page,
 * erase_page, Client), with the NOR rules made explicit because the log-
 * structured KV store depends on them:
 *
 *   erase_page(n)          every byte of page n becomes 0xFF
 *   write(offset, buf)     programs bytes: a bit can go 1 -> 0, never 0 -> 1;
 *                          offset and length are multiples of word_size
 *   read(offset, buf)      copies bytes out
 *
 * Deviation: Tock chips' write_page erases the page first; here write_page is
 * a pure program (erase first to replace contents), so that partial writes and
 * torn writes can be modelled. nonvolatile_to_pages.c erases before it writes.
 *
 * Every operation completes later through the client, never from inside the
 * call (the model uses a kernel deferred call). One operation at a time per
 * tk_flash instance. `read_mapped` is the exception: NOR flash is memory
 * mapped, so a synchronous read is what reading it through the bus would be.
 */
#ifndef TK_HIL_FLASH_H
#define TK_HIL_FLASH_H

#include <stddef.h>
#include <stdint.h>

struct tk_flash;

struct tk_flash_client {
    /* A read() finished: `len` bytes are in `buf`. rcode 0 or TK_FAIL. */
    void (*read_done)(struct tk_flash_client *c, uint8_t *buf, size_t len, int rcode);
    /* A write() finished. rcode 0, or TK_FAIL if the device reported an error
     * (a 0 -> 1 bit change in strict mode, an interrupted write); after an
     * interrupted write only a prefix of the bytes may have been programmed. */
    void (*write_done)(struct tk_flash_client *c, const uint8_t *buf, size_t len, int rcode);
    /* An erase_page() finished. rcode 0 or TK_FAIL (interrupted: only a prefix
     * of the page reads 0xFF). */
    void (*erase_done)(struct tk_flash_client *c, uint32_t page, int rcode);
};

struct tk_flash_ops {
    /* Start reading `len` bytes at byte `offset` into `buf` (kept until
     * read_done). Returns 0, TK_BUSY if an operation is under way, TK_INVAL if
     * the range leaves the device. On error nothing will be reported. */
    int (*read)(struct tk_flash *f, uint32_t offset, uint8_t *buf, size_t len);
    /* Start programming `len` bytes from `buf` at `offset` (both multiples of
     * word_size, `buf` kept until write_done). Returns 0, TK_BUSY or TK_INVAL
     * (range or alignment). */
    int (*write)(struct tk_flash *f, uint32_t offset, const uint8_t *buf, size_t len);
    /* Start erasing page `page`. Returns 0, TK_BUSY or TK_INVAL. */
    int (*erase_page)(struct tk_flash *f, uint32_t page);
    /* Synchronous memory-mapped read. Returns 0 or TK_INVAL. */
    int (*read_mapped)(struct tk_flash *f, uint32_t offset, uint8_t *buf, size_t len);
};

struct tk_flash {
    const struct tk_flash_ops *ops;
    struct tk_flash_client *client;
    uint32_t page_size;  /* bytes per erase page */
    uint32_t word_size;  /* program granule */
    uint32_t page_count; /* pages in this device (or partition) */
    void *state;         /* the implementation's */
};

static inline uint32_t tk_flash_size(const struct tk_flash *f)
{
    return f->page_size * f->page_count;
}

/* Tock's page-granular calls, as thin wrappers: `buf` is page_size bytes. */
static inline int tk_flash_read_page(struct tk_flash *f, uint32_t page, uint8_t *buf)
{
    return f->ops->read(f, page * f->page_size, buf, f->page_size);
}
static inline int tk_flash_write_page(struct tk_flash *f, uint32_t page, const uint8_t *buf)
{
    return f->ops->write(f, page * f->page_size, buf, f->page_size);
}

#endif
