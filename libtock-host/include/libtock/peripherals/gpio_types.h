/* GPIO pin configuration values shared by libtock and libtock-sync.
 *
 * Same names and values as tock/libtock-c libtock/peripherals/gpio_types.h
 * @497ea7cf; the values are the kernel's command 5 / command 7 arguments
 * (kernel-semantics.md §8.5).
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Command 5 second argument: pull resistor of an input pin. */
typedef enum {
    libtock_pull_none = 0,
    libtock_pull_up = 1,
    libtock_pull_down = 2,
} libtock_gpio_input_mode_t;

/* Command 7 second argument: which edges raise upcall 0. */
typedef enum {
    libtock_change = 0,
    libtock_rising_edge = 1,
    libtock_falling_edge = 2,
} libtock_gpio_interrupt_mode_t;

#ifdef __cplusplus
}
#endif
