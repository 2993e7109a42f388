/* Nonvolatile storage: apps read and write one shared region by offset.
 *
 * Mirrors tock/tock capsules/extra/src/nonvolatile_storage_driver.rs
 * @65608d71 (spec §8.13). No per-app isolation.
 *
 *   driver 0x50001
 *   command 0                 exists                          S
 *   command 1                 userspace region length         S32(length)
 *   command 2 (offset, len)   read into RW allow 0            S | F(INVAL) range
 *                             | F(RESERVE) no/empty allow or busy
 *   command 3 (offset, len)   write from RO allow 0           as command 2
 *   subscribe 0               read done:  (length, 0, 0)
 *   subscribe 1               write done: (length, 0, 0)
 *   allow RW 0                read destination
 *   allow RO 0                write source
 *
 * Range: offset >= size, len > size or offset + len > size -> F(INVAL).
 * length = min(len, allow length, 512).
 *
 * Spec difference: §8.13 says a request made while another is running is
 * queued (F(NOMEM) for a second one). Upstream checks `self.buffer.is_none()`
 * before queueing, and the kernel buffer is lent to the storage for as long
 * as a userspace operation runs, so that request fails F(RESERVE); the queue
 * is reachable only while the kernel itself uses the driver, which this
 * emulator never does. This file returns RESERVE (checked at @65608d71).
 * Deviation: upstream loses its kernel buffer if the process is gone when
 * the operation completes (every later request: RESERVE); here it is kept.
 */
#include <stddef.h>
#include <string.h>

#include "container_of.h"
#include "driver.h"
#include "hil/nonvolatile_storage.h"
#include "nonvolatile_storage_driver.h"

enum { NVS_UPCALL_READ_DONE, NVS_UPCALL_WRITE_DONE, NVS_UPCALL_COUNT };
enum { NVS_RO_WRITE, NVS_RO_COUNT };
enum { NVS_RW_READ, NVS_RW_COUNT };
enum { NVS_CMD_EXISTS, NVS_CMD_SIZE, NVS_CMD_READ, NVS_CMD_WRITE };

static struct tk_nonvolatile_storage_driver *nvs_of(struct tk_driver *d)
{
    return tk_container_of(d, struct tk_nonvolatile_storage_driver, driver);
}

/* Commands 2 and 3 (enqueue_command, userspace_call_driver). */
static struct tk_cmd_return transfer(struct tk_nonvolatile_storage_driver *nvs,
                                     struct tk_process *p, bool write, uint32_t offset,
                                     uint32_t length)
{
    uint64_t size = nvs->userspace_length;
    if (offset >= size || length > size || (uint64_t)offset + length > size)
        return tk_cmd_failure(TK_INVAL);

    int err = 0;
    if (tk_grant_enter(&nvs->driver, p, &err) == NULL)
        return tk_cmd_failure(err);
    struct tk_buffer app = write ? tk_allow_ro_get(&nvs->driver, p, NVS_RO_WRITE)
                                 : tk_allow_rw_get(&nvs->driver, p, NVS_RW_READ);
    if (app.len == 0 || nvs->busy)
        return tk_cmd_failure(TK_RESERVE);

    size_t active = tk_min_size(tk_min_size(length, app.len), sizeof nvs->buffer);
    if (write)
        memcpy(nvs->buffer, app.ptr, active);
    uint64_t address = nvs->userspace_start + offset;
    int rc = write ? nvs->storage->ops->write(nvs->storage, nvs->buffer, address, active)
                   : nvs->storage->ops->read(nvs->storage, nvs->buffer, address, active);
    if (rc != 0)
        return tk_cmd_failure(rc);
    nvs->busy = true;
    nvs->current_process = p->id;
    return tk_cmd_success();
}

static struct tk_cmd_return nvs_command(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                        uint32_t arg0, uint32_t arg1)
{
    struct tk_nonvolatile_storage_driver *nvs = nvs_of(d);
    switch (command) {
    case NVS_CMD_EXISTS:
        return tk_cmd_success();
    case NVS_CMD_SIZE:
        return tk_cmd_success_u32(nvs->userspace_length);
    case NVS_CMD_READ:
        return transfer(nvs, p, false, arg0, arg1);
    case NVS_CMD_WRITE:
        return transfer(nvs, p, true, arg0, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* The process that started the finished operation, if it still exists. */
static struct tk_process *finish(struct tk_nonvolatile_storage_driver *nvs)
{
    nvs->busy = false;
    struct tk_process *p;
    return tk_grant_get_by_id(&nvs->driver, nvs->current_process, &p) != NULL ? p : NULL;
}

static void storage_read_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                              int rcode)
{
    struct tk_nonvolatile_storage_driver *nvs =
        tk_container_of(c, struct tk_nonvolatile_storage_driver, storage_client);
    (void)rcode; /* upstream's client gets no status */
    struct tk_process *p = finish(nvs);
    if (p == NULL)
        return;
    /* Re-read the allow: the app may have swapped it meanwhile. */
    struct tk_buffer app = tk_allow_rw_get(&nvs->driver, p, NVS_RW_READ);
    size_t n = tk_min_size(app.len, len);
    if (n != 0)
        memcpy(app.ptr, buf, n);
    tk_upcall_schedule(&nvs->driver, p, NVS_UPCALL_READ_DONE, (uint32_t)len, 0, 0);
}

static void storage_write_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                               int rcode)
{
    struct tk_nonvolatile_storage_driver *nvs =
        tk_container_of(c, struct tk_nonvolatile_storage_driver, storage_client);
    (void)buf;
    (void)rcode;
    struct tk_process *p = finish(nvs);
    if (p != NULL)
        tk_upcall_schedule(&nvs->driver, p, NVS_UPCALL_WRITE_DONE, (uint32_t)len, 0, 0);
}

static const struct tk_driver_ops nonvolatile_storage_ops = {
    .command = nvs_command,
    .has_grant = true,
    .grant_size = 0, /* no per-process data: the queue is never used (see above) */
    .upcall_count = NVS_UPCALL_COUNT,
    .allow_ro_count = NVS_RO_COUNT,
    .allow_rw_count = NVS_RW_COUNT,
};

void tk_nonvolatile_storage_driver_init(struct tk_nonvolatile_storage_driver *nvs,
                                        struct tk_nonvolatile_storage *storage,
                                        uint64_t userspace_start, uint32_t userspace_length)
{
    memset(nvs, 0, sizeof *nvs);
    nvs->driver.number = TK_DRIVER_NUM_NONVOLATILE_STORAGE;
    nvs->driver.ops = &nonvolatile_storage_ops;
    nvs->driver.state = nvs;
    nvs->storage = storage;
    nvs->userspace_start = userspace_start;
    nvs->userspace_length = userspace_length;
    nvs->storage_client.read_done = storage_read_done;
    nvs->storage_client.write_done = storage_write_done;
    storage->client = &nvs->storage_client;
}
