/* rt_victim: an app that only checks that its memory stays its own.
 *
 * It fills a canary buffer, then for 20 virtual-time rounds of 10 ms checks
 * it and its flash, yielding between rounds so that an attacker beside it
 * (rt_attacker) gets the CPU. Prints where its RAM starts ("victim ram
 * 0x..."), then "victim ok" if nothing changed, or "victim harmed" and
 * exits 1.
 */
#include <stdint.h>
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/tock.h>

static uint32_t canary[1024];
static const uint32_t flash_canary[4] = {0x600dcafe, 0x5afe5afe, 0x12345678, 0x9abcdef0};

static uint32_t pattern(unsigned i)
{
    return 0xa5a50000u ^ (i * 2654435761u);
}

int main(void)
{
    printf("victim ram %p\n", tock_app_memory_begins_at());
    for (unsigned i = 0; i < 1024; i++)
        canary[i] = pattern(i);
    for (int round = 0; round < 20; round++) {
        libtocksync_alarm_delay_ms(10);
        for (unsigned i = 0; i < 1024; i++) {
            if (canary[i] != pattern(i)) {
                printf("victim harmed: canary word %u\n", i);
                return 1;
            }
        }
        if (flash_canary[0] != 0x600dcafe || flash_canary[3] != 0x9abcdef0) {
            printf("victim harmed: flash\n");
            return 1;
        }
    }
    printf("victim ok\n");
    return 0;
}
