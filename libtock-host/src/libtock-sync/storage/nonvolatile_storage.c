/* Blocking nonvolatile storage: allow, command, Yield-WaitFor, un-allow.
 *
 * Counterpart: tock/libtock-c libtock-sync/storage/nonvolatile_storage.c.
 */
#include "libtock-sync/storage/nonvolatile_storage.h"
#include "lth-internal.h"

enum {
    NVS_DRIVER = 0x50001,
    NVS_READ = 2,
    NVS_WRITE = 3,
    NVS_UPCALL_READ = 0,
    NVS_UPCALL_WRITE = 1,
};

/* Issue read or write and wait for its upcall, whose first argument is the
 * length transferred. */
static returncode_t transfer(uint32_t cmd, uint32_t upcall, uint32_t offset, uint32_t length,
                             int *length_done)
{
    returncode_t ret = lth_command_novalue(NVS_DRIVER, cmd, (int)offset, (int)length);
    if (ret == RETURNCODE_SUCCESS)
        *length_done = (int)yield_wait_for(NVS_DRIVER, upcall).data0;
    return ret;
}

returncode_t libtocksync_nonvolatile_storage_write(uint32_t offset, uint32_t length,
                                                   uint8_t *buffer, uint32_t buffer_length,
                                                   int *length_written)
{
    returncode_t ret = lth_allow_ro(NVS_DRIVER, 0, buffer, buffer_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = transfer(NVS_WRITE, NVS_UPCALL_WRITE, offset, length, length_written);
    lth_allow_ro(NVS_DRIVER, 0, NULL, 0);
    return ret;
}

returncode_t libtocksync_nonvolatile_storage_read(uint32_t offset, uint32_t length, uint8_t *buffer,
                                                  uint32_t buffer_length, int *length_read)
{
    returncode_t ret = lth_allow_rw(NVS_DRIVER, 0, buffer, buffer_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = transfer(NVS_READ, NVS_UPCALL_READ, offset, length, length_read);
    lth_allow_rw(NVS_DRIVER, 0, NULL, 0);
    return ret;
}
