/* LED API (no upcalls, so the "async" and sync layers coincide).
 *
 * Same names and signatures as tock/libtock-c libtock/interface/led.h
 * @497ea7cf. Results are those of led_syscalls.h.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

bool libtock_led_exists(void);
returncode_t libtock_led_count(int *count);
returncode_t libtock_led_on(int led_num);
returncode_t libtock_led_off(int led_num);
returncode_t libtock_led_toggle(int led_num);

#ifdef __cplusplus
}
#endif
