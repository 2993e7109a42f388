/* Blocking GPIO API.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/gpio.c @497ea7cf.
 */
#include "libtock-sync/peripherals/gpio.h"

#include "libtock-sync/peripherals/syscalls/gpio_syscalls.h"

/* Does the interrupt (pin level `high`) satisfy a wait for `mode`? */
static bool edge_matches(libtock_gpio_interrupt_mode_t mode, bool high)
{
    switch (mode) {
    case libtock_rising_edge:
        return high;
    case libtock_falling_edge:
        return !high;
    case libtock_change:
        break;
    }
    return true;
}

static returncode_t wait_until(uint32_t pin, libtock_gpio_input_mode_t pin_config,
                               libtock_gpio_interrupt_mode_t mode)
{
    returncode_t ret = libtock_gpio_command_enable_input(pin, (uint32_t)pin_config);
    uint32_t irq_pin;
    bool high;

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_gpio_command_enable_interrupt(pin, (uint32_t)mode);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    /* Interrupts of every pin reach every process with a GPIO grant. */
    do {
        libtocksync_gpio_yield_wait_for(&irq_pin, &high);
    } while (irq_pin != pin || !edge_matches(mode, high));
    return RETURNCODE_SUCCESS;
}

bool libtocksync_gpio_exists(void)
{
    return libtock_gpio_driver_exists();
}

returncode_t libtocksync_gpio_count(int *count)
{
    return libtock_gpio_command_count((uint32_t *)count);
}

returncode_t libtocksync_gpio_enable_output(uint32_t pin)
{
    return libtock_gpio_command_enable_output(pin);
}

returncode_t libtocksync_gpio_enable_input(uint32_t pin, libtock_gpio_input_mode_t pin_config)
{
    return libtock_gpio_command_enable_input(pin, (uint32_t)pin_config);
}

returncode_t libtocksync_gpio_set(uint32_t pin)
{
    return libtock_gpio_command_set(pin);
}

returncode_t libtocksync_gpio_clear(uint32_t pin)
{
    return libtock_gpio_command_clear(pin);
}

returncode_t libtocksync_gpio_toggle(uint32_t pin)
{
    return libtock_gpio_command_toggle(pin);
}

returncode_t libtocksync_gpio_read(uint32_t pin, int *pin_value)
{
    return libtock_gpio_command_read(pin, (uint32_t *)pin_value);
}

returncode_t libtocksync_gpio_wait_until_high(uint32_t pin, libtock_gpio_input_mode_t pin_config)
{
    return wait_until(pin, pin_config, libtock_rising_edge);
}

returncode_t libtocksync_gpio_wait_until_low(uint32_t pin, libtock_gpio_input_mode_t pin_config)
{
    return wait_until(pin, pin_config, libtock_falling_edge);
}

returncode_t libtocksync_gpio_wait_until_changed(uint32_t pin, libtock_gpio_input_mode_t pin_config)
{
    return wait_until(pin, pin_config, libtock_change);
}
