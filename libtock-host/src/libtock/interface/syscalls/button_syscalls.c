/* Button driver 0x3 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/interface/syscalls/button_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.4.
 */
#include "libtock/interface/syscalls/button_syscalls.h"

#include "lth-internal.h"

enum {
    BUTTON_COMMAND_COUNT = 0,
    BUTTON_COMMAND_ENABLE_INTERRUPT = 1,
    BUTTON_COMMAND_DISABLE_INTERRUPT = 2,
    BUTTON_COMMAND_READ = 3,
};

bool libtock_button_driver_exists(void)
{
    /* As libtock-c: a board with zero buttons counts as having no driver. */
    int count;

    return libtock_button_command_count(&count) == RETURNCODE_SUCCESS && count > 0;
}

returncode_t libtock_button_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_BUTTON, 0, callback, opaque);
}

returncode_t libtock_button_command_count(int *count)
{
    return lth_command_u32(DRIVER_NUM_BUTTON, BUTTON_COMMAND_COUNT, 0, 0, (uint32_t *)count);
}

returncode_t libtock_button_command_enable_interrupt(int button_num)
{
    return lth_command_novalue(DRIVER_NUM_BUTTON, BUTTON_COMMAND_ENABLE_INTERRUPT, button_num, 0);
}

returncode_t libtock_button_command_disable_interrupt(int button_num)
{
    return lth_command_novalue(DRIVER_NUM_BUTTON, BUTTON_COMMAND_DISABLE_INTERRUPT, button_num, 0);
}

returncode_t libtock_button_command_read(int button_num, int *button_value)
{
    return lth_command_u32(DRIVER_NUM_BUTTON, BUTTON_COMMAND_READ, button_num, 0,
                           (uint32_t *)button_value);
}
