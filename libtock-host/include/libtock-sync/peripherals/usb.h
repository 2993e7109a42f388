/* USB, blocking: enable and attach, and wait until attached.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/peripherals/usb.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_usb_exists(void);

/* Enable and attach the USB function and wait for the driver's upcall. */
returncode_t libtocksync_usb_enable_and_attach(void);

#ifdef __cplusplus
}
#endif
