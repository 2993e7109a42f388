/* blink: toggle LEDs 0 and 1 every 100 ms of virtual time, three times.
 * tests/e2e/test_peripherals.c watches it with --trace-leds (spec §8.3). */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/interface/led.h>

int main(void)
{
    int count = 0;
    if (libtock_led_count(&count) != RETURNCODE_SUCCESS || count < 2) {
        printf("blink: need 2 LEDs, have %d\n", count);
        return 1;
    }
    for (int i = 0; i < 3; i++) {
        libtock_led_toggle(0);
        libtocksync_alarm_delay_ms(100);
        libtock_led_toggle(1);
        libtocksync_alarm_delay_ms(100);
    }
    libtock_led_off(0);
    libtock_led_off(1);
    printf("blink: done\n");
    return 0;
}
