/* Asynchronous GPIO with callbacks, over the syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/gpio_async.c @497ea7cf.
 */
#include "libtock/peripherals/gpio_async.h"
#include "libtock/peripherals/syscalls/gpio_async_syscalls.h"

/* Upcall 1 is (port, pin, 0); libtock-c hands the callback port 0, the
 * first argument as the pin and `second == 1` as the value, and so do we. */
static void interrupt_upcall(int first, int second, int unused, void *opaque)
{
    (void)unused;
    libtock_gpio_async_callback_interrupt cb = (libtock_gpio_async_callback_interrupt)opaque;
    cb(0, (uint32_t)first, second == 1);
}

static void command_upcall(int unused0, int value, int unused1, void *opaque)
{
    (void)unused0, (void)unused1;
    libtock_gpio_async_callback_command cb = (libtock_gpio_async_callback_command)opaque;
    cb(RETURNCODE_SUCCESS, value != 0);
}

bool libtock_gpio_async_exists(void)
{
    return libtock_gpio_async_driver_exists();
}

returncode_t libtock_gpio_async_set_interrupt_callback(libtock_gpio_async_callback_interrupt cb)
{
    return libtock_gpio_async_set_upcall_interrupt(interrupt_upcall, (void *)cb);
}

/* Subscribe the callback, then start the operation. */
static returncode_t operation(uint32_t port, uint8_t pin, libtock_gpio_async_callback_command cb,
                              returncode_t (*op)(uint32_t, uint8_t))
{
    returncode_t ret = libtock_gpio_async_set_upcall_command(command_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret : op(port, pin);
}

returncode_t libtock_gpio_async_make_output(uint32_t port, uint8_t pin,
                                            libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_make_output);
}

/* libtock-c @497ea7cf swaps these two: clear sends command 2 (set) and set
 * command 3 (clear). An app built on it sees that, so this does too. */
returncode_t libtock_gpio_async_clear(uint32_t port, uint8_t pin,
                                      libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_set);
}

returncode_t libtock_gpio_async_set(uint32_t port, uint8_t pin,
                                    libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_clear);
}

returncode_t libtock_gpio_async_toggle(uint32_t port, uint8_t pin,
                                       libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_toggle);
}

returncode_t libtock_gpio_async_make_input(uint32_t port, uint8_t pin,
                                           libtock_gpio_input_mode_t pin_config,
                                           libtock_gpio_async_callback_command cb)
{
    returncode_t ret = libtock_gpio_async_set_upcall_command(command_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret
                                     : libtock_gpio_async_command_make_input(port, pin, pin_config);
}

returncode_t libtock_gpio_async_read(uint32_t port, uint8_t pin,
                                     libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_read);
}

returncode_t libtock_gpio_async_enable_interrupt(uint32_t port, uint8_t pin,
                                                 libtock_gpio_interrupt_mode_t irq_config,
                                                 libtock_gpio_async_callback_command cb)
{
    returncode_t ret = libtock_gpio_async_set_upcall_command(command_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS
               ? ret
               : libtock_gpio_async_command_enable_interrupt(port, pin, irq_config);
}

returncode_t libtock_gpio_async_disable_interrupt(uint32_t port, uint8_t pin,
                                                  libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_disable_interrupt);
}

returncode_t libtock_gpio_async_disable(uint32_t port, uint8_t pin,
                                        libtock_gpio_async_callback_command cb)
{
    return operation(port, pin, cb, libtock_gpio_async_command_disable);
}
