/* USB: enable and attach with a callback.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/usb.c @497ea7cf.
 */
#include "libtock/peripherals/usb.h"
#include "libtock/peripherals/syscalls/usb_syscalls.h"

static void usb_upcall(int status, int unused1, int unused2, void *opaque)
{
    (void)unused1, (void)unused2;
    libtock_usb_callback_attached cb = (libtock_usb_callback_attached)opaque;
    cb(tock_status_to_returncode((statuscode_t)status));
}

bool libtock_usb_exists(void)
{
    return libtock_usb_driver_exists();
}

returncode_t libtock_usb_enable_and_attach(libtock_usb_callback_attached cb)
{
    returncode_t err = libtock_usb_set_upcall(usb_upcall, (void *)cb);
    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtock_usb_command_enable_and_attach();
}
