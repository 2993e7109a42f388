/* heartbeat: toggle an LED every period and count the beats.
 *
 * The library under test in examples/harness/periodic: built on libtock-c's
 * repeating millisecond alarm, so a test can check it across an hour of
 * virtual time.
 */
#ifndef HEARTBEAT_H
#define HEARTBEAT_H

#include <stdint.h>

/* Start beating every `period_ms` on LED `led`; `on_beat(n)` (may be NULL)
 * runs after beat n (1, 2, ...). */
void heartbeat_start(uint32_t period_ms, int led, void (*on_beat)(uint32_t n));
uint32_t heartbeat_count(void);

#endif
