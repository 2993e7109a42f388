/* exit_code: end with a chosen completion code.
 *
 * The completion code is what the Exit syscall carries (spec §5.4); tockemu
 * reports a non-zero one on stderr and exits with status 1. Build with
 * -DCOMPLETION_CODE=N to choose another.
 */
#include <stdio.h>

#include <libtock/tock.h>

#ifndef COMPLETION_CODE
#define COMPLETION_CODE 42
#endif

int main(void)
{
    printf("exiting with completion code %d\n", COMPLETION_CODE);
    tock_exit(COMPLETION_CODE);
}
