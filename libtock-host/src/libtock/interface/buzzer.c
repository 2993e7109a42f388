/* Buzzer API with a callback.
 *
 * Counterpart: tock/libtock-c libtock/interface/buzzer.c @497ea7cf.
 */
#include "libtock/interface/buzzer.h"

#include "libtock/interface/syscalls/buzzer_syscalls.h"

static void buzzer_upcall(int status, int unused1, int unused2, void *opaque)
{
    (void)status, (void)unused1, (void)unused2;
    libtock_buzzer_done_callback cb = (libtock_buzzer_done_callback)opaque;
    cb();
}

bool libtock_buzzer_exists(void)
{
    return libtock_buzzer_driver_exists();
}

returncode_t libtock_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms,
                                 libtock_buzzer_done_callback cb)
{
    returncode_t ret = libtock_buzzer_set_upcall(buzzer_upcall, (void *)cb);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_buzzer_command_tone(frequency_hz, duration_ms);
}
