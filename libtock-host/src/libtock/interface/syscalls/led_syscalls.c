/* LED driver 0x2 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/interface/syscalls/led_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.3.
 */
#include "libtock/interface/syscalls/led_syscalls.h"

#include "lth-internal.h"

enum {
    LED_COMMAND_COUNT = 0,
    LED_COMMAND_ON = 1,
    LED_COMMAND_OFF = 2,
    LED_COMMAND_TOGGLE = 3,
};

bool libtock_led_driver_exists(void)
{
    /* As libtock-c: a board with zero LEDs counts as having no driver. */
    int count;

    return libtock_led_command_count(&count) == RETURNCODE_SUCCESS && count > 0;
}

returncode_t libtock_led_command_count(int *count)
{
    return lth_command_u32(DRIVER_NUM_LED, LED_COMMAND_COUNT, 0, 0, (uint32_t *)count);
}

returncode_t libtock_led_command_on(int led_num)
{
    return lth_command_novalue(DRIVER_NUM_LED, LED_COMMAND_ON, led_num, 0);
}

returncode_t libtock_led_command_off(int led_num)
{
    return lth_command_novalue(DRIVER_NUM_LED, LED_COMMAND_OFF, led_num, 0);
}

returncode_t libtock_led_command_toggle(int led_num)
{
    return lth_command_novalue(DRIVER_NUM_LED, LED_COMMAND_TOGGLE, led_num, 0);
}
