/* USB: enable and attach the board's USB function, with a callback.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/usb.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The status of attaching: RETURNCODE_SUCCESS once attached. */
typedef void (*libtock_usb_callback_attached)(returncode_t);

bool libtock_usb_exists(void);

/* Subscribe `cb`, then ask for enable and attach; `cb` runs in a later
 * yield. Returns the first failing step's code. */
returncode_t libtock_usb_enable_and_attach(libtock_usb_callback_attached cb);

#ifdef __cplusplus
}
#endif
