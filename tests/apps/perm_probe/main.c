/* perm_probe: issue LED commands 0 and 1 and report the raw results. Its
 * TBF's Permissions header allows console commands and LED command 0 only;
 * with --permissions-filter, LED command 1 is refused (spec §1.7). */
#include <stdio.h>

#include <libtock/tock.h>

int main(void)
{
    syscall_return_t probe = command(2, 0, 0, 0);
    syscall_return_t on = command(2, 1, 0, 0);
    printf("led cmd 0: variant %d\n", probe.type);
    printf("led cmd 1: variant %d error %u\n", on.type, on.type < 128 ? on.data[0] : 0);
    return 0;
}
