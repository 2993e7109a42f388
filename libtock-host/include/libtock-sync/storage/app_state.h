/* Blocking app state save.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/storage/app_state.h.
 */
#pragma once

#include <libtock/storage/app_state.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Write the RAM copy to flash and wait until it is there. */
returncode_t libtocksync_app_state_save(void);

#ifdef __cplusplus
}
#endif
