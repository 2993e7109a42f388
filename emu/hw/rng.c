/* RNG model: deterministic Entropy32 words from a seeded GRand.
 *
 * Owns the generator, its seed and the --seed option. Plays a TRNG as
 * tock/tock chips do behind kernel/src/hil/entropy.rs @65608d71: get()
 * starts collection, and each deferred call offers the client a batch of up
 * to EMU_RNG_BATCH_WORDS words until the client answers DONE. Words are
 * drawn only when the client pulls them, so the bytes an app sees depend on
 * the seed and the requests alone, never on batch boundaries.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "container_of.h"
#include "emu_rng.h"

/* One delivery's iterator. */
struct rng_batch {
    struct tk_entropy_iter iter;
    struct emu_rng *rng;
    unsigned left;
};

static bool rng_batch_next(struct tk_entropy_iter *it, uint32_t *word)
{
    struct rng_batch *batch = tk_container_of(it, struct rng_batch, iter);
    if (batch->left == 0)
        return false;
    batch->left--;
    batch->rng->words_delivered++;
    *word = g_rand_int(batch->rng->rand);
    return true;
}

static void rng_deliver(struct tk_deferred_call *dc)
{
    struct emu_rng *r = dc->owner;
    struct tk_entropy32_client *client = r->entropy.client;
    if (!r->collecting || client == NULL)
        return; /* cancelled since get() */

    struct rng_batch batch = {{rng_batch_next}, r, EMU_RNG_BATCH_WORDS};
    if (client->entropy_available(client, &batch.iter, 0) == TK_ENTROPY_MORE)
        tk_deferred_call_schedule(r->kernel, &r->deferred);
    else
        r->collecting = false;
}

static int rng_get(struct tk_entropy32 *e)
{
    struct emu_rng *r = e->state;
    if (r->words_delivered == 0 && !r->collecting && r->on_first_use != NULL)
        r->on_first_use(r, r->on_first_use_ctx);
    if (!r->collecting) {
        r->collecting = true;
        tk_deferred_call_schedule(r->kernel, &r->deferred);
    }
    return 0;
}

/* The pending deferred call sees `collecting` false and delivers nothing. */
static int rng_cancel(struct tk_entropy32 *e)
{
    struct emu_rng *r = e->state;
    r->collecting = false;
    return 0;
}

static const struct tk_entropy32_ops rng_entropy_ops = {
    .get = rng_get,
    .cancel = rng_cancel,
};

void emu_rng_init(struct emu_rng *r, struct tk_kernel *k, const struct emu_rng_options *o)
{
    uint64_t seed;
    if (o != NULL && o->seed_given)
        seed = o->seed;
    else
        seed = (uint64_t)g_random_int() << 32 | g_random_int();
    guint32 words[2] = {(guint32)seed, (guint32)(seed >> 32)};

    *r = (struct emu_rng){
        .entropy = {.ops = &rng_entropy_ops, .state = r},
        .kernel = k,
        .rand = g_rand_new_with_seed_array(words, 2),
        .seed = seed,
        .deferred = {.fn = rng_deliver, .owner = r},
    };
}

void emu_rng_fini(struct emu_rng *r)
{
    g_rand_free(r->rand);
    r->rand = NULL;
}

uint64_t emu_rng_seed(const struct emu_rng *r)
{
    return r->seed;
}

struct tk_entropy32 *emu_rng_entropy(struct emu_rng *r)
{
    return &r->entropy;
}

/* ---- options --------------------------------------------------------- */

void emu_rng_options_init(struct emu_rng_options *o)
{
    *o = (struct emu_rng_options){0};
}

int emu_rng_parse_seed(const char *text, uint64_t *seed, struct emu_err *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    int saved = errno;
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || saved != 0) {
        emu_err_set(err, "--seed %s: expected a decimal number from 0 to %llu", text,
                    (unsigned long long)UINT64_MAX);
        return -EINVAL;
    }
    *seed = value;
    return 0;
}

static gboolean option_seed(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    struct emu_rng_options *o = data;
    struct emu_err e;
    (void)name;
    if (emu_rng_parse_seed(value, &o->seed, &e) < 0) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", e.msg);
        return FALSE;
    }
    o->seed_given = true;
    return TRUE;
}

static const GOptionEntry rng_entries[] = {
    {"seed", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_seed,
     "Seed of the random number generator (default: drawn from the host, printed)", "N"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_rng_option_group(struct emu_rng_options *o)
{
    GOptionGroup *group =
        g_option_group_new("rng", "Random numbers:", "Show random number options", o, NULL);
    g_option_group_add_entries(group, rng_entries);
    return group;
}
