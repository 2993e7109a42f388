/* Blocking button API.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/interface/button.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/tock.h>

#include "syscalls/button_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_button_exists(void);
returncode_t libtocksync_button_count(int *count);
returncode_t libtocksync_button_read(int button_num, int *button_value);

/* Enables button_num's interrupt and blocks until it is next pressed
 * (releases and other buttons are skipped). The interrupt stays enabled, as
 * in libtock-c. */
returncode_t libtocksync_button_wait_for_press(int button_num);

#ifdef __cplusplus
}
#endif
