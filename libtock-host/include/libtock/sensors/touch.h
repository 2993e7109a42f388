/* Touch panel: single touch, multi-touch and gestures with callbacks.
 *
 * Same names and signatures as tock/libtock-c libtock/sensors/touch.h @497ea7cf.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    LIBTOCK_TOUCH_STATUS_RELEASED = 0,
    LIBTOCK_TOUCH_STATUS_PRESSED = 1,
    LIBTOCK_TOUCH_STATUS_MOVED = 2,
    LIBTOCK_TOUCH_STATUS_UNSTARTED = 3,
} libtock_touch_status_t;

typedef enum {
    LIBTOCK_TOUCH_GESTURE_NO = 0,
    LIBTOCK_TOUCH_GESTURE_SWIPE_UP = 1,
    LIBTOCK_TOUCH_GESTURE_SWIPE_DOWN = 2,
    LIBTOCK_TOUCH_GESTURE_SWIPE_LEFT = 3,
    LIBTOCK_TOUCH_GESTURE_SWIPE_RIGHT = 4,
    LIBTOCK_TOUCH_GESTURE_ZOOM_IN = 5,
    LIBTOCK_TOUCH_GESTURE_ZOOM_OUT = 6,
} libtock_touch_gesture_t;

typedef void (*libtock_touch_touch_callback)(libtock_touch_status_t, uint16_t, uint16_t);
typedef void (*libtock_touch_multi_touch_callback)(returncode_t, int, int, int);
typedef void (*libtock_touch_gesture_callback)(returncode_t, libtock_touch_gesture_t);

/* One touch in the multi-touch buffer: 8 bytes, as the kernel writes it. */
typedef struct __attribute__((__packed__)) {
    unsigned char id;
    unsigned char status;
    unsigned short x;
    unsigned short y;
    unsigned char size;
    unsigned char pressure;
} libtock_touch_event_t;

bool libtock_touch_exists(void);
returncode_t libtock_touch_get_number_of_touches(int *touches);
returncode_t libtock_touch_enable_single_touch(libtock_touch_touch_callback cb);
returncode_t libtock_touch_disable_single_touch(void);
returncode_t libtock_touch_enable_multi_touch(libtock_touch_event_t *buffer, int max_touches,
                                              libtock_touch_multi_touch_callback cb);
returncode_t libtock_touch_disable_multi_touch(void);
returncode_t libtock_touch_allocate_multi_touch_buffer(int max_touches,
                                                       libtock_touch_event_t **buffer);
returncode_t libtock_touch_get_gestures(libtock_touch_gesture_callback cb);
returncode_t libtock_touch_multi_touch_next(void);
/* As libtock-c's: x and y come out as uint8_t (cut to 8 bits). */
returncode_t libtock_touch_read_touch_from_buffer(libtock_touch_event_t *buffer, int index,
                                                  uint8_t *id, uint8_t *status, uint8_t *x,
                                                  uint8_t *y, uint8_t *size, uint8_t *pressure);

#ifdef __cplusplus
}
#endif
