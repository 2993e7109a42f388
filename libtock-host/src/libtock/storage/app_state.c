/* App state load and asynchronous save (see libtock/storage/app_state.h).
 *
 * Counterpart: tock/libtock-c libtock/storage/app_state.c.
 */
#include <string.h>

#include "libtock/storage/app_state.h"
#include "lth-internal.h"

enum { APP_FLASH_DRIVER = 0x50000, APP_FLASH_WRITE = 1, APP_FLASH_DONE = 0 };

/* Find writeable flash region 0 (memop 7/8/9) and check the state fits. */
static returncode_t find_region(void)
{
    if (_app_state_flash_pointer != NULL)
        return RETURNCODE_SUCCESS;
    if (tock_app_number_writeable_flash_regions() < 1)
        return RETURNCODE_FAIL;
    char *start = tock_app_writeable_flash_region_begins_at(0);
    char *end = tock_app_writeable_flash_region_ends_at(0);
    if (start == NULL || end == NULL || (size_t)(end - start) < _app_state_size)
        return RETURNCODE_FAIL;
    _app_state_flash_pointer = start;
    return RETURNCODE_SUCCESS;
}

returncode_t libtock_app_state_load(void)
{
    returncode_t ret = find_region();
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    memcpy(_app_state_ram_pointer, _app_state_flash_pointer, _app_state_size);
    _app_state_inited = true;
    return RETURNCODE_SUCCESS;
}

static void save_done(int arg0, int arg1, int arg2, void *userdata)
{
    (void)arg0, (void)arg1, (void)arg2;
    libtock_app_state_callback cb = (libtock_app_state_callback)userdata;
    if (cb != NULL)
        cb(RETURNCODE_SUCCESS);
}

/* The flash address goes in an int, as in libtock-c (libtock-c-surface.md
 * §1.7); app flash lies below 2 GiB, so nothing is lost. */
returncode_t libtock_app_state_save(libtock_app_state_callback cb)
{
    returncode_t ret = find_region();
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_subscribe(APP_FLASH_DRIVER, APP_FLASH_DONE, save_done, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_allow_ro(APP_FLASH_DRIVER, 0, _app_state_ram_pointer, _app_state_size);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_command_novalue(APP_FLASH_DRIVER, APP_FLASH_WRITE,
                                  (int)(uintptr_t)_app_state_flash_pointer, 0);
    return ret;
}
