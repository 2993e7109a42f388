/* SHA capsule: hashes an app's read-only buffer into its read-write one.
 *
 * Mirrors tock/tock capsules/extra/src/sha256_driver.rs @65608d71
 * (ShaDriver, DIGEST_LEN 32).
 *
 * Syscall interface, driver 0x40005:
 *
 *   command | arg0      | result
 *   --------+-----------+------------------------------------------------
 *   0       |           | S
 *   1       | algorithm | S for 0 (SHA-256); F(NOSUPPORT) otherwise
 *   2       |           | hash RO allow 0 into RW allow 0: S, or the
 *           |           | engine's error (the request is then dropped)
 *   other   |           | F(NOSUPPORT)
 *
 * Subscribe 0: (status, 0, 0) when the hash is done; status NOMEM when RW
 * allow 0 is not exactly 32 bytes (nothing is written then).
 * RO allow 0: the data, fed to the engine 64 bytes at a time, its length
 * re-read before each chunk. RW allow 0: the digest.
 *
 * One hash at a time; other processes' requests wait in their grants and
 * start in slot order when the engine is free.
 *
 * Upstream quirk kept: command 2 while the caller's own hash is pending
 * computes the grant's NOMEM but discards it (its match takes any Ok of the
 * grant entry), so it answers S and nothing more happens.
 * Deviation: a data buffer swapped for one shorter than what was already
 * fed ends the data there; upstream subtracts without a check and the
 * kernel would panic.
 */
#include "container_of.h"
#include "sha256_driver.h"

enum sha_upcall { SHA_UPCALL_HASH, SHA_UPCALL_COUNT };
enum sha_allow_ro { SHA_ALLOW_RO_DATA, SHA_ALLOW_RO_COUNT };
enum sha_allow_rw { SHA_ALLOW_RW_DEST, SHA_ALLOW_RW_COUNT };

struct sha_app {
    bool hashing;       /* operation is Some(Hash) */
    size_t data_offset; /* bytes of the RO buffer fed so far */
};

/* Lend the next chunk of `p`'s data from `app->data_offset`: 1 if lent, 0
 * if nothing was left, or a negated ErrorCode from the engine. */
static int sha_feed(struct tk_sha_driver *d, struct tk_process *p, struct sha_app *app, bool first)
{
    struct tk_buffer data = tk_allow_ro_get(&d->driver, p, SHA_ALLOW_RO_DATA);
    size_t start = first ? 0 : tk_min_size(app->data_offset, data.len);
    size_t n = tk_min_size(data.len - start, TK_SHA_DATA_BUFFER_LEN);
    if (!first && n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        d->data_buffer[i] = data.ptr[start + i];
    app->data_offset = start + n;
    int rc = d->sha->ops->add_data(d->sha, d->data_buffer, n);
    if (rc != 0)
        return -rc;
    d->data_lent = true;
    return 1;
}

/* run: start hashing for `p`: 0 or an ErrorCode. */
static int sha_run(struct tk_sha_driver *d, struct tk_process *p, struct sha_app *app)
{
    d->has_process = true;
    d->process_id = p->id;
    int rc = d->sha->ops->set_mode_sha256(d->sha);
    if (rc != 0)
        return rc;
    if (d->data_lent)
        return TK_FAIL;
    rc = sha_feed(d, p, app, true);
    return rc < 0 ? -rc : 0;
}

/* check_queue: with the engine free, start the first process that waits. */
static int sha_check_queue(struct tk_sha_driver *d)
{
    if (d->has_process)
        return 0;
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct sha_app *app = data;
        if (app->hashing)
            return sha_run(d, p, app);
    }
    return 0;
}

/* check_queue_async: as check_queue; a start that fails is reported to the
 * process it was for, whose request is dropped. */
static void sha_check_queue_async(struct tk_sha_driver *d)
{
    int rc = sha_check_queue(d);
    if (rc == 0 || !d->has_process)
        return;
    d->has_process = false;
    struct tk_process *p;
    struct sha_app *app = tk_grant_get_by_id(&d->driver, d->process_id, &p);
    if (app != NULL) {
        app->hashing = false;
        (void)tk_upcall_schedule(&d->driver, p, SHA_UPCALL_HASH, (uint32_t)rc, 0, 0);
    }
}

/* Command 2. */
static struct tk_cmd_return sha_hash(struct tk_sha_driver *d, struct tk_process *p)
{
    int err = 0;
    struct sha_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    app->hashing = true; /* already so when pending: the NOMEM is dropped */
    int rc = sha_check_queue(d);
    if (rc != 0)
        app->hashing = false;
    return tk_cmd_from_status(rc);
}

static struct tk_cmd_return sha_command(struct tk_driver *drv, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_sha_driver *d = drv->state;
    int err = 0;
    (void)arg1;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        if (tk_grant_enter(drv, p, &err) == NULL)
            return tk_cmd_failure(err);
        return arg0 == 0 ? tk_cmd_success() : tk_cmd_failure(TK_NOSUPPORT);
    case 2:
        return sha_hash(d, p);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* The end of a request that failed in the engine: forget it, tell `p`. */
static void sha_abandon(struct tk_sha_driver *d, struct tk_process *p, int rc)
{
    d->sha->ops->clear_data(d->sha);
    d->has_process = false;
    (void)tk_upcall_schedule(&d->driver, p, SHA_UPCALL_HASH, (uint32_t)rc, 0, 0);
}

/* A chunk went in: feed the next, or with all fed, run the hash. */
static void sha_add_data_done(struct tk_digest_engine_client *c, int error, uint8_t *data,
                              size_t len)
{
    struct tk_sha_driver *d = tk_container_of(c, struct tk_sha_driver, client);
    (void)error, (void)data, (void)len; /* as upstream: the result is not looked at */
    d->data_lent = false;
    struct tk_process *p;
    struct sha_app *app = d->has_process ? tk_grant_get_by_id(&d->driver, d->process_id, &p) : NULL;
    if (app == NULL) {
        if (d->has_process) { /* the process is gone */
            d->sha->ops->clear_data(d->sha);
            d->has_process = false;
        }
    } else {
        int fed = sha_feed(d, p, app, false);
        if (fed < 0) {
            sha_abandon(d, p, -fed);
        } else if (fed == 0 && app->hashing) {
            int rc = d->sha->ops->run(d->sha, d->dest_buffer);
            if (rc == 0)
                d->dest_lent = true;
            else
                sha_abandon(d, p, rc);
        }
    }
    sha_check_queue_async(d);
}

/* The digest: into RW allow 0 if it is exactly 32 bytes, then the upcall. */
static void sha_hash_done(struct tk_digest_engine_client *c, int error, uint8_t *digest)
{
    struct tk_sha_driver *d = tk_container_of(c, struct tk_sha_driver, client);
    d->sha->ops->clear_data(d->sha);
    d->dest_lent = false;
    struct tk_process *p;
    struct sha_app *app = d->has_process ? tk_grant_get_by_id(&d->driver, d->process_id, &p) : NULL;
    if (app != NULL) {
        app->hashing = false;
        int status = error;
        if (status == 0) {
            struct tk_buffer dest = tk_allow_rw_get(&d->driver, p, SHA_ALLOW_RW_DEST);
            if (dest.len == TK_DIGEST_ENGINE_LEN)
                for (size_t i = 0; i < dest.len; i++)
                    dest.ptr[i] = digest[i];
            else
                status = TK_NOMEM;
        }
        (void)tk_upcall_schedule(&d->driver, p, SHA_UPCALL_HASH, (uint32_t)status, 0, 0);
    }
    d->has_process = false;
    sha_check_queue_async(d);
}

static void sha_verification_done(struct tk_digest_engine_client *c, int error, bool equal,
                                  uint8_t *compare)
{
    (void)c, (void)error, (void)equal, (void)compare; /* the SHA driver never verifies */
}

static const struct tk_driver_ops sha_ops = {
    .command = sha_command,
    .has_grant = true,
    .grant_size = sizeof(struct sha_app),
    .upcall_count = SHA_UPCALL_COUNT,
    .allow_ro_count = SHA_ALLOW_RO_COUNT,
    .allow_rw_count = SHA_ALLOW_RW_COUNT,
};

void tk_sha_driver_init(struct tk_sha_driver *d, struct tk_digest_engine *sha)
{
    *d = (struct tk_sha_driver){
        .driver = {.number = TK_DRIVER_NUM_SHA, .ops = &sha_ops, .state = d},
        .client = {.add_data_done = sha_add_data_done,
                   .hash_done = sha_hash_done,
                   .verification_done = sha_verification_done},
        .sha = sha,
    };
    sha->client = &d->client;
}
