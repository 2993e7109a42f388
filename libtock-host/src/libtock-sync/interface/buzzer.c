/* Blocking buzzer: command, then Yield-WaitFor.
 *
 * Counterpart: tock/libtock-c libtock-sync/interface/buzzer.c @497ea7cf.
 */
#include "libtock-sync/interface/buzzer.h"

#include <libtock/interface/buzzer.h>

bool libtocksync_buzzer_exists(void)
{
    return libtock_buzzer_exists();
}

returncode_t libtocksync_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms)
{
    returncode_t ret = libtock_buzzer_command_tone(frequency_hz, duration_ms);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtocksync_buzzer_yield_wait_for();
}
