/* I2C bus model: one master, simulated devices at 7-bit addresses.
 *
 * Plays an I2C master peripheral behind hil/i2c.h (tock/tock
 * kernel/src/hil/i2c.rs @65608d71): a transfer takes the bus for
 * EMU_I2C_BYTE_NS per byte plus one address byte, then command_complete
 * hands the buffer back; one transfer at a time (BUSY meanwhile). An
 * address no device answers ends in AddressNak. Devices plug in through
 * struct emu_i2c_device_ops (devices.h); emu_i2c_device_new makes one by
 * kind. Every transfer is a `device` trace event:
 * `i2c 0x50 write 00 41`, `i2c 0x50 read 41 42`, `i2c 0x41 write: nak`.
 *
 * Two master faces share the peripheral, one per capsule (i2c_master,
 * i2c_master_slave), each hearing of its own transfers. The slave face
 * (hil/i2c.h I2CSlave) answers a device that writes as master after being
 * written to (emu_i2c_reply: a second board's ping-pong): at the reply's
 * time, if the slave is enabled, listening at that address and holds a
 * receive buffer, the bytes land in it (cut to its length) and its client
 * hears (length, Write); otherwise the write ends unanswered. Traced as
 * `i2c 0x40 write from 0x41 48 65 ...` or `i2c 0x40 write from 0x41: nak`.
 * Deviation: no arbitration; a device's write lands even while one of
 * ours is in flight, and devices never read from our slave.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

#define EMU_I2C_BYTE_NS 90000ull /* 9 clocks at 100 kHz */

void emu_i2c_device_free(struct emu_i2c_device *dev)
{
    free(dev);
}

struct emu_i2c_device *emu_i2c_device_new(const char *kind, uint8_t address)
{
    if (strcmp(kind, "eeprom") == 0)
        return emu_i2c_eeprom_new(address);
    if (strcmp(kind, "ping-pong") == 0)
        return emu_i2c_peer_new(address);
    return NULL;
}

static struct emu_i2c_device *bus_device(struct emu_i2c_bus *m, uint8_t address)
{
    for (unsigned i = 0; i < m->count; i++)
        if (m->devices[i]->address == address)
            return m->devices[i];
    return NULL;
}

/* "i2c 0x50 write 00 41": the transfer's bytes, cut to fit one event. */
static void bus_trace(struct emu_i2c_bus *m, uint8_t address, const char *what,
                      const uint8_t *bytes, size_t len, enum tk_i2c_status status)
{
    char hex[3 * 64 + 1] = "";
    size_t n = len < 64 ? len : 64;
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 3 * i, sizeof hex - 3 * i, " %02x", bytes[i]);
    tk_kernel_device_event(m->kernel, "i2c 0x%02x %s%s%s", address, what,
                           status == TK_I2C_OK ? hex : ": ", status == TK_I2C_OK ? "" : "nak");
}

static void bus_done(struct tk_deadline *dl)
{
    struct emu_i2c_bus *m = dl->owner;
    uint8_t *buffer = m->buffer;
    struct tk_i2c_master *face = m->owner;
    m->busy = false;
    m->buffer = NULL;
    m->owner = NULL;
    if (face->client != NULL)
        face->client->command_complete(face->client, buffer, m->status);
}

/* A device's write as master reaches our slave face, or no one. */
static void bus_peer_write(struct tk_deadline *dl)
{
    struct emu_i2c_bus *m = dl->owner;
    const struct emu_i2c_reply *r = &m->peer;
    char what[32];
    snprintf(what, sizeof what, "write from 0x%02x", m->peer_from);
    bool answered =
        m->slave_enabled && m->slave_listening && m->slave_address == r->to && m->slave_rx != NULL;
    if (!answered) {
        bus_trace(m, r->to, what, r->bytes, r->len, TK_I2C_ADDRESS_NAK);
        return;
    }
    size_t n = r->len < m->slave_rx_len ? r->len : m->slave_rx_len;
    uint8_t *rx = m->slave_rx;
    memcpy(rx, r->bytes, n);
    m->slave_rx = NULL; /* handed back */
    bus_trace(m, r->to, what, r->bytes, n, TK_I2C_OK);
    if (m->slave.client != NULL)
        m->slave.client->command_complete(m->slave.client, rx, n, TK_I2C_SLAVE_WRITE);
}

/* Run the transfer on the device now; the master hears of it later. */
static enum tk_i2c_status bus_transfer(struct tk_i2c_master *hil, uint8_t address, uint8_t *buffer,
                                       size_t write_len, size_t read_len, bool write)
{
    struct emu_i2c_bus *m = hil->state;
    if (m->busy)
        return TK_I2C_BUSY;
    struct emu_i2c_device *dev = bus_device(m, address);
    enum tk_i2c_status status = dev == NULL ? TK_I2C_ADDRESS_NAK : TK_I2C_OK;
    if (write) {
        if (status == TK_I2C_OK)
            status = dev->ops->write(dev, buffer, write_len);
        bus_trace(m, address, "write", buffer, write_len, status);
        if (status == TK_I2C_OK && dev->ops->reply != NULL && !m->peer_deadline.armed &&
            dev->ops->reply(dev, &m->peer)) {
            m->peer_from = address;
            tk_deadline_arm(m->kernel, &m->peer_deadline,
                            tk_kernel_now(m->kernel) + m->peer.after_ns);
        }
    }
    if (read_len > 0 && status == TK_I2C_OK) {
        status = dev->ops->read(dev, buffer, read_len);
        bus_trace(m, address, "read", buffer, read_len, status);
    } else if (!write) {
        bus_trace(m, address, "read", buffer, 0, status);
    }
    m->busy = true;
    m->owner = hil;
    m->buffer = buffer;
    m->status = status;
    uint64_t bytes = 1 + write_len + read_len;
    tk_deadline_arm(m->kernel, &m->done_deadline,
                    tk_kernel_now(m->kernel) + bytes * EMU_I2C_BYTE_NS);
    return TK_I2C_OK;
}

static enum tk_i2c_status bus_write_read(struct tk_i2c_master *hil, uint8_t address,
                                         uint8_t *buffer, size_t write_len, size_t read_len)
{
    return bus_transfer(hil, address, buffer, write_len, read_len, true);
}

static enum tk_i2c_status bus_write(struct tk_i2c_master *hil, uint8_t address, uint8_t *buffer,
                                    size_t len)
{
    return bus_transfer(hil, address, buffer, len, 0, true);
}

static enum tk_i2c_status bus_read(struct tk_i2c_master *hil, uint8_t address, uint8_t *buffer,
                                   size_t len)
{
    return bus_transfer(hil, address, buffer, 0, len, false);
}

static const struct tk_i2c_master_ops bus_ops = {
    .write_read = bus_write_read,
    .write = bus_write,
    .read = bus_read,
};

/* ---- the slave face ---- */

static struct emu_i2c_bus *slave_bus(struct tk_i2c_slave *s)
{
    return s->state;
}

static void slave_enable(struct tk_i2c_slave *s)
{
    slave_bus(s)->slave_enabled = true;
}

static void slave_disable(struct tk_i2c_slave *s)
{
    slave_bus(s)->slave_enabled = false;
    slave_bus(s)->slave_listening = false;
}

static enum tk_i2c_status slave_set_address(struct tk_i2c_slave *s, uint8_t address)
{
    slave_bus(s)->slave_address = address;
    return TK_I2C_OK;
}

static enum tk_i2c_status slave_write_receive(struct tk_i2c_slave *s, uint8_t *buffer, size_t len)
{
    struct emu_i2c_bus *m = slave_bus(s);
    if (m->slave_rx != NULL)
        return TK_I2C_BUSY;
    m->slave_rx = buffer;
    m->slave_rx_len = len;
    return TK_I2C_OK;
}

static enum tk_i2c_status slave_read_send(struct tk_i2c_slave *s, uint8_t *buffer, size_t len)
{
    struct emu_i2c_bus *m = slave_bus(s);
    if (m->slave_tx != NULL)
        return TK_I2C_BUSY;
    m->slave_tx = buffer; /* kept: no device reads from us */
    m->slave_tx_len = len;
    return TK_I2C_OK;
}

static void slave_listen(struct tk_i2c_slave *s)
{
    slave_bus(s)->slave_listening = true;
}

static const struct tk_i2c_slave_ops slave_ops = {
    .enable = slave_enable,
    .disable = slave_disable,
    .set_address = slave_set_address,
    .write_receive = slave_write_receive,
    .read_send = slave_read_send,
    .listen = slave_listen,
};

int emu_i2c_bus_init(struct emu_i2c_bus *m, struct tk_kernel *k,
                     const struct emu_devices_options *o, struct emu_err *err)
{
    *m = (struct emu_i2c_bus){
        .hil = {.ops = &bus_ops, .state = m},
        .hil_shared = {.ops = &bus_ops, .state = m},
        .slave = {.ops = &slave_ops, .state = m},
        .kernel = k,
        .done_deadline = {.fire = bus_done, .owner = m},
        .peer_deadline = {.fire = bus_peer_write, .owner = m},
    };
    for (unsigned i = 0; i < o->i2c_count; i++) {
        const struct emu_i2c_device_spec *spec = &o->i2c[i];
        if (bus_device(m, spec->address) != NULL) {
            emu_err_set(err, "i2c: two devices at address 0x%02x", spec->address);
            return -EINVAL;
        }
        struct emu_i2c_device *dev = emu_i2c_device_new(spec->kind, spec->address);
        if (dev == NULL) {
            emu_err_set(err, "i2c: no device kind '%s' (kinds: %s)", spec->kind,
                        EMU_I2C_DEVICE_KINDS);
            return -EINVAL;
        }
        m->devices[m->count++] = dev;
    }
    return 0;
}

void emu_i2c_bus_fini(struct emu_i2c_bus *m)
{
    if (m->kernel != NULL) {
        tk_deadline_disarm(m->kernel, &m->done_deadline);
        tk_deadline_disarm(m->kernel, &m->peer_deadline);
    }
    for (unsigned i = 0; i < m->count; i++)
        m->devices[i]->ops->free(m->devices[i]);
    m->count = 0;
}
