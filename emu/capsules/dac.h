/* DAC capsule (driver 0x6): userspace sets one analog output.
 *
 * Mirrors tock/tock capsules/extra/src/dac.rs @65608d71 (Dac); the syscall
 * interface is in dac.c.
 */
#ifndef TK_CAPSULE_DAC_H
#define TK_CAPSULE_DAC_H

#include "driver.h"
#include "hil/dac.h"

struct tk_dac_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_dac *dac;
};

/* Set up `d` over `dac` (which must outlive it), at TK_DRIVER_NUM_DAC. */
void tk_dac_driver_init(struct tk_dac_driver *d, struct tk_dac *dac);

#endif
