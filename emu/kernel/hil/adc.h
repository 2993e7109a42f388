/* ADC HIL: sample an analog channel once or repeatedly at a frequency.
 *
 * Mirrors tock/tock kernel/src/hil/adc.rs @65608d71 (Adc, Client, and
 * AdcHighSpeed, HighSpeedClient). A sample is a left-justified 16-bit
 * value; samples arrive through the client from the kernel loop, never
 * inside sample().
 *
 * AdcHighSpeed here takes one buffer at a time (sample_buffer, then again
 * from samples_ready to keep sampling without a gap) where Tock's takes two
 * and more through provide_buffer: the samples, their times and their
 * order are the same; the capsule keeps one 128-sample buffer, not three.
 */
#ifndef TK_HIL_ADC_H
#define TK_HIL_ADC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tk_adc;

struct tk_adc_client {
    void (*sample_ready)(struct tk_adc_client *client, uint16_t sample);
    /* HighSpeedClient::samples_ready: the buffer given to sample_buffer
     * holds `len` samples. */
    void (*samples_ready)(struct tk_adc_client *client, uint16_t *buffer, size_t len);
};

struct tk_adc_ops {
    /* One sample of `channel`: 0, TK_BUSY (sampling already) or TK_INVAL. */
    int (*sample)(struct tk_adc *adc, unsigned channel);
    /* Samples of `channel` at `frequency_hz` until stop_sampling: 0, TK_BUSY,
     * TK_INVAL (no such channel, or a frequency of 0 or above the ADC's). */
    int (*sample_continuous)(struct tk_adc *adc, unsigned channel, uint32_t frequency_hz);
    /* Stop: no sample_ready follows. Returns 0. */
    int (*stop_sampling)(struct tk_adc *adc);
    unsigned (*resolution_bits)(struct tk_adc *adc);
    /* The reference voltage in mV, or 0 if unknown. */
    unsigned (*voltage_reference_mv)(struct tk_adc *adc);
    /* AdcHighSpeed: `len` samples of `channel`, one every 1/frequency_hz s,
     * into `buffer` (kept until samples_ready or stop_sampling): 0, TK_BUSY,
     * TK_INVAL (channel, or a frequency of 0 or above the ADC's). */
    int (*sample_buffer)(struct tk_adc *adc, unsigned channel, uint32_t frequency_hz,
                         uint16_t *buffer, size_t len);
};

struct tk_adc {
    const struct tk_adc_ops *ops;
    struct tk_adc_client *client;
    void *state; /* the implementation's */
};

#endif
