/* null_command: time N null commands (command 0 of the console, which only
 * answers Success) from inside an app, one clock read per call, and print
 * the median. clock_gettime(CLOCK_MONOTONIC) is a vDSO call, not a syscall. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libtock/tock.h>

#ifndef CALLS
#define CALLS 100000
#endif

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint32_t samples[CALLS];

int main(void)
{
    for (int i = 0; i < 1000; i++) { /* warm up */
        syscall_return_t warm = command(1, 0, 0, 0);
        (void)warm;
    }
    for (int i = 0; i < CALLS; i++) {
        uint64_t t0 = now_ns();
        syscall_return_t r = command(1, 0, 0, 0);
        uint64_t t1 = now_ns();
        if (r.type != TOCK_SYSCALL_SUCCESS)
            return 1;
        samples[i] = (uint32_t)(t1 - t0);
    }
    qsort(samples, CALLS, sizeof samples[0], by_value);
    printf("null_command calls=%d median_ns=%u p90_ns=%u p99_ns=%u\n", CALLS, samples[CALLS / 2],
           samples[CALLS * 9 / 10], samples[CALLS * 99 / 100]);
    return 0;
}
