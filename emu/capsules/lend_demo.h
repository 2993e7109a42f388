/* Lend demo capsule (driver 0xE0000): lends a kernel buffer for one upcall.
 *
 * tockemu's own (issue 12); the syscall interface is in lend_demo.c.
 */
#ifndef TK_CAPSULE_LEND_DEMO_H
#define TK_CAPSULE_LEND_DEMO_H

#include <stdint.h>

#include "driver.h"

struct tk_lend_demo {
    struct tk_driver driver; /* what the board registers */
    uint8_t buffer[4096];    /* the kernel memory it lends (copied per loan) */
};

/* Set up `demo`; `demo->driver` gets number TK_DRIVER_NUM_LEND_DEMO. */
void tk_lend_demo_init(struct tk_lend_demo *demo);

#endif
