/* Isolated nonvolatile storage API with callbacks.
 *
 * Counterpart: tock/libtock-c libtock/storage/isolated_nonvolatile_storage.c
 * @497ea7cf.
 */
#include "libtock/storage/isolated_nonvolatile_storage.h"

#include "libtock/storage/syscalls/isolated_nonvolatile_storage_syscalls.h"

static void get_number_bytes_done(int status, int bytes_lo, int bytes_hi, void *opaque)
{
    libtock_isolated_nonvolatile_storage_callback_get_number_bytes cb =
        (libtock_isolated_nonvolatile_storage_callback_get_number_bytes)opaque;
    cb(tock_status_to_returncode((statuscode_t)status),
       (uint64_t)(uint32_t)bytes_lo | (uint64_t)(uint32_t)bytes_hi << 32);
}

/* Read and write completions carry only a status for the callback. */
static void status_done(int status, int unused1, int unused2, void *opaque)
{
    (void)unused1, (void)unused2;
    libtock_isolated_nonvolatile_storage_callback_write cb =
        (libtock_isolated_nonvolatile_storage_callback_write)opaque;
    cb(tock_status_to_returncode((statuscode_t)status));
}

bool libtock_isolated_nonvolatile_storage_exists(void)
{
    return libtock_isolated_nonvolatile_storage_driver_exists();
}

returncode_t libtock_isolated_nonvolatile_storage_get_number_bytes(
    libtock_isolated_nonvolatile_storage_callback_get_number_bytes cb)
{
    returncode_t ret = libtock_isolated_nonvolatile_storage_set_upcall_get_number_bytes_done(
        get_number_bytes_done, (void *)cb);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_isolated_nonvolatile_storage_command_get_number_bytes();
}

returncode_t
libtock_isolated_nonvolatile_storage_write(uint64_t offset, uint8_t *buffer, size_t buffer_length,
                                           libtock_isolated_nonvolatile_storage_callback_write cb)
{
    returncode_t ret =
        libtock_isolated_nonvolatile_storage_set_upcall_write_done(status_done, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_isolated_nonvolatile_storage_set_allow_readonly_write_buffer(buffer,
                                                                                   buffer_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_isolated_nonvolatile_storage_command_write(offset);
    return ret;
}

returncode_t
libtock_isolated_nonvolatile_storage_read(uint64_t offset, uint8_t *buffer, size_t buffer_length,
                                          libtock_isolated_nonvolatile_storage_callback_read cb)
{
    returncode_t ret =
        libtock_isolated_nonvolatile_storage_set_upcall_read_done(status_done, (void *)cb);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_isolated_nonvolatile_storage_set_allow_readwrite_read_buffer(buffer,
                                                                                   buffer_length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_isolated_nonvolatile_storage_command_read(offset);
    return ret;
}
