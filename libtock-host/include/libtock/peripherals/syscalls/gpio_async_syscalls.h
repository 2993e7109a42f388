/* Asynchronous GPIO driver 0x80003: wrappers of its subscribes and commands.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/syscalls/gpio_async_syscalls.h
 * @497ea7cf.
 */
#pragma once

#include "../../tock.h"
#include "../gpio_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_GPIO_ASYNC 0x80003

/* Command 0 answers NOSUPPORT at the kernel this mirrors (emu/capsules/
 * gpio_async.c), so this is false on Tock and here alike. */
bool libtock_gpio_async_driver_exists(void);
/* Subscribe 0: (0, value, 0) when an operation is done. */
returncode_t libtock_gpio_async_set_upcall_command(subscribe_upcall callback, void *opaque);
/* Subscribe 1: (port, pin, 0) on an interrupt. */
returncode_t libtock_gpio_async_set_upcall_interrupt(subscribe_upcall callback, void *opaque);
returncode_t libtock_gpio_async_command_make_output(uint32_t port, uint8_t pin);
returncode_t libtock_gpio_async_command_set(uint32_t port, uint8_t pin);
returncode_t libtock_gpio_async_command_clear(uint32_t port, uint8_t pin);
returncode_t libtock_gpio_async_command_toggle(uint32_t port, uint8_t pin);
returncode_t libtock_gpio_async_command_make_input(uint32_t port, uint8_t pin,
                                                   libtock_gpio_input_mode_t pin_config);
returncode_t libtock_gpio_async_command_read(uint32_t port, uint8_t pin);
returncode_t libtock_gpio_async_command_enable_interrupt(uint32_t port, uint8_t pin,
                                                         libtock_gpio_interrupt_mode_t irq_config);
returncode_t libtock_gpio_async_command_disable_interrupt(uint32_t port, uint8_t pin);
returncode_t libtock_gpio_async_command_disable(uint32_t port, uint8_t pin);

#ifdef __cplusplus
}
#endif
