/* Blocking button API.
 *
 * Counterpart: tock/libtock-c libtock-sync/interface/button.c @497ea7cf.
 */
#include "libtock-sync/interface/button.h"

bool libtocksync_button_exists(void)
{
    return libtock_button_driver_exists();
}

returncode_t libtocksync_button_count(int *count)
{
    return libtock_button_command_count(count);
}

returncode_t libtocksync_button_read(int button_num, int *button_value)
{
    return libtock_button_command_read(button_num, button_value);
}

returncode_t libtocksync_button_wait_for_press(int button_num)
{
    returncode_t ret = libtock_button_command_enable_interrupt(button_num);
    int index;
    bool pressed;

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    /* The upcall also reports releases and other enabled buttons. */
    do {
        libtocksync_button_yield_wait_for(&index, &pressed);
    } while (!pressed || index != button_num);
    return RETURNCODE_SUCCESS;
}
