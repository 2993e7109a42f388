/* DAC HIL: one analog output channel.
 *
 * Mirrors tock/tock kernel/src/hil/dac.rs @65608d71 (trait DacChannel). The
 * call is synchronous.
 */
#ifndef TK_HIL_DAC_H
#define TK_HIL_DAC_H

#include <stdint.h>

struct tk_dac;

struct tk_dac_ops {
    /* Drive the output to `value` (scaled to the converter's range): 0, or
     * an error code (TK_BUSY: the converter is not ready). */
    int (*set_value)(struct tk_dac *dac, uint32_t value);
};

struct tk_dac {
    const struct tk_dac_ops *ops;
    void *state; /* the implementation's */
};

#endif
