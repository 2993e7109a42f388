/* crash: print, then write through a NULL pointer. The fault is reported
 * with its address and the emulator keeps running the other apps. */
#include <stdio.h>

int main(void)
{
    printf("crash: about to write to NULL\n");
    fflush(stdout);
    *(volatile int *)0 = 1;
    printf("crash: still alive?\n");
    return 0;
}
