/* Proximity capsule (driver 0x60005): near/far readings, now or on a threshold.
 *
 * Mirrors tock/tock capsules/extra/src/proximity.rs @65608d71; the syscall
 * interface is in proximity.c.
 */
#ifndef TK_CAPSULE_PROXIMITY_H
#define TK_CAPSULE_PROXIMITY_H

#include "driver.h"
#include "hil/sensors.h"

/* The sensor operation under way (ProximityCommand). */
enum tk_proximity_command {
    TK_PROXIMITY_NONE = 0,
    TK_PROXIMITY_READ,
    TK_PROXIMITY_ON_INTERRUPT,
};

struct tk_proximity {
    struct tk_driver driver; /* what the board registers */
    struct tk_sensor_client client;
    struct tk_sensor *sensor; /* with read_thresholds */
    enum tk_proximity_command running;
};

/* Set up `x` over `sensor`, becoming its client. The sensor must outlive
 * `x` and implement read_thresholds. */
void tk_proximity_init(struct tk_proximity *x, struct tk_sensor *sensor);

#endif
