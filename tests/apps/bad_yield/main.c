/* bad_yield: Yield with r0 = 3 faults the process (spec §1.2, [TRD≠code]). */
#include <stdint.h>
#include <stdio.h>

void lth__syscall(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t ret[4]);

int main(void)
{
    uint64_t ret[4];
    lth__syscall(0, 3, 0, 0, 0, ret);
    printf("returned\n");
    return 0;
}
