/* RNG capsule: fills an app's buffer with random bytes, then an upcall.
 *
 * Mirrors tock/tock capsules/core/src/rng.rs @65608d71 (RngDriver); spec
 * §8.11.
 *
 * Syscall interface, driver 0x40001:
 *
 *   command | arg0 | result
 *   --------+------+------------------------------------------------------
 *   0       | -    | S
 *   1       | n    | S: fill n bytes of RW allow 0; replaces the caller's
 *           |      | previous request; grant entry failure (NOMEM)
 *   other   |      | F(NOSUPPORT)
 *
 * Subscribe 0: (0, bytes_filled, 0), bytes_filled = min(n, buffer length);
 * 0 when the buffer was swapped for one shorter than what was already
 * filled. A request for 0 bytes never completes (no upcall), as in Tock.
 * RW allow 0: the destination. Bytes come from 32-bit words, least
 * significant byte first; the unused bytes of a request's last word are
 * dropped.
 *
 * Deviation: Tock puts Entropy32ToRandom between the driver and the
 * Entropy32 source; that adapter only renames calls, so the driver is the
 * source's client directly.
 */
#include "container_of.h"
#include "rng.h"

enum rng_upcall { RNG_UPCALL_DONE, RNG_UPCALL_COUNT };
enum rng_allow_rw { RNG_ALLOW_RW_BUFFER, RNG_ALLOW_RW_COUNT };

struct rng_app {
    uint32_t remaining; /* bytes still wanted; 0 = no request */
    uint32_t filled;    /* bytes written so far */
};

/* Command 1. */
static struct tk_cmd_return rng_request(struct tk_rng_driver *r, struct tk_process *p,
                                        uint32_t bytes)
{
    int err = 0;
    struct rng_app *app = tk_grant_enter(&r->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    app->remaining = bytes;
    app->filled = 0;
    if (!r->getting_randomness) {
        r->getting_randomness = true;
        /* As in Tock the result is ignored: the request stays pending. */
        (void)r->source->ops->get(r->source);
    }
    return tk_cmd_success();
}

static struct tk_cmd_return rng_command(struct tk_driver *d, struct tk_process *p, uint32_t command,
                                        uint32_t arg0, uint32_t arg1)
{
    struct tk_rng_driver *r = d->state;
    (void)arg1;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return rng_request(r, p, arg0);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* Copy words into `p`'s buffer until its request is met or `words` runs dry;
 * complete the request with the upcall when it is met. Returns false if the
 * process still wants bytes. */
static bool rng_fill(struct tk_rng_driver *r, struct tk_process *p, struct rng_app *app,
                     struct tk_entropy_iter *words)
{
    struct tk_buffer buf = tk_allow_rw_get(&r->driver, p, RNG_ALLOW_RW_BUFFER);
    size_t index = app->filled, remaining = app->remaining;

    if (buf.len < index) {
        /* The app swapped in a shorter buffer: end the request. */
        index = 0;
        remaining = 0;
    } else if (buf.len - index < remaining) {
        remaining = buf.len - index;
    }
    uint32_t word;
    while (remaining > 0 && words->next(words, &word)) {
        for (unsigned byte = 0; byte < 4 && remaining > 0; byte++, remaining--)
            buf.ptr[index++] = (uint8_t)(word >> (8 * byte));
    }
    app->filled = (uint32_t)index;
    app->remaining = (uint32_t)remaining;
    if (remaining > 0)
        return false;
    (void)tk_upcall_schedule(&r->driver, p, RNG_UPCALL_DONE, 0, app->filled, 0);
    return true;
}

/* Serve requests in process-slot order; stop at the first one that the batch
 * could not satisfy, since later ones would get nothing either. */
static enum tk_entropy_continue rng_entropy_available(struct tk_entropy32_client *client,
                                                      struct tk_entropy_iter *words, int error)
{
    struct tk_rng_driver *r = tk_container_of(client, struct tk_rng_driver, client);
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    (void)error; /* Tock's RngDriver ignores it too */

    while ((p = tk_grant_next(&r->driver, &slot, &data)) != NULL) {
        struct rng_app *app = data;
        if (app->remaining > 0 && !rng_fill(r, p, app, words))
            return TK_ENTROPY_MORE;
    }
    r->getting_randomness = false;
    return TK_ENTROPY_DONE;
}

static const struct tk_driver_ops rng_ops = {
    .command = rng_command,
    .has_grant = true,
    .grant_size = sizeof(struct rng_app),
    .upcall_count = RNG_UPCALL_COUNT,
    .allow_rw_count = RNG_ALLOW_RW_COUNT,
};

void tk_rng_driver_init(struct tk_rng_driver *r, struct tk_entropy32 *source)
{
    *r = (struct tk_rng_driver){
        .driver = {.number = TK_DRIVER_NUM_RNG, .ops = &rng_ops, .state = r},
        .client = {.entropy_available = rng_entropy_available},
        .source = source,
    };
    source->client = &r->client;
}
