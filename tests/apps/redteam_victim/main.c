/* redteam_victim: an app beside an attacker that checks its own memory.
 *
 * Spec §5.2, issue 9: no app can change another app's RAM, whatever it does
 * to the kernel. Fills a canary that covers its data above the stack (where
 * redteam_grant aims), sleeps on the alarm while the attacker runs, and
 * reports whether every byte is still as it wrote it:
 *
 *   redteam_victim: canary intact | canary changed at offset N
 */
#include <stdint.h>
#include <stdio.h>

#include <libtock-sync/services/alarm.h>

#define CANARY_LEN 65536

static volatile uint8_t canary[CANARY_LEN];

static uint8_t canary_byte(unsigned i)
{
    return (uint8_t)(0x5a ^ (i * 7));
}

int main(void)
{
    for (unsigned i = 0; i < CANARY_LEN; i++)
        canary[i] = canary_byte(i);
    for (int round = 0; round < 3; round++)
        libtocksync_alarm_delay_ms(100);
    for (unsigned i = 0; i < CANARY_LEN; i++) {
        if (canary[i] != canary_byte(i)) {
            printf("redteam_victim: canary changed at offset %u\n", i);
            return 1;
        }
    }
    printf("redteam_victim: canary intact\n");
    return 0;
}
