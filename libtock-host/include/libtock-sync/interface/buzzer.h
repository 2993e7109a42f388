/* Blocking buzzer API.
 *
 * Same names and signatures as tock/libtock-c libtock-sync/interface/buzzer.h
 * @497ea7cf.
 */
#pragma once

#include <libtock/interface/buzzer_types.h>
#include <libtock/interface/syscalls/buzzer_syscalls.h>
#include <libtock/tock.h>

#include "syscalls/buzzer_syscalls.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtocksync_buzzer_exists(void);
/* Play frequency_hz for duration_ms and return when it has played. As on a
 * Tock board, the tone's end only reaches an app that has the driver's grant
 * (it subscribed to it before): the first tone of an app that never did
 * waits for ever (capsules/extra/src/buzzer_driver.rs). */
returncode_t libtocksync_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms);

#ifdef __cplusplus
}
#endif
