/* Asynchronous nonvolatile storage (driver 0x50001, spec §8.13) and the size
 * query: subscribe, allow, command; the upcall's first argument is the
 * length transferred.
 *
 * Counterpart: tock/libtock-c libtock/storage/nonvolatile_storage.c
 * @497ea7cf.
 */
#include "libtock/storage/nonvolatile_storage.h"
#include "lth-internal.h"

enum {
    NVS_DRIVER = 0x50001,
    NVS_GET_SIZE = 1,
    NVS_READ = 2,
    NVS_WRITE = 3,
    NVS_UPCALL_READ = 0,
    NVS_UPCALL_WRITE = 1,
};

bool libtock_nonvolatile_storage_exists(void)
{
    return driver_exists(NVS_DRIVER);
}

returncode_t libtock_nonvolatile_storage_get_number_bytes(uint32_t *number_bytes)
{
    return lth_command_u32(NVS_DRIVER, NVS_GET_SIZE, 0, 0, number_bytes);
}

/* Both upcalls carry (length, 0, 0); the user's callback is the opaque
 * pointer. */
static void transfer_done(int length, int unused1, int unused2, void *opaque)
{
    (void)unused1;
    (void)unused2;
    libtock_nonvolatile_storage_callback_write cb =
        (libtock_nonvolatile_storage_callback_write)opaque;
    cb(RETURNCODE_SUCCESS, length);
}

returncode_t libtock_nonvolatile_storage_write(uint32_t offset, uint32_t length, uint8_t *buffer,
                                               uint32_t buffer_length,
                                               libtock_nonvolatile_storage_callback_write cb)
{
    returncode_t ret = lth_subscribe(NVS_DRIVER, NVS_UPCALL_WRITE, transfer_done, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_allow_ro(NVS_DRIVER, 0, buffer, buffer_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_command_novalue(NVS_DRIVER, NVS_WRITE, (int)offset, (int)length);
    return ret;
}

returncode_t libtock_nonvolatile_storage_read(uint32_t offset, uint32_t length, uint8_t *buffer,
                                              uint32_t buffer_length,
                                              libtock_nonvolatile_storage_callback_read cb)
{
    returncode_t ret = lth_subscribe(NVS_DRIVER, NVS_UPCALL_READ, transfer_done, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_allow_rw(NVS_DRIVER, 0, buffer, buffer_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = lth_command_novalue(NVS_DRIVER, NVS_READ, (int)offset, (int)length);
    return ret;
}
