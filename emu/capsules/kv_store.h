/* A log-structured key-value store with Tock storage permissions on NOR flash.
 *
 * Plays the part of tock/tock capsules/extra/src/kv_store_permissions.rs over
 * tickv_kv_store.rs/tickv.rs @65608d71 (spec §7.6, §8.14): implements
 * hil/kv.h over hil/flash.h, so values survive a restart of the emulator when
 * the flash is file-backed. The on-flash format is our own (see kv_store.c).
 */
#ifndef TK_CAPSULES_KV_STORE_H
#define TK_CAPSULES_KV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/flash.h"
#include "hil/kv.h"
#include "kernel.h"

#define TK_KV_STORE_HEADER_LEN 9    /* Tock KV header: version, length, write_id */
#define TK_KV_STORE_MAX_PAGES  64   /* flash pages one store can use */
#define TK_KV_STORE_RECORD_MAX 1024 /* one record: key + header + value + framing */
#define TK_KV_STORE_KEY_MAX    255

struct tk_kv_store_page {
    uint8_t state; /* free, dirty (needs erase) or used */
    bool closed;   /* a torn record ends it: never append here again */
    uint32_t seq;  /* when it was opened; orders records across pages */
    uint32_t write_offset;
};

struct tk_kv_store {
    struct tk_kv kv; /* what this provides */
    /* private */
    struct tk_kernel *kernel;
    struct tk_flash *flash;
    struct tk_flash_client flash_client;
    struct tk_deferred_call deferred;
    struct tk_kv_store_page pages[TK_KV_STORE_MAX_PAGES];
    uint32_t page_count, page_header_len, next_seq;
    int active; /* page appended to, -1 if none */
    /* the operation in flight */
    int op, phase, result;
    size_t result_len;
    int target_page;
    uint8_t page_header[16];
    uint8_t record[TK_KV_STORE_RECORD_MAX];
    size_t record_len;
    uint8_t scratch[TK_KV_STORE_RECORD_MAX];
    /* garbage collection */
    uint32_t gc_seq_limit;
    int gc_victim;
    uint32_t gc_offset;
};

/* Set `s` up over `flash` (at least 2 pages, at most TK_KV_STORE_MAX_PAGES,
 * word size at most 8) and load what the flash holds: torn records and
 * half-erased pages from an interrupted run are found and left out. Makes
 * `s` the flash's client. Returns 0, or TK_SIZE if the flash does not fit
 * those limits (then `s` is unusable). */
int tk_kv_store_init(struct tk_kv_store *s, struct tk_kernel *k, struct tk_flash *flash);

/* Number of live keys (for tests and the process console). */
unsigned tk_kv_store_key_count(struct tk_kv_store *s);

#endif
