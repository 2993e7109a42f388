/* Console API: asynchronous write and read with completion callbacks.
 *
 * Counterpart: tock/libtock-c libtock/interface/console.c @497ea7cf. Kernel
 * side: kernel-semantics.md §8.2.
 *
 * Deviation: libtock-c decodes both completion upcalls as (status, length),
 * but the kernel's write-done upcall is (bytes written, 0, 0)
 * (capsules/core/src/console.rs; libtock-c-surface.md §3). Decoded
 * libtock-c's way, a write would report the byte count as a positive
 * "returncode" and 0 bytes written. We follow the kernel: write-done gives
 * the callback (RETURNCODE_SUCCESS, bytes written). Read-done really is
 * (status, bytes received, 0) and is decoded as such.
 */
#include "libtock/interface/console.h"

#include "libtock/interface/syscalls/console_syscalls.h"

static void write_done_upcall(int bytes_written, int unused1, int unused2, void *userdata)
{
    libtock_console_callback_write cb = (libtock_console_callback_write)userdata;

    (void)unused1;
    (void)unused2;
    cb(RETURNCODE_SUCCESS, (uint32_t)bytes_written);
}

static void read_done_upcall(int status, int bytes_read, int unused, void *userdata)
{
    libtock_console_callback_read cb = (libtock_console_callback_read)userdata;

    (void)unused;
    cb(tock_status_to_returncode((statuscode_t)status), (uint32_t)bytes_read);
}

bool libtock_console_exists(void)
{
    return libtock_console_driver_exists();
}

returncode_t libtock_console_write(const uint8_t *buffer, uint32_t len,
                                   libtock_console_callback_write cb)
{
    returncode_t ret = libtock_console_write_done_set_upcall(write_done_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_console_set_read_allow(buffer, len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_console_command_write((int)len);
}

returncode_t libtock_console_read(uint8_t *buffer, uint32_t len, libtock_console_callback_read cb)
{
    returncode_t ret = libtock_console_read_done_set_upcall(read_done_upcall, (void *)cb);

    if (ret != RETURNCODE_SUCCESS)
        return ret;
    ret = libtock_console_set_readwrite_allow(buffer, len);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_console_command_read((int)len);
}

returncode_t libtock_console_abort_read(void)
{
    return libtock_console_command_abort_read();
}
