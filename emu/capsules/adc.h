/* ADC capsule (driver 0x5): one app owns the ADC and samples its channels.
 *
 * Mirrors tock/tock capsules/core/src/adc.rs @65608d71 (AdcDedicated); the
 * syscall interface is in adc.c.
 */
#ifndef TK_CAPSULE_ADC_H
#define TK_CAPSULE_ADC_H

#include <stdbool.h>

#include "driver.h"
#include "hil/adc.h"

/* AdcMode, as the upcall's first argument reports it. */
enum tk_adc_mode {
    TK_ADC_NO_MODE = -1,
    TK_ADC_SINGLE_SAMPLE = 0,
    TK_ADC_CONTINUOUS_SAMPLE = 1,
    TK_ADC_SINGLE_BUFFER = 2,
    TK_ADC_CONTINUOUS_BUFFER = 3,
};

/* The kernel buffer buffered samples go through (adc.rs BUF_LEN). */
#define TK_ADC_BUFFER_SAMPLES 128

struct tk_adc_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_adc_client client;
    struct tk_adc *adc;
    unsigned channels; /* the board's channel list: 0 .. channels - 1 */
    bool active;
    enum tk_adc_mode mode;
    unsigned channel;
    uint32_t frequency;                     /* buffered modes */
    uint16_t buffer[TK_ADC_BUFFER_SAMPLES]; /* lent to the ADC while buffering */
    bool has_owner;                         /* the process that last used the ADC */
    uint32_t owner_id;                      /* its ProcessId */
};

/* Set up `d` over `adc` with `channels` channels, becoming its client. */
void tk_adc_driver_init(struct tk_adc_driver *d, struct tk_adc *adc, unsigned channels);

#endif
