/* Buzzer HIL: play a tone of a frequency for a duration, or stop it.
 *
 * Mirrors tock/tock kernel/src/hil/buzzer.rs @65608d71 (Buzzer,
 * BuzzerClient). buzzer_done comes when the tone ends or is stopped, from
 * the kernel loop.
 */
#ifndef TK_HIL_BUZZER_H
#define TK_HIL_BUZZER_H

#include <stdint.h>

struct tk_buzzer_client {
    /* The tone ended or was stopped: 0 or an ErrorCode. */
    void (*buzzer_done)(struct tk_buzzer_client *c, int status);
};

struct tk_buzzer;

struct tk_buzzer_ops {
    /* Play `frequency_hz` for `duration_ms` (replacing a tone that plays):
     * 0 or TK_FAIL. */
    int (*buzz)(struct tk_buzzer *b, uint32_t frequency_hz, uint32_t duration_ms);
    /* Stop: 0 (buzzer_done follows), TK_FAIL, TK_OFF (nothing playing). */
    int (*stop)(struct tk_buzzer *b);
};

struct tk_buzzer {
    const struct tk_buzzer_ops *ops;
    struct tk_buzzer_client *client;
};

#endif
