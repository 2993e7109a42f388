/* Touch HIL: a multi-touch panel, and the gestures it recognises.
 *
 * Mirrors tock/tock kernel/src/hil/touch.rs @65608d71 (MultiTouch,
 * TouchClient, MultiTouchClient, GestureClient, TouchEvent). Events come
 * from the kernel loop.
 */
#ifndef TK_HIL_TOUCH_H
#define TK_HIL_TOUCH_H

#include <stddef.h>
#include <stdint.h>

/* TouchStatus, numbered as touch.rs's touch_status_to_number. */
enum tk_touch_status {
    TK_TOUCH_RELEASED = 0,
    TK_TOUCH_PRESSED = 1,
    TK_TOUCH_MOVED = 2,
    TK_TOUCH_UNSTARTED = 3,
};

/* GestureEvent, numbered as the capsule reports them (1..6). */
enum tk_touch_gesture {
    TK_GESTURE_SWIPE_UP = 1,
    TK_GESTURE_SWIPE_DOWN,
    TK_GESTURE_SWIPE_LEFT,
    TK_GESTURE_SWIPE_RIGHT,
    TK_GESTURE_ZOOM_IN,
    TK_GESTURE_ZOOM_OUT,
};

struct tk_touch_event {
    enum tk_touch_status status;
    uint16_t x, y;
    unsigned id;
    int size;     /* -1: None */
    int pressure; /* -1: None */
};

struct tk_touch;

struct tk_touch_client {
    /* MultiTouchClient::touch_events: `count` touches, first one first. */
    void (*touch_events)(struct tk_touch_client *client, const struct tk_touch_event *events,
                         size_t count);
    /* GestureClient::gesture_event. */
    void (*gesture_event)(struct tk_touch_client *client, enum tk_touch_gesture gesture);
};

struct tk_touch_ops {
    int (*enable)(struct tk_touch *t);
    int (*disable)(struct tk_touch *t);
    size_t (*touches)(struct tk_touch *t); /* get_num_touches */
};

struct tk_touch {
    const struct tk_touch_ops *ops;
    struct tk_touch_client *client;
    void *state; /* the implementation's */
};

#endif
