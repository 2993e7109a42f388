/* app_state: libtock-c's app-state pattern (LIBTOCK_APP_STATE_DECLARE,
 * app_state_load_sync, app_state_save_sync; libtock-c-surface.md §1.5).
 *
 * The state's flash copy lives in section .wfr.app_state, which tockbin
 * turns into a writeable flash region (spec §6.3 type 2). Loading finds it
 * with memop 7/8 and copies it into RAM; saving writes the RAM copy back
 * with the app flash driver (spec §8.12). Each run counts one more boot, so
 * two runs on the same --flash file print 1 then 2.
 */
#include <stdio.h>
#include <string.h>

#include "../storage/storage.h"

#define APP_STATE_MAGIC 0x54534154u /* "TAST" */

struct app_state {
    uint32_t magic;
    uint32_t boots;
};

/* The flash copy, as the TBF carries it: never written through this name. */
__attribute__((section(".wfr.app_state"), used, aligned(8)))
const struct app_state app_state_flash = {0, 0};

int main(void)
{
    struct app_state state;
    if (tock_app_number_writeable_flash_regions() < 1) {
        printf("app_state: no writeable flash region\n");
        return 1;
    }
    const void *flash = tock_app_writeable_flash_region_begins_at(0);
    size_t region =
        (size_t)((const char *)tock_app_writeable_flash_region_ends_at(0) - (const char *)flash);
    if (flash == NULL || region < sizeof state) {
        printf("app_state: region of %zu bytes is too small\n", region);
        return 1;
    }
    memcpy(&state, flash, sizeof state);
    if (state.magic != APP_STATE_MAGIC) {
        printf("app_state: fresh state\n");
        state.magic = APP_STATE_MAGIC;
        state.boots = 0;
    }
    state.boots++;
    int rc = app_flash_write((uintptr_t)flash, &state, sizeof state);
    if (rc != RETURNCODE_SUCCESS) {
        printf("app_state: save failed: %s\n", tock_strrcode(rc));
        return 1;
    }
    struct app_state check;
    memcpy(&check, flash, sizeof check);
    printf("app_state: boot %u, saved %s\n", (unsigned)state.boots,
           memcmp(&check, &state, sizeof state) == 0 ? "and visible in flash" : "but NOT visible");
    return 0;
}
