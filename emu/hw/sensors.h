/* Sensor model: the board's environment sensors, with values from scenarios.
 *
 * One simulated device per quantity (temperature, humidity, light, the
 * three 9-DOF sensors, proximity, sound pressure, pressure, moisture,
 * rainfall), each behind hil/sensors.h. A reading completes
 * EMU_SENSOR_LATENCY_NS of virtual time after it was asked for, with the
 * device's value at that moment. Where the value comes from:
 *
 *   - a default model per device: a constant (`--sensor temperature=2150`,
 *     or the built-in default), or a seeded random walk
 *     (`--sensor temperature=walk` or `walk:SEED`) that takes one step per
 *     reading, so the same run reads the same values;
 *   - timed inputs, which set the value from then on (the walk goes on from
 *     it): scenario lines `TIME sensor NAME V [V V]`, the same lines on the
 *     control FIFO (`sensor temperature 1800` applies now), or a test.
 *
 * Units are the ones the capsules report: hundredths of a degree C,
 * hundredths of a percent, lux, mg / uT / deg/s (x y z), 0..255, dB, hPa,
 * hundredths of a percent, micrometres.
 */
#ifndef EMU_HW_SENSORS_H
#define EMU_HW_SENSORS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/sensors.h"
#include "kernel.h"
#include "pins.h"

#define EMU_SENSOR_LATENCY_NS (1000ull * 1000) /* 1 ms from read() to the reading */

enum emu_sensor_kind {
    EMU_SENSOR_TEMPERATURE,
    EMU_SENSOR_HUMIDITY,
    EMU_SENSOR_AMBIENT_LIGHT,
    EMU_SENSOR_ACCELEROMETER,
    EMU_SENSOR_MAGNETOMETER,
    EMU_SENSOR_GYROSCOPE,
    EMU_SENSOR_PROXIMITY,
    EMU_SENSOR_SOUND_PRESSURE,
    EMU_SENSOR_PRESSURE,
    EMU_SENSOR_MOISTURE,
    EMU_SENSOR_RAINFALL,
    EMU_SENSOR_COUNT,
};

/* A value set at a virtual time (scenario, control FIFO, test). */
struct emu_sensor_input {
    uint64_t at_ns; /* first: a timed-input queue element (pins.h) */
    enum emu_sensor_kind kind;
    int32_t value[3];
};

/* How a device's value evolves between inputs. */
struct emu_sensor_model {
    bool given; /* false: the built-in constant */
    bool walk;
    int32_t value[3]; /* the constant, or where the walk starts */
    uint64_t seed;    /* of the walk */
};

struct emu_sensors_options {
    struct emu_sensor_model model[EMU_SENSOR_COUNT];
    GArray *inputs; /* struct emu_sensor_input, in the order given */
    /* The scenario action this one chains to (inputs.h's `console`). */
    int (*next_action)(void *ctx, const char *origin, uint64_t at_ns, const char *rest,
                       struct emu_err *err);
    void *next_ctx;
};

/* Defaults (built-in constants, no inputs), and free. Init also makes the
 * scenario parser of `pins` (may be NULL) accept `sensor` lines into `o`,
 * chaining to the action installed there before, so call it after
 * emu_inputs_options_init. `o` must then outlive the parse. */
void emu_sensors_options_init(struct emu_sensors_options *o, struct emu_pins_options *pins);
void emu_sensors_options_fini(struct emu_sensors_options *o);

/* `--sensor NAME=V[,V,V]|walk[:SEED]`. Returns 0 or -EINVAL with `err`. */
int emu_sensors_options_add_model(struct emu_sensors_options *o, const char *arg,
                                  struct emu_err *err);
/* The scenario action `sensor NAME V [V V]`: 0, -ENOENT (not a sensor line;
 * passed down the chain) or -EINVAL with `err` ("s.txt:3: ..."). */
int emu_sensors_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                                struct emu_err *err);
/* The GOptionGroup "sensors" with --sensor. */
GOptionGroup *emu_sensors_option_group(struct emu_sensors_options *o);

/* The name of a kind ("temperature") and its component count (1 or 3). */
const char *emu_sensor_name(enum emu_sensor_kind kind);
unsigned emu_sensor_components(enum emu_sensor_kind kind);

/* One device. */
struct emu_sensor {
    struct tk_sensor hil;
    struct emu_sensors *model;
    enum emu_sensor_kind kind;
    int32_t value[3];
    bool walk;
    GRand *rand;                 /* the walk's; NULL for a constant */
    bool reading;                /* a read() is under way */
    bool waiting;                /* a thresholded read waits for the value to leave */
    uint8_t lower, upper;        /* ... [lower, upper] */
    bool enabled;                /* SoundPressure enable state */
    struct tk_deadline deadline; /* completes the reading */
    uint64_t readings;           /* completed, for tests */
};

struct emu_sensors {
    struct tk_kernel *kernel;
    struct emu_sensor sensors[EMU_SENSOR_COUNT];
    GArray *pending;             /* struct emu_sensor_input by (at_ns, order given) */
    struct tk_deadline deadline; /* armed at the first pending input */
};

/* Set up every device on `k` from `o` (NULL: defaults). Cannot fail. */
void emu_sensors_init(struct emu_sensors *m, struct tk_kernel *k,
                      const struct emu_sensors_options *o);
/* Disarm and free. Call before tk_kernel_fini. */
void emu_sensors_fini(struct emu_sensors *m);

/* The HIL face of one device. */
struct tk_sensor *emu_sensors_device(struct emu_sensors *m, enum emu_sensor_kind kind);

/* Set `kind` to `value` at `at_ns` (now if already past). */
void emu_sensors_set(struct emu_sensors *m, uint64_t at_ns, enum emu_sensor_kind kind,
                     const int32_t value[3]);
/* An interactive input `[TIME] sensor NAME V [V V]` (--control). Returns 0,
 * -ENOENT if it is no sensor line (nothing said) or -EINVAL with `err`. */
int emu_sensors_command(struct emu_sensors *m, const char *text, struct emu_err *err);

#endif
