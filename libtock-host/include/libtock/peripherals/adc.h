/* ADC with callbacks: single, continuous and buffered sampling.
 *
 * Same names and signatures as tock/libtock-c libtock/peripherals/adc.h
 * @497ea7cf. Kernel side: emu/capsules/adc.c. Samples are left-justified
 * 16-bit values; buffers hold `length` of them.
 */
#pragma once

#include <stdint.h>

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    libtock_adc_SingleSample = 0,
    libtock_adc_ContinuousSample = 1,
    libtock_adc_SingleBuffer = 2,
    libtock_adc_ContinuousBuffer = 3
} libtock_adc_mode;

typedef void (*libtock_adc_callback_single_sample)(uint8_t, uint16_t);
typedef void (*libtock_adc_callback_continuous_sample)(uint8_t, uint16_t);
typedef void (*libtock_adc_callback_buffered_sample)(uint8_t, uint32_t);
typedef void (*libtock_adc_callback_continuous_buffered_sample)(uint8_t, uint32_t, uint8_t);

/* The callbacks the mode in each upcall picks from; NULL ones are skipped. */
typedef struct {
    libtock_adc_callback_single_sample single_sample_callback;
    libtock_adc_callback_continuous_sample continuous_sample_callback;
    libtock_adc_callback_buffered_sample buffered_sample_callback;
    libtock_adc_callback_continuous_buffered_sample continuous_buffered_sample_callback;
} libtock_adc_callbacks;

bool libtock_adc_exists(void);
returncode_t libtock_adc_set_buffer(uint16_t *buffer, uint32_t length);
returncode_t libtock_adc_set_double_buffer(uint16_t *buffer, uint32_t length);
returncode_t libtock_adc_channel_count(int *count);
returncode_t libtock_adc_single_sample(uint8_t channel, libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_continuous_sample(uint8_t channel, uint32_t frequency,
                                           libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_buffered_sample(uint8_t channel, uint32_t frequency,
                                         libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_continuous_buffered_sample(uint8_t channel, uint32_t frequency,
                                                    libtock_adc_callbacks *callbacks);
returncode_t libtock_adc_stop_sampling(void);

#ifdef __cplusplus
}
#endif
