/* Blocking key-value calls: allow, command, Yield-WaitFor, un-allow.
 *
 * Counterpart: tock/libtock-c libtock-sync/storage/kv.c.
 */
#include "libtock-sync/storage/kv.h"
#include "lth-internal.h"

enum {
    KV_DRIVER = 0x50003,
    KV_RO_KEY = 0,
    KV_RO_VALUE = 1,
    KV_RW_VALUE = 0,
    KV_UPCALL = 0,
};
enum kv_command {
    KV_GET = 1,
    KV_SET = 2,
    KV_DELETE = 3,
    KV_ADD = 4,
    KV_UPDATE = 5,
    KV_GARBAGE_COLLECT = 6
};

/* One operation: the upcall's (status, length) become the result and
 * *value_len (when not NULL). Buffers are un-allowed whatever happened. */
static returncode_t kv_operation(enum kv_command op, const uint8_t *key, uint32_t key_len,
                                 const uint8_t *value, uint32_t value_len, uint8_t *out,
                                 uint32_t out_len, uint32_t *stored_len)
{
    returncode_t ret = lth_allow_ro(KV_DRIVER, KV_RO_KEY, key, key_len);
    if (ret == RETURNCODE_SUCCESS && value != NULL)
        ret = lth_allow_ro(KV_DRIVER, KV_RO_VALUE, value, value_len);
    if (ret == RETURNCODE_SUCCESS && out != NULL)
        ret = lth_allow_rw(KV_DRIVER, KV_RW_VALUE, out, out_len);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_command_novalue(KV_DRIVER, op, 0, 0);
    if (ret == RETURNCODE_SUCCESS) {
        yield_waitfor_return_t up = yield_wait_for(KV_DRIVER, KV_UPCALL);
        ret = tock_status_to_returncode((statuscode_t)up.data0);
        if (stored_len != NULL)
            *stored_len = up.data1;
    }
    lth_allow_ro(KV_DRIVER, KV_RO_KEY, NULL, 0);
    lth_allow_ro(KV_DRIVER, KV_RO_VALUE, NULL, 0);
    lth_allow_rw(KV_DRIVER, KV_RW_VALUE, NULL, 0);
    return ret;
}

bool libtocksync_kv_exists(void)
{
    return driver_exists(KV_DRIVER);
}

returncode_t libtocksync_kv_get(const uint8_t *key_buffer, uint32_t key_len, uint8_t *ret_buffer,
                                uint32_t ret_len, uint32_t *value_len)
{
    return kv_operation(KV_GET, key_buffer, key_len, NULL, 0, ret_buffer, ret_len, value_len);
}

returncode_t libtocksync_kv_set(const uint8_t *key_buffer, uint32_t key_len,
                                const uint8_t *val_buffer, uint32_t val_len)
{
    return kv_operation(KV_SET, key_buffer, key_len, val_buffer, val_len, NULL, 0, NULL);
}

returncode_t libtocksync_kv_add(const uint8_t *key_buffer, uint32_t key_len,
                                const uint8_t *val_buffer, uint32_t val_len)
{
    return kv_operation(KV_ADD, key_buffer, key_len, val_buffer, val_len, NULL, 0, NULL);
}

returncode_t libtocksync_kv_update(const uint8_t *key_buffer, uint32_t key_len,
                                   const uint8_t *val_buffer, uint32_t val_len)
{
    return kv_operation(KV_UPDATE, key_buffer, key_len, val_buffer, val_len, NULL, 0, NULL);
}

returncode_t libtocksync_kv_delete(const uint8_t *key_buffer, uint32_t key_len)
{
    return kv_operation(KV_DELETE, key_buffer, key_len, NULL, 0, NULL, 0, NULL);
}

/* Upstream sends garbage collect with no key allowed; kv_operation allows
 * none for NULL. */
returncode_t libtocksync_kv_garbage_collect(void)
{
    return kv_operation(KV_GARBAGE_COLLECT, NULL, 0, NULL, 0, NULL, 0, NULL);
}
