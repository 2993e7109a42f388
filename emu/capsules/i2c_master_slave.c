/* I2C master/slave capsule: master transfers and a slave address for one
 * process at a time.
 *
 * Mirrors tock/tock capsules/core/src/i2c_master_slave_driver.rs
 * @65608d71.
 *
 * Syscall interface, driver 0x20006. The first process to issue a command
 * other than 0 owns the driver until its grant is gone; any other gets
 * F(NOMEM).
 *
 *   command | arg0                                 | result
 *   --------+--------------------------------------+---------------------------
 *   0       |                                      | S
 *   1       | address (bits 0..7), len (16..31)    | S: master write of RO allow 0
 *   2       | address (bits 0..7), len (16..31)    | S: master read into RW allow 1
 *   3       |                                      | S: listen as slave
 *   4       | len                                  | S: answer a master's read
 *           |                                      | with RO allow 2
 *   5       |                                      | S: stop listening
 *   6       | address                              | S, or F(INVAL) past 0x7f
 *   7       | address (0..7), read len (8..15),    | S: master write, then read
 *           | write len (16..23)                   | (RO allow 0 -> RW allow 1)
 *   other   |                                      | F(NOSUPPORT)
 *
 * Lengths are cut to the allowed buffer and the 32-byte kernel buffer. As
 * upstream, commands 1, 2, 4 and 7 succeed even when nothing starts (the
 * kernel buffer is out, or the bus refuses); then no upcall comes.
 *
 * Upcall 0, (kind, a, 0): master write done (0, status, 0); master read
 * done (1, status, 0), the bytes first copied into RW allow 1; write-read
 * done (7, status, 0); a master wrote to us (3, length, 0), the bytes
 * copied into RW allow 3; a master read from us (4, length, 0); a master
 * wants to read and no buffer is set (2, 0, 0). status is 0 or the
 * ErrorCode of the I2C error (NOACK = 13). After a master transfer the
 * driver listens again if it was listening.
 *
 * Deviation: upstream drops the kernel buffer when the bus refuses a
 * transfer (`let _ =` on the Err holding it), so the driver can never
 * transfer again; here the buffer stays.
 */
#include "container_of.h"
#include "i2c_master_slave.h"

enum ms_upcall { MS_UPCALL, MS_UPCALL_COUNT };
enum ms_allow_ro { MS_RO_MASTER_TX = 0, MS_RO_SLAVE_TX = 2, MS_RO_COUNT = 3 };
enum ms_allow_rw { MS_RW_MASTER_RX = 1, MS_RW_SLAVE_RX = 3, MS_RW_COUNT = 4 };
enum ms_kind {
    MS_MASTER_WRITE = 0,
    MS_MASTER_READ = 1,
    MS_SLAVE_READ_REQUEST = 2,
    MS_SLAVE_WRITE = 3,
    MS_SLAVE_READ_COMPLETE = 4,
    MS_MASTER_WRITE_READ = 7,
};

struct ms_app {
    uint8_t unused; /* upstream's App is empty */
};

#define MS_BUFFER TK_I2C_MASTER_SLAVE_BUFFER_LENGTH

/* Upcall 0 to the owner, if it is still there. */
static void ms_upcall(struct tk_i2c_master_slave_driver *d, uint32_t kind, uint32_t a)
{
    struct tk_process *p;
    if (d->has_app && tk_grant_get_by_id(&d->driver, d->app_id, &p) != NULL)
        (void)tk_upcall_schedule(&d->driver, p, MS_UPCALL, kind, a, 0);
}

/* Commands 1, 2, 7: copy from `source` (an allow) and start the transfer. */
static void ms_master_start(struct tk_i2c_master_slave_driver *d, enum ms_kind kind,
                            uint8_t address, struct tk_buffer source, size_t write_len,
                            size_t read_len)
{
    if (d->master_lent)
        return; /* upstream: master_buffer.take() is None, nothing happens */
    size_t len = tk_min_size(source.len, MS_BUFFER);
    write_len = tk_min_size(len, write_len);
    read_len = tk_min_size(len, read_len);
    for (size_t i = 0; i < (kind == MS_MASTER_READ ? read_len : write_len); i++)
        d->master_buffer[i] = source.ptr[i];
    struct tk_i2c_master *m = d->master;
    enum tk_i2c_status status;
    if (kind == MS_MASTER_WRITE)
        status = m->ops->write(m, address, d->master_buffer, write_len);
    else if (kind == MS_MASTER_READ)
        status = m->ops->read(m, address, d->master_buffer, read_len);
    else
        status = m->ops->write_read(m, address, d->master_buffer, write_len, read_len);
    if (status != TK_I2C_OK)
        return; /* Deviation: the buffer stays (see the top) */
    d->master_lent = true;
    d->master_action = kind;
    d->master_read_len = read_len;
}

/* Give the slave its write buffer, if we hold it. */
static void ms_slave_receive(struct tk_i2c_master_slave_driver *d)
{
    if (!d->slave_rx_lent &&
        d->slave->ops->write_receive(d->slave, d->slave_rx, sizeof d->slave_rx) == TK_I2C_OK)
        d->slave_rx_lent = true;
}

/* Command 4. */
static void ms_slave_send(struct tk_i2c_master_slave_driver *d, struct tk_process *p, size_t len)
{
    if (d->slave_tx_lent)
        return;
    struct tk_buffer app = tk_allow_ro_get(&d->driver, p, MS_RO_SLAVE_TX);
    len = tk_min_size(tk_min_size(app.len, MS_BUFFER), len);
    for (size_t i = 0; i < len; i++)
        d->slave_tx[i] = app.ptr[i];
    if (d->slave->ops->read_send(d->slave, d->slave_tx, len) == TK_I2C_OK)
        d->slave_tx_lent = true;
}

static struct tk_cmd_return ms_command(struct tk_driver *drv, struct tk_process *p,
                                       uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_i2c_master_slave_driver *d = drv->state;
    (void)arg1;
    if (command == 0)
        return tk_cmd_success();
    /* Not virtualized: the owner, or anyone once the owner is gone. */
    if (!tk_owner_is(drv, d->has_app, d->app_id, p, true))
        return tk_cmd_failure(TK_NOMEM);
    d->has_app = true;
    d->app_id = p->id;
    int err = 0;
    (void)tk_grant_enter(drv, p, &err); /* upstream ignores a failed enter */

    uint8_t address = (uint8_t)arg0;
    switch (command) {
    case 1:
        ms_master_start(d, MS_MASTER_WRITE, address, tk_allow_ro_get(drv, p, MS_RO_MASTER_TX),
                        (arg0 >> 16) & 0xffff, 0);
        return tk_cmd_success();
    case 2:
        ms_master_start(d, MS_MASTER_READ, address, tk_allow_rw_get(drv, p, MS_RW_MASTER_RX), 0,
                        (arg0 >> 16) & 0xffff);
        return tk_cmd_success();
    case 3:
        ms_slave_receive(d);
        d->slave->ops->enable(d->slave);
        d->slave->ops->listen(d->slave);
        d->listening = true;
        return tk_cmd_success();
    case 4:
        ms_slave_send(d, p, arg0);
        return tk_cmd_success();
    case 5:
        d->slave->ops->disable(d->slave);
        d->listening = false;
        return tk_cmd_success();
    case 6:
        if (address > 0x7f) /* `data as u8` first, as upstream */
            return tk_cmd_failure(TK_INVAL);
        (void)d->slave->ops->set_address(d->slave, address);
        return tk_cmd_success();
    case 7:
        ms_master_start(d, MS_MASTER_WRITE_READ, address, tk_allow_ro_get(drv, p, MS_RO_MASTER_TX),
                        (arg0 >> 16) & 0xff, (arg0 >> 8) & 0xff);
        return tk_cmd_success();
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* A master transfer ended: read bytes back, the upcall, then listen again. */
static void ms_master_complete(struct tk_i2c_master_client *client, uint8_t *buffer,
                               enum tk_i2c_status status)
{
    struct tk_i2c_master_slave_driver *d =
        tk_container_of(client, struct tk_i2c_master_slave_driver, master_client);
    (void)buffer; /* always d->master_buffer */
    d->master_lent = false;
    struct tk_process *p;
    if (d->master_action != MS_MASTER_WRITE && d->has_app &&
        tk_grant_get_by_id(&d->driver, d->app_id, &p) != NULL) {
        struct tk_buffer app = tk_allow_rw_get(&d->driver, p, MS_RW_MASTER_RX);
        size_t n = tk_min_size(app.len, d->master_read_len);
        for (size_t i = 0; i < n; i++)
            app.ptr[i] = d->master_buffer[i];
    }
    ms_upcall(d, (uint32_t)d->master_action, (uint32_t)tk_i2c_status_errorcode(status));
    if (d->listening) {
        d->slave->ops->enable(d->slave);
        d->slave->ops->listen(d->slave);
    }
}

static void ms_slave_complete(struct tk_i2c_slave_client *client, uint8_t *buffer, size_t length,
                              enum tk_i2c_slave_transmission type)
{
    struct tk_i2c_master_slave_driver *d =
        tk_container_of(client, struct tk_i2c_master_slave_driver, slave_client);
    (void)buffer;
    if (type == TK_I2C_SLAVE_READ) {
        d->slave_tx_lent = false;
        ms_upcall(d, MS_SLAVE_READ_COMPLETE, (uint32_t)length);
        return;
    }
    d->slave_rx_lent = false;
    struct tk_process *p;
    if (d->has_app && tk_grant_get_by_id(&d->driver, d->app_id, &p) != NULL) {
        struct tk_buffer app = tk_allow_rw_get(&d->driver, p, MS_RW_SLAVE_RX);
        size_t n = tk_min_size(tk_min_size(app.len, MS_BUFFER), length);
        for (size_t i = 0; i < n; i++)
            app.ptr[i] = d->slave_rx[i];
    }
    ms_upcall(d, MS_SLAVE_WRITE, (uint32_t)length);
}

static void ms_read_expected(struct tk_i2c_slave_client *client)
{
    struct tk_i2c_master_slave_driver *d =
        tk_container_of(client, struct tk_i2c_master_slave_driver, slave_client);
    ms_upcall(d, MS_SLAVE_READ_REQUEST, 0);
}

static void ms_write_expected(struct tk_i2c_slave_client *client)
{
    ms_slave_receive(tk_container_of(client, struct tk_i2c_master_slave_driver, slave_client));
}

static const struct tk_driver_ops ms_ops = {
    .command = ms_command,
    .has_grant = true,
    .grant_size = sizeof(struct ms_app),
    .upcall_count = MS_UPCALL_COUNT,
    .allow_ro_count = MS_RO_COUNT,
    .allow_rw_count = MS_RW_COUNT,
};

void tk_i2c_master_slave_driver_init(struct tk_i2c_master_slave_driver *d,
                                     struct tk_i2c_master *master, struct tk_i2c_slave *slave)
{
    *d = (struct tk_i2c_master_slave_driver){
        .driver = {.number = TK_DRIVER_NUM_I2C_MASTER_SLAVE, .ops = &ms_ops, .state = d},
        .master_client = {.command_complete = ms_master_complete},
        .slave_client = {.command_complete = ms_slave_complete,
                         .read_expected = ms_read_expected,
                         .write_expected = ms_write_expected},
        .master = master,
        .slave = slave,
    };
    master->client = &d->master_client;
    slave->client = &d->slave_client;
}
