/* HMAC capsule: keyed hashes of app data, run, updated or verified.
 *
 * Mirrors tock/tock capsules/extra/src/hmac.rs @65608d71 (HmacDriver,
 * DIGEST_LEN 32).
 *
 * Syscall interface, driver 0x40003:
 *
 *   command | arg0 | result
 *   --------+------+--------------------------------------------------------
 *   0       | alg  | choose 0 SHA-256, 1 SHA-384, 2 SHA-512, 3 SHA-224,
 *           |      | 4 SHA-1, 5 MD5: S; F(NOSUPPORT) other numbers
 *   1       |      | run: key (RO 0) over data (RO 1) into dest (RW 2)
 *   2       |      | update: add data (RO 1) under the key, upcall when in
 *   3       |      | finish: the digest of what was added so far
 *   4       |      | verify against compare (RO 2)
 *   5       |      | verify what was added so far against compare
 *   other   |      | F(NOSUPPORT)
 *
 * Commands 1, 2 and 4 start at once when the engine is free or already the
 * caller's (or its owner is gone): S, or the start's error (INVAL with no
 * algorithm chosen, NOSUPPORT for one the engine lacks, RESERVE). Otherwise
 * they wait in the grant: S, F(NOMEM) if one waits already. Commands 3 and 5
 * need the engine to be the caller's, else F(OFF).
 * Subscribe 0: (status, first byte of the digest, 0) after run and finish
 * (upstream passes digest[0] where a pointer was meant); (0, 0, 0) when an
 * update's data is in. RW allow 2 gets min(its length, 32) digest bytes.
 * Keys longer than 64 bytes are cut to 64. Data is fed 64 bytes at a time.
 *
 * Upstream quirks kept: the engine stays the caller's after an update and
 * each update sets the key again (the engine then adds another inner pad);
 * verify's result goes to subscribe 1, which the grant does not have (one
 * upcall), so it is dropped; a failed start leaves the engine the failed
 * process's.
 */
#include <stddef.h>

#include "container_of.h"
#include "hmac.h"

enum hmac_upcall { HMAC_UPCALL_DONE, HMAC_UPCALL_COUNT };
/* Not in the grant: where verify's result is sent (and lost). */
enum { HMAC_UPCALL_VERIFY = 1 };
enum hmac_allow_ro {
    HMAC_ALLOW_RO_KEY,
    HMAC_ALLOW_RO_DATA,
    HMAC_ALLOW_RO_COMPARE,
    HMAC_ALLOW_RO_COUNT
};
enum hmac_allow_rw { HMAC_ALLOW_RW_DEST = 2, HMAC_ALLOW_RW_COUNT };

enum hmac_op { HMAC_OP_NONE, HMAC_OP_RUN, HMAC_OP_UPDATE, HMAC_OP_VERIFY };

struct hmac_app {
    bool pending_run;   /* pending_run_app is Some */
    bool has_algorithm; /* sha_operation is Some */
    uint8_t algorithm;  /* enum tk_hmac_alg */
    uint8_t op;         /* enum hmac_op */
};

static const uint8_t hmac_op_of_command[] = {
    [1] = HMAC_OP_RUN, [2] = HMAC_OP_UPDATE, [4] = HMAC_OP_VERIFY};

/* The process the engine works for, with its grant, or NULL. */
static struct hmac_app *hmac_owner(struct tk_hmac_driver *d, struct tk_process **p)
{
    return d->has_process ? tk_grant_get_by_id(&d->driver, d->process_id, p) : NULL;
}

/* run(): set the key, then lend the first chunk of data. */
static int hmac_start(struct tk_hmac_driver *d)
{
    struct tk_process *p;
    if (!d->has_process)
        return TK_RESERVE;
    struct hmac_app *app = hmac_owner(d, &p);
    if (app == NULL)
        return TK_FAIL;
    if (!app->has_algorithm)
        return TK_INVAL;
    struct tk_buffer key = tk_allow_ro_get(&d->driver, p, HMAC_ALLOW_RO_KEY);
    int rc = d->hmac->ops->set_mode_hmac(d->hmac, app->algorithm, key.ptr,
                                         tk_min_size(key.len, TK_HMAC_KEY_MAX));
    if (rc != 0)
        return rc;
    if (d->data_lent)
        return TK_RESERVE;
    struct tk_buffer data = tk_allow_ro_get(&d->driver, p, HMAC_ALLOW_RO_DATA);
    size_t n = tk_min_size(data.len, TK_HMAC_DATA_BUFFER_LEN);
    for (size_t i = 0; i < n; i++)
        d->data_buffer[i] = data.ptr[i];
    d->data_copied = n;
    rc = d->hmac->ops->add_data(d->hmac, d->data_buffer, n);
    if (rc == 0)
        d->data_lent = true;
    return rc;
}

/* calculate_digest / verify_digest: lend the dest buffer to the engine. */
static int hmac_finish(struct tk_hmac_driver *d, bool verify)
{
    d->data_copied = 0;
    if (d->dest_lent)
        return TK_RESERVE;
    int rc = verify ? d->hmac->ops->verify(d->hmac, d->dest_buffer)
                    : d->hmac->ops->run(d->hmac, d->dest_buffer);
    if (rc != 0) {
        d->hmac->ops->clear_data(d->hmac);
        d->has_process = false;
        return rc;
    }
    d->dest_lent = true;
    return 0;
}

/* The compare buffer (RO 2) into the dest buffer, for a verify. */
static void hmac_load_compare(struct tk_hmac_driver *d, struct tk_process *p)
{
    struct tk_buffer compare = tk_allow_ro_get(&d->driver, p, HMAC_ALLOW_RO_COMPARE);
    size_t n = tk_min_size(compare.len, TK_DIGEST_ENGINE_LEN);
    if (!d->dest_lent)
        for (size_t i = 0; i < n; i++)
            d->dest_buffer[i] = compare.ptr[i];
    d->data_copied = n;
}

static int hmac_start_queued(void *d)
{
    return hmac_start(d);
}

/* check_queue: with the engine free, start the first waiting request. */
static void hmac_check_queue(struct tk_hmac_driver *d)
{
    tk_owner_start_next(&d->driver, offsetof(struct hmac_app, pending_run), &d->has_process,
                        &d->process_id, hmac_start_queued, d);
}

/* Is the engine free for `p` (match_or_empty_or_nonexistant), or `p`'s
 * (app_match)? */
static bool hmac_is_for(struct tk_hmac_driver *d, struct tk_process *p, bool or_free)
{
    return tk_owner_is(&d->driver, d->has_process, d->process_id, p, or_free);
}

/* Commands 1, 2, 4 with the engine free or the caller's: start now. */
static struct tk_cmd_return hmac_start_now(struct tk_hmac_driver *d, struct tk_process *p,
                                           uint8_t op)
{
    int err = 0;
    d->has_process = true;
    d->process_id = p->id;
    struct hmac_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app != NULL)
        app->op = op;
    int rc = hmac_start(d);
    if (rc == 0)
        return tk_cmd_success();
    d->hmac->ops->clear_data(d->hmac);
    d->has_process = false;
    hmac_check_queue(d);
    return tk_cmd_failure(rc);
}

static struct tk_cmd_return hmac_choose(struct hmac_app *app, uint32_t alg)
{
    if (alg >= TK_HMAC_ALGS)
        return tk_cmd_failure(TK_NOSUPPORT);
    app->has_algorithm = true;
    app->algorithm = (uint8_t)alg;
    return tk_cmd_success();
}

/* Commands 1, 2, 4 while another process has the engine: wait. */
static struct tk_cmd_return hmac_wait(struct tk_process *p, struct hmac_app *app, uint8_t op)
{
    (void)p;
    if (app->pending_run)
        return tk_cmd_failure(TK_NOMEM);
    app->pending_run = true;
    app->op = op;
    return tk_cmd_success();
}

/* Commands 3 and 5: finish or verify what the caller's updates added. */
static struct tk_cmd_return hmac_complete(struct tk_hmac_driver *d, struct tk_process *p,
                                          bool verify)
{
    if (!hmac_is_for(d, p, false))
        return tk_cmd_failure(TK_OFF);
    if (verify)
        hmac_load_compare(d, p);
    int rc = hmac_finish(d, verify);
    if (rc != 0)
        (void)tk_upcall_schedule(&d->driver, p, verify ? HMAC_UPCALL_VERIFY : HMAC_UPCALL_DONE,
                                 (uint32_t)rc, 0, 0);
    return tk_cmd_success();
}

static struct tk_cmd_return hmac_command(struct tk_driver *drv, struct tk_process *p,
                                         uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_hmac_driver *d = drv->state;
    (void)arg1;
    bool starts = command == 1 || command == 2 || command == 4;
    if (starts && hmac_is_for(d, p, true))
        return hmac_start_now(d, p, hmac_op_of_command[command]);
    int err = 0;
    struct hmac_app *app = tk_grant_enter(drv, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    switch (command) {
    case 0:
        return hmac_choose(app, arg0);
    case 1:
    case 2:
    case 4:
        return hmac_wait(p, app, hmac_op_of_command[command]);
    case 3:
        return hmac_complete(d, p, false);
    case 5:
        return hmac_complete(d, p, true);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* All data of the request is in: run, verify, or report the update. */
static void hmac_data_all_in(struct tk_hmac_driver *d, struct tk_process *p, struct hmac_app *app)
{
    if (app->op == HMAC_OP_RUN) {
        int rc = hmac_finish(d, false);
        if (rc != 0)
            (void)tk_upcall_schedule(&d->driver, p, HMAC_UPCALL_DONE, (uint32_t)rc, 0, 0);
    } else if (app->op == HMAC_OP_VERIFY) {
        hmac_load_compare(d, p);
        int rc = hmac_finish(d, true);
        if (rc != 0)
            (void)tk_upcall_schedule(&d->driver, p, HMAC_UPCALL_VERIFY, (uint32_t)rc, 0, 0);
    } else {
        (void)tk_upcall_schedule(&d->driver, p, HMAC_UPCALL_DONE, 0, 0, 0);
    }
}

/* A chunk is in: lend the next one (the data's length is re-read), or go on
 * with the whole request's data in. */
static void hmac_add_data_done(struct tk_digest_engine_client *c, int error, uint8_t *data,
                               size_t len)
{
    struct tk_hmac_driver *d = tk_container_of(c, struct tk_hmac_driver, client);
    (void)error, (void)data, (void)len; /* as upstream: the result is not looked at */
    d->data_lent = false;
    struct tk_process *p;
    struct hmac_app *app = hmac_owner(d, &p);
    if (app == NULL) {
        d->has_process = false; /* no such process any more */
    } else {
        struct tk_buffer buf = tk_allow_ro_get(&d->driver, p, HMAC_ALLOW_RO_DATA);
        if (buf.len > d->data_copied) {
            size_t n = tk_min_size(buf.len - d->data_copied, TK_HMAC_DATA_BUFFER_LEN);
            for (size_t i = 0; i < n; i++)
                d->data_buffer[i] = buf.ptr[d->data_copied + i];
            d->data_copied += TK_HMAC_DATA_BUFFER_LEN;
            if (d->hmac->ops->add_data(d->hmac, d->data_buffer, n) == 0) {
                d->data_lent = true;
            } else {
                d->hmac->ops->clear_data(d->hmac);
                d->has_process = false;
            }
        } else {
            hmac_data_all_in(d, p, app);
        }
    }
    /* Upstream looks at the queue after every chunk; while the engine is
     * someone's this does nothing. */
    hmac_check_queue(d);
}

/* The digest: min(length, 32) bytes into RW allow 2, then the upcall. */
static void hmac_hash_done(struct tk_digest_engine_client *c, int error, uint8_t *digest)
{
    struct tk_hmac_driver *d = tk_container_of(c, struct tk_hmac_driver, client);
    struct tk_process *p;
    struct hmac_app *app = hmac_owner(d, &p);
    if (app != NULL) {
        d->hmac->ops->clear_data(d->hmac);
        struct tk_buffer dest = tk_allow_rw_get(&d->driver, p, HMAC_ALLOW_RW_DEST);
        size_t n = tk_min_size(dest.len, TK_DIGEST_ENGINE_LEN);
        for (size_t i = 0; i < n; i++)
            dest.ptr[i] = digest[i];
        (void)tk_upcall_schedule(&d->driver, p, HMAC_UPCALL_DONE, (uint32_t)error, digest[0], 0);
    }
    d->has_process = false;
    hmac_check_queue(d);
    d->dest_lent = false;
}

static void hmac_verification_done(struct tk_digest_engine_client *c, int error, bool equal,
                                   uint8_t *compare)
{
    struct tk_hmac_driver *d = tk_container_of(c, struct tk_hmac_driver, client);
    (void)compare;
    struct tk_process *p;
    if (hmac_owner(d, &p) != NULL) {
        d->hmac->ops->clear_data(d->hmac);
        (void)tk_upcall_schedule(&d->driver, p, HMAC_UPCALL_VERIFY, (uint32_t)error,
                                 error == 0 ? equal : 0, 0);
    }
    d->has_process = false;
    hmac_check_queue(d);
    d->dest_lent = false;
}

static const struct tk_driver_ops hmac_ops = {
    .command = hmac_command,
    .has_grant = true,
    .grant_size = sizeof(struct hmac_app),
    .upcall_count = HMAC_UPCALL_COUNT,
    .allow_ro_count = HMAC_ALLOW_RO_COUNT,
    .allow_rw_count = HMAC_ALLOW_RW_COUNT,
};

void tk_hmac_driver_init(struct tk_hmac_driver *d, struct tk_digest_engine *hmac)
{
    *d = (struct tk_hmac_driver){
        .driver = {.number = TK_DRIVER_NUM_HMAC, .ops = &hmac_ops, .state = d},
        .client = {.add_data_done = hmac_add_data_done,
                   .hash_done = hmac_hash_done,
                   .verification_done = hmac_verification_done},
        .hmac = hmac,
    };
    hmac->client = &d->client;
}
