/* app_state: libtock-c's app-state pattern (libtock-c-surface.md §1.5):
 * LIBTOCK_APP_STATE_DECLARE, libtock_app_state_load and
 * libtocksync_app_state_save.
 *
 * The state's flash copy lives in section .wfr.app_state, which tockbin
 * turns into a writeable flash region (spec §6.3 type 2). Loading finds it
 * with memop 7/8 and copies it into RAM; saving writes the RAM copy back
 * with the app flash driver (spec §8.12). Each run counts one more boot, so
 * two runs on the same --flash file print 1 then 2.
 */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/storage/app_state.h>

#define APP_STATE_MAGIC 0x54534154u /* "TAST" */

struct app_state {
    uint32_t magic;
    uint32_t boots;
};

LIBTOCK_APP_STATE_DECLARE(struct app_state, state)

int main(void)
{
    returncode_t rc = libtock_app_state_load();
    if (rc != RETURNCODE_SUCCESS) {
        printf("app_state: load failed: %s\n", tock_strrcode(rc));
        return 1;
    }
    if (state.magic != APP_STATE_MAGIC) {
        printf("app_state: fresh state\n");
        state.magic = APP_STATE_MAGIC;
        state.boots = 0;
    }
    state.boots++;
    rc = libtocksync_app_state_save();
    if (rc != RETURNCODE_SUCCESS) {
        printf("app_state: save failed: %s\n", tock_strrcode(rc));
        return 1;
    }
    printf("app_state: boot %u, saved %s\n", (unsigned)state.boots,
           memcmp(_app_state_flash_pointer, &state, sizeof state) == 0 ? "and visible in flash"
                                                                       : "but NOT visible");
    return 0;
}
