/* Blocking wait for the USB driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/peripherals/syscalls/usb_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/peripherals/syscalls/usb_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x20005, 0); the upcall's status as a returncode. */
returncode_t libtocksync_usb_yield_wait_for(void);

#ifdef __cplusplus
}
#endif
