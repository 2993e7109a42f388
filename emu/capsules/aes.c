/* AES capsule: app buffers encrypted or decrypted, a chunk at a time.
 *
 * Mirrors tock/tock capsules/extra/src/symmetric_encryption/aes.rs
 * @65608d71 (AesDriver) with the buffers of boards/components/src/aes.rs
 * (a 32-byte source buffer, a 112-byte destination buffer).
 *
 * Syscall interface, driver 0x40006:
 *
 *   command | arg0, arg1   | result
 *   --------+--------------+-------------------------------------------------
 *   0       |              | S (exists)
 *   1       | alg, encrypt | choose 0 CTR, 1 CBC, 2 ECB, 3 CCM, 4 GCM, encrypt
 *           |              | if arg1 != 0: S; F(NOSUPPORT) other numbers
 *   2       |              | setup: key (RO 0), IV or nonce (RO 1), then the
 *           |              | first run over source (RO 2) into dest (RW 0)
 *   3       |              | crypt: run again over source, same key stream
 *   4       |              | finish: give the engine up (no upcall)
 *   5, 6, 7 | value        | CCM/GCM a_off, m_off, mic_len: S
 *   8       | value        | CCM confidential (value > 0): S
 *   other   |              | F(NOSUPPORT)
 *
 * Command 2 starts at once when the engine is free, the caller's, or its
 * owner is gone: S, or the start's error (INVAL with no algorithm chosen,
 * an engine error such as INVAL, BUSY, NOMEM) with the engine freed.
 * Otherwise it waits in the grant: S, F(NOMEM) if one waits already.
 * Commands 3 and 4 need the engine to be the caller's, else F(OFF); a failed
 * start of command 3 is reported by upcall, the command still S. Commands
 * 4..8 then start the first waiting request.
 * Subscribe 0: (0, bytes done, 0) when the whole source went through
 * CTR/CBC/ECB; (0, bytes copied, tag valid) after CCM/GCM;
 * (error, 0, 0) when a run or copy failed.
 * RO allow 0 key, 1 IV (CCM and GCM use its first 13 bytes), 2 source;
 * RW allow 0 destination.
 *
 * How data moves (CTR, CBC, ECB): 32 bytes of source at a time through the
 * source buffer; each result's 32 bytes land in dest at (bytes copied - 32)
 * if they fit whole, or up to dest's end if dest is shorter than 32.
 * CCM and GCM: the first 112 bytes of source go in one run through the
 * destination buffer, and all 112 come back (up to dest's end when dest is
 * shorter). The engine keeps its key stream between runs until finish.
 *
 * Upstream quirks kept: no command sets m_len, so CCM and GCM runs see an
 * empty message (the source only carries the authenticated data and the
 * tag); command 3 in CCM or GCM copies the source into the source buffer
 * but runs over the destination buffer's previous contents; keys and IVs go
 * to the engine as the whole 32-byte source buffer (the engine takes its
 * first 16 bytes); a start that fails from the queue leaves the engine the
 * failed process's until it calls finish.
 * Deviation: where upstream's length arithmetic wraps (a source re-allowed
 * shorter between runs, a CCM dest longer than what was copied) and a slice
 * index then panics the kernel, nothing is copied into dest.
 */
#include <stddef.h>
#include <string.h>

#include "aes.h"
#include "container_of.h"

enum aes_upcall { AES_UPCALL_DONE, AES_UPCALL_COUNT };
enum aes_allow_ro { AES_ALLOW_RO_KEY, AES_ALLOW_RO_IV, AES_ALLOW_RO_SOURCE, AES_ALLOW_RO_COUNT };
enum aes_allow_rw { AES_ALLOW_RW_DEST, AES_ALLOW_RW_COUNT };

/* AesOperation, numbered as command 1 takes them. */
enum aes_operation { AES_OP_CTR, AES_OP_CBC, AES_OP_ECB, AES_OP_CCM, AES_OP_GCM, AES_OP_COUNT };

struct aes_app {
    bool pending_run;   /* pending_run_app is Some */
    bool has_operation; /* aes_operation is Some */
    uint8_t operation;  /* enum aes_operation */
    bool encrypting;
    uint32_t a_off, m_off, m_len, mic_len;
    bool confidential;
};

static bool aes_op_is_block_mode(uint8_t op)
{
    return op == AES_OP_CTR || op == AES_OP_CBC || op == AES_OP_ECB;
}

/* Copy the start of `from` into `to` (capacity `cap`); the bytes copied. */
static size_t aes_copy_in(uint8_t *to, size_t cap, struct tk_buffer from)
{
    size_t n = tk_min_size(cap, from.len);
    if (n > 0)
        memcpy(to, from.ptr, n);
    return n;
}

/* Start the engine on what the buffers hold (calculate_output). On failure
 * the engine is disabled and free, and nothing is lent. */
static int aes_calculate_output(struct tk_aes_driver *d, struct aes_app *app)
{
    if (d->dest_lent)
        return TK_FAIL;
    const struct tk_aes_ops *ops = d->aes->ops;
    int rc;
    bool lends_source = false;
    if (aes_op_is_block_mode(app->operation)) {
        /* One block's range: the engine takes the whole source buffer. */
        lends_source = !d->source_lent;
        rc = ops->crypt(d->aes, lends_source ? d->source_buffer : NULL,
                        lends_source ? TK_AES_SOURCE_BUFFER_LEN : 0, d->dest_buffer,
                        TK_AES_DEST_BUFFER_LEN, 0, TK_AES_BLOCK_SIZE);
    } else if (app->operation == AES_OP_CCM) {
        rc = ops->ccm_crypt(d->aes, d->dest_buffer, TK_AES_DEST_BUFFER_LEN, app->a_off, app->m_off,
                            app->m_len, app->mic_len, app->confidential, app->encrypting);
    } else {
        rc = ops->gcm_crypt(d->aes, d->dest_buffer, TK_AES_DEST_BUFFER_LEN, app->a_off, app->m_off,
                            app->m_len, app->mic_len, app->encrypting);
    }
    if (rc != 0) {
        ops->disable(d->aes);
        d->has_process = false;
        return rc;
    }
    d->dest_lent = true;
    d->source_lent = d->source_lent || lends_source;
    return 0;
}

/* Key and IV (or nonce) to the engine, from the source buffer. */
static int aes_load_key_and_iv(struct tk_aes_driver *d, struct tk_process *p, uint8_t op)
{
    const struct tk_aes_ops *ops = d->aes->ops;
    uint8_t *buf = d->source_buffer;
    if (d->source_lent)
        return TK_NOMEM;
    (void)aes_copy_in(buf, TK_AES_SOURCE_BUFFER_LEN,
                      tk_allow_ro_get(&d->driver, p, AES_ALLOW_RO_KEY));
    int rc = op == AES_OP_CCM   ? ops->ccm_set_key(d->aes, buf, TK_AES_SOURCE_BUFFER_LEN)
             : op == AES_OP_GCM ? ops->gcm_set_key(d->aes, buf, TK_AES_SOURCE_BUFFER_LEN)
                                : ops->set_key(d->aes, buf, TK_AES_SOURCE_BUFFER_LEN);
    if (rc != 0)
        return rc;
    (void)aes_copy_in(buf, TK_AES_SOURCE_BUFFER_LEN,
                      tk_allow_ro_get(&d->driver, p, AES_ALLOW_RO_IV));
    return op == AES_OP_CCM   ? ops->ccm_set_nonce(d->aes, buf, TK_CCM_NONCE_LENGTH)
           : op == AES_OP_GCM ? ops->gcm_set_iv(d->aes, buf, TK_CCM_NONCE_LENGTH)
                              : ops->set_iv(d->aes, buf, TK_AES_SOURCE_BUFFER_LEN);
}

/* run(): mode, key and IV, the first source chunk, then the first run. */
static int aes_run(struct tk_aes_driver *d)
{
    if (!d->has_process)
        return TK_RESERVE;
    struct tk_process *p = tk_kernel_process_by_id(d->driver.kernel, d->process_id);
    if (p == NULL)
        return TK_INVAL; /* process::Error::NoSuchApp */
    int err = 0;
    struct aes_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return err;
    const struct tk_aes_ops *ops = d->aes->ops;
    ops->enable(d->aes);
    if (!app->has_operation)
        return TK_INVAL;
    int rc = 0;
    if (aes_op_is_block_mode(app->operation))
        rc = ops->set_mode(d->aes, (enum tk_aes_mode)app->operation, app->encrypting);
    if (rc == 0)
        rc = aes_load_key_and_iv(d, p, app->operation);
    if (rc != 0)
        return rc;
    struct tk_buffer source = tk_allow_ro_get(&d->driver, p, AES_ALLOW_RO_SOURCE);
    if (aes_op_is_block_mode(app->operation)) {
        d->data_copied = aes_copy_in(d->source_buffer, TK_AES_SOURCE_BUFFER_LEN, source);
    } else {
        if (d->dest_lent)
            return TK_NOMEM;
        d->data_copied = aes_copy_in(d->dest_buffer, TK_AES_DEST_BUFFER_LEN, source);
    }
    return aes_calculate_output(d, app);
}

static int aes_run_queued(void *d)
{
    return aes_run(d);
}

/* check_queue: with the engine free, start the first waiting request. */
static void aes_check_queue(struct tk_aes_driver *d)
{
    tk_owner_start_next(&d->driver, offsetof(struct aes_app, pending_run), &d->has_process,
                        &d->process_id, aes_run_queued, d);
}

/* Is the engine free for `p` (match_or_empty_or_nonexistant, `or_free`), or
 * `p`'s (app_match)? An owner that is gone counts as a match for both:
 * upstream's `active` flag, which would say otherwise, is never set. */
static bool aes_is_for(struct tk_aes_driver *d, struct tk_process *p, bool or_free)
{
    return tk_owner_is(&d->driver, d->has_process, d->process_id, p, or_free);
}

/* Command 2 with the engine free or the caller's: start now. */
static struct tk_cmd_return aes_setup_now(struct tk_aes_driver *d, struct tk_process *p)
{
    d->has_process = true;
    d->process_id = p->id;
    int rc = aes_run(d);
    if (rc == 0)
        return tk_cmd_success();
    d->aes->ops->disable(d->aes);
    d->has_process = false;
    aes_check_queue(d);
    return tk_cmd_failure(rc);
}

static struct tk_cmd_return aes_set_algorithm(struct aes_app *app, uint32_t alg, uint32_t encrypt)
{
    if (alg >= AES_OP_COUNT)
        return tk_cmd_failure(TK_NOSUPPORT);
    app->has_operation = true;
    app->operation = (uint8_t)alg;
    app->encrypting = encrypt != 0;
    return tk_cmd_success();
}

/* Command 2 while another process has the engine: wait. */
static struct tk_cmd_return aes_wait(struct aes_app *app)
{
    if (app->pending_run)
        return tk_cmd_failure(TK_NOMEM);
    app->pending_run = true;
    return tk_cmd_success();
}

/* Command 3: the next source through the running key stream. */
static struct tk_cmd_return aes_crypt(struct tk_aes_driver *d, struct tk_process *p,
                                      struct aes_app *app)
{
    if (!aes_is_for(d, p, false))
        return tk_cmd_failure(TK_OFF); /* not queued: setup comes first */
    int rc = TK_NOMEM;
    if (!d->source_lent) {
        d->data_copied = aes_copy_in(d->source_buffer, TK_AES_SOURCE_BUFFER_LEN,
                                     tk_allow_ro_get(&d->driver, p, AES_ALLOW_RO_SOURCE));
        rc = app->has_operation ? aes_calculate_output(d, app) : TK_FAIL;
    }
    if (rc != 0)
        (void)tk_upcall_schedule(&d->driver, p, AES_UPCALL_DONE, (uint32_t)rc, 0, 0);
    return tk_cmd_success();
}

/* Command 4: give the engine up; no upcall. */
static struct tk_cmd_return aes_finish(struct tk_aes_driver *d, struct tk_process *p)
{
    if (!aes_is_for(d, p, false))
        return tk_cmd_failure(TK_OFF);
    d->aes->ops->disable(d->aes);
    d->has_process = false;
    return tk_cmd_success();
}

/* The commands that enter the caller's grant. */
static struct tk_cmd_return aes_app_command(struct tk_aes_driver *d, struct tk_process *p,
                                            uint32_t command, uint32_t arg0, uint32_t arg1)
{
    int err = 0;
    struct aes_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return aes_set_algorithm(app, arg0, arg1);
    case 2:
        return aes_wait(app);
    case 3:
        return aes_crypt(d, p, app);
    case 4:
        return aes_finish(d, p);
    case 5:
        app->a_off = arg0;
        return tk_cmd_success();
    case 6:
        app->m_off = arg0;
        return tk_cmd_success();
    case 7:
        app->mic_len = arg0;
        return tk_cmd_success();
    case 8:
        app->confidential = arg0 > 0;
        return tk_cmd_success();
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static struct tk_cmd_return aes_command(struct tk_driver *drv, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_aes_driver *d = drv->state;
    if (command == 2 && aes_is_for(d, p, true))
        return aes_setup_now(d, p);
    struct tk_cmd_return ret = aes_app_command(d, p, command, arg0, arg1);
    /* Upstream looks at the queue after 4..8, whatever they returned. */
    if (command >= 4 && command <= 8)
        aes_check_queue(d);
    return ret;
}

/* Part of the destination buffer (`len` bytes) to the app's dest at
 * data_copied - `behind`, whole if it fits, or up to dest's end when dest
 * is shorter than `len`. */
static void aes_copy_out(struct tk_aes_driver *d, struct tk_process *p, size_t behind, size_t len)
{
    struct tk_buffer dest = tk_allow_rw_get(&d->driver, p, AES_ALLOW_RW_DEST);
    if (behind > d->data_copied)
        return; /* Deviation: wraps, then panics upstream */
    size_t offset = d->data_copied - behind;
    if (dest.len < len) {
        if (dest.len > offset) /* Deviation: offset > dest.len panics upstream */
            memcpy(dest.ptr + offset, d->dest_buffer, dest.len - offset);
    } else if (offset + len <= dest.len) {
        memcpy(dest.ptr + offset, d->dest_buffer, len);
    }
}

/* A CTR, CBC or ECB run is done: its output to the app, then the next
 * chunk of source or, with all of it done, the upcall. */
static void aes_block_done(struct tk_aes_client *c, uint8_t *source, uint8_t *dest)
{
    struct tk_aes_driver *d = tk_container_of(c, struct tk_aes_driver, client);
    (void)dest;
    d->source_lent = d->source_lent && source == NULL;
    d->dest_lent = false;
    if (!d->has_process)
        return;
    struct tk_process *p;
    struct aes_app *app = tk_grant_get_by_id(&d->driver, d->process_id, &p);
    if (app == NULL) {
        d->has_process = false; /* no such process any more */
        return;
    }
    struct tk_buffer source_buf = tk_allow_ro_get(&d->driver, p, AES_ALLOW_RO_SOURCE);
    size_t chunk = d->source_lent ? 0 : TK_AES_SOURCE_BUFFER_LEN;
    aes_copy_out(d, p, tk_min_size(chunk, source_buf.len), chunk);
    if (chunk > 0 && source_buf.len > d->data_copied) {
        (void)aes_copy_in(
            d->source_buffer, chunk,
            (struct tk_buffer){source_buf.ptr + d->data_copied, source_buf.len - d->data_copied});
        d->data_copied += chunk;
        if (app->has_operation && aes_calculate_output(d, app) != 0)
            aes_check_queue(d); /* the engine was disabled and freed */
        return;
    }
    (void)tk_upcall_schedule(&d->driver, p, AES_UPCALL_DONE, 0, (uint32_t)d->data_copied, 0);
    d->data_copied = 0;
}

/* A CCM or GCM run is done (both clients do the same): the whole
 * destination buffer to the app, then the upcall. */
static void aes_aead_done(struct tk_aes_driver *d, int result, bool tag_is_valid)
{
    d->dest_lent = false;
    if (!d->has_process)
        return;
    struct tk_process *p;
    if (tk_grant_get_by_id(&d->driver, d->process_id, &p) == NULL) {
        d->has_process = false;
        return;
    }
    if (result != 0) {
        (void)tk_upcall_schedule(&d->driver, p, AES_UPCALL_DONE, (uint32_t)result, 0, 0);
        return;
    }
    struct tk_buffer dest = tk_allow_rw_get(&d->driver, p, AES_ALLOW_RW_DEST);
    aes_copy_out(d, p, tk_min_size(TK_AES_DEST_BUFFER_LEN, dest.len), TK_AES_DEST_BUFFER_LEN);
    (void)tk_upcall_schedule(&d->driver, p, AES_UPCALL_DONE, 0, (uint32_t)d->data_copied,
                             tag_is_valid);
    d->data_copied = 0;
}

static void aes_ccm_done(struct tk_aes_aead_client *c, uint8_t *buf, int result, bool tag_is_valid)
{
    (void)buf;
    aes_aead_done(tk_container_of(c, struct tk_aes_driver, ccm_client), result, tag_is_valid);
}

static void aes_gcm_done(struct tk_aes_aead_client *c, uint8_t *buf, int result, bool tag_is_valid)
{
    (void)buf;
    aes_aead_done(tk_container_of(c, struct tk_aes_driver, gcm_client), result, tag_is_valid);
}

static const struct tk_driver_ops aes_ops = {
    .command = aes_command,
    .has_grant = true,
    .grant_size = sizeof(struct aes_app),
    .upcall_count = AES_UPCALL_COUNT,
    .allow_ro_count = AES_ALLOW_RO_COUNT,
    .allow_rw_count = AES_ALLOW_RW_COUNT,
};

void tk_aes_driver_init(struct tk_aes_driver *d, struct tk_aes *aes)
{
    *d = (struct tk_aes_driver){
        .driver = {.number = TK_DRIVER_NUM_AES, .ops = &aes_ops, .state = d},
        .client = {.crypt_done = aes_block_done},
        .ccm_client = {.crypt_done = aes_ccm_done},
        .gcm_client = {.crypt_done = aes_gcm_done},
        .aes = aes,
    };
    aes->client = &d->client;
    aes->ccm_client = &d->ccm_client;
    aes->gcm_client = &d->gcm_client;
}
