/* Buzzer API with a completion callback.
 *
 * Same names and signatures as tock/libtock-c libtock/interface/buzzer.h
 * @497ea7cf.
 */
#pragma once

#include "../tock.h"
#include "buzzer_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called when the tone has finished. */
typedef void (*libtock_buzzer_done_callback)(void);

bool libtock_buzzer_exists(void);
/* Play frequency_hz for duration_ms; cb runs when the tone has played. */
returncode_t libtock_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms,
                                 libtock_buzzer_done_callback cb);

#ifdef __cplusplus
}
#endif
