/* Asynchronous GPIO driver 0x80003 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/gpio_async_syscalls.c @497ea7cf.
 */
#include "libtock/peripherals/syscalls/gpio_async_syscalls.h"

#include "lth-internal.h"

/* arg1: the port in bits 0..15, a command's value in bits 16..31. */
static int port_and_value(uint32_t port, uint32_t value)
{
    return (int)(((value & 0xFFFF) << 16) | (port & 0xFFFF));
}

bool libtock_gpio_async_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_GPIO_ASYNC);
}

returncode_t libtock_gpio_async_set_upcall_command(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_GPIO_ASYNC, 0, callback, opaque);
}

returncode_t libtock_gpio_async_set_upcall_interrupt(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_GPIO_ASYNC, 1, callback, opaque);
}

static returncode_t pin_command(uint32_t command_num, uint32_t port, uint8_t pin, uint32_t value)
{
    return lth_command_novalue(DRIVER_NUM_GPIO_ASYNC, command_num, pin,
                               port_and_value(port, value));
}

returncode_t libtock_gpio_async_command_make_output(uint32_t port, uint8_t pin)
{
    return pin_command(1, port, pin, 0);
}

returncode_t libtock_gpio_async_command_set(uint32_t port, uint8_t pin)
{
    return pin_command(2, port, pin, 0);
}

returncode_t libtock_gpio_async_command_clear(uint32_t port, uint8_t pin)
{
    return pin_command(3, port, pin, 0);
}

returncode_t libtock_gpio_async_command_toggle(uint32_t port, uint8_t pin)
{
    return pin_command(4, port, pin, 0);
}

returncode_t libtock_gpio_async_command_make_input(uint32_t port, uint8_t pin,
                                                   libtock_gpio_input_mode_t pin_config)
{
    return pin_command(5, port, pin, (uint32_t)pin_config);
}

returncode_t libtock_gpio_async_command_read(uint32_t port, uint8_t pin)
{
    return pin_command(6, port, pin, 0);
}

returncode_t libtock_gpio_async_command_enable_interrupt(uint32_t port, uint8_t pin,
                                                         libtock_gpio_interrupt_mode_t irq_config)
{
    return pin_command(7, port, pin, (uint32_t)irq_config);
}

returncode_t libtock_gpio_async_command_disable_interrupt(uint32_t port, uint8_t pin)
{
    return pin_command(8, port, pin, 0);
}

returncode_t libtock_gpio_async_command_disable(uint32_t port, uint8_t pin)
{
    return pin_command(9, port, pin, 0);
}
