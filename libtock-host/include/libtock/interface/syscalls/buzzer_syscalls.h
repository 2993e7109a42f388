/* Buzzer driver 0x90000: one-to-one wrappers.
 *
 * Same names and signatures as tock/libtock-c
 * libtock/interface/syscalls/buzzer_syscalls.h @497ea7cf. Kernel side:
 * capsules/extra/src/buzzer_driver.rs: command 1 (frequency, duration)
 * plays a tone, upcall 0 (status) when it ends.
 */
#pragma once

#include "../../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_BUZZER 0x90000

bool libtock_buzzer_driver_exists(void);
/* Subscribe 0: the tone ended. */
returncode_t libtock_buzzer_set_upcall(subscribe_upcall callback, void *opaque);
/* Command 1: play, or wait in line while another app's tone plays. */
returncode_t libtock_buzzer_command_tone(uint32_t frequency_hz, uint32_t duration_ms);

#ifdef __cplusplus
}
#endif
