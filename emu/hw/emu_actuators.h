/* Buzzer and servo models: actuators whose state shows in the trace.
 *
 * The buzzer plays Tock's PwmBuzzer (capsules/extra/src/buzzer_pwm.rs): a
 * tone is a PWM at the frequency for the duration (cut to
 * EMU_BUZZER_MAX_DURATION_MS) on the virtual clock; a new tone replaces the
 * one playing; stop ends it at once; either way buzzer_done follows. The
 * servos play Tock's SG90 (capsules/extra/src/sg90.rs): angles 0..180,
 * anything above is INVAL, and the servo cannot report its angle
 * (NOSUPPORT). Each change is a pins event (pins.h: `buzzer 0 tone 440 Hz`,
 * `buzzer 0 off`, `servo N angle A`), so it reaches the trace and the
 * harness like an LED does.
 */
#ifndef EMU_HW_EMU_ACTUATORS_H
#define EMU_HW_EMU_ACTUATORS_H

#include <stdbool.h>
#include <stdint.h>

#include "hil/buzzer.h"
#include "hil/servo.h"
#include "kernel.h"
#include "pins.h"

#define EMU_BUZZER_MAX_DURATION_MS 5000 /* buzzer_pwm.rs DEFAULT_MAX_BUZZ_TIME_MS */
#define EMU_SERVO_MAX_ANGLE        180
#define EMU_SERVOS                 1 /* the micro:bit's one SG90 */

struct emu_buzzer {
    struct tk_buzzer hil;
    struct tk_kernel *kernel;
    struct emu_pins *pins; /* where its events go */
    bool playing;
    struct tk_deadline end; /* the tone's end (or now, for a stop) */
};

struct emu_servo {
    struct tk_servo hil;
    struct emu_pins *pins;
    unsigned index;
    bool has_angle;
    uint16_t angle;
};

void emu_buzzer_init(struct emu_buzzer *m, struct tk_kernel *k, struct emu_pins *pins);
/* Disarm the tone's end (the board goes before the kernel's clock). */
void emu_buzzer_fini(struct emu_buzzer *m);
void emu_servo_init(struct emu_servo *m, struct emu_pins *pins, unsigned index);

#endif
