/* I2C master capsule (driver 0x20003): userspace transfers on an I2C bus.
 *
 * Mirrors tock/tock capsules/core/src/i2c_master.rs @65608d71
 * (I2CMasterDriver); the syscall interface is in i2c_master.c.
 */
#ifndef TK_CAPSULE_I2C_MASTER_H
#define TK_CAPSULE_I2C_MASTER_H

#include <stdbool.h>

#include "driver.h"
#include "hil/i2c.h"

/* The kernel buffer a transfer goes through (i2c_master.rs BUFFER_LENGTH). */
#define TK_I2C_MASTER_BUFFER_LENGTH 64

struct tk_i2c_master_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_i2c_master_client client;
    struct tk_i2c_master *i2c;
    uint8_t buffer[TK_I2C_MASTER_BUFFER_LENGTH];
    bool buffer_lent;   /* the bus holds `buffer` (a transfer in flight) */
    bool has_tx;        /* the transfer's owner and read length: */
    uint32_t tx_id;     /* its ProcessId */
    size_t tx_read_len; /* 0: nothing to copy back */
};

/* Set up `d` over `i2c` (which must outlive it), becoming its client. */
void tk_i2c_master_driver_init(struct tk_i2c_master_driver *d, struct tk_i2c_master *i2c);

#endif
