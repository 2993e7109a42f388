/* printer_a: one of two apps that print at the same time (with printer_b).
 *
 * Both print a line every 100 ms of virtual time; their lines interleave on
 * the one console, each line whole, as the console capsule serves one
 * process's write at a time.
 */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>

int main(void)
{
    for (int i = 0; i < 5; i++) {
        printf("printer_a says %d\n", i);
        libtocksync_alarm_delay_ms(100);
    }
    return 0;
}
