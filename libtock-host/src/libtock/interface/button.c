/* Button API: callback delivery of button upcalls.
 *
 * Counterpart: tock/libtock-c libtock/interface/button.c @497ea7cf.
 */
#include "libtock/interface/button.h"

#include "libtock/interface/syscalls/button_syscalls.h"

/* Upcall 0 is (button index, 1 pressed / 0 released, 0); the user's
 * callback rides in the userdata pointer. */
static void button_upcall(int button_index, int pressed, int unused, void *userdata)
{
    libtock_button_callback cb = (libtock_button_callback)userdata;

    (void)unused;
    cb(RETURNCODE_SUCCESS, button_index, pressed == 1);
}

bool libtock_button_exists(void)
{
    return libtock_button_driver_exists();
}

returncode_t libtock_button_read(int button_num, int *button_value)
{
    return libtock_button_command_read(button_num, button_value);
}

returncode_t libtock_button_count(int *count)
{
    return libtock_button_command_count(count);
}

returncode_t libtock_button_notify_on_press(int button_num, libtock_button_callback cb)
{
    returncode_t ret = libtock_button_set_upcall(button_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_button_command_enable_interrupt(button_num);
}
