/* Isolated nonvolatile storage capsule: per-app flash regions, allocated on
 * first use and found again after a reboot by their headers.
 *
 * Mirrors tock/tock capsules/extra/src/isolated_nonvolatile_storage_driver.rs
 * @65608d71 (IsolatedNonvolatileStorage, APP_REGION_SIZE 2048).
 *
 * Syscall interface, driver 0x50004:
 *
 *   command | arg0   | arg1 | result
 *   --------+--------+------+--------------------------------------------
 *   0       |        |      | S
 *   1       |        |      | region size (upcall 0)
 *   2       | offset | (hi) | read RW allow 0's length from offset (upcall 1)
 *   3       | offset | (hi) | write RO allow 0 at offset (upcall 2)
 *   other   |        |      | F(NOSUPPORT)
 *
 * Commands 1-3: F(NOSUPPORT) without a write id, or (2, 3) without read or
 * modify permission for the app's own write id; F(BUSY) while the app has
 * an operation pending; else S and the operation waits its turn.
 * Upcalls: 0 (status, region length, 0); 1 (status, bytes read, 0); 2
 * (status, bytes written, 0). Errors there: RESERVE (no buffer allowed),
 * INVAL (beyond the region), FAIL (the flash refused). At most 512 bytes
 * move per operation (the kernel buffer).
 *
 * Layout of [start, start + length): region headers, each followed by its
 * region: version_and_length (LE u32: version 1 << 24 | length), shortid
 * (LE u32: the owner's write id), xor of the two. The first header that is
 * not valid (erased flash) marks the free space. On the first operation
 * the capsule reads the headers from the start (DiscoverRegions); an app
 * with no region gets the next one: header written, region erased to 0xFF.
 *
 * Deviation: the offset is arg0 alone, as a 32-bit kernel computes
 * usize32s_to_usize. Upstream quirks kept: when no region can be allocated
 * (flash full) the operation stays pending with no upcall; a header check
 * treats the last byte of the space as out of range (>= end); an app that
 * dies during its read takes the kernel buffer with it (later operations
 * find none).
 */
#include "appid.h"
#include "container_of.h"
#include "isolated_nonvolatile_storage_driver.h"

enum invs_upcall { INVS_UPCALL_GET_SIZE, INVS_UPCALL_READ, INVS_UPCALL_WRITE, INVS_UPCALL_COUNT };
enum invs_allow_ro { INVS_ALLOW_RO_WRITE, INVS_ALLOW_RO_COUNT };
enum invs_allow_rw { INVS_ALLOW_RW_READ, INVS_ALLOW_RW_COUNT };

enum invs_command { INVS_NONE, INVS_GET_SIZE = 1, INVS_READ = 2, INVS_WRITE = 3 };

#define HEADER_VERSION 1u

struct invs_app {
    bool has_region;
    uint32_t region_length;
    uint64_t region_address; /* absolute_address: just past the header */
    uint8_t pending;         /* enum invs_command */
    uint32_t offset;
};

/* The upcall that answers command `c`. */
static unsigned invs_upcall_of(uint8_t c)
{
    return c == INVS_GET_SIZE ? INVS_UPCALL_GET_SIZE
           : c == INVS_READ   ? INVS_UPCALL_READ
                              : INVS_UPCALL_WRITE;
}

static bool invs_write_id(const struct tk_process *p, uint32_t *id)
{
    *id = p->storage.write_id;
    return p->storage.valid && *id != 0;
}

/* check_header_access, with its >= at the end. */
static int invs_check_header_access(const struct tk_isolated_nvs *d, uint64_t offset,
                                    uint64_t length)
{
    uint64_t end = d->start + d->length;
    if (offset < d->start || offset >= end || length > d->length || offset + length >= end)
        return TK_INVAL;
    return 0;
}

static int invs_read_header(struct tk_isolated_nvs *d, uint64_t address)
{
    int rc = invs_check_header_access(d, address, TK_INVS_REGION_SIZE);
    if (rc == 0 && d->buffer_lent)
        rc = TK_NOMEM;
    if (rc == 0)
        rc = d->storage->ops->read(d->storage, d->buffer, address, TK_INVS_HEADER_LEN);
    if (rc == 0)
        d->buffer_lent = true;
    return rc;
}

static void put_le32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* allocate_app_region: write the header of a new region for `p`. */
static int invs_allocate(struct tk_isolated_nvs *d, struct tk_process *p)
{
    uint32_t write_id;
    if (!d->has_next_unallocated)
        return TK_FAIL;
    if (!invs_write_id(p, &write_id))
        return TK_NOSUPPORT;
    uint64_t region = d->next_unallocated + TK_INVS_HEADER_LEN, end = d->start + d->length;
    if (region > end || region + TK_INVS_REGION_SIZE > end)
        return TK_NOMEM;
    int rc = invs_check_header_access(d, region, TK_INVS_REGION_SIZE);
    if (rc == 0 && d->buffer_lent)
        rc = TK_NOMEM;
    if (rc != 0)
        return rc;
    uint32_t version_and_length = HEADER_VERSION << 24 | TK_INVS_REGION_SIZE;
    put_le32(d->buffer, version_and_length);
    put_le32(d->buffer + 4, write_id);
    put_le32(d->buffer + 8, version_and_length ^ write_id);
    rc = d->storage->ops->write(d->storage, d->buffer, d->next_unallocated, TK_INVS_HEADER_LEN);
    if (rc != 0)
        return rc;
    d->buffer_lent = true;
    d->user = TK_INVS_WRITE_HEADER;
    d->process_id = p->id;
    d->region_address = region;
    return 0;
}

/* erase_region_content: 0xFF over the next piece of [offset, +length). */
static int invs_erase(struct tk_isolated_nvs *d, uint64_t offset, size_t length)
{
    int rc = invs_check_header_access(d, offset, length);
    if (rc == 0 && d->buffer_lent)
        rc = TK_NOMEM;
    if (rc != 0)
        return rc;
    size_t active = tk_min_size(length, TK_INVS_BUFFER_LEN);
    for (size_t i = 0; i < TK_INVS_BUFFER_LEN; i++)
        d->buffer[i] = 0xff;
    rc = d->storage->ops->write(d->storage, d->buffer, offset, active);
    if (rc != 0)
        return rc;
    d->buffer_lent = true;
    d->user = TK_INVS_ERASE;
    d->address = offset + active;
    d->remaining = length - active;
    return 0;
}

/* handle_syscall for a process with a region: 1 if the storage now works
 * for it, 0 if it was answered at once, or an ErrorCode (negated). */
static int invs_handle(struct tk_isolated_nvs *d, struct tk_process *p, struct invs_app *app)
{
    if (app->pending == INVS_GET_SIZE) {
        app->pending = INVS_NONE;
        (void)tk_upcall_schedule(&d->driver, p, INVS_UPCALL_GET_SIZE, 0, app->region_length, 0);
        return 0;
    }
    bool read = app->pending == INVS_READ;
    struct tk_buffer buf = read ? tk_allow_rw_get(&d->driver, p, INVS_ALLOW_RW_READ)
                                : tk_allow_ro_get(&d->driver, p, INVS_ALLOW_RO_WRITE);
    if (buf.len == 0)
        return -TK_RESERVE;
    /* check_userspace_access */
    if (app->offset >= app->region_length || buf.len > app->region_length ||
        app->offset + buf.len > app->region_length)
        return -TK_INVAL;
    if (d->buffer_lent)
        return -TK_RESERVE;
    size_t active = tk_min_size(buf.len, TK_INVS_BUFFER_LEN);
    if (!read)
        for (size_t i = 0; i < active; i++)
            d->buffer[i] = buf.ptr[i];
    uint64_t address = app->region_address + app->offset;
    int rc = read ? d->storage->ops->read(d->storage, d->buffer, address, active)
                  : d->storage->ops->write(d->storage, d->buffer, address, active);
    if (rc != 0)
        return -TK_FAIL;
    d->buffer_lent = true;
    d->user = TK_INVS_APP;
    d->process_id = p->id;
    return 1;
}

/* check_queue: find the regions first, then serve the first app that
 * waits, in slot order (allocating its region if it has none). */
static void invs_check_queue(struct tk_isolated_nvs *d)
{
    if (d->user != TK_INVS_IDLE)
        return;
    if (!d->has_next_unallocated) {
        /* start_region_traversal */
        if (invs_read_header(d, d->start) == 0) {
            d->user = TK_INVS_DISCOVER;
            d->address = d->start;
        }
        return;
    }
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct invs_app *app = data;
        if (app->pending == INVS_NONE)
            continue;
        if (!app->has_region) {
            if (invs_allocate(d, p) == 0)
                return;
            continue;
        }
        int rc = invs_handle(d, p, app);
        if (rc > 0)
            return;
        if (rc < 0) {
            unsigned upcall = invs_upcall_of(app->pending);
            app->pending = INVS_NONE;
            (void)tk_upcall_schedule(&d->driver, p, upcall, (uint32_t)-rc, 0, 0);
        }
    }
}

/* Commands 1-3 (enqueue_userspace_command). */
static struct tk_cmd_return invs_enqueue(struct tk_isolated_nvs *d, struct tk_process *p,
                                         uint8_t command, uint32_t offset)
{
    uint32_t write_id;
    if (!invs_write_id(p, &write_id))
        return tk_cmd_failure(TK_NOSUPPORT);
    if ((command == INVS_READ && !tk_storage_can_read(&p->storage, write_id)) ||
        (command == INVS_WRITE && !tk_storage_can_modify(&p->storage, write_id)))
        return tk_cmd_failure(TK_NOSUPPORT);
    int err = 0;
    struct invs_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (app->pending != INVS_NONE)
        return tk_cmd_failure(TK_BUSY);
    app->pending = command;
    app->offset = offset;
    invs_check_queue(d);
    return tk_cmd_success();
}

static struct tk_cmd_return invs_command(struct tk_driver *drv, struct tk_process *p,
                                         uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_isolated_nvs *d = drv->state;
    (void)arg1; /* the offset's high half: a 32-bit kernel drops it */
    switch (command) {
    case 0:
        return tk_cmd_success();
    case INVS_GET_SIZE:
    case INVS_READ:
    case INVS_WRITE:
        return invs_enqueue(d, p, (uint8_t)command, arg0);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* header_read_done: a valid header gives its owner (the first process whose
 * write id it names) its region and leads to the next header; an invalid
 * one is where free space starts. */
static void invs_header_read(struct tk_isolated_nvs *d, uint64_t address)
{
    uint32_t version_and_length = get_le32(d->buffer), shortid = get_le32(d->buffer + 4),
             xor = get_le32(d->buffer + 8);
    if (version_and_length >> 24 != HEADER_VERSION || xor != (version_and_length ^ shortid)) {
        d->has_next_unallocated = true;
        d->next_unallocated = address;
        invs_check_queue(d);
        return;
    }
    uint32_t length = version_and_length & 0x00ffffffu;
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        uint32_t write_id;
        if (!invs_write_id(p, &write_id) || write_id != shortid)
            continue;
        struct invs_app *app = data;
        if (!app->has_region) {
            app->has_region = true;
            app->region_address = address + TK_INVS_HEADER_LEN;
            app->region_length = length;
        }
        break;
    }
    uint64_t next = address + TK_INVS_HEADER_LEN + length;
    if (invs_read_header(d, next) == 0) {
        d->user = TK_INVS_DISCOVER;
        d->address = next;
    } else {
        invs_check_queue(d);
    }
}

static void invs_read_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                           int rcode)
{
    struct tk_isolated_nvs *d = tk_container_of(c, struct tk_isolated_nvs, client);
    (void)buf, (void)rcode;
    enum tk_invs_user user = d->user;
    d->user = TK_INVS_IDLE;
    if (user == TK_INVS_DISCOVER) {
        d->buffer_lent = false;
        invs_header_read(d, d->address);
    } else if (user == TK_INVS_APP) {
        struct tk_process *p;
        struct invs_app *app = tk_grant_get_by_id(&d->driver, d->process_id, &p);
        if (app != NULL) {
            struct tk_buffer dest = tk_allow_rw_get(&d->driver, p, INVS_ALLOW_RW_READ);
            size_t n = tk_min_size(dest.len, len);
            for (size_t i = 0; i < n; i++)
                dest.ptr[i] = d->buffer[i];
            d->buffer_lent = false;
            app->pending = INVS_NONE;
            (void)tk_upcall_schedule(&d->driver, p, INVS_UPCALL_READ, 0, (uint32_t)n, 0);
        }
        invs_check_queue(d);
    } else if (user != TK_INVS_IDLE) {
        d->buffer_lent = false;
    }
}

/* The header is written: the region is the app's; erase it. */
static void invs_header_written(struct tk_isolated_nvs *d)
{
    struct tk_process *p;
    struct invs_app *app = tk_grant_get_by_id(&d->driver, d->process_id, &p);
    if (app != NULL) {
        app->has_region = true;
        app->region_address = d->region_address;
        app->region_length = TK_INVS_REGION_SIZE;
    }
    d->has_next_unallocated = true;
    d->next_unallocated = d->region_address + TK_INVS_REGION_SIZE;
    if (invs_erase(d, d->region_address, TK_INVS_REGION_SIZE) != 0)
        invs_check_queue(d);
}

static void invs_write_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                            int rcode)
{
    struct tk_isolated_nvs *d = tk_container_of(c, struct tk_isolated_nvs, client);
    (void)buf, (void)rcode;
    d->buffer_lent = false;
    enum tk_invs_user user = d->user;
    d->user = TK_INVS_IDLE;
    if (user == TK_INVS_WRITE_HEADER) {
        invs_header_written(d);
    } else if (user == TK_INVS_ERASE) {
        if (d->remaining == 0 || invs_erase(d, d->address, d->remaining) != 0)
            invs_check_queue(d);
    } else if (user == TK_INVS_APP) {
        struct tk_process *p;
        struct invs_app *app = tk_grant_get_by_id(&d->driver, d->process_id, &p);
        if (app != NULL) {
            app->pending = INVS_NONE;
            (void)tk_upcall_schedule(&d->driver, p, INVS_UPCALL_WRITE, 0, (uint32_t)len, 0);
        }
        invs_check_queue(d);
    }
}

static const struct tk_driver_ops invs_ops = {
    .command = invs_command,
    .has_grant = true,
    .grant_size = sizeof(struct invs_app),
    .upcall_count = INVS_UPCALL_COUNT,
    .allow_ro_count = INVS_ALLOW_RO_COUNT,
    .allow_rw_count = INVS_ALLOW_RW_COUNT,
};

void tk_isolated_nvs_init(struct tk_isolated_nvs *d, struct tk_nonvolatile_storage *storage,
                          uint64_t start, uint64_t length)
{
    *d = (struct tk_isolated_nvs){
        .driver = {.number = TK_DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE,
                   .ops = &invs_ops,
                   .state = d},
        .client = {.read_done = invs_read_done, .write_done = invs_write_done},
        .storage = storage,
        .start = start,
        .length = length,
    };
    storage->client = &d->client;
}
