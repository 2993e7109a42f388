/* CRC capsule: computes a CRC over an app's read-only buffer, one request at
 * a time, through a 256-byte kernel buffer.
 *
 * Mirrors tock/tock capsules/extra/src/crc.rs @65608d71 (CrcDriver).
 *
 * Syscall interface, driver 0x40002:
 *
 *   command | arg0      | arg1   | result
 *   --------+-----------+--------+---------------------------------------
 *   0       |           |        | S
 *   1       | algorithm | length | CRC of the first `length` bytes of RO
 *           |           |        | allow 0: S; F(INVAL) algorithm not 0..2;
 *           |           |        | F(BUSY) the caller's request pending;
 *           |           |        | F(SIZE) length > buffer; F(FAIL) below
 *   other   |           |        | F(NOSUPPORT)
 *
 * Algorithms: 0 CRC-32, 1 CRC-32C, 2 CRC-16-CCITT (hil/crc.h).
 * Subscribe 0: (0, crc, algorithm) when done, or (status, 0, 0) on error:
 * SIZE for an empty request (length 0 or buffer gone), NOMEM if the buffer
 * shrank under a running request.
 * RO allow 0: the data. The length is re-read between chunks: a shorter
 * buffer cuts the request short.
 *
 * Requests wait in their grants while another runs and start in process
 * slot order (next_request). Upstream quirk kept: when the caller's new
 * request cannot start (length 0), next_request upcalls SIZE and, finding
 * nothing else to start, the command itself answers F(FAIL): a failed
 * command that also scheduled an upcall.
 */
#include "container_of.h"
#include "crc.h"

enum crc_upcall { CRC_UPCALL_DONE, CRC_UPCALL_COUNT };
enum crc_allow_ro { CRC_ALLOW_RO_BUFFER, CRC_ALLOW_RO_COUNT };

struct crc_app {
    bool has_request;
    uint8_t algorithm; /* enum tk_crc_algorithm */
    uint32_t length;
};

/* do_next_input: copy up to a kernel buffer of `data` and lend it to the
 * engine; the bytes taken, 0 if none were. */
static size_t crc_feed(struct tk_crc_driver *d, const uint8_t *data, size_t len)
{
    size_t n = tk_min_size(len, TK_CRC_BUFFER_LEN);
    if (d->buffer_lent || n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        d->buffer[i] = data[i];
    if (d->crc->ops->input(d->crc, d->buffer, n) != 0)
        return 0;
    d->buffer_lent = true;
    return n;
}

/* Try to start `app`'s request (the per-process body of next_request). */
static int crc_try_start(struct tk_crc_driver *d, struct tk_process *p, struct crc_app *app)
{
    if (!app->has_request)
        return TK_FAIL;
    struct tk_buffer buf = tk_allow_ro_get(&d->driver, p, CRC_ALLOW_RO_BUFFER);
    size_t len = tk_min_size(app->length, buf.len);
    if (len == 0)
        return TK_SIZE;
    if (d->crc->ops->set_algorithm(d->crc, app->algorithm) != 0)
        return TK_INVAL;
    size_t fed = crc_feed(d, buf.ptr, len);
    if (fed == 0)
        return TK_FAIL;
    d->app_buffer_written = fed;
    d->has_current = true;
    d->current_id = p->id;
    return 0;
}

/* next_request: start the first request that can start, in slot order;
 * each that cannot gets its error as an upcall and is dropped. 0 if one
 * started, else TK_FAIL. */
static int crc_next_request(struct tk_crc_driver *d)
{
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    d->app_buffer_written = 0;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct crc_app *app = data;
        int rc = crc_try_start(d, p, app);
        if (rc == 0)
            return 0;
        if (app->has_request) {
            app->has_request = false;
            (void)tk_upcall_schedule(&d->driver, p, CRC_UPCALL_DONE, (uint32_t)rc, 0, 0);
        }
    }
    return TK_FAIL;
}

/* Command 1. */
static struct tk_cmd_return crc_request(struct tk_crc_driver *d, struct tk_process *p,
                                        uint32_t algorithm, uint32_t length)
{
    if (algorithm >= TK_CRC_ALGORITHMS)
        return tk_cmd_failure(TK_INVAL);
    int err = 0;
    struct crc_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (app->has_request)
        return tk_cmd_failure(TK_BUSY);
    if (length > tk_allow_ro_get(&d->driver, p, CRC_ALLOW_RO_BUFFER).len)
        return tk_cmd_failure(TK_SIZE);
    *app = (struct crc_app){.has_request = true, .algorithm = (uint8_t)algorithm, .length = length};
    if (d->has_current)
        return tk_cmd_success(); /* it starts when its turn comes */
    return tk_cmd_from_status(crc_next_request(d));
}

static struct tk_cmd_return crc_command(struct tk_driver *drv, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_crc_driver *d = drv->state;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return crc_request(d, p, arg0, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* End the current request with `status` (its upcall). */
static void crc_fail_current(struct tk_crc_driver *d, int status)
{
    struct tk_process *p;
    struct crc_app *app = tk_grant_get_by_id(&d->driver, d->current_id, &p);
    if (app == NULL)
        return;
    app->has_request = false;
    (void)tk_upcall_schedule(&d->driver, p, CRC_UPCALL_DONE, (uint32_t)status, 0, 0);
}

/* The whole chunk was taken: feed the next one, or compute. True if the
 * engine computes now. */
static bool crc_continue(struct tk_crc_driver *d)
{
    struct tk_process *p;
    struct crc_app *app = tk_grant_get_by_id(&d->driver, d->current_id, &p);
    if (app == NULL)
        return false;
    if (!app->has_request) {
        crc_fail_current(d, TK_FAIL);
        return false;
    }
    /* The buffer may have shrunk: never wrap around. */
    struct tk_buffer buf = tk_allow_ro_get(&d->driver, p, CRC_ALLOW_RO_BUFFER);
    size_t size = tk_min_size(buf.len, app->length);
    size_t remaining = size - tk_min_size(d->app_buffer_written, size);
    if (remaining == 0) {
        if (d->crc->ops->compute(d->crc) == 0)
            return true;
        crc_fail_current(d, TK_FAIL);
        return false;
    }
    size_t fed = crc_feed(d, buf.ptr + d->app_buffer_written, remaining);
    if (fed == 0)
        crc_fail_current(d, TK_NOMEM);
    d->app_buffer_written += fed;
    return false;
}

/* input_done: continue the request, or on an error end it; with the kernel
 * buffer back and nothing computing, start the next request. */
static void crc_input_done(struct tk_crc_client *c, int error, uint8_t *data, size_t left)
{
    struct tk_crc_driver *d = tk_container_of(c, struct tk_crc_driver, client);
    bool computing = false;
    d->buffer_lent = false;
    if (error != 0) {
        if (d->has_current)
            crc_fail_current(d, error);
    } else if (left > 0) {
        /* The engine took part of the chunk: lend it the rest. */
        if (d->crc->ops->input(d->crc, data, left) == 0)
            d->buffer_lent = true;
        else if (d->has_current)
            crc_fail_current(d, TK_FAIL);
    } else if (d->has_current) {
        computing = crc_continue(d);
    }
    if (!d->buffer_lent && !computing)
        (void)crc_next_request(d);
}

static void crc_crc_done(struct tk_crc_client *c, int error, enum tk_crc_algorithm algorithm,
                         uint32_t value)
{
    struct tk_crc_driver *d = tk_container_of(c, struct tk_crc_driver, client);
    if (d->has_current) {
        d->has_current = false;
        struct tk_process *p;
        struct crc_app *app = tk_grant_get_by_id(&d->driver, d->current_id, &p);
        if (app != NULL) {
            app->has_request = false;
            if (error == 0)
                (void)tk_upcall_schedule(&d->driver, p, CRC_UPCALL_DONE, 0, value,
                                         (uint32_t)algorithm);
            else
                (void)tk_upcall_schedule(&d->driver, p, CRC_UPCALL_DONE, (uint32_t)error, 0, 0);
        }
    }
    (void)crc_next_request(d);
}

static const struct tk_driver_ops crc_ops = {
    .command = crc_command,
    .has_grant = true,
    .grant_size = sizeof(struct crc_app),
    .upcall_count = CRC_UPCALL_COUNT,
    .allow_ro_count = CRC_ALLOW_RO_COUNT,
};

void tk_crc_driver_init(struct tk_crc_driver *d, struct tk_crc *crc)
{
    *d = (struct tk_crc_driver){
        .driver = {.number = TK_DRIVER_NUM_CRC, .ops = &crc_ops, .state = d},
        .client = {.input_done = crc_input_done, .crc_done = crc_crc_done},
        .crc = crc,
    };
    crc->client = &d->client;
}
