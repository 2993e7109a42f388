/* GPIO driver 0x4: one-to-one wrappers of its commands and subscribe.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/peripherals/syscalls/gpio_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.5: a pin index past the slots gives
 * RETURNCODE_EINVAL, an empty slot RETURNCODE_ENODEVICE. Upcall 0 is
 * (pin, level, 0) and goes to every process with a GPIO grant.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GPIO_DRIVER_NUM 0x4

bool libtock_gpio_driver_exists(void);

/* Subscribe 0: pin interrupts. */
returncode_t libtock_gpio_set_upcall(subscribe_upcall callback, void *opaque);

/* Command 10: *count = number of pin slots. */
returncode_t libtock_gpio_command_count(uint32_t *count);

/* Command 1: make pin an output. */
returncode_t libtock_gpio_command_enable_output(uint32_t pin);

/* Command 5: make pin an input; pin_config is a libtock_gpio_input_mode_t,
 * other values give RETURNCODE_ENOSUPPORT. */
returncode_t libtock_gpio_command_enable_input(uint32_t pin, uint32_t pin_config);

/* Commands 2, 3, 4: drive an output pin high, low, or invert it. */
returncode_t libtock_gpio_command_set(uint32_t pin);
returncode_t libtock_gpio_command_clear(uint32_t pin);
returncode_t libtock_gpio_command_toggle(uint32_t pin);

/* Command 6: *pin_value = pin level, 0 or 1. */
returncode_t libtock_gpio_command_read(uint32_t pin, uint32_t *pin_value);

/* Command 7: irq_config is a libtock_gpio_interrupt_mode_t. */
returncode_t libtock_gpio_command_enable_interrupt(uint32_t pin, uint32_t irq_config);

/* Command 8: disable interrupts on pin. */
returncode_t libtock_gpio_command_disable_interrupt(uint32_t pin);

/* Command 9: deactivate pin to its low-power state. */
returncode_t libtock_gpio_command_disable(uint32_t pin);

#ifdef __cplusplus
}
#endif
