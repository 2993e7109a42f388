/* Alarm capsule (driver 0x0): one alarm per process over one hardware alarm.
 *
 * Mirrors tock/tock capsules/core/src/alarm.rs @65608d71 (AlarmDriver); the
 * syscall interface is in alarm.c.
 */
#ifndef TK_CAPSULE_ALARM_H
#define TK_CAPSULE_ALARM_H

#include "driver.h"
#include "hil/time.h"

struct tk_alarm_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_alarm *alarm;
    struct tk_alarm_client alarm_client;
};

/* Set up `d` over `alarm` and make `d` the alarm's client. `d->driver` gets
 * number TK_DRIVER_NUM_ALARM and is ready for tk_kernel_add_driver (the
 * capsule needs the kernel that registration records). `alarm` must outlive
 * `d`. */
void tk_alarm_driver_init(struct tk_alarm_driver *d, struct tk_alarm *alarm);

#endif
