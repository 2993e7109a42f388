/* gdb_target: an app to debug (tests/e2e/test_gdb.c, docs/debugging.md): a
 * function with an argument, a local and a global it writes, called three
 * times, so gdb can break, step, print, watch and finish. Built as
 * gdb_compute with GDB_TARGET_COMPUTES, it first computes for more than a
 * timeslice of CPU time, which the emulator must not preempt while gdb
 * holds the app (how many timeslices that takes depends on the host, so a
 * record of it would not replay: gdb_target is the one replayed). */
#include <stdio.h>

volatile int total;

__attribute__((noinline)) int add_to_total(int amount)
{
    int doubled = amount * 2;
    total += doubled;
    return total;
}

#ifdef GDB_TARGET_COMPUTES
/* Tens of milliseconds of CPU time on any host: more than a timeslice. */
static void compute_for_a_while(void)
{
    for (volatile unsigned i = 0; i < 50u * 1000 * 1000; i++)
        ;
}
#endif

int main(void)
{
    int result = 0;
#ifdef GDB_TARGET_COMPUTES
    compute_for_a_while();
#endif
    for (int i = 1; i <= 3; i++)
        result = add_to_total(i);
    printf("gdb_target: total %d\n", result);
    return 0;
}
