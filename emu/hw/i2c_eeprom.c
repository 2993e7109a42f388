/* I2C device model: a 24C02 serial EEPROM, 256 bytes, one address pointer.
 *
 * A write's first byte sets the pointer and the rest are stored from it,
 * wrapping within the 256 bytes; a read returns bytes from the pointer on,
 * moving it. The memory starts erased (0xff) and lasts the run. Timing is
 * the bus's; the chip's 5 ms write cycle is not modelled (every write is
 * acknowledged).
 */
#include <stdlib.h>
#include <string.h>

#include "devices.h"

struct i2c_eeprom {
    struct emu_i2c_device device; /* first: the bus's view */
    uint8_t memory[256];
    uint8_t pointer;
};

static enum tk_i2c_status eeprom_write(struct emu_i2c_device *dev, const uint8_t *bytes, size_t len)
{
    struct i2c_eeprom *e = (struct i2c_eeprom *)dev;
    if (len == 0)
        return TK_I2C_OK;
    e->pointer = bytes[0];
    for (size_t i = 1; i < len; i++)
        e->memory[e->pointer++] = bytes[i];
    return TK_I2C_OK;
}

static enum tk_i2c_status eeprom_read(struct emu_i2c_device *dev, uint8_t *out, size_t len)
{
    struct i2c_eeprom *e = (struct i2c_eeprom *)dev;
    for (size_t i = 0; i < len; i++)
        out[i] = e->memory[e->pointer++];
    return TK_I2C_OK;
}

static const struct emu_i2c_device_ops eeprom_ops = {
    .write = eeprom_write,
    .read = eeprom_read,
    .free = emu_i2c_device_free,
};

struct emu_i2c_device *emu_i2c_eeprom_new(uint8_t address)
{
    struct i2c_eeprom *e = calloc(1, sizeof *e);
    if (e == NULL)
        return NULL;
    e->device = (struct emu_i2c_device){.ops = &eeprom_ops, .address = address};
    memset(e->memory, 0xff, sizeof e->memory);
    return &e->device;
}
