/* Touch panel with callbacks, over the syscall wrappers.
 *
 * Counterpart: tock/libtock-c libtock/sensors/touch.c @497ea7cf.
 */
#include <stdlib.h>

#include "libtock/sensors/syscalls/touch_syscalls.h"
#include "libtock/sensors/touch.h"

/* Upcall 0: (status, x << 16 | y, pressure << 16 | size). */
static void single_touch_upcall(int status, int xy, int unused, void *opaque)
{
    (void)unused;
    libtock_touch_touch_callback cb = (libtock_touch_touch_callback)opaque;
    cb((libtock_touch_status_t)status, (uint16_t)((uint32_t)xy >> 16),
       (uint16_t)((uint32_t)xy & 0xFFFF));
}

/* Upcall 2: (touches written, dropped reports, touches that did not fit). */
static void multi_touch_upcall(int num_events, int dropped_events, int lost_touches, void *opaque)
{
    libtock_touch_multi_touch_callback cb = (libtock_touch_multi_touch_callback)opaque;
    cb(RETURNCODE_SUCCESS, num_events, dropped_events, lost_touches);
}

static void gesture_upcall(int gesture, int unused0, int unused1, void *opaque)
{
    (void)unused0, (void)unused1;
    libtock_touch_gesture_callback cb = (libtock_touch_gesture_callback)opaque;
    cb(RETURNCODE_SUCCESS, (libtock_touch_gesture_t)gesture);
}

bool libtock_touch_exists(void)
{
    return libtock_touch_driver_exists();
}

returncode_t libtock_touch_get_number_of_touches(int *touches)
{
    return libtock_touch_command_get_number_of_touches((uint32_t *)touches);
}

returncode_t libtock_touch_enable_single_touch(libtock_touch_touch_callback cb)
{
    returncode_t ret = libtock_touch_set_upcall_single_touch(single_touch_upcall, (void *)cb);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_touch_command_enable_single_touch();
}

returncode_t libtock_touch_disable_single_touch(void)
{
    returncode_t ret = libtock_touch_set_upcall_single_touch(NULL, NULL);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_touch_command_disable_single_touch();
}

/* As libtock-c's, this allows the buffer and subscribes but sends no
 * enable command (the kernel reports multi-touch regardless). */
returncode_t libtock_touch_enable_multi_touch(libtock_touch_event_t *buffer, int max_touches,
                                              libtock_touch_multi_touch_callback cb)
{
    returncode_t ret = libtock_touch_set_allow_readwrite_multi_touch(
        buffer, max_touches * (int)sizeof(libtock_touch_event_t));
    return ret != RETURNCODE_SUCCESS
               ? ret
               : libtock_touch_set_upcall_multi_touch(multi_touch_upcall, (void *)cb);
}

returncode_t libtock_touch_disable_multi_touch(void)
{
    returncode_t ret = libtock_touch_set_allow_readwrite_multi_touch(NULL, 0);
    if (ret == RETURNCODE_SUCCESS)
        ret = libtock_touch_set_upcall_multi_touch(NULL, NULL);
    return ret != RETURNCODE_SUCCESS ? ret : libtock_touch_command_disable_multi_touch();
}

returncode_t libtock_touch_allocate_multi_touch_buffer(int max_touches,
                                                       libtock_touch_event_t **buffer)
{
    libtock_touch_event_t *events = malloc((size_t)max_touches * sizeof *events);
    if (events == NULL)
        return RETURNCODE_ENOMEM;
    *buffer = events;
    return RETURNCODE_SUCCESS;
}

returncode_t libtock_touch_get_gestures(libtock_touch_gesture_callback cb)
{
    return libtock_touch_set_upcall_gesture(gesture_upcall, (void *)cb);
}

returncode_t libtock_touch_multi_touch_next(void)
{
    return libtock_touch_command_multi_touch_next();
}

returncode_t libtock_touch_read_touch_from_buffer(libtock_touch_event_t *buffer, int index,
                                                  uint8_t *id, uint8_t *status, uint8_t *x,
                                                  uint8_t *y, uint8_t *size, uint8_t *pressure)
{
    if (buffer == NULL)
        return RETURNCODE_ENOMEM;
    *id = buffer[index].id;
    *status = buffer[index].status;
    *x = (uint8_t)buffer[index].x;
    *y = (uint8_t)buffer[index].y;
    *size = buffer[index].size;
    *pressure = buffer[index].pressure;
    return RETURNCODE_SUCCESS;
}
