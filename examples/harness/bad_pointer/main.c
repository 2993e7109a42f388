/* lth_bad_pointer: writes through a pointer outside its RAM (a stale
 * address), which the MPU turns into a memory fault at that address. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    volatile uint32_t *stale = (volatile uint32_t *)(uintptr_t)0x1000;
    printf("about to write\n");
    *stale = 42;
    printf("not reached\n");
    return 0;
}
