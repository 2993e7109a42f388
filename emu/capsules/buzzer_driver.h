/* Buzzer capsule (driver 0x90000): apps play tones, one at a time.
 *
 * Mirrors tock/tock capsules/extra/src/buzzer_driver.rs @65608d71 (Buzzer);
 * the syscall interface is in buzzer_driver.c.
 */
#ifndef TK_CAPSULE_BUZZER_DRIVER_H
#define TK_CAPSULE_BUZZER_DRIVER_H

#include <stdbool.h>

#include "driver.h"
#include "hil/buzzer.h"

/* DEFAULT_MAX_BUZZ_TIME_MS: longer tones are cut to this. */
#define TK_BUZZER_MAX_DURATION_MS 5000

struct tk_buzzer_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_buzzer_client client;
    struct tk_buzzer *buzzer;
    bool has_active;    /* active_app is Some */
    uint32_t active_id; /* its ProcessId */
    uint32_t max_duration_ms;
};

/* Set up `d` over `buzzer`, becoming its client; number TK_DRIVER_NUM_BUZZER;
 * tones last at most TK_BUZZER_MAX_DURATION_MS. */
void tk_buzzer_driver_init(struct tk_buzzer_driver *d, struct tk_buzzer *buzzer);

#endif
