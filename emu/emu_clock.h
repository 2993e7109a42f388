/* Wall time for host code: CLOCK_MONOTONIC in nanoseconds.
 *
 * One definition for the host layers (the board's poll throttle, the
 * machine's --rt pacing). The app side and the channel keep their own in
 * emu/process/channel.h, which host code outside emu/process must not
 * include.
 */
#ifndef EMU_CLOCK_H
#define EMU_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t emu_wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* vDSO: not a system call */
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif
