/* I2C HIL: as master, write, read, or write then read, to one 7-bit
 * address; as slave, answer another master at an own address.
 *
 * Mirrors tock/tock kernel/src/hil/i2c.rs @65608d71 (I2CMaster,
 * I2CHwMasterClient, I2CSlave, I2CHwSlaveClient, Error). The master borrows `buffer` from a call
 * that returns 0 until it hands it back in command_complete, from the kernel loop; a call that
 * fails returns the error and keeps no buffer.
 */
#ifndef TK_HIL_I2C_H
#define TK_HIL_I2C_H

#include <stddef.h>
#include <stdint.h>

/* i2c::Error, and the ErrorCode each becomes (From<Error> for ErrorCode). */
enum tk_i2c_status {
    TK_I2C_OK,
    TK_I2C_ADDRESS_NAK,      /* NOACK */
    TK_I2C_DATA_NAK,         /* NOACK */
    TK_I2C_ARBITRATION_LOST, /* RESERVE */
    TK_I2C_OVERRUN,          /* SIZE */
    TK_I2C_NOT_SUPPORTED,    /* NOSUPPORT */
    TK_I2C_BUSY,             /* BUSY */
};

struct tk_i2c_master;

struct tk_i2c_master_client {
    /* The transfer ended; a read's bytes are in buffer[0, read_len). */
    void (*command_complete)(struct tk_i2c_master_client *client, uint8_t *buffer,
                             enum tk_i2c_status status);
};

struct tk_i2c_master_ops {
    /* Write buffer[0, write_len), then read read_len bytes into buffer. */
    enum tk_i2c_status (*write_read)(struct tk_i2c_master *m, uint8_t address, uint8_t *buffer,
                                     size_t write_len, size_t read_len);
    enum tk_i2c_status (*write)(struct tk_i2c_master *m, uint8_t address, uint8_t *buffer,
                                size_t len);
    enum tk_i2c_status (*read)(struct tk_i2c_master *m, uint8_t address, uint8_t *buffer,
                               size_t len);
};

struct tk_i2c_master {
    const struct tk_i2c_master_ops *ops;
    struct tk_i2c_master_client *client;
    void *state; /* the implementation's */
};

/* The slave side (i2c.rs I2CSlave, I2CHwSlaveClient, SlaveTransmissionType):
 * the peripheral answers another master at its own address. It takes a
 * buffer for a write to it (write_receive) and one for a read from it
 * (read_send), and hands each back in command_complete. */
enum tk_i2c_slave_transmission { TK_I2C_SLAVE_WRITE, TK_I2C_SLAVE_READ };

struct tk_i2c_slave;

struct tk_i2c_slave_client {
    /* A master wrote `length` bytes into `buffer`, or read them from it. */
    void (*command_complete)(struct tk_i2c_slave_client *client, uint8_t *buffer, size_t length,
                             enum tk_i2c_slave_transmission type);
    void (*read_expected)(struct tk_i2c_slave_client *client);  /* no read buffer */
    void (*write_expected)(struct tk_i2c_slave_client *client); /* no write buffer */
};

struct tk_i2c_slave_ops {
    void (*enable)(struct tk_i2c_slave *s);
    void (*disable)(struct tk_i2c_slave *s);
    enum tk_i2c_status (*set_address)(struct tk_i2c_slave *s, uint8_t address);
    enum tk_i2c_status (*write_receive)(struct tk_i2c_slave *s, uint8_t *buffer, size_t len);
    enum tk_i2c_status (*read_send)(struct tk_i2c_slave *s, uint8_t *buffer, size_t len);
    void (*listen)(struct tk_i2c_slave *s);
};

struct tk_i2c_slave {
    const struct tk_i2c_slave_ops *ops;
    struct tk_i2c_slave_client *client;
    void *state; /* the implementation's */
};

/* The ErrorCode an I2C error becomes (0 for TK_I2C_OK). */
static inline int tk_i2c_status_errorcode(enum tk_i2c_status status)
{
    static const unsigned char codes[] = {0, 13, 13, 5, 7, 10, 2}; /* OK NOACK NOACK RESERVE ... */
    return (unsigned)status < sizeof codes ? codes[status] : 1;
}

#endif
