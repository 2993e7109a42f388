/* Buzzer driver 0x90000 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/interface/syscalls/buzzer_syscalls.c
 * @497ea7cf.
 */
#include "libtock/interface/syscalls/buzzer_syscalls.h"

#include "lth-internal.h"

enum { BUZZER_UPCALL_DONE = 0, BUZZER_COMMAND_TONE = 1 };

bool libtock_buzzer_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_BUZZER);
}

returncode_t libtock_buzzer_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_BUZZER, BUZZER_UPCALL_DONE, callback, opaque);
}

returncode_t libtock_buzzer_command_tone(uint32_t frequency_hz, uint32_t duration_ms)
{
    return lth_command_novalue(DRIVER_NUM_BUZZER, BUZZER_COMMAND_TONE, (int)frequency_hz,
                               (int)duration_ms);
}
