/* I2C master driver 0x20003: transfers through one read-write buffer.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/i2c_master.h @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

int i2c_master_set_callback(subscribe_upcall callback, void *callback_args);
int i2c_master_set_buffer(uint8_t *buffer, uint32_t len);
int i2c_master_write(uint8_t address, uint16_t length);
int i2c_master_read(uint8_t address, uint16_t length);
int i2c_master_write_read(uint8_t address, uint16_t write_len, uint16_t read_len);
/* Allow `buffer`, start the transfer and wait for it. As libtock-c's, they
 * return success once the transfer ended, whatever the bus said. */
int i2c_master_write_sync(uint16_t address, uint8_t *buffer, uint16_t len);
int i2c_master_read_sync(uint16_t address, uint8_t *buffer, uint16_t len);
int i2c_master_write_read_sync(uint16_t address, uint8_t *buffer, uint16_t write_len,
                               uint16_t read_len);

#ifdef __cplusplus
}
#endif
