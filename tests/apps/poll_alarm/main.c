/* poll_alarm: wait for a 50 ms alarm by polling with yield_no_wait, never
 * blocking. The only app: virtual time must still move (each syscall is
 * charged CPU time, and a used-up slice advances the clock). */
#include <stdbool.h>
#include <stdio.h>

#include <libtock/peripherals/syscalls/alarm_syscalls.h>
#include <libtock/tock.h>

static bool fired;

static void on_alarm(int now, int expiry, int unused, void *ud)
{
    (void)now, (void)expiry, (void)unused, (void)ud;
    fired = true;
}

int main(void)
{
    uint32_t frequency = 0;
    libtock_alarm_command_get_frequency(&frequency);
    subscribe_return_t s = subscribe(0, 0, on_alarm, NULL);
    uint32_t expiry = 0;
    libtock_alarm_command_set_relative(frequency / 20, &expiry);
    unsigned long polls = 0;
    while (!fired) {
        yield_no_wait();
        polls++;
    }
    printf("alarm fired after polling (%s)\n", s.success && polls > 1000 ? "busy" : "?");
    printf("polls %lu\n", polls); /* for diagnostics; the test does not pin it */
    return 0;
}
