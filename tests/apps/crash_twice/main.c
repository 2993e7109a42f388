/* crash_twice: fault (write to NULL) in the first two runs, exit 0 in the
 * third. Lets the restarting fault policies (spec §5.3) end. */
#include <stdio.h>

#include "../common/self.h"

enum { FAULTING_RUNS = 2 };

int main(int argc, char **argv)
{
    (void)argc;
    struct self_info self;
    if (self_info_get(argv[0], &self) != 0) {
        printf("FAIL no ProcessInfo for '%s'\n", argv[0]);
        return 1;
    }
    if (self.restart_count >= FAULTING_RUNS) {
        printf("crash_twice: run %u exits\n", self.restart_count);
        return 0;
    }
    printf("crash_twice: run %u faults\n", self.restart_count);
    fflush(stdout);
    *(volatile int *)0 = 1;
    return 0;
}
