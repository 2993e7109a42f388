/* ADC model: analog channels whose voltages come from scenarios.
 *
 * Plays a SAR ADC such as the nRF52's SAADC behind hil/adc.h: 12-bit
 * conversions against a 3300 mV reference, reported left-justified in 16
 * bits as Tock's HIL asks. A single sample completes EMU_ADC_LATENCY_NS
 * after it was asked for; continuous sampling delivers one sample every
 * 1/frequency s of virtual time (frequency 1..EMU_ADC_MAX_HZ), and buffered
 * sampling a buffer of N of them N/frequency s after it began (every sample
 * of a buffer reads the channel's code at the buffer's end). A channel's
 * value is a raw 12-bit code, 0 until set by a scenario line
 * `TIME adc CHANNEL CODE`, the same line on the control FIFO, or a test.
 */
#ifndef EMU_HW_EMU_ADC_H
#define EMU_HW_EMU_ADC_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/adc.h"
#include "kernel.h"
#include "pins.h"

#define EMU_ADC_CHANNELS   8
#define EMU_ADC_BITS       12
#define EMU_ADC_REF_MV     3300
#define EMU_ADC_LATENCY_NS 10000ull /* 10 us per conversion */
#define EMU_ADC_MAX_HZ     200000

/* A channel's code set at a virtual time. */
struct emu_adc_input {
    uint64_t at_ns; /* first: a timed-input queue element (pins.h) */
    unsigned channel;
    uint16_t code;
};

struct emu_adc_options {
    GArray *inputs; /* struct emu_adc_input, in the order given */
    int (*next_action)(void *ctx, const char *origin, uint64_t at_ns, const char *rest,
                       struct emu_err *err);
    void *next_ctx;
};

/* As emu_sensors_options_init: chains `adc` scenario lines into `pins`. */
void emu_adc_options_init(struct emu_adc_options *o, struct emu_pins_options *pins);
void emu_adc_options_fini(struct emu_adc_options *o);
/* `adc CHANNEL CODE`: 0, -ENOENT (passed down the chain) or -EINVAL. */
int emu_adc_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                            struct emu_err *err);

struct emu_adc {
    struct tk_adc hil;
    struct tk_kernel *kernel;
    uint16_t code[EMU_ADC_CHANNELS];
    bool sampling, continuous;
    unsigned channel;
    uint64_t period_ns;
    uint16_t *buffer; /* buffered sampling: where, and how many */
    size_t buffer_len;
    struct tk_deadline sample_deadline;
    GArray *pending;             /* struct emu_adc_input by time */
    struct tk_deadline deadline; /* the first pending input */
    uint64_t samples;            /* delivered, for tests */
};

void emu_adc_init(struct emu_adc *m, struct tk_kernel *k, const struct emu_adc_options *o);
void emu_adc_fini(struct emu_adc *m);
/* Set `channel` to `code` (cut to 12 bits) at `at_ns`. */
void emu_adc_set(struct emu_adc *m, uint64_t at_ns, unsigned channel, uint16_t code);
/* `[TIME] adc CHANNEL CODE` from the control FIFO: 0, -ENOENT, -EINVAL. */
int emu_adc_command(struct emu_adc *m, const char *text, struct emu_err *err);

#endif
