/* USB user capsule (driver 0x20005): lets an app enable and attach the USB
 * function.
 *
 * Mirrors tock/tock capsules/extra/src/usb/usb_user.rs @65608d71
 * (UsbSyscallDriver); the syscall interface is in usb_user.c.
 */
#ifndef TK_CAPSULE_USB_USER_H
#define TK_CAPSULE_USB_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "hil/usb.h"

struct tk_usb_user {
    struct tk_driver driver; /* what the board registers */
    struct tk_usb_client *usbc_client;
};

/* Set up `uu` over the USB function `client` (e.g. the CDC-ACM function).
 * `uu->driver` gets number TK_DRIVER_NUM_USB_USER. */
void tk_usb_user_init(struct tk_usb_user *uu, struct tk_usb_client *client);

#endif
