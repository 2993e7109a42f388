/* Blocking waits for the screen driver's upcall.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/display/syscalls/screen_syscalls.h @497ea7cf.
 */
#pragma once

#include <libtock/display/screen_types.h>
#include <libtock/display/syscalls/screen_syscalls.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Yield-WaitFor (0x90001, 0); the command's status. */
returncode_t libtocksync_screen_yield_wait_for(void);
/* The same, with data1 as a pixel format or a rotation. */
returncode_t libtocksync_screen_yield_wait_for_format(libtock_screen_format_t *format);
returncode_t libtocksync_screen_yield_wait_for_rotation(libtock_screen_rotation_t *rotation);

#ifdef __cplusplus
}
#endif
