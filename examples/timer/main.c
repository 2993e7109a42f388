/* timer: ten 1-second alarms on the virtual clock.
 *
 * Each libtocksync_alarm_delay_ms arms the alarm driver and yields; with
 * every process idle, tockemu jumps the clock to the next deadline, so the
 * ten seconds of app time take milliseconds of wall time (`--rt` paces them
 * to real seconds instead).
 */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/services/alarm.h>

int main(void)
{
    for (int i = 1; i <= 10; i++) {
        libtocksync_alarm_delay_ms(1000);
        struct timeval now;
        libtock_alarm_gettimeasticks(&now);
        printf("tick %d at %ld.%03ld s\n", i, (long)now.tv_sec, (long)now.tv_usec / 1000);
    }
    return 0;
}
