/* Storage calls for the e2e test apps: KV (0x50003), nonvolatile storage
 * (0x50001) and app flash (0x50000), synchronously over Yield-WaitFor as
 * libtock-sync does (spec §8.12-§8.14).
 *
 * Deviation: libtock-host has no libtock-c storage wrappers yet
 * (libtock-sync/storage/...); these helpers stand in for them in tests.
 * Each returns a returncode_t: RETURNCODE_SUCCESS, the negated ErrorCode of a
 * failed command, or the negated status the upcall reported.
 */
#ifndef TESTS_APPS_STORAGE_H
#define TESTS_APPS_STORAGE_H

#include <stdint.h>
#include <string.h>

#include <libtock/tock.h>

enum {
    APP_FLASH_DRIVER = 0x50000,
    NVS_DRIVER = 0x50001,
    KV_DRIVER = 0x50003,
};

enum app_kv_op {
    APP_KV_GET = 1,
    APP_KV_SET = 2,
    APP_KV_DELETE = 3,
    APP_KV_ADD = 4,
    APP_KV_UPDATE = 5
};

/* Issue `command` on `driver` and wait for upcall `subscribe`; the upcall's
 * first argument is a status (statuscode) unless `status_in_arg0` is false. */
static inline int app_storage_call(uint32_t driver, uint32_t cmd, uint32_t arg0, uint32_t arg1,
                                   uint32_t subscribe, bool status_in_arg0,
                                   yield_waitfor_return_t *out)
{
    int rc = tock_command_return_novalue_to_returncode(command(driver, cmd, arg0, arg1));
    if (rc != RETURNCODE_SUCCESS)
        return rc;
    *out = yield_wait_for(driver, subscribe);
    return status_in_arg0 ? tock_status_to_returncode((statuscode_t)out->data0)
                          : RETURNCODE_SUCCESS;
}

/* One KV operation on `key`: `value` (RO allow 1) for set/add/update,
 * `out` (RW allow 0) for get, which stores the full stored length in
 * *value_len. */
static inline int app_kv(enum app_kv_op op, const char *key, const void *value, uint32_t value_len,
                         void *out, uint32_t out_len, uint32_t *stored_len)
{
    int rc = tock_allow_ro_return_to_returncode(allow_readonly(KV_DRIVER, 0, key, strlen(key)));
    if (rc == RETURNCODE_SUCCESS && value != NULL)
        rc = tock_allow_ro_return_to_returncode(allow_readonly(KV_DRIVER, 1, value, value_len));
    if (rc == RETURNCODE_SUCCESS && out != NULL)
        rc = tock_allow_rw_return_to_returncode(allow_readwrite(KV_DRIVER, 0, out, out_len));
    yield_waitfor_return_t up = {0, 0, 0};
    if (rc == RETURNCODE_SUCCESS)
        rc = app_storage_call(KV_DRIVER, (uint32_t)op, 0, 0, 0, true, &up);
    if (stored_len != NULL)
        *stored_len = up.data1;
    return rc;
}

/* Nonvolatile storage: read or write `len` bytes at `offset`. */
static inline int app_nvs_read(uint32_t offset, void *buf, uint32_t len)
{
    int rc = tock_allow_rw_return_to_returncode(allow_readwrite(NVS_DRIVER, 0, buf, len));
    yield_waitfor_return_t up;
    return rc != RETURNCODE_SUCCESS ? rc
                                    : app_storage_call(NVS_DRIVER, 2, offset, len, 0, false, &up);
}

static inline int app_nvs_write(uint32_t offset, const void *buf, uint32_t len)
{
    int rc = tock_allow_ro_return_to_returncode(allow_readonly(NVS_DRIVER, 0, buf, len));
    yield_waitfor_return_t up;
    return rc != RETURNCODE_SUCCESS ? rc
                                    : app_storage_call(NVS_DRIVER, 3, offset, len, 1, false, &up);
}

/* App flash: write `len` bytes of `buf` at `flash_address`, an address in
 * this app's own flash (a writeable flash region). */
static inline int app_flash_write(uintptr_t flash_address, const void *buf, uint32_t len)
{
    int rc = tock_allow_ro_return_to_returncode(allow_readonly(APP_FLASH_DRIVER, 0, buf, len));
    yield_waitfor_return_t up;
    return rc != RETURNCODE_SUCCESS
               ? rc
               : app_storage_call(APP_FLASH_DRIVER, 1, (uint32_t)flash_address, 0, 0, false, &up);
}

#endif
