/* RNG capsule (driver 0x40001): random bytes into an app's buffer.
 *
 * Mirrors tock/tock capsules/core/src/rng.rs @65608d71 (RngDriver); the
 * syscall interface is in rng.c.
 */
#ifndef TK_CAPSULE_RNG_H
#define TK_CAPSULE_RNG_H

#include <stdbool.h>

#include "driver.h"
#include "hil/entropy.h"

struct tk_rng_driver {
    struct tk_driver driver;           /* what the board registers */
    struct tk_entropy32_client client; /* set as the source's client */
    struct tk_entropy32 *source;
    bool getting_randomness; /* a get() is outstanding */
};

/* Set up `r` over `source`, becoming its client. `r->driver` gets number
 * TK_DRIVER_NUM_RNG. The source must outlive `r`. */
void tk_rng_driver_init(struct tk_rng_driver *r, struct tk_entropy32 *source);

#endif
