/* USB driver 0x20005 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/syscalls/usb_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.10.
 */
#include "libtock/peripherals/syscalls/usb_syscalls.h"

#include "lth-internal.h"

enum { USB_COMMAND_ENABLE_AND_ATTACH = 1 };

bool libtock_usb_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_USB);
}

returncode_t libtock_usb_set_upcall(subscribe_upcall upcall, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_USB, 0, upcall, opaque);
}

returncode_t libtock_usb_command_enable_and_attach(void)
{
    return lth_command_novalue(DRIVER_NUM_USB, USB_COMMAND_ENABLE_AND_ATTACH, 0, 0);
}
