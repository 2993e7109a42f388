/* USB, blocking: enable, attach, wait.
 *
 * Counterpart: tock/libtock-c libtock-sync/peripherals/usb.c @497ea7cf.
 */
#include "libtock-sync/peripherals/usb.h"
#include "libtock-sync/peripherals/syscalls/usb_syscalls.h"

bool libtocksync_usb_exists(void)
{
    return libtock_usb_driver_exists();
}

returncode_t libtocksync_usb_enable_and_attach(void)
{
    returncode_t err = libtock_usb_command_enable_and_attach();
    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_usb_yield_wait_for();
}
