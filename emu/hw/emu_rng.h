/* RNG model: a seeded, deterministic source of random words (Entropy32).
 *
 * Backs the RNG capsule (spec §8.11) through hil/entropy.h. The same seed
 * gives the same words, so a run can be repeated: the CLI prints the seed
 * ("rng seed N") and --seed N replays it. Without --seed the seed is drawn
 * from the host.
 */
#ifndef EMU_HW_RNG_H
#define EMU_HW_RNG_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/entropy.h"
#include "kernel.h"

#define EMU_RNG_BATCH_WORDS 8 /* words per delivery, like a TRNG's FIFO */

struct emu_rng_options {
    bool seed_given;
    uint64_t seed;
};

struct emu_rng {
    struct tk_entropy32 entropy; /* the HIL face */
    struct tk_kernel *kernel;
    GRand *rand;
    uint64_t seed;
    bool collecting;                  /* get() was called and not finished */
    struct tk_deferred_call deferred; /* delivers one batch */
    uint64_t words_delivered;
    /* Called once, when an app first asks for random bytes. */
    void (*on_first_use)(const struct emu_rng *r, void *ctx);
    void *on_first_use_ctx;
};

/* Options: no seed given. */
void emu_rng_options_init(struct emu_rng_options *o);
/* The GOptionGroup "rng" with --seed N (decimal, 64-bit), filling `o`. */
GOptionGroup *emu_rng_option_group(struct emu_rng_options *o);
/* Parse a decimal 64-bit seed. Returns 0 or -EINVAL with `err` set. */
int emu_rng_parse_seed(const char *text, uint64_t *seed, struct emu_err *err);

/* Set up the model on `k`, seeded from `o` (NULL or no seed given: drawn
 * from the host). Cannot fail. */
void emu_rng_init(struct emu_rng *r, struct tk_kernel *k, const struct emu_rng_options *o);
/* Free. Call before tk_kernel_fini, with no deferred call of the model
 * pending. */
void emu_rng_fini(struct emu_rng *r);

/* The seed in use, to print so the run can be repeated. */
uint64_t emu_rng_seed(const struct emu_rng *r);
/* The Entropy32 source the board gives the RNG capsule. */
struct tk_entropy32 *emu_rng_entropy(struct emu_rng *r);

#endif
