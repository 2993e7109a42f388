/* I2C master driver 0x20003 over the syscalls.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/i2c_master.c @497ea7cf.
 */
#include "libtock/peripherals/i2c_master.h"

#include "lth-internal.h"

#define DRIVER_NUM_I2CMASTER 0x20003

enum { I2C_MASTER_UPCALL = 0, I2C_MASTER_BUFFER = 1 };

int i2c_master_set_callback(subscribe_upcall callback, void *callback_args)
{
    return lth_subscribe(DRIVER_NUM_I2CMASTER, I2C_MASTER_UPCALL, callback, callback_args);
}

int i2c_master_set_buffer(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_I2CMASTER, I2C_MASTER_BUFFER, buffer, len);
}

int i2c_master_write(uint8_t address, uint16_t length)
{
    return lth_command_novalue(DRIVER_NUM_I2CMASTER, 1, address, length);
}

int i2c_master_read(uint8_t address, uint16_t length)
{
    return lth_command_novalue(DRIVER_NUM_I2CMASTER, 2, address, length);
}

int i2c_master_write_read(uint8_t address, uint16_t write_len, uint16_t read_len)
{
    /* The write length rides above the address in arg1. */
    return lth_command_novalue(DRIVER_NUM_I2CMASTER, 3, (int)(((uint32_t)write_len << 8) | address),
                               read_len);
}

static void transfer_done(int status, int unused0, int unused1, void *userdata)
{
    (void)status, (void)unused0, (void)unused1;
    *(bool *)userdata = true;
}

/* Buffer, callback, start (`start` returns the command's result), wait. */
static int transfer_sync(uint8_t *buffer, uint32_t len, int (*start)(uint16_t, uint16_t, uint16_t),
                         uint16_t address, uint16_t first, uint16_t second)
{
    bool done = false;
    int rc = i2c_master_set_buffer(buffer, len);
    if (rc < 0)
        return rc;
    rc = i2c_master_set_callback(transfer_done, &done);
    if (rc < 0)
        return rc;
    rc = start(address, first, second);
    if (rc < 0)
        return rc;
    yield_for(&done);
    return RETURNCODE_SUCCESS;
}

static int start_write(uint16_t address, uint16_t len, uint16_t unused)
{
    (void)unused;
    return i2c_master_write((uint8_t)address, len);
}

static int start_read(uint16_t address, uint16_t len, uint16_t unused)
{
    (void)unused;
    return i2c_master_read((uint8_t)address, len);
}

static int start_write_read(uint16_t address, uint16_t write_len, uint16_t read_len)
{
    return i2c_master_write_read((uint8_t)address, write_len, read_len);
}

int i2c_master_write_sync(uint16_t address, uint8_t *buffer, uint16_t len)
{
    return transfer_sync(buffer, len, start_write, address, len, 0);
}

int i2c_master_read_sync(uint16_t address, uint8_t *buffer, uint16_t len)
{
    return transfer_sync(buffer, len, start_read, address, len, 0);
}

int i2c_master_write_read_sync(uint16_t address, uint8_t *buffer, uint16_t write_len,
                               uint16_t read_len)
{
    uint16_t len = read_len > write_len ? read_len : write_len;
    return transfer_sync(buffer, len, start_write_read, address, write_len, read_len);
}
