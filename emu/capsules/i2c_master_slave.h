/* I2C master/slave capsule (driver 0x20006): one process is master on the
 * bus and slave at its own address.
 *
 * Mirrors tock/tock capsules/core/src/i2c_master_slave_driver.rs
 * @65608d71 (I2CMasterSlaveDriver); the syscall interface is in
 * i2c_master_slave.c.
 */
#ifndef TK_CAPSULE_I2C_MASTER_SLAVE_H
#define TK_CAPSULE_I2C_MASTER_SLAVE_H

#include <stdbool.h>

#include "driver.h"
#include "hil/i2c.h"

/* The three kernel buffers (components/src/i2c.rs: [u8; 32] each). */
#define TK_I2C_MASTER_SLAVE_BUFFER_LENGTH 32

struct tk_i2c_master_slave_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_i2c_master_client master_client;
    struct tk_i2c_slave_client slave_client;
    struct tk_i2c_master *master;
    struct tk_i2c_slave *slave;
    uint8_t master_buffer[TK_I2C_MASTER_SLAVE_BUFFER_LENGTH];
    uint8_t slave_rx[TK_I2C_MASTER_SLAVE_BUFFER_LENGTH]; /* a write to us */
    uint8_t slave_tx[TK_I2C_MASTER_SLAVE_BUFFER_LENGTH]; /* a read from us */
    bool master_lent, slave_rx_lent, slave_tx_lent;      /* the bus holds it */
    bool listening;
    int master_action; /* private to i2c_master_slave.c */
    size_t master_read_len;
    bool has_app; /* the one process it serves: */
    uint32_t app_id;
};

/* Set up `d` over the bus's master and slave faces (which must outlive it),
 * becoming the client of both. */
void tk_i2c_master_slave_driver_init(struct tk_i2c_master_slave_driver *d,
                                     struct tk_i2c_master *master, struct tk_i2c_slave *slave);

#endif
