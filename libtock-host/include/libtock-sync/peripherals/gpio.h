/* Blocking GPIO API.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/gpio.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/gpio_types.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_gpio_exists(void);
returncode_t libtocksync_gpio_count(int *count);
returncode_t libtocksync_gpio_enable_output(uint32_t pin);
returncode_t libtocksync_gpio_enable_input(uint32_t pin, libtock_gpio_input_mode_t pin_config);
returncode_t libtocksync_gpio_set(uint32_t pin);
returncode_t libtocksync_gpio_clear(uint32_t pin);
returncode_t libtocksync_gpio_toggle(uint32_t pin);
returncode_t libtocksync_gpio_read(uint32_t pin, int *pin_value);

/* Each makes pin an input with pin_config, enables its interrupt and blocks
 * until that pin rises / falls / changes. The interrupt stays enabled. */
returncode_t libtocksync_gpio_wait_until_high(uint32_t pin, libtock_gpio_input_mode_t pin_config);
returncode_t libtocksync_gpio_wait_until_low(uint32_t pin, libtock_gpio_input_mode_t pin_config);
returncode_t libtocksync_gpio_wait_until_changed(uint32_t pin,
                                                 libtock_gpio_input_mode_t pin_config);

#ifdef __cplusplus
}
#endif
