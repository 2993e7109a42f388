/* Writeable flash regions kept in the flash file (see wfr_store.h). */
#include <errno.h>
#include <glib.h>
#include <string.h>

#include "appid.h" /* tk_crc32_posix */
#include "container_of.h"
#include "wfr_store.h"

#define WFR_MAGIC 0x46574b54u /* "TKWF" */

struct wfr_record {
    uint32_t magic, fingerprint;
    uint64_t address;
    uint32_t size, reserved;
};

static size_t record_len(uint32_t size)
{
    return sizeof(struct wfr_record) + (((size_t)size + 7) & ~(size_t)7);
}

/* The record at `at` in `buf`, or false at the end of the list. */
static bool record_at(const uint8_t *buf, size_t len, size_t at, struct wfr_record *r)
{
    if (at + sizeof *r > len)
        return false;
    memcpy(r, buf + at, sizeof *r);
    return r->magic == WFR_MAGIC && r->size <= len && at + record_len(r->size) <= len;
}

void emu_wfr_store_init(struct emu_wfr_store *s, uint8_t *partition, size_t len)
{
    memset(s, 0, sizeof *s);
    emu_wfr_store_attach(s, partition, len);
}

void emu_wfr_store_attach(struct emu_wfr_store *s, uint8_t *partition, size_t len)
{
    s->partition = partition;
    s->len = len;
    struct wfr_record r;
    size_t at = 0;
    while (record_at(partition, len, at, &r))
        at += record_len(r.size);
    s->saved = g_memdup2(partition, at);
    s->saved_len = at;
}

void emu_wfr_store_fini(struct emu_wfr_store *s)
{
    g_free(s->saved);
    s->saved = NULL;
}

/* The saved bytes for a region, or NULL. */
static const uint8_t *find_saved(const struct emu_wfr_store *s, uint64_t address, uint32_t size,
                                 uint32_t fingerprint)
{
    struct wfr_record r;
    for (size_t at = 0; record_at(s->saved, s->saved_len, at, &r); at += record_len(r.size))
        if (r.address == address && r.size == size && r.fingerprint == fingerprint)
            return s->saved + at + sizeof r;
    return NULL;
}

int emu_wfr_store_add_tbf(struct emu_wfr_store *s, const char *path, uint8_t *tbf, uint64_t address,
                          const struct tk_tbf_header *h, struct emu_err *err)
{
    unsigned n = tk_tbf_writeable_flash_region_count(h);
    size_t need = 0;
    for (unsigned i = 0; i < n; i++) {
        struct tk_flash_region region;
        if (tk_tbf_writeable_flash_region(h, i, &region))
            need += record_len(region.size);
    }
    if (s->count + n > EMU_WFR_STORE_MAX || s->used + need > s->len) {
        emu_err_set(err,
                    "%s: its writeable flash regions (%zu bytes with records) do not fit the "
                    "%zu-byte app-state partition of the flash (%zu bytes used)",
                    path, need, s->len, s->used);
        return -ENOSPC;
    }
    if (n == 0)
        return 0; /* most apps: no need to read (and fault in) the binary */
    /* The binary as built: nothing has written into it yet this run. */
    uint32_t fingerprint = tk_crc32_posix(tbf, h->total_size);
    int restored = 0;
    for (unsigned i = 0; i < n; i++) {
        struct tk_flash_region region;
        if (!tk_tbf_writeable_flash_region(h, i, &region) || region.size == 0 ||
            (uint64_t)region.offset + region.size > h->total_size)
            continue; /* spec §4: memop 8/9 fail for it too; nothing to keep */
        uint64_t at = address + region.offset;
        const uint8_t *saved = find_saved(s, at, region.size, fingerprint);
        if (saved != NULL) {
            memcpy(tbf + region.offset, saved, region.size);
            restored++;
        }
        s->regions[s->count].memory = tbf + region.offset;
        s->regions[s->count].address = at;
        s->regions[s->count].size = region.size;
        s->regions[s->count].fingerprint = fingerprint;
        s->count++;
    }
    s->used += need;
    return restored;
}

static bool tracked(const struct emu_wfr_store *s, uint64_t address)
{
    for (unsigned i = 0; i < s->count; i++)
        if (s->regions[i].address == address)
            return true;
    return false;
}

static size_t put_record(uint8_t *out, const struct wfr_record *r, const uint8_t *data)
{
    memcpy(out, r, sizeof *r);
    memcpy(out + sizeof *r, data, r->size);
    /* Padding stays as the erase left it (0xFF). */
    return record_len(r->size);
}

void emu_wfr_store_save(struct emu_wfr_store *s)
{
    if (s->count == 0)
        return; /* nothing of this run to keep: leave the partition as it is */
    memset(s->partition, 0xFF, s->len);
    size_t at = 0;
    for (unsigned i = 0; i < s->count; i++) {
        struct wfr_record r = {WFR_MAGIC, s->regions[i].fingerprint, s->regions[i].address,
                               s->regions[i].size, 0};
        at += put_record(s->partition + at, &r, s->regions[i].memory);
    }
    /* Other apps' records after ours, oldest first, while they fit. */
    struct wfr_record r;
    for (size_t old = 0; record_at(s->saved, s->saved_len, old, &r); old += record_len(r.size))
        if (!tracked(s, r.address) && at + record_len(r.size) <= s->len)
            at += put_record(s->partition + at, &r, s->saved + old + sizeof r);
}

/* ---- the pass-through storage ----------------------------------------- */

static int wrap_read(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address, size_t len)
{
    struct emu_wfr_store *s = nv->state;
    return s->inner->ops->read(s->inner, buf, address, len);
}

static int wrap_write(struct tk_nonvolatile_storage *nv, uint8_t *buf, uint64_t address, size_t len)
{
    struct emu_wfr_store *s = nv->state;
    return s->inner->ops->write(s->inner, buf, address, len);
}

static void wrap_read_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                           int rcode)
{
    struct emu_wfr_store *s = tk_container_of(c, struct emu_wfr_store, inner_client);
    s->storage.client->read_done(s->storage.client, buf, len, rcode);
}

static void wrap_write_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                            int rcode)
{
    struct emu_wfr_store *s = tk_container_of(c, struct emu_wfr_store, inner_client);
    /* Persist before the app hears "written", as flash would be. */
    emu_wfr_store_save(s);
    s->storage.client->write_done(s->storage.client, buf, len, rcode);
}

static const struct tk_nonvolatile_storage_ops wrap_ops = {.read = wrap_read, .write = wrap_write};

struct tk_nonvolatile_storage *emu_wfr_store_wrap(struct emu_wfr_store *s,
                                                  struct tk_nonvolatile_storage *inner)
{
    s->inner = inner;
    s->inner_client.read_done = wrap_read_done;
    s->inner_client.write_done = wrap_write_done;
    inner->client = &s->inner_client;
    s->storage.ops = &wrap_ops;
    s->storage.state = s;
    return &s->storage;
}
