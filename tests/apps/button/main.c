/* button: enable button 0's interrupt and print the upcall arguments of a
 * press and a release (spec §8.4, §10.38: upcalls on both edges), with the
 * virtual time they arrived at.
 *
 * Built as button_ticking (-DBUTTON_TICKING), it keeps a 10 ms alarm
 * going meanwhile, so that without --rt the virtual clock races from tick
 * to tick and an input from the control FIFO comes at the instant of a
 * tick, after the tick's events (tests/e2e/test_run.c). */
#include <stdio.h>

#include <libtock/peripherals/syscalls/alarm_syscalls.h>
#include <libtock/tock.h>

enum { BUTTON_DRIVER = 3 };

struct upcall_seen {
    int count;
    int button, pressed, third;
};

static void on_button(int button, int pressed, int third, void *userdata)
{
    struct upcall_seen *seen = userdata;
    seen->button = button;
    seen->pressed = pressed;
    seen->third = third;
    seen->count++;
}

static unsigned now_ms(void)
{
    uint32_t ticks = 0, frequency = 1;
    libtock_alarm_command_read(&ticks);
    libtock_alarm_command_get_frequency(&frequency);
    return (unsigned)(((uint64_t)ticks * 1000 + frequency / 2) / frequency);
}

#ifdef BUTTON_TICKING
enum { ALARM_DRIVER = 0, TICK_MS = 10 };

static void on_tick(int now, int expiry, int unused, void *userdata)
{
    (void)now, (void)expiry, (void)unused, (void)userdata;
    uint32_t frequency = 1, at;
    libtock_alarm_command_get_frequency(&frequency);
    libtock_alarm_command_set_relative(frequency / (1000 / TICK_MS), &at);
}
#endif

int main(void)
{
    struct upcall_seen seen = {0};
#ifdef BUTTON_TICKING
    if (tock_subscribe_return_to_returncode(subscribe(ALARM_DRIVER, 0, on_tick, NULL)) != 0)
        return 1;
    on_tick(0, 0, 0, NULL);
#endif
    if (tock_subscribe_return_to_returncode(subscribe(BUTTON_DRIVER, 0, on_button, &seen)) != 0 ||
        tock_command_return_novalue_to_returncode(command(BUTTON_DRIVER, 1, 0, 0)) != 0) {
        printf("button: cannot enable button 0\n");
        return 1;
    }
    printf("button: waiting\n");
    for (int expected = 1; expected <= 2; expected++) {
        while (seen.count < expected)
            yield();
        printf("button: upcall (%d, %d, %d) %s at %u ms\n", seen.button, seen.pressed, seen.third,
               seen.pressed ? "press" : "release", now_ms());
    }
    return 0;
}
