/* Touch capsule (driver 0x90002): touches and gestures from a touch panel.
 *
 * Mirrors tock/tock capsules/extra/src/touch.rs @65608d71 (Touch); the
 * syscall interface is in touch.c.
 */
#ifndef TK_CAPSULE_TOUCH_H
#define TK_CAPSULE_TOUCH_H

#include "driver.h"
#include "hil/screen.h"
#include "hil/touch.h"

struct tk_touch_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_touch_client client;
    struct tk_touch *touch;   /* a multi-touch panel */
    struct tk_screen *screen; /* under the panel, for its rotation; may be NULL */
};

/* Set up `d` over the panel `touch` and the screen beneath it (NULL: none),
 * becoming the panel's client. Both must outlive `d`. */
void tk_touch_driver_init(struct tk_touch_driver *d, struct tk_touch *touch,
                          struct tk_screen *screen);

#endif
