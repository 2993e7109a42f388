/* Console driver 0x1 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/interface/syscalls/console_syscalls.c
 * @497ea7cf. Kernel side: kernel-semantics.md §8.2.
 */
#include "libtock/interface/syscalls/console_syscalls.h"

#include "lth-internal.h"

enum {
    CONSOLE_COMMAND_WRITE = 1,
    CONSOLE_COMMAND_READ = 2,
    CONSOLE_COMMAND_ABORT_READ = 3,
};

enum {
    CONSOLE_SUBSCRIBE_WRITE_DONE = 1,
    CONSOLE_SUBSCRIBE_READ_DONE = 2,
};

/* Both directions use allow number 1 (RO for write, RW for read). */
enum { CONSOLE_ALLOW_BUFFER = 1 };

returncode_t libtock_console_write_done_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_CONSOLE, CONSOLE_SUBSCRIBE_WRITE_DONE, callback, opaque);
}

returncode_t libtock_console_read_done_set_upcall(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_CONSOLE, CONSOLE_SUBSCRIBE_READ_DONE, callback, opaque);
}

returncode_t libtock_console_set_read_allow(const uint8_t *buffer, uint32_t len)
{
    return lth_allow_ro(DRIVER_NUM_CONSOLE, CONSOLE_ALLOW_BUFFER, buffer, len);
}

returncode_t libtock_console_set_readwrite_allow(uint8_t *buffer, uint32_t len)
{
    return lth_allow_rw(DRIVER_NUM_CONSOLE, CONSOLE_ALLOW_BUFFER, buffer, len);
}

bool libtock_console_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_CONSOLE);
}

returncode_t libtock_console_command_write(int length)
{
    return lth_command_novalue(DRIVER_NUM_CONSOLE, CONSOLE_COMMAND_WRITE, length, 0);
}

returncode_t libtock_console_command_read(int length)
{
    return lth_command_novalue(DRIVER_NUM_CONSOLE, CONSOLE_COMMAND_READ, length, 0);
}

returncode_t libtock_console_command_abort_read(void)
{
    return lth_command_novalue(DRIVER_NUM_CONSOLE, CONSOLE_COMMAND_ABORT_READ, 0, 0);
}
