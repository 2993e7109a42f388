/* Asynchronous GPIO (I/O expander pins) with callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/gpio_async.h @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "gpio_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*libtock_gpio_async_callback_interrupt)(uint32_t, uint32_t, bool);
typedef void (*libtock_gpio_async_callback_command)(returncode_t, bool);

bool libtock_gpio_async_exists(void);
returncode_t libtock_gpio_async_set_interrupt_callback(libtock_gpio_async_callback_interrupt cb);
returncode_t libtock_gpio_async_make_output(uint32_t port, uint8_t pin,
                                            libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_clear(uint32_t port, uint8_t pin,
                                      libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_set(uint32_t port, uint8_t pin,
                                    libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_toggle(uint32_t port, uint8_t pin,
                                       libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_make_input(uint32_t port, uint8_t pin,
                                           libtock_gpio_input_mode_t pin_config,
                                           libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_read(uint32_t port, uint8_t pin,
                                     libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_enable_interrupt(uint32_t port, uint8_t pin,
                                                 libtock_gpio_interrupt_mode_t irq_config,
                                                 libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_disable_interrupt(uint32_t port, uint8_t pin,
                                                  libtock_gpio_async_callback_command cb);
returncode_t libtock_gpio_async_disable(uint32_t port, uint8_t pin,
                                        libtock_gpio_async_callback_command cb);

#ifdef __cplusplus
}
#endif
