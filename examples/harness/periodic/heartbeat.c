/* heartbeat: toggle an LED every period (see heartbeat.h). */
#include <libtock/interface/led.h>
#include <libtock/services/alarm.h>

#include "heartbeat.h"

static struct {
    libtock_alarm_t alarm;
    int led;
    uint32_t beats;
    void (*on_beat)(uint32_t n);
} heartbeat;

static void beat(uint32_t now, uint32_t scheduled, void *userdata)
{
    (void)now, (void)scheduled, (void)userdata;
    libtock_led_toggle(heartbeat.led);
    heartbeat.beats++;
    if (heartbeat.on_beat != NULL)
        heartbeat.on_beat(heartbeat.beats);
}

void heartbeat_start(uint32_t period_ms, int led, void (*on_beat)(uint32_t n))
{
    heartbeat.led = led;
    heartbeat.on_beat = on_beat;
    libtock_alarm_repeating_every_ms(period_ms, beat, NULL, &heartbeat.alarm);
}

uint32_t heartbeat_count(void)
{
    return heartbeat.beats;
}
