/* One-shot sensor capsules: the reading engine they share, and each one's face.
 *
 * Tock has one capsule per quantity (capsules/extra/src/temperature.rs,
 * humidity.rs, ambient_light.rs, pressure.rs, moisture.rs, rainfall.rs,
 * sound_pressure.rs @65608d71), all built the same way: command 1 marks the
 * caller subscribed and starts a reading unless one is under way; the
 * reading's callback upcalls every subscribed process. They differ only in
 * the few places the config below names, so one engine (sensor_driver.c)
 * runs them all and each capsule file holds its config and its interface
 * table. ninedof.c and proximity.c queue differently and stand alone.
 */
#ifndef TK_CAPSULE_SENSOR_DRIVER_H
#define TK_CAPSULE_SENSOR_DRIVER_H

#include <stdbool.h>

#include "driver.h"
#include "hil/sensors.h"

/* What command 1 does when a reading is already under way. */
enum tk_sensor_busy_policy {
    TK_SENSOR_JOIN,       /* subscribe the caller to it; S */
    TK_SENSOR_JOIN_QUIET, /* the same, and every command 1 answers S (ambient light) */
    TK_SENSOR_REFUSE,     /* F(BUSY), caller not subscribed (sound pressure) */
};

/* What the completion upcall carries. */
enum tk_sensor_upcall_format {
    TK_SENSOR_VALUE_IF_OK, /* (value, 0, 0); nothing on error, caller stays subscribed */
    TK_SENSOR_STATUS,      /* (0, value, 0) or (error, 0, 0); caller unsubscribed */
};

struct tk_sensor_driver_config {
    uint32_t number;
    enum tk_sensor_busy_policy busy;
    enum tk_sensor_upcall_format upcall;
    /* pressure.rs, moisture.rs, rainfall.rs: a read() that fails to start
     * leaves the capsule idle; the others stay busy after it. */
    bool idle_after_failed_start;
    /* Extra commands (sound pressure's 2 and 3), asked before NOSUPPORT;
     * NULL: none. Return false to let the engine answer NOSUPPORT. */
    bool (*command)(struct tk_driver *d, struct tk_process *p, uint32_t command, uint32_t arg0,
                    struct tk_cmd_return *out);
};

struct tk_sensor_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_sensor_client client;
    struct tk_sensor *sensor;
    const struct tk_sensor_driver_config *config;
    bool busy; /* a reading is under way */
};

/* The per-process state of a one-shot sensor capsule (its grant T). */
struct tk_sensor_app {
    bool subscribed; /* waiting for the reading under way */
    bool enable;     /* sound pressure: this process wants the sensor on */
};

/* Set up `d` over `sensor` with `config` (static storage), becoming the
 * sensor's client. The sensor must outlive `d`. */
void tk_sensor_driver_init(struct tk_sensor_driver *d, const struct tk_sensor_driver_config *config,
                           struct tk_sensor *sensor);

/* The capsules, each with its number and config (their files). */
void tk_temperature_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);
void tk_humidity_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);
void tk_ambient_light_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);
void tk_pressure_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);
void tk_moisture_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);
void tk_rainfall_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);
void tk_sound_pressure_init(struct tk_sensor_driver *d, struct tk_sensor *sensor);

#endif
