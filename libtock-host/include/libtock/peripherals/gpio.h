/* GPIO API with an interrupt callback.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/gpio.h
 * @497ea7cf. Results are those of gpio_syscalls.h.
 */
#pragma once

#include "../tock.h"
#include "gpio_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called with (pin, level is high) for each GPIO interrupt. */
typedef void (*libtock_gpio_callback_interrupt)(uint32_t, bool);

bool libtock_gpio_exists(void);
returncode_t libtock_gpio_count(int *count);

/* Makes cb the process's GPIO interrupt callback (one for all pins). */
returncode_t libtock_gpio_set_interrupt_callback(libtock_gpio_callback_interrupt cb);

returncode_t libtock_gpio_enable_input(uint32_t pin, libtock_gpio_input_mode_t pin_config);
returncode_t libtock_gpio_enable_output(uint32_t pin);
returncode_t libtock_gpio_set(uint32_t pin);
returncode_t libtock_gpio_clear(uint32_t pin);
returncode_t libtock_gpio_toggle(uint32_t pin);

/* *pin_value = 0 or 1. */
returncode_t libtock_gpio_read(uint32_t pin, int *pin_value);

/* The callback comes from libtock_gpio_set_interrupt_callback(). */
returncode_t libtock_gpio_enable_interrupt(uint32_t pin, libtock_gpio_interrupt_mode_t irq_config);
returncode_t libtock_gpio_disable_interrupt(uint32_t pin);

/* Puts pin into its lowest-power state. */
returncode_t libtock_gpio_disable(uint32_t pin);

#ifdef __cplusplus
}
#endif
