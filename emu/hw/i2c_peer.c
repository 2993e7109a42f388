/* I2C device model: another board as the slave, running libtock-c's
 * i2c_master_slave_ping_pong (497ea7cf) as the follower.
 *
 * That app, on its board, gives the I2C master/slave driver four 16-byte
 * buffers, takes a slave address (0x41, FOLLOW_ADDRESS) and listens. On
 * the bus that board therefore: acknowledges a write of up to 16 bytes
 * into its slave write buffer (the peripheral's receive buffer is that
 * size; a longer write is not acknowledged past it, as an nRF52 TWIS
 * ends at RXD.MAXCNT); answers a read with its slave read buffer, which
 * the app never fills (zeros; past 16 bytes the TWIS's over-read
 * character, 0x00 here). The app then prints "CB: Slave write" on its
 * own console and, 2.5 s later, writes its master write buffer
 * ("Hello friend.\n", 16 bytes) back as master: to the leader at 0x40
 * when it sits at 0x41, else to 0x41 (the app's two addresses). That
 * write reaches the board's slave face (emu_i2c_reply), where the I2C
 * master/slave driver may listen. What it received shows in the bus's
 * trace events (`i2c 0x41 write 48 65 ...`).
 * No upstream counterpart in the kernel: it stands for a second board.
 */
#include <stdlib.h>
#include <string.h>

#include "devices.h"

#define PEER_BUFFER      16            /* BUF_SIZE in the app */
#define PEER_REPLY_NS    2500000000ull /* libtocksync_alarm_delay_ms(2500) */
#define LEADER_ADDRESS   0x40
#define FOLLOWER_ADDRESS 0x41

struct i2c_peer {
    struct emu_i2c_device device; /* first: the bus's view */
    uint8_t slave_write[PEER_BUFFER];
    uint8_t slave_read[PEER_BUFFER];
    size_t received; /* bytes of the last write kept */
};

static enum tk_i2c_status peer_write(struct emu_i2c_device *dev, const uint8_t *bytes, size_t len)
{
    struct i2c_peer *p = (struct i2c_peer *)dev;
    p->received = len < PEER_BUFFER ? len : PEER_BUFFER;
    memcpy(p->slave_write, bytes, p->received);
    return len <= PEER_BUFFER ? TK_I2C_OK : TK_I2C_DATA_NAK;
}

static enum tk_i2c_status peer_read(struct emu_i2c_device *dev, uint8_t *out, size_t len)
{
    struct i2c_peer *p = (struct i2c_peer *)dev;
    for (size_t i = 0; i < len; i++)
        out[i] = i < PEER_BUFFER ? p->slave_read[i] : 0x00;
    return TK_I2C_OK;
}

/* After each message: the app's answer, its master write buffer. */
static bool peer_reply(struct emu_i2c_device *dev, struct emu_i2c_reply *out)
{
    static const char message[PEER_BUFFER] = "Hello friend.\n";
    *out = (struct emu_i2c_reply){
        .after_ns = PEER_REPLY_NS,
        .to = dev->address == FOLLOWER_ADDRESS ? LEADER_ADDRESS : FOLLOWER_ADDRESS,
        .len = PEER_BUFFER,
    };
    memcpy(out->bytes, message, PEER_BUFFER);
    return true;
}

static const struct emu_i2c_device_ops peer_ops = {
    .write = peer_write,
    .read = peer_read,
    .free = emu_i2c_device_free,
    .reply = peer_reply,
};

struct emu_i2c_device *emu_i2c_peer_new(uint8_t address)
{
    struct i2c_peer *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->device = (struct emu_i2c_device){.ops = &peer_ops, .address = address};
    return &p->device;
}
