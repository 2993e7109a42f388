/* USB driver 0x20005: one-to-one wrappers of its subscribe and command.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/peripherals/syscalls/usb_syscalls.h @497ea7cf. Kernel side:
 * kernel-semantics.md §8.10: command 1 enables and attaches the USB function,
 * upcall 0 is (status, 0, 0), scheduled during the command.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_USB 0x20005

bool libtock_usb_driver_exists(void);

/* Subscribe 0: attached. */
returncode_t libtock_usb_set_upcall(subscribe_upcall upcall, void *opaque);

/* Command 1: enable the controller and attach to the bus. */
returncode_t libtock_usb_command_enable_and_attach(void);

#ifdef __cplusplus
}
#endif
