/* DAC model: the SAM4L DACC's one output, in codes, shown in the trace.
 *
 * Plays tock/tock chips/sam4l/src/dac.rs @65608d71 behind hil/dac.h: a
 * value is written to the 10-bit DATA field of the conversion register,
 * so bits above the converter's are dropped, as the register does. Every
 * set is a `device` trace event `dac VALUE`, even an unchanged value (a
 * waveform repeats values).
 */
#include "devices.h"

static int dac_set_value(struct tk_dac *dac, uint32_t value)
{
    struct emu_dac *m = dac->state;
    m->value = value & ((1u << m->bits) - 1);
    m->sets++;
    tk_kernel_device_event(m->kernel, "dac %u", (unsigned)m->value);
    return 0;
}

static const struct tk_dac_ops dac_ops = {.set_value = dac_set_value};

void emu_dac_init(struct emu_dac *m, struct tk_kernel *k, unsigned bits)
{
    *m = (struct emu_dac){
        .hil = {.ops = &dac_ops, .state = m},
        .kernel = k,
        .bits = bits >= 1 && bits <= 16 ? bits : 10,
    };
}
