/* io_drivers: the drivers of the board's small devices through libtock-c's
 * API, each as libtock-c's example for it does (examples/tests/touch, dac,
 * gpio_async, i2c/i2c_master_ping_pong, text_screen), one after another:
 *
 *   touch       the panel has 2 touches, so multi-touch reports (and the
 *               single touch) print; a scenario touches at 100..400 ms
 *   dac         the first 5 sine samples, 100 ms apart
 *   gpio_async  rising-edge interrupts on port 0 pin 1 while pin 0 toggles
 *               every 500 ms (wired to pin 1 on the default board); after
 *               6 the interrupt is disabled
 *   i2c         the ping-pong message to 0x41 (nobody there), then a
 *               write and a read back of the EEPROM at 0x50
 *   text screen "Hello!" on row 0, "Goodbyee!" on row 1, clear, get size
 *   adc         one buffer of channel 0 (adc_single_buffered), then three
 *               of its double buffering (adc_double_buffered), statistics
 *               as those examples print them, at 1 kHz
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtock-sync/display/text_screen.h>
#include <libtock-sync/peripherals/gpio_async.h>
#include <libtock-sync/services/alarm.h>
#include <libtock/peripherals/adc.h>
#include <libtock/peripherals/dac.h>
#include <libtock/peripherals/i2c_master.h>
#include <libtock/sensors/touch.h>

static const char *const status_names[] = {"released ", "pressed ", "moved "};

static const char *status_name(int status)
{
    return status >= 0 && status < 3 ? status_names[status] : "error ";
}

/* ---- touch (examples/tests/touch) ---- */

static libtock_touch_event_t *multi_touch_buffer;
static int gestures;

static void touch_event(libtock_touch_status_t status, uint16_t x, uint16_t y)
{
    printf("%s(%d): %d y %d\n", status_name((int)status), (int)status, x, y);
}

static void multi_touch_event(returncode_t ret, int num_touches, int num_dropped, int num_nofit)
{
    (void)ret, (void)num_dropped, (void)num_nofit;
    for (int i = 0; i < num_touches; i++) {
        uint8_t id, status, x, y, size, pressure;
        libtock_touch_read_touch_from_buffer(multi_touch_buffer, i, &id, &status, &x, &y, &size,
                                             &pressure);
        printf("%d: %s(%d): %d y %d, ", id, status_name(status), status, x, y);
    }
    printf("\n");
    libtock_touch_multi_touch_next();
}

static void gesture_event(returncode_t ret, libtock_touch_gesture_t gesture)
{
    (void)ret;
    printf("gesture %d\n", (int)gesture);
    gestures++;
}

static void touch_part(void)
{
    int num_touches = 0;
    libtock_touch_get_number_of_touches(&num_touches);
    printf("Number of touches: %d\n", num_touches);
    libtock_touch_enable_single_touch(touch_event);
    libtock_touch_allocate_multi_touch_buffer(num_touches, &multi_touch_buffer);
    libtock_touch_enable_multi_touch(multi_touch_buffer, num_touches, multi_touch_event);
    libtock_touch_get_gestures(gesture_event);
    while (gestures == 0)
        yield();
    libtock_touch_disable_single_touch();
    libtock_touch_disable_multi_touch();
}

/* ---- DAC (examples/tests/dac) ---- */

static const uint16_t sine_samples[] = {512, 544, 576, 607, 639};

static void dac_part(void)
{
    printf("[TEST] DAC: Sine test app\n");
    if (libtock_dac_initialize() != RETURNCODE_SUCCESS) {
        printf("ERROR initializing DAC\n");
        return;
    }
    for (int i = 0; i < 5; i++) {
        if (libtock_dac_set_value(sine_samples[i]) != RETURNCODE_SUCCESS) {
            printf("ERROR setting DAC value\n");
            return;
        }
        libtocksync_alarm_delay_ms(100);
    }
}

/* ---- gpio_async (examples/tests/gpio_async) ---- */

static int interrupt_count;

static void gpio_async_cb(uint32_t port, uint32_t pin, bool value)
{
    printf("INTERRUPT port:%" PRIu32 " pin:%" PRIu32 " val:%i\n", port, pin, value);
    interrupt_count++;
    if (interrupt_count == 6) {
        printf("Now disabling interrupt\n");
        libtocksync_gpio_async_disable_interrupt(0, 1);
    }
}

static void gpio_async_part(void)
{
    printf("[TEST] GPIO Async\n");
    printf("exists: %d\n", libtocksync_gpio_async_exists());
    printf("Enabling rising edge interrupt on port 0 pin 1\n");
    libtock_gpio_async_set_interrupt_callback(gpio_async_cb);
    libtocksync_gpio_async_make_input(0, 1, libtock_pull_none);
    libtocksync_gpio_async_enable_interrupt(0, 1, libtock_rising_edge);
    printf("Toggling port 0 pin 0\n");
    libtocksync_gpio_async_make_output(0, 0);
    for (int i = 0; i < 8; i++) {
        libtocksync_gpio_async_set(0, 0);
        libtocksync_alarm_delay_ms(500);
        libtocksync_gpio_async_clear(0, 0);
        libtocksync_alarm_delay_ms(500);
    }
    bool level = true;
    returncode_t rc = libtocksync_gpio_async_read(0, 1, &level);
    printf("interrupts %d, pin 1 reads %d (%s)\n", interrupt_count, level, tock_strrcode(rc));
}

/* ---- I2C master (examples/tests/i2c/i2c_master_ping_pong, and the EEPROM) ---- */

static void i2c_part(void)
{
    static uint8_t message[16], eeprom[8];
    strcpy((char *)message, "Hello friend.\n");
    printf("Sending as master\n");
    TOCK_EXPECT(RETURNCODE_SUCCESS, i2c_master_write_sync(0x41, message, sizeof message));
    printf("Sent.\n");
    memcpy(eeprom, "\x10Tock", 5);
    TOCK_EXPECT(RETURNCODE_SUCCESS, i2c_master_write_sync(0x50, eeprom, 5));
    memset(eeprom, 0, sizeof eeprom);
    eeprom[0] = 0x10;
    TOCK_EXPECT(RETURNCODE_SUCCESS, i2c_master_write_read_sync(0x50, eeprom, 1, 4));
    printf("eeprom 0x10: %.4s\n", (const char *)eeprom);
    printf("too long: %s\n", tock_strrcode(i2c_master_write(0x50, 65)));
}

/* ---- text screen (examples/tests/text_screen) ---- */

static void text_screen_part(void)
{
    uint8_t *buffer = calloc(15, 1);
    returncode_t ret = libtocksync_text_screen_display_on();
    printf("text screen on: %s\n", tock_strrcode(ret));
    if (ret == RETURNCODE_SUCCESS) {
        libtocksync_text_screen_set_cursor(0, 0);
        memcpy(buffer, "Hello!", 6);
        libtocksync_text_screen_write(buffer, 15, 6);
        libtocksync_alarm_delay_ms(5000);
        libtocksync_text_screen_set_cursor(0, 1);
        memcpy(buffer, "Goodbyee!", 9);
        libtocksync_text_screen_write(buffer, 15, 9);
        libtocksync_alarm_delay_ms(2000);
        ret = libtocksync_text_screen_clear();
        printf("text screen clear: %s\n", tock_strrcode(ret));
    }
    uint32_t columns = 0, rows = 0;
    ret = libtocksync_text_screen_get_size(&columns, &rows);
    printf("text screen %" PRIu32 "x%" PRIu32 ": %s\n", columns, rows, tock_strrcode(ret));
    free(buffer);
}

/* ---- ADC buffered (examples/tests/adc/adc_single_buffered, adc_double_buffered) ---- */

#define ADC_BUF_SIZE 16
static uint16_t sample_buffer1[ADC_BUF_SIZE], sample_buffer2[ADC_BUF_SIZE];
static int buffers_seen;

static void print_stats(uint8_t channel, const uint16_t *buf, uint32_t length)
{
    uint32_t sum = 0;
    uint16_t min = 0xFFFF, max = 0;
    for (uint32_t i = 0; i < length; i++) {
        uint16_t sample = (uint16_t)(buf[i] * 3300 / 4095);
        sum += sample;
        min = sample < min ? sample : min;
        max = sample > max ? sample : max;
    }
    printf("Channel: %u\tCount: %d\tAvg: %" PRIu32 "\tMin: %u\tMax: %u\n", channel, ADC_BUF_SIZE,
           sum / ADC_BUF_SIZE, min, max);
}

static void single_buffered_sample_cb(uint8_t channel, uint32_t length)
{
    libtock_adc_set_buffer(NULL, 0);
    print_stats(channel, sample_buffer1, length);
    buffers_seen++;
}

static void continuous_buffered_sample_cb(uint8_t channel, uint32_t length, uint8_t buffer_index)
{
    uint16_t *buf = buffer_index == 0 ? sample_buffer1 : sample_buffer2;
    if (buffer_index == 0)
        libtock_adc_set_buffer(NULL, 0);
    else
        libtock_adc_set_double_buffer(NULL, 0);
    printf("buffer %u: ", buffer_index);
    print_stats(channel, buf, length);
    if (buffer_index == 0)
        libtock_adc_set_buffer(sample_buffer1, ADC_BUF_SIZE);
    else
        libtock_adc_set_double_buffer(sample_buffer2, ADC_BUF_SIZE);
    if (++buffers_seen == 4)
        libtock_adc_stop_sampling();
}

static void adc_part(void)
{
    static libtock_adc_callbacks single = {.buffered_sample_callback = single_buffered_sample_cb};
    static libtock_adc_callbacks double_buffered = {.continuous_buffered_sample_callback =
                                                        continuous_buffered_sample_cb};
    printf("[Tock] ADC Single Buffered Test\n");
    libtock_adc_set_buffer(sample_buffer1, ADC_BUF_SIZE);
    returncode_t err = libtock_adc_buffered_sample(0, 1000, &single);
    if (err != RETURNCODE_SUCCESS)
        printf("single buffered sample error: %d\n", err);
    while (err == RETURNCODE_SUCCESS && buffers_seen < 1)
        yield();
    printf("[Tock] ADC Continuous Buffered Test\n");
    libtock_adc_set_buffer(sample_buffer1, ADC_BUF_SIZE);
    libtock_adc_set_double_buffer(sample_buffer2, ADC_BUF_SIZE);
    err = libtock_adc_continuous_buffered_sample(0, 1000, &double_buffered);
    if (err != RETURNCODE_SUCCESS)
        printf("continuous buffered sample error: %d\n", err);
    while (err == RETURNCODE_SUCCESS && buffers_seen < 4)
        yield();
}

int main(void)
{
    touch_part();
    dac_part();
    gpio_async_part();
    i2c_part();
    text_screen_part();
    adc_part();
    printf("io_drivers: done\n");
    return 0;
}
