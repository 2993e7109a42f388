/* Isolated nonvolatile storage driver 0x50004 syscall wrappers.
 *
 * Counterpart: tock/libtock-c
 * libtock/storage/syscalls/isolated_nonvolatile_storage_syscalls.c @497ea7cf.
 */
#include "libtock/storage/syscalls/isolated_nonvolatile_storage_syscalls.h"

#include "lth-internal.h"

#define DRIVER DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE

enum {
    INVS_UPCALL_SIZE = 0,
    INVS_UPCALL_READ = 1,
    INVS_UPCALL_WRITE = 2,
    INVS_COMMAND_SIZE = 1,
    INVS_COMMAND_READ = 2,
    INVS_COMMAND_WRITE = 3,
};

bool libtock_isolated_nonvolatile_storage_driver_exists(void)
{
    return driver_exists(DRIVER);
}

returncode_t
libtock_isolated_nonvolatile_storage_set_upcall_get_number_bytes_done(subscribe_upcall cb,
                                                                      void *opaque)
{
    return lth_subscribe(DRIVER, INVS_UPCALL_SIZE, cb, opaque);
}

returncode_t libtock_isolated_nonvolatile_storage_set_upcall_read_done(subscribe_upcall cb,
                                                                       void *opaque)
{
    return lth_subscribe(DRIVER, INVS_UPCALL_READ, cb, opaque);
}

returncode_t libtock_isolated_nonvolatile_storage_set_upcall_write_done(subscribe_upcall cb,
                                                                        void *opaque)
{
    return lth_subscribe(DRIVER, INVS_UPCALL_WRITE, cb, opaque);
}

returncode_t libtock_isolated_nonvolatile_storage_set_allow_readwrite_read_buffer(uint8_t *buffer,
                                                                                  size_t len)
{
    return lth_allow_rw(DRIVER, 0, buffer, len);
}

returncode_t libtock_isolated_nonvolatile_storage_set_allow_readonly_write_buffer(uint8_t *buffer,
                                                                                  size_t len)
{
    return lth_allow_ro(DRIVER, 0, buffer, len);
}

returncode_t libtock_isolated_nonvolatile_storage_command_get_number_bytes(void)
{
    return lth_command_novalue(DRIVER, INVS_COMMAND_SIZE, 0, 0);
}

/* The offset goes as its low and high 32 bits. */
returncode_t libtock_isolated_nonvolatile_storage_command_read(uint64_t offset)
{
    return lth_command_novalue(DRIVER, INVS_COMMAND_READ, (int)(uint32_t)offset,
                               (int)(uint32_t)(offset >> 32));
}

returncode_t libtock_isolated_nonvolatile_storage_command_write(uint64_t offset)
{
    return lth_command_novalue(DRIVER, INVS_COMMAND_WRITE, (int)(uint32_t)offset,
                               (int)(uint32_t)(offset >> 32));
}
