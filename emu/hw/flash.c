/* NOR flash model: file-backed pages with erase counters and torn writes.
 *
 * Owns the device contents (a MAP_SHARED mapping of the flash file, a RAM
 * buffer, or memory the embedder lent), the per-page erase counters, the
 * fault injector and the partitions the board cuts out of the device. It is
 * the emulator's stand-in for a chip's flash controller (tock/tock
 * chips/nrf52/src/nvmc.rs @65608d71) behind emu/kernel/hil/flash.h.
 *
 *   file offset 0                                                   size
 *   +----------------+----------------+---------------------------------+
 *   | partition 0    | partition 1    | ...  (page aligned, board-set)  |
 *   +----------------+----------------+---------------------------------+
 *   each partition: a struct tk_flash with its own client and deferred call
 *
 * NOR rules: erase sets a page to 0xFF; a write only clears bits. Writing a 1
 * over a 0 fails the whole write with TK_FAIL and changes nothing (default),
 * or, with --flash-and-writes, stores old & new as real NOR does. With
 * --flash-fail-after N the Nth write or erase (counted over the device) is
 * torn: the first half of its bytes, rounded down to a word, land, then it
 * reports TK_FAIL. An operation takes effect when its deferred call runs,
 * which is also when the client hears of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flash.h"

enum flash_op { FLASH_IDLE, FLASH_READ, FLASH_WRITE, FLASH_ERASE };

struct flash_partition {
    struct tk_flash flash;
    struct emu_flash *device;
    uint32_t base; /* byte offset in the device */
    struct tk_deferred_call deferred;
    enum flash_op op;
    uint32_t offset; /* partition-relative */
    size_t len;
    uint8_t *read_buf;
    const uint8_t *write_buf;
    uint32_t page;
};

struct emu_flash {
    struct tk_kernel *kernel;
    uint8_t *data;
    size_t size;
    uint32_t page_size, word_size;
    bool and_writes;
    enum { BACKING_FILE, BACKING_RAM, BACKING_LENT } backing;
    int fd;
    char *path;
    bool remove;
    /* Per page; made at the first erase (NULL: none yet). The 256 MiB app
     * flash has 65,536 pages, and zeroing their counters at every start
     * showed in the harness's per-test cost. */
    uint32_t *erase_counts;
    /* RAM backing only: pages not erased yet. A fresh RAM device is erased
     * page by page at first use instead of all at once: filling 256 KiB
     * with 0xFF faulted in 64 pages at every start, and most runs touch
     * none of them (bench/). NULL: every page is as the data says. */
    bool *unerased;
    uint64_t op_count;
    uint64_t fail_at; /* op number that is torn; 0 = none */
    struct flash_partition partitions[EMU_FLASH_MAX_PARTITIONS];
    unsigned partition_count;
};

void emu_flash_options_init(struct emu_flash_options *o)
{
    memset(o, 0, sizeof *o);
    o->page_size = EMU_FLASH_DEFAULT_PAGE_SIZE;
    o->word_size = EMU_FLASH_DEFAULT_WORD_SIZE;
}

void emu_flash_options_fini(struct emu_flash_options *o)
{
    g_free(o->path);
    o->path = NULL;
}

/* --flash-size BYTES, with an optional K or M suffix (binary units). */
static gboolean parse_size(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_flash_options *o = data;
    char *end = NULL;
    errno = 0;
    guint64 n = g_ascii_strtoull(value, &end, 10);
    guint64 unit = 1;
    if (end != NULL && (*end == 'K' || *end == 'k'))
        unit = 1024, end++;
    else if (end != NULL && (*end == 'M' || *end == 'm'))
        unit = 1024 * 1024, end++;
    if (errno != 0 || end == value || *end != '\0' || n == 0 || n > G_MAXUINT32 / unit) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "%s: '%s' is not a size (bytes, or with K or M, below 4 GiB)", name, value);
        return FALSE;
    }
    o->size = (gint64)(n * unit);
    return TRUE;
}

GOptionGroup *emu_flash_option_group(struct emu_flash_options *o)
{
    const GOptionEntry entries[] = {
        {"flash", 0, 0, G_OPTION_ARG_FILENAME, &o->path,
         "NOR flash file for storage and app state, created erased if missing (default: none, "
         "flash lives in RAM and nothing persists)",
         "FILE"},
        {"flash-size", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)parse_size,
         "Flash size for a new file: bytes, or with K or M (default 256K)", "SIZE"},
        {"flash-erase", 0, 0, G_OPTION_ARG_NONE, &o->erase, "Erase the whole flash at start", NULL},
        {"flash-ram", 0, 0, G_OPTION_ARG_NONE, &o->ram, "Keep flash in RAM only (no file)", NULL},
        {"flash-remove", 0, 0, G_OPTION_ARG_NONE, &o->remove, "Delete the flash file on exit",
         NULL},
        {"flash-fail-after", 0, 0, G_OPTION_ARG_INT, &o->fail_after,
         "Tear the Nth flash write/erase (power-loss test)", "N"},
        {"flash-and-writes", 0, 0, G_OPTION_ARG_NONE, &o->and_writes,
         "Writing 1 over 0 ANDs (real NOR) instead of failing", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionGroup *g = g_option_group_new(
        "flash", "NOR flash options:",
        "Show NOR flash options (storage, app state; in RAM unless --flash FILE)", o, NULL);
    g_option_group_add_entries(g, entries); /* copies the entries */
    return g;
}

/* ---- backing ---------------------------------------------------------- */

static int validate_options(const struct emu_flash_options *o, struct emu_err *err)
{
    const char *name = o->path != NULL ? o->path : "flash";
    if (o->page_size == 0 || o->word_size == 0 || o->page_size % o->word_size != 0) {
        emu_err_set(err, "%s: page size %u is not a multiple of word size %u", name, o->page_size,
                    o->word_size);
        return -EINVAL;
    }
    if (o->size < 0 || (uint64_t)o->size > UINT32_MAX || o->size % o->page_size != 0) {
        emu_err_set(err, "%s: size %" G_GINT64_FORMAT " is not a multiple of the %u-byte page",
                    name, o->size, o->page_size);
        return -EINVAL;
    }
    if (o->fail_after < 0) {
        emu_err_set(err, "--flash-fail-after: %d is negative (expected N >= 1, or 0 = off)",
                    o->fail_after);
        return -EINVAL;
    }
    return 0;
}

/* Open or create the file and map it. A new (or empty) file is erased. */
static int open_file(struct emu_flash *f, const struct emu_flash_options *o, struct emu_err *err)
{
    struct stat st;
    f->fd = open(o->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (f->fd < 0) {
        int e = -errno;
        emu_err_set(err, "%s: open: %s", o->path, strerror(-e));
        return e;
    }
    if (fstat(f->fd, &st) != 0) {
        int e = -errno;
        emu_err_set(err, "%s: fstat: %s", o->path, strerror(-e));
        return e;
    }
    bool fresh = st.st_size == 0;
    f->size =
        fresh ? (o->size != 0 ? (size_t)o->size : EMU_FLASH_DEFAULT_SIZE) : (size_t)st.st_size;
    if (!fresh && o->size != 0 && (size_t)o->size != f->size) {
        emu_err_set(err, "%s: file size %zu != --flash-size %" G_GINT64_FORMAT, o->path, f->size,
                    o->size);
        return -EINVAL;
    }
    if (f->size % f->page_size != 0) {
        emu_err_set(err, "%s: size %zu is not a multiple of the %u-byte page", o->path, f->size,
                    f->page_size);
        return -EINVAL;
    }
    /* Every block is allocated now, also the holes of a sparse file, so a
     * store through the mapping never meets a full disk (SIGBUS) or the
     * file-size limit (SIGXFSZ, EFBIG) later: either is reported here. */
    int e = posix_fallocate(f->fd, 0, (off_t)f->size);
    if (e != 0) {
        emu_err_set(err, "%s: cannot allocate %zu bytes of flash: %s", o->path, f->size,
                    strerror(e));
        return -e;
    }
    void *map = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, 0);
    if (map == MAP_FAILED) {
        e = -errno;
        emu_err_set(err, "%s: mmap: %s", o->path, strerror(-e));
        return e;
    }
    f->data = map;
    if (fresh)
        memset(f->data, 0xFF, f->size);
    return 0;
}

struct emu_flash *emu_flash_new(struct tk_kernel *k, const struct emu_flash_options *o,
                                struct emu_err *err, int *errnum)
{
    int e = validate_options(o, err);
    if (e != 0) {
        *errnum = e;
        return NULL;
    }
    struct emu_flash *f = g_new0(struct emu_flash, 1);
    f->kernel = k;
    f->page_size = o->page_size;
    f->word_size = o->word_size;
    f->and_writes = o->and_writes;
    f->fd = -1;
    if (o->memory != NULL) {
        f->backing = BACKING_LENT;
        f->data = o->memory;
        f->size = o->memory_len;
        if (f->size == 0 || f->size % f->page_size != 0) {
            emu_err_set(err, "flash memory: length %zu is not a multiple of the %u-byte page",
                        f->size, f->page_size);
            e = -EINVAL;
            goto fail;
        }
    } else if (o->ram || o->path == NULL) {
        f->backing = BACKING_RAM;
        f->size = o->size != 0 ? (size_t)o->size : EMU_FLASH_DEFAULT_SIZE;
        void *m = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED) {
            e = -errno;
            emu_err_set(err, "flash: cannot allocate %zu bytes: %s", f->size, strerror(-e));
            goto fail;
        }
        f->data = m;
        f->unerased = g_new(bool, f->size / f->page_size);
        for (size_t i = 0; i < f->size / f->page_size; i++)
            f->unerased[i] = true;
    } else {
        f->backing = BACKING_FILE;
        f->path = g_strdup(o->path);
        e = open_file(f, o, err);
        if (e != 0)
            goto fail;
        f->remove = o->remove; /* only once the file is ours to remove */
    }
    if (o->erase && f->unerased == NULL)
        memset(f->data, 0xFF, f->size);
    emu_flash_fail_after(f, (unsigned)o->fail_after);
    return f;

fail:
    *errnum = e;
    emu_flash_free(f);
    return NULL;
}

void emu_flash_free(struct emu_flash *f)
{
    if (f == NULL)
        return;
    if (f->backing == BACKING_FILE) {
        if (f->data != NULL) {
            msync(f->data, f->size, MS_SYNC);
            munmap(f->data, f->size);
        }
        if (f->fd >= 0)
            close(f->fd);
        if (f->remove)
            unlink(f->path);
    } else if (f->backing == BACKING_RAM && f->data != NULL) {
        munmap(f->data, f->size);
    }
    g_free(f->path);
    g_free(f->erase_counts);
    g_free(f->unerased);
    g_free(f);
}

/* ---- operations ------------------------------------------------------- */

/* The device's bytes [offset, offset + len), in place, with every page in
 * that range erased if it has not been used yet. The one way into f->data
 * for reads and writes. */
static uint8_t *bytes_at(struct emu_flash *f, size_t offset, size_t len)
{
    if (f->unerased != NULL && len > 0) {
        for (size_t p = offset / f->page_size; p <= (offset + len - 1) / f->page_size; p++) {
            if (f->unerased[p]) {
                memset(f->data + p * f->page_size, 0xFF, f->page_size);
                f->unerased[p] = false;
            }
        }
    }
    return f->data + offset;
}

/* Copy bytes [offset, offset + len) out; a page never used reads as erased
 * without being made (a key-value store scans all its pages at start). */
static void read_bytes(struct emu_flash *f, size_t offset, uint8_t *buf, size_t len)
{
    while (len > 0) {
        size_t page = offset / f->page_size;
        size_t n = (page + 1) * f->page_size - offset;
        if (n > len)
            n = len;
        if (f->unerased != NULL && f->unerased[page])
            memset(buf, 0xFF, n);
        else
            memcpy(buf, f->data + offset, n);
        buf += n;
        offset += n;
        len -= n;
    }
}

/* Count one write/erase; true if this one is to be torn. */
static bool next_op_is_torn(struct emu_flash *f)
{
    f->op_count++;
    return f->fail_at != 0 && f->op_count == f->fail_at;
}

static size_t torn_prefix(const struct emu_flash *f, size_t len)
{
    return len / 2 / f->word_size * f->word_size;
}

static int do_write(struct emu_flash *f, uint8_t *dst, const uint8_t *src, size_t len)
{
    bool torn = next_op_is_torn(f);
    if (!f->and_writes)
        for (size_t i = 0; i < len; i++)
            if ((src[i] & (uint8_t)~dst[i]) != 0)
                return TK_FAIL; /* a 0 -> 1 program: refused, nothing changed */
    size_t n = torn ? torn_prefix(f, len) : len;
    for (size_t i = 0; i < n; i++)
        dst[i] &= src[i];
    return torn ? TK_FAIL : 0;
}

static int do_erase(struct emu_flash *f, uint32_t device_page)
{
    bool torn = next_op_is_torn(f);
    if (f->erase_counts == NULL)
        f->erase_counts = g_new0(uint32_t, f->size / f->page_size);
    f->erase_counts[device_page]++;
    memset(bytes_at(f, (size_t)device_page * f->page_size, f->page_size), 0xFF,
           torn ? torn_prefix(f, f->page_size) : f->page_size);
    return torn ? TK_FAIL : 0;
}

/* The deferred call: the operation happens now, then the client hears. */
static void partition_complete(struct tk_deferred_call *dc)
{
    struct flash_partition *p = dc->owner;
    struct emu_flash *f = p->device;
    struct tk_flash_client *c = p->flash.client;
    enum flash_op op = p->op;
    size_t at = (size_t)p->base + p->offset;
    int rc;

    p->op = FLASH_IDLE; /* the client may start the next operation */
    switch (op) {
    case FLASH_READ:
        read_bytes(f, at, p->read_buf, p->len);
        if (c != NULL && c->read_done != NULL)
            c->read_done(c, p->read_buf, p->len, 0);
        break;
    case FLASH_WRITE:
        rc = do_write(f, bytes_at(f, at, p->len), p->write_buf, p->len);
        if (c != NULL && c->write_done != NULL)
            c->write_done(c, p->write_buf, p->len, rc);
        break;
    case FLASH_ERASE:
        rc = do_erase(f, p->base / f->page_size + p->page);
        if (c != NULL && c->erase_done != NULL)
            c->erase_done(c, p->page, rc);
        break;
    case FLASH_IDLE:
        break;
    }
}

static bool range_ok(const struct tk_flash *fl, uint32_t offset, size_t len)
{
    return offset <= tk_flash_size(fl) && len <= tk_flash_size(fl) - offset;
}

static int start(struct flash_partition *p, enum flash_op op)
{
    p->op = op;
    tk_deferred_call_schedule(p->device->kernel, &p->deferred);
    return 0;
}

static int partition_read(struct tk_flash *fl, uint32_t offset, uint8_t *buf, size_t len)
{
    struct flash_partition *p = fl->state;
    if (p->op != FLASH_IDLE)
        return TK_BUSY;
    if (!range_ok(fl, offset, len))
        return TK_INVAL;
    p->offset = offset;
    p->len = len;
    p->read_buf = buf;
    return start(p, FLASH_READ);
}

static int partition_write(struct tk_flash *fl, uint32_t offset, const uint8_t *buf, size_t len)
{
    struct flash_partition *p = fl->state;
    if (p->op != FLASH_IDLE)
        return TK_BUSY;
    if (!range_ok(fl, offset, len) || offset % fl->word_size != 0 || len % fl->word_size != 0)
        return TK_INVAL;
    p->offset = offset;
    p->len = len;
    p->write_buf = buf;
    return start(p, FLASH_WRITE);
}

static int partition_erase_page(struct tk_flash *fl, uint32_t page)
{
    struct flash_partition *p = fl->state;
    if (p->op != FLASH_IDLE)
        return TK_BUSY;
    if (page >= fl->page_count)
        return TK_INVAL;
    p->offset = page * fl->page_size;
    p->len = fl->page_size;
    p->page = page;
    return start(p, FLASH_ERASE);
}

static int partition_read_mapped(struct tk_flash *fl, uint32_t offset, uint8_t *buf, size_t len)
{
    struct flash_partition *p = fl->state;
    if (!range_ok(fl, offset, len))
        return TK_INVAL;
    read_bytes(p->device, (size_t)p->base + offset, buf, len);
    return 0;
}

static const struct tk_flash_ops partition_ops = {
    .read = partition_read,
    .write = partition_write,
    .erase_page = partition_erase_page,
    .read_mapped = partition_read_mapped,
};

struct tk_flash *emu_flash_partition(struct emu_flash *f, uint32_t first_page, uint32_t page_count,
                                     struct emu_err *err)
{
    uint32_t pages = emu_flash_page_count(f);
    if (page_count == 0 || first_page > pages || page_count > pages - first_page) {
        emu_err_set(err, "flash: partition of %u pages at page %u leaves the %u-page device",
                    page_count, first_page, pages);
        return NULL;
    }
    for (unsigned i = 0; i < f->partition_count; i++) {
        const struct flash_partition *q = &f->partitions[i];
        uint32_t q_first = q->base / f->page_size;
        if (first_page < q_first + q->flash.page_count && q_first < first_page + page_count) {
            emu_err_set(err, "flash: partition at page %u overlaps the one at page %u", first_page,
                        q_first);
            return NULL;
        }
    }
    if (f->partition_count == EMU_FLASH_MAX_PARTITIONS) {
        emu_err_set(err, "flash: more than %d partitions", EMU_FLASH_MAX_PARTITIONS);
        return NULL;
    }
    struct flash_partition *p = &f->partitions[f->partition_count++];
    memset(p, 0, sizeof *p);
    p->device = f;
    p->base = first_page * f->page_size;
    p->deferred.fn = partition_complete;
    p->deferred.owner = p;
    p->flash = (struct tk_flash){
        .ops = &partition_ops,
        .page_size = f->page_size,
        .word_size = f->word_size,
        .page_count = page_count,
        .state = p,
    };
    return &p->flash;
}

uint32_t emu_flash_partition_offset(const struct tk_flash *fl)
{
    const struct flash_partition *p = fl->state;
    return p->base;
}

uint32_t emu_flash_page_size(const struct emu_flash *f)
{
    return f->page_size;
}

uint32_t emu_flash_page_count(const struct emu_flash *f)
{
    return (uint32_t)(f->size / f->page_size);
}

uint8_t *emu_flash_data(struct emu_flash *f)
{
    return bytes_at(f, 0, f->size);
}

uint8_t *emu_flash_region(struct emu_flash *f, size_t offset, size_t len)
{
    if (offset > f->size || len > f->size - offset)
        return NULL;
    return bytes_at(f, offset, len);
}

uint32_t emu_flash_erase_count(const struct emu_flash *f, uint32_t page)
{
    return page < emu_flash_page_count(f) && f->erase_counts != NULL ? f->erase_counts[page] : 0;
}

uint64_t emu_flash_op_count(const struct emu_flash *f)
{
    return f->op_count;
}

void emu_flash_fail_after(struct emu_flash *f, unsigned n)
{
    f->fail_at = n == 0 ? 0 : f->op_count + n;
}

int emu_flash_fd(const struct emu_flash *f)
{
    return f->backing == BACKING_FILE ? f->fd : -1;
}
