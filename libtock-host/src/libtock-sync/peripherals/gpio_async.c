/* Asynchronous GPIO, waiting for each operation.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/gpio_async.c @497ea7cf.
 */
#include "libtock-sync/peripherals/gpio_async.h"
#include "libtock-sync/peripherals/syscalls/gpio_async_syscalls.h"

/* Start the operation, then wait for its completion upcall. */
static returncode_t wait_done(returncode_t started)
{
    return started != RETURNCODE_SUCCESS ? started
                                         : libtocksync_gpio_async_yield_wait_for_generic_command();
}

bool libtocksync_gpio_async_exists(void)
{
    return libtock_gpio_async_driver_exists();
}

returncode_t libtocksync_gpio_async_make_output(uint32_t port, uint8_t pin)
{
    return wait_done(libtock_gpio_async_command_make_output(port, pin));
}

returncode_t libtocksync_gpio_async_set(uint32_t port, uint8_t pin)
{
    return wait_done(libtock_gpio_async_command_set(port, pin));
}

returncode_t libtocksync_gpio_async_clear(uint32_t port, uint8_t pin)
{
    return wait_done(libtock_gpio_async_command_clear(port, pin));
}

returncode_t libtocksync_gpio_async_toggle(uint32_t port, uint8_t pin)
{
    return wait_done(libtock_gpio_async_command_toggle(port, pin));
}

returncode_t libtocksync_gpio_async_make_input(uint32_t port, uint8_t pin,
                                               libtock_gpio_input_mode_t pin_config)
{
    return wait_done(libtock_gpio_async_command_make_input(port, pin, pin_config));
}

returncode_t libtocksync_gpio_async_read(uint32_t port, uint8_t pin, bool *value)
{
    returncode_t ret = libtock_gpio_async_command_read(port, pin);
    return ret != RETURNCODE_SUCCESS ? ret : libtocksync_gpio_async_yield_wait_for_read(value);
}

returncode_t libtocksync_gpio_async_enable_interrupt(uint32_t port, uint8_t pin,
                                                     libtock_gpio_interrupt_mode_t irq_config)
{
    return wait_done(libtock_gpio_async_command_enable_interrupt(port, pin, irq_config));
}

returncode_t libtocksync_gpio_async_disable_interrupt(uint32_t port, uint8_t pin)
{
    return wait_done(libtock_gpio_async_command_disable_interrupt(port, pin));
}

returncode_t libtocksync_gpio_async_disable_sync(uint32_t port, uint8_t pin)
{
    return wait_done(libtock_gpio_async_command_disable(port, pin));
}
