/* ADC model: conversions on the virtual clock, codes from timed inputs.
 *
 * Owns the channels' codes, the sampling schedule and the `adc` scenario
 * action (see emu_adc.h). Plays kernel/src/hil/adc.rs @65608d71's Adc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu_adc.h"

static void adc_fire_sample(struct tk_deadline *dl)
{
    struct emu_adc *m = dl->owner;
    if (!m->sampling)
        return;
    if (m->buffer != NULL) {
        uint16_t *buffer = m->buffer;
        m->buffer = NULL;
        m->sampling = false;
        for (size_t i = 0; i < m->buffer_len; i++)
            buffer[i] = (uint16_t)(m->code[m->channel] << (16 - EMU_ADC_BITS));
        m->samples += m->buffer_len;
        if (m->hil.client != NULL && m->hil.client->samples_ready != NULL)
            m->hil.client->samples_ready(m->hil.client, buffer, m->buffer_len);
        return;
    }
    if (m->continuous)
        tk_deadline_arm(m->kernel, &m->sample_deadline, tk_kernel_now(m->kernel) + m->period_ns);
    else
        m->sampling = false;
    m->samples++;
    uint16_t sample = (uint16_t)(m->code[m->channel] << (16 - EMU_ADC_BITS));
    if (m->hil.client != NULL)
        m->hil.client->sample_ready(m->hil.client, sample);
}

static int adc_begin(struct emu_adc *m, unsigned channel, bool continuous, uint64_t after_ns)
{
    if (m->sampling)
        return TK_BUSY;
    if (channel >= EMU_ADC_CHANNELS)
        return TK_INVAL;
    m->sampling = true;
    m->continuous = continuous;
    m->channel = channel;
    tk_deadline_arm(m->kernel, &m->sample_deadline, tk_kernel_now(m->kernel) + after_ns);
    return 0;
}

static int adc_sample(struct tk_adc *a, unsigned channel)
{
    return adc_begin(a->state, channel, false, EMU_ADC_LATENCY_NS);
}

static int adc_sample_continuous(struct tk_adc *a, unsigned channel, uint32_t frequency_hz)
{
    struct emu_adc *m = a->state;
    if (frequency_hz == 0 || frequency_hz > EMU_ADC_MAX_HZ)
        return TK_INVAL;
    m->period_ns = 1000000000ull / frequency_hz;
    return adc_begin(m, channel, true, m->period_ns);
}

static int adc_sample_buffer(struct tk_adc *a, unsigned channel, uint32_t frequency_hz,
                             uint16_t *buffer, size_t len)
{
    struct emu_adc *m = a->state;
    if (frequency_hz == 0 || frequency_hz > EMU_ADC_MAX_HZ)
        return TK_INVAL;
    uint64_t period_ns = 1000000000ull / frequency_hz;
    int rc = adc_begin(m, channel, false, period_ns * len);
    if (rc == 0) {
        m->period_ns = period_ns;
        m->buffer = buffer;
        m->buffer_len = len;
    }
    return rc;
}

static int adc_stop(struct tk_adc *a)
{
    struct emu_adc *m = a->state;
    m->sampling = false;
    m->buffer = NULL;
    tk_deadline_disarm(m->kernel, &m->sample_deadline);
    return 0;
}

static unsigned adc_bits(struct tk_adc *a)
{
    (void)a;
    return EMU_ADC_BITS;
}

static unsigned adc_reference(struct tk_adc *a)
{
    (void)a;
    return EMU_ADC_REF_MV;
}

static const struct tk_adc_ops adc_ops = {
    adc_sample, adc_sample_continuous, adc_stop, adc_bits, adc_reference, adc_sample_buffer,
};

/* ---- timed inputs ---------------------------------------------------------- */

_Static_assert(offsetof(struct emu_adc_input, at_ns) == 0, "a timed-input queue element");

static void adc_fire_inputs(struct tk_deadline *dl)
{
    struct emu_adc *m = dl->owner;
    uint64_t now = tk_kernel_now(m->kernel);
    while (m->pending->len > 0) {
        struct emu_adc_input in = g_array_index(m->pending, struct emu_adc_input, 0);
        if (in.at_ns > now)
            break;
        g_array_remove_index(m->pending, 0);
        m->code[in.channel] = in.code;
    }
    emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

void emu_adc_set(struct emu_adc *m, uint64_t at_ns, unsigned channel, uint16_t code)
{
    struct emu_adc_input in = {at_ns, channel, (uint16_t)(code & ((1u << EMU_ADC_BITS) - 1))};
    if (channel < EMU_ADC_CHANNELS && emu_pins_queue_insert(m->pending, &in) == 0)
        emu_pins_queue_arm(m->pending, m->kernel, &m->deadline);
}

void emu_adc_init(struct emu_adc *m, struct tk_kernel *k, const struct emu_adc_options *o)
{
    *m = (struct emu_adc){
        .hil = {.ops = &adc_ops, .state = m},
        .kernel = k,
        .sample_deadline = {.fire = adc_fire_sample, .owner = m},
        .pending = g_array_new(FALSE, FALSE, sizeof(struct emu_adc_input)),
        .deadline = {.fire = adc_fire_inputs, .owner = m},
    };
    for (guint i = 0; o != NULL && o->inputs != NULL && i < o->inputs->len; i++) {
        const struct emu_adc_input *in = &g_array_index(o->inputs, struct emu_adc_input, i);
        emu_adc_set(m, in->at_ns, in->channel, in->code);
    }
}

void emu_adc_fini(struct emu_adc *m)
{
    if (m->pending == NULL)
        return;
    tk_deadline_disarm(m->kernel, &m->deadline);
    tk_deadline_disarm(m->kernel, &m->sample_deadline);
    g_array_free(m->pending, TRUE);
    m->pending = NULL;
}

/* ---- options and the scenario grammar -------------------------------------- */

void emu_adc_options_init(struct emu_adc_options *o, struct emu_pins_options *pins)
{
    *o =
        (struct emu_adc_options){.inputs = g_array_new(FALSE, FALSE, sizeof(struct emu_adc_input))};
    if (pins != NULL) {
        o->next_action = pins->other_action;
        o->next_ctx = pins->other_ctx;
        pins->other_action = emu_adc_scenario_action;
        pins->other_ctx = o;
        emu_pins_options_name_actions(pins, "adc");
    }
}

void emu_adc_options_fini(struct emu_adc_options *o)
{
    if (o->inputs != NULL)
        g_array_free(o->inputs, TRUE);
    o->inputs = NULL;
}

int emu_adc_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                            struct emu_err *err)
{
    struct emu_adc_options *o = options;
    if (strncmp(rest, "adc", 3) != 0 || (rest[3] != ' ' && rest[3] != '\t'))
        return o->next_action != NULL ? o->next_action(o->next_ctx, origin, at_ns, rest, err)
                                      : -ENOENT;
    char *end;
    const char *p = rest + 3 + strspn(rest + 3, " \t");
    unsigned long channel = strtoul(p, &end, 10), code = 0;
    bool ok = end != p && (*end == ' ' || *end == '\t') && channel < EMU_ADC_CHANNELS;
    if (ok) {
        p = end + strspn(end, " \t");
        code = strtoul(p, &end, 10);
        ok = end != p && *end == '\0' && code < (1u << EMU_ADC_BITS);
    }
    if (!ok) {
        emu_err_set(err, "%s: expected 'TIME adc CHANNEL CODE', CHANNEL 0..%d, CODE 0..%u", origin,
                    EMU_ADC_CHANNELS - 1, (1u << EMU_ADC_BITS) - 1);
        return -EINVAL;
    }
    struct emu_adc_input in = {at_ns, (unsigned)channel, (uint16_t)code};
    g_array_append_val(o->inputs, in);
    return 0;
}

int emu_adc_command(struct emu_adc *m, const char *text, struct emu_err *err)
{
    struct emu_adc_options one;
    emu_adc_options_init(&one, NULL);
    int rc = emu_pins_command_action(m->kernel, text, emu_adc_scenario_action, &one, err);
    if (rc == 0) {
        const struct emu_adc_input *in = &g_array_index(one.inputs, struct emu_adc_input, 0);
        emu_adc_set(m, in->at_ns, in->channel, in->code);
    }
    emu_adc_options_fini(&one);
    return rc;
}
