/* lth_restart: wait 1 ms, then exit-restart with code 3, forever. */
#include <libtock-sync/services/alarm.h>
#include <libtock/tock.h>

int main(void)
{
    libtocksync_alarm_delay_ms(1);
    tock_restart(3);
}
