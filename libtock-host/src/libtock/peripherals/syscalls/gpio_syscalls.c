/* GPIO driver 0x4 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/gpio_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.5.
 */
#include "libtock/peripherals/syscalls/gpio_syscalls.h"

#include "lth-internal.h"

enum {
    GPIO_COMMAND_ENABLE_OUTPUT = 1,
    GPIO_COMMAND_SET = 2,
    GPIO_COMMAND_CLEAR = 3,
    GPIO_COMMAND_TOGGLE = 4,
    GPIO_COMMAND_ENABLE_INPUT = 5,
    GPIO_COMMAND_READ = 6,
    GPIO_COMMAND_ENABLE_INTERRUPT = 7,
    GPIO_COMMAND_DISABLE_INTERRUPT = 8,
    GPIO_COMMAND_DISABLE = 9,
    GPIO_COMMAND_COUNT = 10,
};

/* The pin-only commands. */
static returncode_t gpio_pin_command(uint32_t command_num, uint32_t pin)
{
    return lth_command_novalue(GPIO_DRIVER_NUM, command_num, (int)pin, 0);
}

bool libtock_gpio_driver_exists(void)
{
    return driver_exists(GPIO_DRIVER_NUM);
}

returncode_t libtock_gpio_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(GPIO_DRIVER_NUM, 0, callback, opaque);
}

returncode_t libtock_gpio_command_count(uint32_t *count)
{
    return lth_command_u32(GPIO_DRIVER_NUM, GPIO_COMMAND_COUNT, 0, 0, count);
}

returncode_t libtock_gpio_command_enable_output(uint32_t pin)
{
    return gpio_pin_command(GPIO_COMMAND_ENABLE_OUTPUT, pin);
}

returncode_t libtock_gpio_command_enable_input(uint32_t pin, uint32_t pin_config)
{
    return lth_command_novalue(GPIO_DRIVER_NUM, GPIO_COMMAND_ENABLE_INPUT, (int)pin,
                               (int)pin_config);
}

returncode_t libtock_gpio_command_set(uint32_t pin)
{
    return gpio_pin_command(GPIO_COMMAND_SET, pin);
}

returncode_t libtock_gpio_command_clear(uint32_t pin)
{
    return gpio_pin_command(GPIO_COMMAND_CLEAR, pin);
}

returncode_t libtock_gpio_command_toggle(uint32_t pin)
{
    return gpio_pin_command(GPIO_COMMAND_TOGGLE, pin);
}

returncode_t libtock_gpio_command_read(uint32_t pin, uint32_t *pin_value)
{
    return lth_command_u32(GPIO_DRIVER_NUM, GPIO_COMMAND_READ, (int)pin, 0, pin_value);
}

returncode_t libtock_gpio_command_enable_interrupt(uint32_t pin, uint32_t irq_config)
{
    return lth_command_novalue(GPIO_DRIVER_NUM, GPIO_COMMAND_ENABLE_INTERRUPT, (int)pin,
                               (int)irq_config);
}

returncode_t libtock_gpio_command_disable_interrupt(uint32_t pin)
{
    return gpio_pin_command(GPIO_COMMAND_DISABLE_INTERRUPT, pin);
}

returncode_t libtock_gpio_command_disable(uint32_t pin)
{
    return gpio_pin_command(GPIO_COMMAND_DISABLE, pin);
}
