/* Nonvolatile storage HIL: byte-addressed, asynchronous read and write.
 *
 * Mirrors tock/tock kernel/src/hil/nonvolatile_storage.rs @65608d71. Used by
 * the app flash and nonvolatile storage capsules; implemented over a NOR
 * flash by nonvolatile_to_pages.c. Addresses are in the implementation's
 * address space (for app flash: absolute app flash addresses).
 */
#ifndef TK_HIL_NONVOLATILE_STORAGE_H
#define TK_HIL_NONVOLATILE_STORAGE_H

#include <stddef.h>
#include <stdint.h>

struct tk_nonvolatile_storage;

struct tk_nonvolatile_storage_client {
    /* read()/write() finished; `len` is the length that was asked for.
     * `rcode` is 0 or the first device error (an addition: Tock's client
     * gets no status, and the capsules ignore it as Tock's do). */
    void (*read_done)(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len, int rcode);
    void (*write_done)(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                       int rcode);
};

struct tk_nonvolatile_storage_ops {
    /* Start reading `len` bytes at `address` into `buf` (at least `len`
     * bytes, kept until read_done). Returns 0, TK_BUSY, TK_INVAL (range) or
     * TK_RESERVE (no page buffer); on error nothing will be reported. */
    int (*read)(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address, size_t len);
    /* Start writing `len` bytes from `buf` to `address`. Same returns. */
    int (*write)(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address, size_t len);
};

struct tk_nonvolatile_storage {
    const struct tk_nonvolatile_storage_ops *ops;
    struct tk_nonvolatile_storage_client *client;
    void *state; /* the implementation's */
};

#endif
