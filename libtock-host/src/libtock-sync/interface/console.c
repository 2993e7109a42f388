/* Blocking console write and read: allow, command, Yield-WaitFor, un-allow.
 *
 * Counterpart: tock/libtock-c libtock-sync/interface/console.c @497ea7cf.
 * No upcall is subscribed: the kernel queues a null upcall that
 * Yield-WaitFor consumes (libtock-c-surface.md §1.6), so an app's own
 * console callbacks are left in place.
 */
#include "libtock-sync/interface/console.h"

#include "libtock-sync/interface/syscalls/console_syscalls.h"

bool libtocksync_console_exists(void)
{
    return libtock_console_driver_exists();
}

returncode_t libtocksync_console_write(const uint8_t *buffer, uint32_t length, uint32_t *written)
{
    returncode_t ret = libtock_console_set_read_allow(buffer, length);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_console_command_write((int)length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtocksync_console_yield_wait_for_write(written);
    /* Hand the buffer back whatever happened; the caller may free it next. */
    libtock_console_set_read_allow(NULL, 0);
    return ret;
}

returncode_t libtocksync_console_read(uint8_t *buffer, uint32_t length, uint32_t *read)
{
    returncode_t ret = libtock_console_set_readwrite_allow(buffer, length);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_console_command_read((int)length);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtocksync_console_yield_wait_for_read(read);
    libtock_console_set_readwrite_allow(NULL, 0);
    return ret;
}
