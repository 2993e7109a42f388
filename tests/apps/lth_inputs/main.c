/* lth_inputs: reads 4 console bytes, waits for button 0, then for GPIO pin
 * 1 to go high, and reports each with the virtual time in ms. */
#include <stdio.h>

#include <libtock-sync/interface/button.h>
#include <libtock-sync/interface/console.h>
#include <libtock-sync/peripherals/gpio.h>
#include <libtock/services/alarm.h>

static unsigned long now_ms(void)
{
    struct timeval tv;
    libtock_alarm_gettimeasticks(&tv);
    return (unsigned long)tv.tv_sec * 1000 + (unsigned long)tv.tv_usec / 1000;
}

int main(void)
{
    uint8_t bytes[5] = {0};
    uint32_t got = 0;
    libtocksync_console_read(bytes, 4, &got);
    printf("read %lu '%s' at %lu ms\n", (unsigned long)got, (const char *)bytes, now_ms());
    libtocksync_button_wait_for_press(0);
    printf("button at %lu ms\n", now_ms());
    libtocksync_gpio_wait_until_high(1, libtock_pull_down);
    printf("gpio at %lu ms\n", now_ms());
    return 0;
}
