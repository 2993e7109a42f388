/* I2C master capsule: one transfer at a time through a 64-byte kernel buffer.
 *
 * Mirrors tock/tock capsules/core/src/i2c_master.rs @65608d71.
 *
 * Syscall interface, driver 0x20003:
 *
 *   command | arg0                        | arg1     | result
 *   --------+-----------------------------+----------+-----------------------
 *   0       |                             |          | S
 *   1       | address (low 8 bits)        | write len| write: S or F(below)
 *   2       | address (low 8 bits)        | read len | read
 *   3       | address (bits 0..7), write  | read len | write, then read
 *           | len (bits 8..31)            |          |
 *   other   |                             |          | F(NOSUPPORT)
 *
 * Commands 1..3 enter the caller's grant (F(NOMEM) if it cannot be had),
 * then take the kernel buffer: F(NOMEM) while another transfer is in
 * flight, from any process. The bytes to write come from RW allow 1; the
 * bus's refusal comes back as its ErrorCode (hil/i2c.h): NOACK, BUSY ...
 *
 * Upcall 0: (status, 0, 0) when the transfer ends, status 0 or the
 * ErrorCode of the I2C error (an unanswered address: NOACK = 13). A read's
 * bytes are first copied into RW allow 1. RW allows: 0 (unused) and 1 (the
 * transfer buffer). No RO allows.
 *
 * Deviation: upstream slices the allowed buffer and the kernel buffer
 * without checking, so a length past either panics the kernel. Here a
 * write length past the allowed buffer, or any length past 64, is
 * F(INVAL), as a missing buffer is upstream; a read copies back at most
 * what the (maybe swapped) allowed buffer holds.
 */
#include "container_of.h"
#include "i2c_master.h"

enum i2c_upcall { I2C_UPCALL_DONE, I2C_UPCALL_COUNT };
enum i2c_allow_rw { I2C_ALLOW_RW_UNUSED, I2C_ALLOW_RW_BUFFER, I2C_ALLOW_RW_COUNT };
enum i2c_command { I2C_PING, I2C_WRITE, I2C_READ, I2C_WRITE_READ };

struct i2c_master_app {
    uint8_t unused; /* upstream's App is empty */
};

/* Commands 1..3 (i2c_master.rs `operation`). */
static struct tk_cmd_return i2c_operation(struct tk_i2c_master_driver *d, struct tk_process *p,
                                          enum i2c_command command, uint8_t address,
                                          size_t write_len, size_t read_len)
{
    int err = 0;
    if (tk_grant_enter(&d->driver, p, &err) == NULL)
        return tk_cmd_failure(err);
    if (d->buffer_lent)
        return tk_cmd_failure(TK_NOMEM);
    struct tk_buffer app = tk_allow_rw_get(&d->driver, p, I2C_ALLOW_RW_BUFFER);
    if (write_len > app.len || write_len > sizeof d->buffer || read_len > sizeof d->buffer)
        return tk_cmd_failure(TK_INVAL); /* Deviation: upstream panics */
    for (size_t i = 0; i < write_len; i++)
        d->buffer[i] = app.ptr[i];
    enum tk_i2c_status status;
    struct tk_i2c_master *bus = d->i2c;
    if (command == I2C_WRITE)
        status = bus->ops->write(bus, address, d->buffer, write_len);
    else if (command == I2C_READ)
        status = bus->ops->read(bus, address, d->buffer, read_len);
    else
        status = bus->ops->write_read(bus, address, d->buffer, write_len, read_len);
    if (status != TK_I2C_OK)
        return tk_cmd_failure((enum tk_errorcode)tk_i2c_status_errorcode(status));
    d->buffer_lent = true;
    d->has_tx = true;
    d->tx_id = p->id;
    d->tx_read_len = read_len;
    return tk_cmd_success();
}

static struct tk_cmd_return i2c_master_command(struct tk_driver *drv, struct tk_process *p,
                                               uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_i2c_master_driver *d = drv->state;
    uint8_t address = (uint8_t)arg0;
    switch (command) {
    case I2C_PING:
        return tk_cmd_success();
    case I2C_WRITE:
        return i2c_operation(d, p, I2C_WRITE, address, arg1, 0);
    case I2C_READ:
        return i2c_operation(d, p, I2C_READ, address, 0, arg1);
    case I2C_WRITE_READ:
        return i2c_operation(d, p, I2C_WRITE_READ, address, arg0 >> 8, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* The transfer ended: read bytes back to the owner, then its upcall. */
static void i2c_master_complete(struct tk_i2c_master_client *client, uint8_t *buffer,
                                enum tk_i2c_status status)
{
    struct tk_i2c_master_driver *d = tk_container_of(client, struct tk_i2c_master_driver, client);
    struct tk_process *p;
    (void)buffer; /* always d->buffer */
    if (d->has_tx && tk_grant_get_by_id(&d->driver, d->tx_id, &p) != NULL) {
        struct tk_buffer app = tk_allow_rw_get(&d->driver, p, I2C_ALLOW_RW_BUFFER);
        size_t n = tk_min_size(d->tx_read_len, app.len); /* Deviation: see the top */
        for (size_t i = 0; i < n; i++)
            app.ptr[i] = d->buffer[i];
        (void)tk_upcall_schedule(&d->driver, p, I2C_UPCALL_DONE,
                                 (uint32_t)tk_i2c_status_errorcode(status), 0, 0);
    }
    d->has_tx = false;
    d->buffer_lent = false;
}

static const struct tk_driver_ops i2c_master_ops = {
    .command = i2c_master_command,
    .has_grant = true,
    .grant_size = sizeof(struct i2c_master_app),
    .upcall_count = I2C_UPCALL_COUNT,
    .allow_rw_count = I2C_ALLOW_RW_COUNT,
};

void tk_i2c_master_driver_init(struct tk_i2c_master_driver *d, struct tk_i2c_master *i2c)
{
    *d = (struct tk_i2c_master_driver){
        .driver = {.number = TK_DRIVER_NUM_I2C_MASTER, .ops = &i2c_master_ops, .state = d},
        .client = {.command_complete = i2c_master_complete},
        .i2c = i2c,
    };
    i2c->client = &d->client;
}
