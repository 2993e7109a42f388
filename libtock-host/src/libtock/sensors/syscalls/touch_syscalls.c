/* Touch driver 0x90002 syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/syscalls/touch_syscalls.c @497ea7cf.
 */
#include "libtock/sensors/syscalls/touch_syscalls.h"

#include "lth-internal.h"

bool libtock_touch_driver_exists(void)
{
    return driver_exists(DRIVER_NUM_TOUCH);
}

returncode_t libtock_touch_set_upcall_single_touch(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_TOUCH, 0, callback, opaque);
}

returncode_t libtock_touch_set_upcall_gesture(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_TOUCH, 1, callback, opaque);
}

returncode_t libtock_touch_set_upcall_multi_touch(subscribe_upcall callback, void *opaque)
{
    return lth_subscribe(DRIVER_NUM_TOUCH, 2, callback, opaque);
}

returncode_t libtock_touch_set_allow_readwrite_multi_touch(void *data, int len)
{
    return lth_allow_rw(DRIVER_NUM_TOUCH, 2, data, (size_t)len);
}

returncode_t libtock_touch_command_get_number_of_touches(uint32_t *touches)
{
    return lth_command_u32(DRIVER_NUM_TOUCH, 100, 0, 0, touches);
}

returncode_t libtock_touch_command_enable_single_touch(void)
{
    return lth_command_novalue(DRIVER_NUM_TOUCH, 1, 0, 0);
}

returncode_t libtock_touch_command_disable_single_touch(void)
{
    return lth_command_novalue(DRIVER_NUM_TOUCH, 2, 0, 0);
}

returncode_t libtock_touch_command_enable_multi_touch(void)
{
    return lth_command_novalue(DRIVER_NUM_TOUCH, 11, 0, 0);
}

returncode_t libtock_touch_command_disable_multi_touch(void)
{
    return lth_command_novalue(DRIVER_NUM_TOUCH, 12, 0, 0);
}

returncode_t libtock_touch_command_multi_touch_next(void)
{
    return lth_command_novalue(DRIVER_NUM_TOUCH, 10, 0, 0);
}
