/* null_command: time N null commands (command 0 of the console, which only
 * answers Success) from inside an app, one time-stamp counter read on each
 * side of each call, and print the median in TSC cycles. An app has no host
 * clock (its seccomp filter refuses them); rdtsc is an instruction, and the
 * bench converts cycles to ns with the TSC rate it measures on the host. */
#include <stdint.h>
#include <stdio.h>

#include <libtock/tock.h>

#ifndef CALLS
#define CALLS 100000
#endif

static uint64_t now_cycles(void)
{
    return __builtin_ia32_rdtsc();
}

/* The k-th smallest of v[0..n) (Hoare's quickselect). */
static uint32_t select_kth(uint32_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        uint32_t pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                uint32_t t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;
    }
    return v[k];
}

static uint32_t samples[CALLS];

int main(void)
{
    for (int i = 0; i < 1000; i++) { /* warm up */
        syscall_return_t warm = command(1, 0, 0, 0);
        (void)warm;
    }
    for (int i = 0; i < CALLS; i++) {
        uint64_t t0 = now_cycles();
        syscall_return_t r = command(1, 0, 0, 0);
        uint64_t t1 = now_cycles();
        if (r.type != TOCK_SYSCALL_SUCCESS)
            return 1;
        samples[i] = (uint32_t)(t1 - t0);
    }
    uint32_t median = select_kth(samples, CALLS, CALLS / 2);
    uint32_t p90 = select_kth(samples, CALLS, CALLS * 9 / 10);
    uint32_t p99 = select_kth(samples, CALLS, CALLS * 99 / 100);
    printf("null_command calls=%d median_cycles=%u p90_cycles=%u p99_cycles=%u\n", CALLS, median,
           p90, p99);
    return 0;
}
