/* Entropy HIL: a source of random 32-bit words, delivered asynchronously.
 *
 * Mirrors tock/tock kernel/src/hil/entropy.rs @65608d71 (Entropy32 and
 * Client32). get() starts collection; later, from the kernel loop, the
 * source calls client->entropy_available with an iterator of words. The
 * client pulls only the words it needs and answers MORE to be called again
 * with fresh words, or DONE to stop. Words a client does not pull are never
 * shown to anyone.
 */
#ifndef TK_HIL_ENTROPY_H
#define TK_HIL_ENTROPY_H

#include <stdbool.h>
#include <stdint.h>

struct tk_entropy32;

enum tk_entropy_continue {
    TK_ENTROPY_DONE,
    TK_ENTROPY_MORE,
};

/* A finite run of random words (Rust `&mut dyn Iterator<Item = u32>`). */
struct tk_entropy_iter {
    /* Store the next word in *word and return true, or return false when
     * this batch is exhausted. */
    bool (*next)(struct tk_entropy_iter *it, uint32_t *word);
};

struct tk_entropy32_client {
    /* Words are available. `error` is 0, or an ErrorCode (then the iterator
     * may be empty). Return MORE to get another batch later. */
    enum tk_entropy_continue (*entropy_available)(struct tk_entropy32_client *client,
                                                  struct tk_entropy_iter *words, int error);
};

struct tk_entropy32_ops {
    /* Start delivering words to the client. Returns 0, or an ErrorCode
     * (TK_OFF, TK_FAIL) with nothing to be delivered. Calling it while a
     * collection is under way is harmless and returns 0. */
    int (*get)(struct tk_entropy32 *source);
    /* Stop collection. Returns 0 when no further entropy_available will come,
     * TK_FAIL when one is already on its way. */
    int (*cancel)(struct tk_entropy32 *source);
};

struct tk_entropy32 {
    const struct tk_entropy32_ops *ops;
    struct tk_entropy32_client *client;
    void *state; /* the implementation's */
};

#endif
