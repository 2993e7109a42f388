/* App flash: a process writes into its own flash, e.g. to save app state.
 *
 * Mirrors tock/tock capsules/extra/src/app_flash_driver.rs @65608d71 (spec
 * §8.12, §10.39; libtock-c storage/app_state.c is the user).
 *
 *   driver 0x50000
 *   command 0          exists                               S
 *   command 1 (addr)   write RO allow 0 to absolute `addr`  S | F(INVAL) range
 *                      F(NOMEM) already one queued | F(FAIL/NOMEM) grant
 *                      | the storage's error (BUSY, INVAL)
 *   subscribe 0        write done: (0, 0, 0)
 *   allow RO 0         the bytes to write (min(len, 512) are written)
 *
 * Range (spec §10.39): flash_start + protected <= addr < flash_end and
 * addr + len < flash_end, so a write ending exactly at the end is refused.
 * One write runs at a time; while it runs, each process may queue one more,
 * which starts after the running one and only if its buffer is then exactly
 * 512 bytes long.
 *
 * Spec difference: §8.12 says F(RESERVE) without a buffer. Upstream copies
 * min(512, 0) = 0 bytes and writes them (enqueue_write: the unallowed slot
 * enters as an empty slice), so an empty write succeeds with upcall (0,0,0);
 * this file does the same (checked against @65608d71).
 * Deviation: upstream drops its only kernel buffer (and keeps the driver
 * marked busy forever) when a queued request is skipped for a non-512 buffer
 * or when the storage refuses a write; here the request is dropped without
 * an upcall (or the error returned) and the driver stays usable.
 */
#include <stddef.h>
#include <string.h>

#include "app_flash_driver.h"
#include "container_of.h"
#include "driver.h"
#include "hil/nonvolatile_storage.h"

enum { APP_FLASH_UPCALL_WRITE_DONE, APP_FLASH_UPCALL_COUNT };
enum { APP_FLASH_RO_BUFFER, APP_FLASH_RO_COUNT };
enum { APP_FLASH_CMD_EXISTS, APP_FLASH_CMD_WRITE };

struct app_flash_app {
    bool pending_command;
    uint32_t flash_address;
};

static struct tk_app_flash *app_flash_of(struct tk_driver *d)
{
    return tk_container_of(d, struct tk_app_flash, driver);
}

/* spec §10.39: `>=` against the end, also for the end of the write. */
static bool write_is_in_range(const struct tk_process *p, uint32_t flash_address, size_t len)
{
    uint64_t start = p->flash_start + p->flash_protected_size;
    uint64_t end = p->flash_start + p->flash_len;
    return flash_address >= start && flash_address < end && flash_address + len < end;
}

/* Copy the allowed bytes into the kernel buffer and start the write. */
static int start_write(struct tk_app_flash *af, struct tk_process *p, uint32_t flash_address,
                       struct tk_buffer app_buffer)
{
    size_t length = app_buffer.len < sizeof af->buffer ? app_buffer.len : sizeof af->buffer;
    if (length != 0)
        memcpy(af->buffer, app_buffer.ptr, length);
    af->busy = true;
    af->current_process = p->id;
    int rc = af->storage->ops->write(af->storage, af->buffer, flash_address, length);
    if (rc != 0)
        af->busy = false; /* Deviation: see the file comment */
    return rc;
}

static struct tk_cmd_return write_command(struct tk_app_flash *af, struct tk_process *p,
                                          uint32_t flash_address)
{
    int err = 0;
    struct app_flash_app *app = tk_grant_enter(&af->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);

    struct tk_buffer buf = tk_allow_ro_get(&af->driver, p, APP_FLASH_RO_BUFFER);
    if (!write_is_in_range(p, flash_address, buf.len))
        return tk_cmd_failure(TK_INVAL);

    if (!af->busy)
        return tk_cmd_from_status(start_write(af, p, flash_address, buf));
    if (app->pending_command)
        return tk_cmd_failure(TK_NOMEM);
    app->pending_command = true;
    app->flash_address = flash_address;
    return tk_cmd_success();
}

static struct tk_cmd_return app_flash_command(struct tk_driver *d, struct tk_process *p,
                                              uint32_t command, uint32_t arg0, uint32_t arg1)
{
    (void)arg1;
    switch (command) {
    case APP_FLASH_CMD_EXISTS:
        return tk_cmd_success();
    case APP_FLASH_CMD_WRITE:
        return write_command(app_flash_of(d), p, arg0);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* Start the first queued request, in slot order, whose buffer is exactly
 * 512 bytes (AppFlash::write_done). */
static void start_next_queued(struct tk_app_flash *af)
{
    unsigned slot = 0;
    void *data;
    struct tk_process *p;
    while ((p = tk_grant_next(&af->driver, &slot, &data)) != NULL) {
        struct app_flash_app *app = data;
        if (!app->pending_command)
            continue;
        app->pending_command = false;
        struct tk_buffer buf = tk_allow_ro_get(&af->driver, p, APP_FLASH_RO_BUFFER);
        if (buf.len != TK_APP_FLASH_BUFFER_LEN)
            continue; /* Deviation: dropped, see the file comment */
        /* Deviation: upstream checked the range only with the buffer allowed
         * when the command queued; the app may have allowed a longer one
         * since, which would carry the write into the next app's flash. */
        if (!write_is_in_range(p, app->flash_address, buf.len))
            continue;
        if (start_write(af, p, app->flash_address, buf) == 0)
            return;
    }
}

static void storage_write_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                               int rcode)
{
    struct tk_app_flash *af = tk_container_of(c, struct tk_app_flash, storage_client);
    (void)buf;
    (void)len;
    (void)rcode; /* upstream reports (0, 0, 0) whatever the device said */
    af->busy = false;
    struct tk_process *p = tk_kernel_process_by_id(af->driver.kernel, af->current_process);
    if (p != NULL)
        tk_upcall_schedule(&af->driver, p, APP_FLASH_UPCALL_WRITE_DONE, 0, 0, 0);
    start_next_queued(af);
}

static void storage_read_done(struct tk_nonvolatile_storage_client *c, uint8_t *buf, size_t len,
                              int rcode)
{
    (void)c;
    (void)buf;
    (void)len;
    (void)rcode; /* this capsule never reads */
}

static const struct tk_driver_ops app_flash_ops = {
    .command = app_flash_command,
    .has_grant = true,
    .grant_size = sizeof(struct app_flash_app),
    .upcall_count = APP_FLASH_UPCALL_COUNT,
    .allow_ro_count = APP_FLASH_RO_COUNT,
};

void tk_app_flash_init(struct tk_app_flash *af, struct tk_nonvolatile_storage *storage)
{
    memset(af, 0, sizeof *af);
    af->driver.number = TK_DRIVER_NUM_APP_FLASH;
    af->driver.ops = &app_flash_ops;
    af->driver.state = af;
    af->storage = storage;
    af->storage_client.read_done = storage_read_done;
    af->storage_client.write_done = storage_write_done;
    storage->client = &af->storage_client;
}
