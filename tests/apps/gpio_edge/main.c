/* gpio_edge: drive output pin 0 high then low, make pin 1 an input with
 * an interrupt on either edge, and report the edge a scenario file injects
 * (spec §8.5, §10.38). */
#include <stdbool.h>
#include <stdio.h>

#include <libtock/peripherals/gpio.h>
#include <libtock/tock.h>

struct edge_seen {
    bool fired;
    uint32_t pin;
    bool level;
};

static struct edge_seen *edge_target;

static void on_edge(uint32_t pin, bool level)
{
    edge_target->pin = pin;
    edge_target->level = level;
    edge_target->fired = true;
}

int main(void)
{
    struct edge_seen seen = {false, 0, false};
    edge_target = &seen;
    int level = -1;
    if (libtock_gpio_enable_output(0) != 0 || libtock_gpio_set(0) != 0 ||
        libtock_gpio_clear(0) != 0) {
        printf("gpio_edge: output pin 0 failed\n");
        return 1;
    }
    if (libtock_gpio_enable_input(1, libtock_pull_down) != 0 || libtock_gpio_read(1, &level) != 0 ||
        libtock_gpio_set_interrupt_callback(on_edge) != 0 ||
        libtock_gpio_enable_interrupt(1, libtock_change) != 0) {
        printf("gpio_edge: input pin 1 failed\n");
        return 1;
    }
    printf("gpio_edge: pin 1 reads %d before the edge\n", level);
    yield_for(&seen.fired);
    libtock_gpio_read(1, &level);
    printf("gpio_edge: interrupt on pin %u, level %d; pin 1 now reads %d\n", (unsigned)seen.pin,
           (int)seen.level, level);
    return 0;
}
