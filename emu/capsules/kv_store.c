/* Key-value store: an append-only log of records on NOR flash pages.
 *
 * Plays the part of tock/tock capsules/extra/src/kv_store_permissions.rs
 * (permission checks and the 9-byte Tock header) and tickv_kv_store.rs +
 * tickv.rs (storage) @65608d71; spec §7.6, §8.14. The on-flash format is
 * ours, not TicKV's:
 *
 *   page:   +-------+------+---------+---------+-----+-----------------+
 *           | magic | seq  | record  | record  | ... | 0xFF (erased)   |
 *           +-------+------+---------+---------+-----+-----------------+
 *            u32 "TKKV", u32 seq; padded to the flash word
 *   record: +---------+-----------+------+-------+-----+-------+-------+-----+
 *           | key_len | value_len | kind | 0 0 0 | key | value | crc32 | pad |
 *           +---------+-----------+------+-------+-----+-------+-------+-----+
 *            u16 LE    u16 LE      1 value, 2 tombstone; crc32 (POSIX) over
 *            everything before it; pad 0xFF to the flash word
 *   value:  the Tock KV header (version u8 = 0, length u32 LE, write_id u32
 *           LE), then the app's bytes
 *
 * The newest record of a key wins, ordered by (page seq, offset); a
 * tombstone deletes. Every record is one flash write, so a power loss tears
 * at most the last one: on load a record whose CRC fails (or whose framing
 * is impossible) ends its page, which is then closed for appends. A page
 * whose header is not intact is "dirty" and erased before reuse (an erase
 * that was interrupted clears the header first, so its stale records are
 * never read).
 *
 * Garbage collection compacts every page that existed when it started,
 * oldest first: it copies the page's live records (newest value of their
 * key) to the append page, then erases it. Tombstones are dropped, which is
 * safe oldest-first: what they deleted sits in the same or an older page,
 * already erased. Then it erases pages a power loss left dirty. One page is
 * kept free for it: ordinary appends never take the last free page, and a
 * store with no room fails NOMEM until collected.
 *
 * Permissions (kv_store_permissions.rs): set/add/update need a write id
 * (else INVAL at once), set/update/delete need modify permission on an
 * existing record's write id, get needs read permission; a denied or
 * missing key completes NOSUPPORT. Add does not check permissions.
 * Deviation: upstream set/update invalidate the old record before appending
 * the new one, so a full store loses the old value; here an append that
 * fails leaves the old value in place. Checks run on the mapped flash at the
 * call; every result still arrives later through the client.
 */
#include <stddef.h>
#include <string.h>

#include "appid.h"
#include "container_of.h"
#include "errorcode.h"
#include "kv_store.h"

#define PAGE_MAGIC     0x564B4B54u /* "TKKV" little-endian */
#define RECORD_FRAME   12          /* 8-byte head + 4-byte crc */
#define KIND_VALUE     1
#define KIND_TOMBSTONE 2
#define ERASED16       0xFFFFu
#define HEADER_VERSION 0

enum { PAGE_FREE, PAGE_DIRTY, PAGE_USED };
enum { OP_NONE, OP_GET, OP_SET, OP_ADD, OP_UPDATE, OP_DELETE, OP_GC };
enum { PHASE_NONE, PHASE_ERASE_NEW, PHASE_HEADER, PHASE_RECORD, PHASE_GC_ERASE };

/* A record as found on flash; key and value point into s->scratch. */
struct record {
    uint32_t page, offset, total;
    uint8_t kind;
    uint16_t key_len, value_len;
    const uint8_t *key, *value;
};

static uint16_t get16(const uint8_t *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}
static uint32_t get32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static void put16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t round_up(uint32_t n, uint32_t word)
{
    return (n + word - 1) / word * word;
}

static uint32_t record_total(const struct tk_kv_store *s, uint32_t key_len, uint32_t value_len)
{
    return round_up(RECORD_FRAME + key_len + value_len, s->flash->word_size);
}

static uint32_t page_address(const struct tk_kv_store *s, uint32_t page)
{
    return page * s->flash->page_size;
}

static int read_mapped(struct tk_kv_store *s, uint32_t address, uint8_t *buf, size_t len)
{
    return s->flash->ops->read_mapped(s->flash, address, buf, len);
}

/* ---- reading the log ---------------------------------------------------- */

/* Parse the record at `offset` of `page` into r (bytes in s->scratch).
 * Returns 1 for a record, 0 at the erased end, -1 for a torn record. */
static int parse_record(struct tk_kv_store *s, uint32_t page, uint32_t offset, struct record *r)
{
    uint32_t page_size = s->flash->page_size;
    uint8_t *b = s->scratch;
    if (offset + 8 > page_size)
        return 0;
    read_mapped(s, page_address(s, page) + offset, b, 8);
    uint16_t key_len = get16(b), value_len = get16(b + 2);
    if (key_len == ERASED16 && value_len == ERASED16 && b[4] == 0xFF)
        return 0;
    uint32_t total = record_total(s, key_len, value_len);
    if ((b[4] != KIND_VALUE && b[4] != KIND_TOMBSTONE) || key_len > TK_KV_STORE_KEY_MAX ||
        total > TK_KV_STORE_RECORD_MAX || offset + total > page_size)
        return -1;
    read_mapped(s, page_address(s, page) + offset, b, total);
    uint32_t body = 8u + key_len + value_len;
    if (get32(b + body) != tk_crc32_posix(b, body))
        return -1;
    *r = (struct record){page, offset, total, b[4], key_len, value_len, b + 8, b + 8 + key_len};
    return 1;
}

/* Check a page whose header is erased: free if all of it is, else dirty. */
/* Whether all `n` bytes at `p` read as erased flash (0xFF), eight at a
 * time: the start-up scan reads every blank page whole, 256 KiB for the
 * default board, which byte by byte was 40% of the instructions of a
 * `tockemu hello.tbf`. */
static bool all_erased(const uint8_t *p, uint32_t n)
{
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, p + i, sizeof word);
        if (word != UINT64_MAX)
            return false;
    }
    for (; i < n; i++)
        if (p[i] != 0xFF)
            return false;
    return true;
}

static uint8_t blank_page_state(struct tk_kv_store *s, uint32_t page)
{
    uint32_t page_size = s->flash->page_size;
    for (uint32_t off = 0; off < page_size; off += sizeof s->scratch) {
        uint32_t n = page_size - off < sizeof s->scratch ? page_size - off : sizeof s->scratch;
        read_mapped(s, page_address(s, page) + off, s->scratch, n);
        if (!all_erased(s->scratch, n))
            return PAGE_DIRTY;
    }
    return PAGE_FREE;
}

/* Classify one page and find where its log ends. */
static void load_page(struct tk_kv_store *s, uint32_t page)
{
    struct tk_kv_store_page *pg = &s->pages[page];
    uint8_t head[8];
    read_mapped(s, page_address(s, page), head, sizeof head);
    memset(pg, 0, sizeof *pg);
    if (get32(head) == 0xFFFFFFFFu && get32(head + 4) == 0xFFFFFFFFu) {
        pg->state = blank_page_state(s, page);
        return;
    }
    if (get32(head) != PAGE_MAGIC || get32(head + 4) == 0xFFFFFFFFu) {
        pg->state = PAGE_DIRTY; /* torn header write or foreign data */
        return;
    }
    pg->state = PAGE_USED;
    pg->seq = get32(head + 4);
    struct record r;
    uint32_t off = s->page_header_len;
    int found;
    while ((found = parse_record(s, page, off, &r)) == 1)
        off += r.total;
    pg->write_offset = off;
    pg->closed = found < 0; /* spec: a torn record is ignored, never appended after */
}

/* The newest record for `key` over every used page; false if none. */
static bool find_latest(struct tk_kv_store *s, const uint8_t *key, size_t key_len,
                        struct record *best)
{
    bool found = false;
    uint32_t best_seq = 0;
    uint8_t saved[TK_KV_STORE_RECORD_MAX];
    for (uint32_t page = 0; page < s->page_count; page++) {
        const struct tk_kv_store_page *pg = &s->pages[page];
        if (pg->state != PAGE_USED)
            continue;
        struct record r;
        for (uint32_t off = s->page_header_len;
             off < pg->write_offset && parse_record(s, page, off, &r) == 1; off += r.total) {
            if (r.key_len != key_len || memcmp(r.key, key, key_len) != 0)
                continue;
            if (found && (pg->seq < best_seq || (pg->seq == best_seq && off < best->offset)))
                continue;
            found = true;
            best_seq = pg->seq;
            *best = r;
            memcpy(saved, s->scratch, r.total);
        }
    }
    if (found) {
        /* Point the result at the saved copy, now back in scratch. */
        memcpy(s->scratch, saved, best->total);
        best->key = s->scratch + 8;
        best->value = s->scratch + 8 + best->key_len;
    }
    return found;
}

/* The live value record for `key` and its stored write id. */
static bool find_value(struct tk_kv_store *s, const uint8_t *key, size_t key_len, struct record *r,
                       bool *header_ok, uint32_t *write_id)
{
    if (!find_latest(s, key, key_len, r) || r->kind != KIND_VALUE)
        return false;
    *header_ok = r->value_len >= TK_KV_STORE_HEADER_LEN && r->value[0] == HEADER_VERSION;
    *write_id = *header_ok ? get32(r->value + 5) : 0;
    return true;
}

/* ---- finishing ------------------------------------------------------------ */

static void finish(struct tk_kv_store *s, int rcode)
{
    struct tk_kv_client *c = s->kv.client;
    int op = s->op;
    s->op = OP_NONE;
    s->phase = PHASE_NONE;
    if (c == NULL)
        return;
    switch (op) {
    case OP_GET:
        c->get_done(c, rcode, rcode == 0 ? s->result_len : 0);
        break;
    case OP_SET:
        c->set_done(c, rcode);
        break;
    case OP_ADD:
        c->add_done(c, rcode);
        break;
    case OP_UPDATE:
        c->update_done(c, rcode);
        break;
    case OP_DELETE:
        c->delete_done(c, rcode);
        break;
    case OP_GC:
        c->garbage_collect_done(c, rcode);
        break;
    }
}

/* Results never come from inside the call (Tock clients expect that). */
static void finish_later(struct tk_kv_store *s, int rcode)
{
    s->result = rcode;
    tk_deferred_call_schedule(s->kernel, &s->deferred);
}

static void deferred_finish(struct tk_deferred_call *dc)
{
    struct tk_kv_store *s = dc->owner;
    finish(s, s->result);
}

/* ---- appending ------------------------------------------------------------ */

/* A page to open: free first, else dirty (erased first). Ordinary appends
 * leave the last one for garbage collection. -1 if none. */
static int pick_page(struct tk_kv_store *s, bool may_take_last)
{
    int free_page = -1, dirty_page = -1;
    unsigned available = 0;
    for (uint32_t page = 0; page < s->page_count; page++) {
        if (s->pages[page].state == PAGE_FREE && free_page < 0)
            free_page = (int)page;
        if (s->pages[page].state == PAGE_DIRTY && dirty_page < 0)
            dirty_page = (int)page;
        available += s->pages[page].state != PAGE_USED;
    }
    if (available == 0 || (!may_take_last && available < 2))
        return -1;
    return free_page >= 0 ? free_page : dirty_page;
}

static int write_page_header(struct tk_kv_store *s)
{
    memset(s->page_header, 0xFF, sizeof s->page_header);
    put32(s->page_header, PAGE_MAGIC);
    put32(s->page_header + 4, s->next_seq);
    s->phase = PHASE_HEADER;
    return s->flash->ops->write(s->flash, page_address(s, (uint32_t)s->target_page), s->page_header,
                                s->page_header_len);
}

/* Start writing s->record: into the append page if it fits, else open a
 * page first. Returns 0 (a flash operation runs), TK_NOMEM (no room) or the
 * flash's error. */
static int place_record(struct tk_kv_store *s, bool may_take_last)
{
    if (s->active >= 0) {
        struct tk_kv_store_page *pg = &s->pages[s->active];
        if (!pg->closed && pg->write_offset + s->record_len <= s->flash->page_size) {
            s->phase = PHASE_RECORD;
            return s->flash->ops->write(s->flash,
                                        page_address(s, (uint32_t)s->active) + pg->write_offset,
                                        s->record, s->record_len);
        }
    }
    s->target_page = pick_page(s, may_take_last);
    if (s->target_page < 0)
        return TK_NOMEM;
    if (s->pages[s->target_page].state == PAGE_DIRTY) {
        s->phase = PHASE_ERASE_NEW;
        return s->flash->ops->erase_page(s->flash, (uint32_t)s->target_page);
    }
    return write_page_header(s);
}

static void build_record(struct tk_kv_store *s, uint8_t kind, const uint8_t *key, size_t key_len,
                         const uint8_t *value, size_t value_len)
{
    uint8_t *b = s->record;
    uint32_t body = 8u + (uint32_t)key_len + (uint32_t)value_len;
    s->record_len = record_total(s, (uint32_t)key_len, (uint32_t)value_len);
    memset(b, 0xFF, s->record_len);
    put16(b, (uint16_t)key_len);
    put16(b + 2, (uint16_t)value_len);
    b[4] = kind;
    b[5] = b[6] = b[7] = 0;
    memcpy(b + 8, key, key_len);
    if (value_len != 0)
        memcpy(b + 8 + key_len, value, value_len);
    put32(b + body, tk_crc32_posix(b, body));
}

/* Append s->record for a user operation, or report why not. */
static void append_for_user(struct tk_kv_store *s)
{
    int rc = place_record(s, false);
    if (rc != 0)
        finish_later(s, rc == TK_NOMEM ? TK_NOMEM : TK_FAIL);
}

/* ---- garbage collection ----------------------------------------------- */

/* The oldest page that existed when collection started, or -1. */
static int oldest_victim(struct tk_kv_store *s)
{
    int victim = -1;
    for (uint32_t page = 0; page < s->page_count; page++) {
        const struct tk_kv_store_page *pg = &s->pages[page];
        if (pg->state == PAGE_USED && pg->seq < s->gc_seq_limit &&
            (victim < 0 || pg->seq < s->pages[victim].seq))
            victim = (int)page;
    }
    return victim;
}

/* Last step of collection: erase a page a power loss left dirty, so that it
 * is free again. Returns true if an erase runs, false when none is left. */
static bool erase_dirty_page(struct tk_kv_store *s)
{
    for (uint32_t page = 0; page < s->page_count; page++) {
        if (s->pages[page].state != PAGE_DIRTY)
            continue;
        s->gc_victim = (int)page;
        s->phase = PHASE_GC_ERASE;
        if (s->flash->ops->erase_page(s->flash, page) == 0)
            return true;
        s->result = TK_FAIL;
        return false;
    }
    s->result = 0;
    return false;
}

/* Do the next step of collection. Returns true if a flash operation runs,
 * false when collection is over (result in s->result). */
static bool gc_step(struct tk_kv_store *s)
{
    for (;;) {
        if (s->gc_victim < 0) {
            s->gc_victim = oldest_victim(s);
            if (s->gc_victim < 0)
                return erase_dirty_page(s);
            s->gc_offset = s->page_header_len;
            if (s->active == s->gc_victim)
                s->active = -1; /* copies go to a newer page */
        }
        struct tk_kv_store_page *pg = &s->pages[s->gc_victim];
        struct record r, latest;
        while (s->gc_offset < pg->write_offset &&
               parse_record(s, (uint32_t)s->gc_victim, s->gc_offset, &r) == 1) {
            s->gc_offset += r.total;
            if (r.kind != KIND_VALUE)
                continue; /* tombstones die with the oldest page */
            memcpy(s->record, s->scratch, r.total);
            s->record_len = r.total;
            uint32_t offset = r.offset;
            if (!find_latest(s, s->record + 8, r.key_len, &latest) ||
                latest.page != (uint32_t)s->gc_victim || latest.offset != offset)
                continue;
            int rc = place_record(s, true);
            if (rc == 0)
                return true;
            s->result = rc;
            return false;
        }
        s->phase = PHASE_GC_ERASE;
        int rc = s->flash->ops->erase_page(s->flash, (uint32_t)s->gc_victim);
        if (rc == 0)
            return true;
        s->result = TK_FAIL;
        return false;
    }
}

/* ---- flash completions ------------------------------------------------ */

/* The flash did what place_record or gc_step asked; go on. */
static void step_done(struct tk_kv_store *s, int rcode)
{
    struct tk_kv_store_page *target = s->target_page >= 0 ? &s->pages[s->target_page] : NULL;
    int rc = 0;
    switch (s->phase) {
    case PHASE_ERASE_NEW:
        target->state = rcode == 0 ? PAGE_FREE : PAGE_DIRTY;
        rc = rcode != 0 ? TK_FAIL : write_page_header(s);
        break;
    case PHASE_HEADER:
        if (rcode != 0) {
            target->state = PAGE_DIRTY;
            rc = TK_FAIL;
            break;
        }
        *target = (struct tk_kv_store_page){PAGE_USED, false, s->next_seq++, s->page_header_len};
        s->active = s->target_page;
        s->target_page = -1;
        s->phase = PHASE_RECORD;
        rc = s->flash->ops->write(s->flash,
                                  page_address(s, (uint32_t)s->active) + target->write_offset,
                                  s->record, s->record_len);
        break;
    case PHASE_RECORD:
        if (rcode != 0) {
            s->pages[s->active].closed = true; /* its bytes are unknown now */
            rc = TK_FAIL;
            break;
        }
        s->pages[s->active].write_offset += (uint32_t)s->record_len;
        if (s->op != OP_GC) {
            finish(s, 0);
            return;
        }
        if (!gc_step(s))
            finish(s, s->result);
        return;
    case PHASE_GC_ERASE:
        s->pages[s->gc_victim] =
            (struct tk_kv_store_page){.state = rcode == 0 ? PAGE_FREE : PAGE_DIRTY};
        s->gc_victim = -1;
        if (rcode != 0) {
            rc = TK_FAIL;
            break;
        }
        if (!gc_step(s))
            finish(s, s->result);
        return;
    }
    if (rc != 0)
        finish(s, rc == TK_NOMEM ? TK_NOMEM : TK_FAIL);
}

static void flash_write_done(struct tk_flash_client *c, const uint8_t *buf, size_t len, int rcode)
{
    (void)buf;
    (void)len;
    step_done(tk_container_of(c, struct tk_kv_store, flash_client), rcode);
}

static void flash_erase_done(struct tk_flash_client *c, uint32_t page, int rcode)
{
    (void)page;
    step_done(tk_container_of(c, struct tk_kv_store, flash_client), rcode);
}

static void flash_read_done(struct tk_flash_client *c, uint8_t *buf, size_t len, int rcode)
{
    (void)c;
    (void)buf;
    (void)len;
    (void)rcode; /* the store reads through read_mapped only */
}

/* ---- the HIL ---------------------------------------------------------- */

static struct tk_kv_store *store_of(struct tk_kv *kv)
{
    return kv->state;
}

static int kv_get(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
                  size_t value_cap, const struct tk_storage_permissions *perms)
{
    struct tk_kv_store *s = store_of(kv);
    if (s->op != OP_NONE)
        return TK_BUSY;
    if (key_len > TK_KV_STORE_KEY_MAX)
        return TK_SIZE;
    s->op = OP_GET;
    struct record r;
    bool header_ok = false;
    uint32_t write_id = 0;
    if (!find_value(s, key, key_len, &r, &header_ok, &write_id) || !header_ok ||
        !tk_storage_may_read(perms, write_id)) {
        memset(value, 0, value_cap); /* upstream zeroes the buffer on denial */
        finish_later(s, TK_NOSUPPORT);
        return 0;
    }
    size_t n = r.value_len < value_cap ? r.value_len : value_cap;
    memcpy(value, r.value, n);
    s->result_len = r.value_len - TK_KV_STORE_HEADER_LEN;
    finish_later(s, n < r.value_len ? TK_SIZE : 0);
    return 0;
}

/* Shared front of set/add/update (KVStorePermissions::insert). */
static int insert(struct tk_kv_store *s, int op, const uint8_t *key, size_t key_len, uint8_t *value,
                  size_t value_len, const struct tk_storage_permissions *perms)
{
    uint32_t write_id = tk_storage_write_id(perms);
    if (write_id == 0)
        return TK_INVAL;
    if (s->op != OP_NONE)
        return TK_BUSY;
    if (value_len < TK_KV_STORE_HEADER_LEN || key_len > TK_KV_STORE_KEY_MAX ||
        record_total(s, (uint32_t)key_len, (uint32_t)value_len) >
            s->flash->page_size - s->page_header_len ||
        record_total(s, (uint32_t)key_len, (uint32_t)value_len) > TK_KV_STORE_RECORD_MAX)
        return TK_SIZE;
    value[0] = HEADER_VERSION;
    put32(value + 1, (uint32_t)(value_len - TK_KV_STORE_HEADER_LEN));
    put32(value + 5, write_id);
    s->op = op;

    struct record r;
    bool header_ok = false;
    uint32_t stored_id = 0;
    bool exists = find_value(s, key, key_len, &r, &header_ok, &stored_id);
    bool may_modify = header_ok && tk_storage_may_modify(perms, stored_id);
    bool allowed = op == OP_SET      ? !exists || may_modify
                   : op == OP_UPDATE ? exists && may_modify
                                     : !exists; /* add: no permission check */
    if (!allowed) {
        finish_later(s, TK_NOSUPPORT);
        return 0;
    }
    build_record(s, KIND_VALUE, key, key_len, value, value_len);
    append_for_user(s);
    return 0;
}

static int kv_set(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
                  size_t value_len, const struct tk_storage_permissions *perms)
{
    return insert(store_of(kv), OP_SET, key, key_len, value, value_len, perms);
}

static int kv_add(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
                  size_t value_len, const struct tk_storage_permissions *perms)
{
    return insert(store_of(kv), OP_ADD, key, key_len, value, value_len, perms);
}

static int kv_update(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
                     size_t value_len, const struct tk_storage_permissions *perms)
{
    return insert(store_of(kv), OP_UPDATE, key, key_len, value, value_len, perms);
}

static int kv_delete(struct tk_kv *kv, const uint8_t *key, size_t key_len,
                     const struct tk_storage_permissions *perms)
{
    struct tk_kv_store *s = store_of(kv);
    if (s->op != OP_NONE)
        return TK_BUSY;
    if (key_len > TK_KV_STORE_KEY_MAX)
        return TK_SIZE;
    s->op = OP_DELETE;
    struct record r;
    bool header_ok = false;
    uint32_t stored_id = 0;
    if (!find_value(s, key, key_len, &r, &header_ok, &stored_id) || !header_ok ||
        !tk_storage_may_modify(perms, stored_id)) {
        finish_later(s, TK_NOSUPPORT);
        return 0;
    }
    build_record(s, KIND_TOMBSTONE, key, key_len, NULL, 0);
    append_for_user(s);
    return 0;
}

static int kv_garbage_collect(struct tk_kv *kv)
{
    struct tk_kv_store *s = store_of(kv);
    if (s->op != OP_NONE)
        return TK_BUSY;
    s->op = OP_GC;
    s->gc_seq_limit = s->next_seq;
    s->gc_victim = -1;
    if (!gc_step(s))
        finish_later(s, s->result);
    return 0;
}

static const struct tk_kv_ops kv_store_ops = {
    .get = kv_get,
    .set = kv_set,
    .add = kv_add,
    .update = kv_update,
    .delete = kv_delete,
    .garbage_collect = kv_garbage_collect,
};

int tk_kv_store_init(struct tk_kv_store *s, struct tk_kernel *k, struct tk_flash *flash)
{
    memset(s, 0, sizeof *s);
    if (flash->page_count < 2 || flash->page_count > TK_KV_STORE_MAX_PAGES ||
        flash->word_size > 8 || flash->page_size < 64)
        return TK_SIZE;
    s->kv = (struct tk_kv){.ops = &kv_store_ops, .header_size = TK_KV_STORE_HEADER_LEN, .state = s};
    s->kernel = k;
    s->flash = flash;
    s->page_count = flash->page_count;
    s->page_header_len = round_up(8, flash->word_size);
    s->deferred.fn = deferred_finish;
    s->deferred.owner = s;
    s->flash_client = (struct tk_flash_client){flash_read_done, flash_write_done, flash_erase_done};
    flash->client = &s->flash_client;
    s->active = -1;
    s->target_page = -1;
    s->gc_victim = -1;

    uint32_t max_seq = 0;
    for (uint32_t page = 0; page < s->page_count; page++) {
        load_page(s, page);
        const struct tk_kv_store_page *pg = &s->pages[page];
        if (pg->state == PAGE_USED && (s->active < 0 || pg->seq >= max_seq)) {
            max_seq = pg->seq;
            s->active = (int)page;
        }
    }
    s->next_seq = max_seq + 1;
    return 0;
}

unsigned tk_kv_store_key_count(struct tk_kv_store *s)
{
    unsigned count = 0;
    struct record r, latest;
    uint8_t key[TK_KV_STORE_KEY_MAX];
    for (uint32_t page = 0; page < s->page_count; page++) {
        const struct tk_kv_store_page *pg = &s->pages[page];
        if (pg->state != PAGE_USED)
            continue;
        /* find_latest reuses the scratch bytes r points at, not r itself. */
        for (uint32_t off = s->page_header_len;
             off < pg->write_offset && parse_record(s, page, off, &r) == 1; off += r.total) {
            memcpy(key, r.key, r.key_len);
            if (find_latest(s, key, r.key_len, &latest) && latest.kind == KIND_VALUE &&
                latest.page == page && latest.offset == off)
                count++;
        }
    }
    return count;
}
