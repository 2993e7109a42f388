/* Buzzer and servo models (see emu_actuators.h).
 *
 * Stand for tock/tock capsules/extra/src/buzzer_pwm.rs (PwmBuzzer over a
 * PWM pin and an alarm) and sg90.rs (Sg90 over a PWM pin) @65608d71; what
 * the PWM would drive is reported as a pins event instead.
 */
#include "emu_actuators.h"

#include "container_of.h"
#include "errorcode.h"

#define NS_PER_MS 1000000ull

/* The alarm: the PWM stops and the client hears of it. */
static void buzzer_end(struct tk_deadline *dl)
{
    struct emu_buzzer *m = dl->owner;
    m->playing = false;
    emu_pins_report(m->pins, EMU_PIN_BUZZER, 0, 0);
    m->hil.client->buzzer_done(m->hil.client, 0);
}

static int buzzer_buzz(struct tk_buzzer *b, uint32_t frequency_hz, uint32_t duration_ms)
{
    struct emu_buzzer *m = tk_container_of(b, struct emu_buzzer, hil);
    if (duration_ms > EMU_BUZZER_MAX_DURATION_MS)
        duration_ms = EMU_BUZZER_MAX_DURATION_MS;
    m->playing = true;
    emu_pins_report(m->pins, EMU_PIN_BUZZER, 0, frequency_hz);
    tk_deadline_disarm(m->kernel, &m->end);
    tk_deadline_arm(m->kernel, &m->end, tk_kernel_now(m->kernel) + duration_ms * NS_PER_MS);
    return 0;
}

/* PwmBuzzer::stop sets its alarm to fire now: buzzer_done follows. */
static int buzzer_stop(struct tk_buzzer *b)
{
    struct emu_buzzer *m = tk_container_of(b, struct emu_buzzer, hil);
    tk_deadline_disarm(m->kernel, &m->end);
    tk_deadline_arm(m->kernel, &m->end, tk_kernel_now(m->kernel));
    return 0;
}

static const struct tk_buzzer_ops buzzer_ops = {
    .buzz = buzzer_buzz,
    .stop = buzzer_stop,
};

void emu_buzzer_init(struct emu_buzzer *m, struct tk_kernel *k, struct emu_pins *pins)
{
    *m = (struct emu_buzzer){
        .hil = {.ops = &buzzer_ops},
        .kernel = k,
        .pins = pins,
        .end = {.fire = buzzer_end, .owner = m},
    };
}

void emu_buzzer_fini(struct emu_buzzer *m)
{
    tk_deadline_disarm(m->kernel, &m->end);
}

static int servo_set_angle(struct tk_servo *s, uint16_t angle)
{
    struct emu_servo *m = tk_container_of(s, struct emu_servo, hil);
    if (angle > EMU_SERVO_MAX_ANGLE)
        return TK_INVAL;
    if (!m->has_angle || m->angle != angle)
        emu_pins_report(m->pins, EMU_PIN_SERVO, m->index, angle);
    m->has_angle = true;
    m->angle = angle;
    return 0;
}

/* Sg90::get_angle: the SG90 has no feedback wire. */
static int servo_get_angle(struct tk_servo *s, uint32_t *angle)
{
    (void)s, (void)angle;
    return TK_NOSUPPORT;
}

static const struct tk_servo_ops servo_ops = {
    .set_angle = servo_set_angle,
    .get_angle = servo_get_angle,
};

void emu_servo_init(struct emu_servo *m, struct emu_pins *pins, unsigned index)
{
    *m = (struct emu_servo){.hil = {.ops = &servo_ops}, .pins = pins, .index = index};
}
