/* Sensor capsules (0x60000-0x6000B) over a fake sensor, and the sensor model.
 *
 * Rules from tock/tock capsules/extra/src/{temperature,humidity,ambient_light,
 * pressure,moisture,rainfall,sound_pressure,ninedof,proximity}.rs @65608d71:
 * command 0 exists, command 1 reads, one upcall 0 per request; the upcall
 * formats and busy rules stated in each test.
 */
#include <check.h>
#include <string.h>

#include "fake_hil.h"
#include "fixture.h"
#include "ninedof.h"
#include "proximity.h"
#include "sensor_driver.h"
#include "sensors.h"

/* A sensor that records requests; the test finishes readings. */
struct fake_sensor {
    struct tk_sensor hil;
    unsigned reads, threshold_reads, enables;
    uint32_t last_arg;
    uint8_t lower, upper;
    bool enabled;
    int read_result; /* what read() answers */
};

static int fake_read(struct tk_sensor *s, uint32_t arg)
{
    struct fake_sensor *f = s->state;
    f->reads++;
    f->last_arg = arg;
    return f->read_result;
}

static int fake_read_thresholds(struct tk_sensor *s, uint8_t lower, uint8_t upper)
{
    struct fake_sensor *f = s->state;
    f->threshold_reads++;
    f->lower = lower;
    f->upper = upper;
    return f->read_result;
}

static int fake_enable(struct tk_sensor *s, bool on)
{
    struct fake_sensor *f = s->state;
    f->enables++;
    f->enabled = on;
    return 0;
}

static const struct tk_sensor_ops fake_sensor_ops = {fake_read, fake_read_thresholds, fake_enable};

static void fake_sensor_init(struct fake_sensor *f)
{
    *f = (struct fake_sensor){.hil = {.ops = &fake_sensor_ops, .state = f}};
}

static void fake_sensor_done(struct fake_sensor *f, int error, int32_t x, int32_t y, int32_t z)
{
    const int32_t v[3] = {x, y, z};
    f->hil.client->reading_done(f->hil.client, error, v);
}

struct sensor_env {
    struct tk_kernel k;
    struct fake_sensor sensor[3];
    struct tk_sensor_driver driver;
    struct tk_ninedof ninedof;
    struct tk_proximity proximity;
    struct tk_process *p[3];
};

typedef void (*sensor_init_fn)(struct tk_sensor_driver *d, struct tk_sensor *sensor);

static void env_processes(struct sensor_env *e, struct tk_driver *d, unsigned processes)
{
    static const char *const names[] = {"one", "two", "three"};
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, d), 0);
    for (unsigned i = 0; i < processes; i++) {
        e->p[i] = fx_process_new(&e->k, names[i], 0);
        fx_subscribe(&e->k, e->p[i], d->number, 0, fx_upcall_fn(e->p[i], 0), i);
    }
}

static void env_init(struct sensor_env *e, sensor_init_fn init, unsigned processes)
{
    fx_kernel_init(&e->k);
    for (unsigned i = 0; i < 3; i++)
        fake_sensor_init(&e->sensor[i]);
    init(&e->driver, &e->sensor[0].hil);
    env_processes(e, &e->driver.driver, processes);
}

static void env_fini(struct sensor_env *e)
{
    fx_kernel_fini(&e->k);
}

/* ---- the one-shot engine ------------------------------------------------- */

static const struct {
    sensor_init_fn init;
    uint32_t number;
} one_shot[] = {
    {tk_temperature_init, 0x60000},   {tk_humidity_init, 0x60001},
    {tk_ambient_light_init, 0x60002}, {tk_sound_pressure_init, 0x60006},
    {tk_pressure_init, 0x60008},      {tk_moisture_init, 0x6000A},
    {tk_rainfall_init, 0x6000B},
};

START_TEST(sensor_driver_numbers_and_command0)
{
    /* driver.rs: each capsule at its number; command 0 is S, unknown
     * commands F(NOSUPPORT), and nothing is read for either. */
    struct sensor_env e;
    env_init(&e, one_shot[_i].init, 1);
    ck_assert_uint_eq(e.driver.driver.number, one_shot[_i].number);
    fx_assert_success(fx_command(&e.k, e.p[0], one_shot[_i].number, 0, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], one_shot[_i].number, 9, 0, 0), TK_NOSUPPORT);
    ck_assert_uint_eq(e.sensor[0].reads, 0);
    env_fini(&e);
}
END_TEST

START_TEST(temperature_read_upcalls_value_first)
{
    /* temperature.rs: cmd 1 -> S and one read; the callback's Ok(value)
     * becomes upcall 0 (value, 0, 0). */
    struct sensor_env e;
    env_init(&e, tk_temperature_init, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60000, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 1);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fake_sensor_done(&e.sensor[0], 0, -150, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60000, (uint32_t)-150, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(concurrent_requests_join_one_reading)
{
    /* temperature.rs: a request while busy subscribes without a new read;
     * one reading answers every subscribed process. */
    struct sensor_env e;
    env_init(&e, tk_temperature_init, 2);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60000, 1, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[1], 0x60000, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 1);
    fake_sensor_done(&e.sensor[0], 0, 2100, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60000, 2100, 0, 0);
    fake_expect_upcall(e.p[1], TK_TASK_FUNCTION_CALL, 0x60000, 2100, 0, 0);
    /* Served: a second reading reaches nobody. */
    fake_sensor_done(&e.sensor[0], 0, 2200, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]) + fx_task_count(e.p[1]), 0);
    env_fini(&e);
}
END_TEST

START_TEST(temperature_error_reading_keeps_the_request)
{
    /* temperature.rs: Err(e) in the callback schedules nothing and leaves the
     * process subscribed; the next good reading reaches it. */
    struct sensor_env e;
    env_init(&e, tk_temperature_init, 1);
    fx_command(&e.k, e.p[0], 0x60000, 1, 0, 0);
    fake_sensor_done(&e.sensor[0], TK_FAIL, 0, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60000, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 2);
    fake_sensor_done(&e.sensor[0], 0, 7, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60000, 7, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(temperature_failed_start_returns_error_and_stays_busy)
{
    /* temperature.rs: read() failing -> F(e); busy was set first and stays,
     * so a later request starts no read. */
    struct sensor_env e;
    env_init(&e, tk_temperature_init, 1);
    e.sensor[0].read_result = TK_OFF;
    fx_assert_failure(fx_command(&e.k, e.p[0], 0x60000, 1, 0, 0), TK_OFF);
    e.sensor[0].read_result = 0;
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60000, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 1);
    env_fini(&e);
}
END_TEST

START_TEST(pressure_failed_start_leaves_capsule_idle)
{
    /* pressure.rs: busy is set only when read() succeeded, so the next
     * request starts a new read. */
    struct sensor_env e;
    env_init(&e, tk_pressure_init, 1);
    e.sensor[0].read_result = TK_BUSY;
    fx_assert_failure(fx_command(&e.k, e.p[0], 0x60008, 1, 0, 0), TK_BUSY);
    e.sensor[0].read_result = 0;
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60008, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 2);
    env_fini(&e);
}
END_TEST

START_TEST(status_sensors_upcall_status_then_value)
{
    /* pressure.rs, moisture.rs, rainfall.rs: upcall (0, value, 0) on Ok,
     * (error, 0, 0) on Err, and either ends the request. */
    static const sensor_init_fn inits[] = {tk_pressure_init, tk_moisture_init, tk_rainfall_init};
    static const uint32_t numbers[] = {0x60008, 0x6000A, 0x6000B};
    struct sensor_env e;
    env_init(&e, inits[_i], 1);
    fx_command(&e.k, e.p[0], numbers[_i], 1, 0, 0);
    fake_sensor_done(&e.sensor[0], 0, 1013, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, numbers[_i], 0, 1013, 0);
    fx_command(&e.k, e.p[0], numbers[_i], 1, 0, 0);
    fake_sensor_done(&e.sensor[0], TK_FAIL, 55, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, numbers[_i], TK_FAIL, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(rainfall_passes_hours_to_the_sensor)
{
    /* rainfall.rs: command 1's arg0 (hours) goes to read_rainfall. */
    struct sensor_env e;
    env_init(&e, tk_rainfall_init, 1);
    fx_command(&e.k, e.p[0], 0x6000B, 1, 6, 0);
    ck_assert_uint_eq(e.sensor[0].last_arg, 6);
    env_fini(&e);
}
END_TEST

START_TEST(ambient_light_always_answers_success)
{
    /* ambient_light.rs: cmd 1 is S even when the sensor fails to start or
     * a request of the caller is pending (the second one is dropped). */
    struct sensor_env e;
    env_init(&e, tk_ambient_light_init, 1);
    e.sensor[0].read_result = TK_FAIL;
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60002, 1, 0, 0));
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60002, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 1);
    fake_sensor_done(&e.sensor[0], 0, 320, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60002, 320, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    env_fini(&e);
}
END_TEST

START_TEST(sound_pressure_refuses_while_busy)
{
    /* sound_pressure.rs: cmd 1 while a reading is under way -> F(BUSY), and
     * the refused process gets no upcall. */
    struct sensor_env e;
    env_init(&e, tk_sound_pressure_init, 2);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60006, 1, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[1], 0x60006, 1, 0, 0), TK_BUSY);
    fake_sensor_done(&e.sensor[0], 0, 60, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60006, 60, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[1]), 0);
    fx_assert_success(fx_command(&e.k, e.p[1], 0x60006, 1, 0, 0));
    env_fini(&e);
}
END_TEST

START_TEST(sound_pressure_enable_follows_any_process)
{
    /* sound_pressure.rs: cmd 2/3 record this process's wish; the sensor is
     * enabled while any process wants it. */
    struct sensor_env e;
    env_init(&e, tk_sound_pressure_init, 2);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60006, 2, 0, 0));
    ck_assert(e.sensor[0].enabled);
    fx_assert_success(fx_command(&e.k, e.p[1], 0x60006, 3, 0, 0));
    ck_assert(e.sensor[0].enabled);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60006, 3, 0, 0));
    ck_assert(!e.sensor[0].enabled);
    env_fini(&e);
}
END_TEST

/* ---- 9-DOF ------------------------------------------------------------------ */

static void ninedof_env_init(struct sensor_env *e, unsigned processes, bool gyroscope)
{
    fx_kernel_init(&e->k);
    for (unsigned i = 0; i < 3; i++)
        fake_sensor_init(&e->sensor[i]);
    tk_ninedof_init(&e->ninedof, &e->sensor[0].hil, &e->sensor[1].hil,
                    gyroscope ? &e->sensor[2].hil : NULL);
    env_processes(e, &e->ninedof.driver, processes);
}

START_TEST(ninedof_commands_pick_the_sensor)
{
    /* ninedof.rs: 1 accelerometer, 100 magnetometer, 200 gyroscope; upcall
     * (x, y, z) to the process that asked. */
    static const uint32_t commands[] = {1, 100, 200};
    struct sensor_env e;
    ninedof_env_init(&e, 1, true);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60004, commands[_i], 0, 0));
    ck_assert_uint_eq(e.sensor[_i].reads, 1);
    fake_sensor_done(&e.sensor[_i], 0, 1, -2, 3);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60004, 1, (uint32_t)-2, 3);
    env_fini(&e);
}
END_TEST

START_TEST(ninedof_missing_sensor_is_nodevice)
{
    /* ninedof.rs: no driver answers Ok -> F(NODEVICE), and the capsule is
     * free for the next request. */
    struct sensor_env e;
    ninedof_env_init(&e, 1, false);
    fx_assert_failure(fx_command(&e.k, e.p[0], 0x60004, 200, 0, 0), TK_NODEVICE);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60004, 1, 0, 0));
    ck_assert_uint_eq(e.sensor[0].reads, 1);
    env_fini(&e);
}
END_TEST

START_TEST(ninedof_queues_one_request_per_process)
{
    /* ninedof.rs: while one reading runs, another process queues (S); a
     * second queued request of the same process is F(BUSY). The queued one
     * starts when the running one finishes. */
    struct sensor_env e;
    ninedof_env_init(&e, 2, true);
    fx_command(&e.k, e.p[0], 0x60004, 1, 0, 0);
    fx_assert_success(fx_command(&e.k, e.p[1], 0x60004, 100, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[1], 0x60004, 100, 0, 0), TK_BUSY);
    ck_assert_uint_eq(e.sensor[1].reads, 0);
    fake_sensor_done(&e.sensor[0], 0, 1, 2, 3);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60004, 1, 2, 3);
    ck_assert_uint_eq(e.sensor[1].reads, 1);
    fake_sensor_done(&e.sensor[1], 0, 4, 5, 6);
    fake_expect_upcall(e.p[1], TK_TASK_FUNCTION_CALL, 0x60004, 4, 5, 6);
    env_fini(&e);
}
END_TEST

/* ---- proximity -------------------------------------------------------------- */

static void proximity_env_init(struct sensor_env *e, unsigned processes)
{
    fx_kernel_init(&e->k);
    fake_sensor_init(&e->sensor[0]);
    tk_proximity_init(&e->proximity, &e->sensor[0].hil);
    env_processes(e, &e->proximity.driver, processes);
}

START_TEST(proximity_second_request_of_a_process_is_busy)
{
    /* proximity.rs: a process with a request waiting gets F(BUSY). */
    struct sensor_env e;
    proximity_env_init(&e, 1);
    fx_assert_success(fx_command(&e.k, e.p[0], 0x60005, 1, 0, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], 0x60005, 2, 10, 20), TK_BUSY);
    fake_sensor_done(&e.sensor[0], 0, 99, 0, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, 0x60005, 99, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(proximity_threshold_window_is_the_tightest)
{
    /* proximity.rs: the sensor gets the highest lower and lowest upper
     * threshold of the waiting processes; a reading reaches a thresholded
     * process only outside its own window. */
    struct sensor_env e;
    proximity_env_init(&e, 2);
    fx_command(&e.k, e.p[0], 0x60005, 2, 10, 200);
    fx_command(&e.k, e.p[1], 0x60005, 2, 50, 100);
    ck_assert_uint_eq(e.sensor[0].lower, 50);
    ck_assert_uint_eq(e.sensor[0].upper, 100);
    fake_sensor_done(&e.sensor[0], 0, 150, 0, 0);
    fake_expect_upcall(e.p[1], TK_TASK_FUNCTION_CALL, 0x60005, 150, 0, 0);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    /* The first process still waits: the sensor is re-armed for it alone. */
    ck_assert_uint_eq(e.sensor[0].threshold_reads, 3);
    ck_assert_uint_eq(e.sensor[0].lower, 10);
    ck_assert_uint_eq(e.sensor[0].upper, 200);
    env_fini(&e);
}
END_TEST

/* ---- the sensor model ------------------------------------------------------- */

struct model_env {
    struct tk_kernel k;
    struct emu_sensors m;
    struct tk_sensor_client client;
    unsigned done;
    int32_t last[3];
};

static void model_done(struct tk_sensor_client *c, int error, const int32_t value[3])
{
    struct model_env *e = (struct model_env *)((char *)c - offsetof(struct model_env, client));
    ck_assert_int_eq(error, 0);
    e->done++;
    memcpy(e->last, value, sizeof e->last);
}

static void model_env_init(struct model_env *e, const struct emu_sensors_options *o)
{
    fx_kernel_init(&e->k);
    emu_sensors_init(&e->m, &e->k, o);
    e->client.reading_done = model_done;
    e->done = 0;
    for (int kind = 0; kind < EMU_SENSOR_COUNT; kind++)
        emu_sensors_device(&e->m, (enum emu_sensor_kind)kind)->client = &e->client;
}

static void model_env_fini(struct model_env *e)
{
    emu_sensors_fini(&e->m);
    fx_kernel_fini(&e->k);
}

static int32_t model_read(struct model_env *e, enum emu_sensor_kind kind)
{
    struct tk_sensor *s = emu_sensors_device(&e->m, kind);
    unsigned before = e->done;
    ck_assert_int_eq(s->ops->read(s, 0), 0);
    fx_advance(&e->k, EMU_SENSOR_LATENCY_NS);
    ck_assert_uint_eq(e->done, before + 1);
    return e->last[0];
}

START_TEST(model_reading_arrives_after_the_latency)
{
    /* sensors.h: a reading completes EMU_SENSOR_LATENCY_NS after read(),
     * with the built-in constant; a read while one runs is BUSY. */
    struct model_env e;
    model_env_init(&e, NULL);
    struct tk_sensor *s = emu_sensors_device(&e.m, EMU_SENSOR_TEMPERATURE);
    ck_assert_int_eq(s->ops->read(s, 0), 0);
    ck_assert_int_eq(s->ops->read(s, 0), TK_BUSY);
    fx_advance(&e.k, EMU_SENSOR_LATENCY_NS - 1);
    ck_assert_uint_eq(e.done, 0);
    fx_advance(&e.k, 1);
    ck_assert_uint_eq(e.done, 1);
    ck_assert_int_eq(e.last[0], 2200);
    model_env_fini(&e);
}
END_TEST

START_TEST(model_scenario_lines_set_values_at_their_time)
{
    /* sensors.h: `TIME sensor NAME V [V V]` sets the value from TIME on. */
    struct emu_pins_options pins;
    struct emu_sensors_options o;
    struct emu_err err;
    emu_pins_options_init(&pins);
    emu_sensors_options_init(&o, &pins);
    ck_assert_int_eq(emu_pins_options_add_scenario(&pins, "s.txt",
                                                   "10ms sensor temperature -500\n"
                                                   "10ms sensor accelerometer 1 2 3\n",
                                                   &err),
                     0);
    struct model_env e;
    model_env_init(&e, &o);
    ck_assert_int_eq(model_read(&e, EMU_SENSOR_TEMPERATURE), 2200);
    fx_advance(&e.k, 10 * 1000 * 1000);
    ck_assert_int_eq(model_read(&e, EMU_SENSOR_TEMPERATURE), -500);
    model_read(&e, EMU_SENSOR_ACCELEROMETER);
    ck_assert_int_eq(e.last[1], 2);
    ck_assert_int_eq(e.last[2], 3);
    model_env_fini(&e);
    emu_sensors_options_fini(&o);
    emu_pins_options_fini(&pins);
}
END_TEST

START_TEST(model_bad_scenario_line_names_the_line)
{
    /* Bad user input: the error names the file and line. */
    struct emu_pins_options pins;
    struct emu_sensors_options o;
    struct emu_err err;
    emu_pins_options_init(&pins);
    emu_sensors_options_init(&o, &pins);
    ck_assert_int_eq(
        emu_pins_options_add_scenario(&pins, "s.txt", "1ms sensor accelerometer 1 2\n", &err),
        -EINVAL);
    ck_assert_str_eq(err.msg, "s.txt:1: expected 'TIME sensor accelerometer X Y Z'");
    ck_assert_int_eq(emu_pins_options_add_scenario(&pins, "s.txt", "1ms sensor wind 3\n", &err),
                     -EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "s.txt:1: unknown sensor 'wind'"));
    emu_sensors_options_fini(&o);
    emu_pins_options_fini(&pins);
}
END_TEST

START_TEST(model_walk_is_repeatable_and_bounded)
{
    /* sensors.h: a seeded walk gives the same readings for the same seed
     * and moves at most one step per reading. */
    struct emu_sensors_options o;
    struct emu_err err;
    int32_t first[20];
    emu_sensors_options_init(&o, NULL);
    ck_assert_int_eq(emu_sensors_options_add_model(&o, "humidity=walk:7", &err), 0);
    for (int run = 0; run < 2; run++) {
        struct model_env e;
        model_env_init(&e, &o);
        int32_t previous = 4500;
        bool moved = false;
        for (int i = 0; i < 20; i++) {
            int32_t v = model_read(&e, EMU_SENSOR_HUMIDITY);
            if (run == 0)
                first[i] = v;
            ck_assert_int_eq(v, first[i]);
            ck_assert_int_le(v - previous, 20);
            ck_assert_int_ge(v - previous, -20);
            moved = moved || v != previous;
            previous = v;
        }
        ck_assert(moved);
        model_env_fini(&e);
    }
    emu_sensors_options_fini(&o);
}
END_TEST

START_TEST(model_constant_option_and_errors)
{
    /* --sensor NAME=V[,V,V]; bad input names the option and the reason. */
    struct emu_sensors_options o;
    struct emu_err err;
    emu_sensors_options_init(&o, NULL);
    ck_assert_int_eq(emu_sensors_options_add_model(&o, "magnetometer=1,2,3", &err), 0);
    ck_assert_int_eq(emu_sensors_options_add_model(&o, "temperature=1,2", &err), -EINVAL);
    ck_assert_str_eq(err.msg, "--sensor temperature=1,2: temperature takes 1 integer");
    ck_assert_int_eq(emu_sensors_options_add_model(&o, "wind=3", &err), -EINVAL);
    ck_assert_int_eq(emu_sensors_options_add_model(&o, "humidity=walk:x", &err), -EINVAL);
    struct model_env e;
    model_env_init(&e, &o);
    model_read(&e, EMU_SENSOR_MAGNETOMETER);
    ck_assert_int_eq(e.last[2], 3);
    model_env_fini(&e);
    emu_sensors_options_fini(&o);
}
END_TEST

START_TEST(model_control_line_applies_now)
{
    /* sensors.h: `sensor NAME V` on the control FIFO applies at once; a
     * waiting thresholded read completes when the value leaves its window. */
    struct model_env e;
    struct emu_err err;
    model_env_init(&e, NULL);
    struct tk_sensor *s = emu_sensors_device(&e.m, EMU_SENSOR_PROXIMITY);
    ck_assert_int_eq(s->ops->read_thresholds(s, 0, 100), 0);
    fx_advance(&e.k, 5 * EMU_SENSOR_LATENCY_NS);
    ck_assert_uint_eq(e.done, 0);
    ck_assert_int_eq(emu_sensors_command(&e.m, "sensor proximity 180", &err), 0);
    ck_assert_int_eq(emu_sensors_command(&e.m, "press 0", &err), -ENOENT);
    fx_advance(&e.k, 0);
    fx_advance(&e.k, EMU_SENSOR_LATENCY_NS);
    ck_assert_uint_eq(e.done, 1);
    ck_assert_int_eq(e.last[0], 180);
    model_env_fini(&e);
}
END_TEST

Suite *sensors_suite(void)
{
    Suite *s = suite_create("sensors");
    TCase *tc = tcase_create("capsules");
    tcase_add_loop_test(tc, sensor_driver_numbers_and_command0, 0,
                        sizeof one_shot / sizeof one_shot[0]);
    tcase_add_test(tc, temperature_read_upcalls_value_first);
    tcase_add_test(tc, concurrent_requests_join_one_reading);
    tcase_add_test(tc, temperature_error_reading_keeps_the_request);
    tcase_add_test(tc, temperature_failed_start_returns_error_and_stays_busy);
    tcase_add_test(tc, pressure_failed_start_leaves_capsule_idle);
    tcase_add_loop_test(tc, status_sensors_upcall_status_then_value, 0, 3);
    tcase_add_test(tc, rainfall_passes_hours_to_the_sensor);
    tcase_add_test(tc, ambient_light_always_answers_success);
    tcase_add_test(tc, sound_pressure_refuses_while_busy);
    tcase_add_test(tc, sound_pressure_enable_follows_any_process);
    tcase_add_loop_test(tc, ninedof_commands_pick_the_sensor, 0, 3);
    tcase_add_test(tc, ninedof_missing_sensor_is_nodevice);
    tcase_add_test(tc, ninedof_queues_one_request_per_process);
    tcase_add_test(tc, proximity_second_request_of_a_process_is_busy);
    tcase_add_test(tc, proximity_threshold_window_is_the_tightest);
    suite_add_tcase(s, tc);

    tc = tcase_create("model");
    tcase_add_test(tc, model_reading_arrives_after_the_latency);
    tcase_add_test(tc, model_scenario_lines_set_values_at_their_time);
    tcase_add_test(tc, model_bad_scenario_line_names_the_line);
    tcase_add_test(tc, model_walk_is_repeatable_and_bounded);
    tcase_add_test(tc, model_constant_option_and_errors);
    tcase_add_test(tc, model_control_line_applies_now);
    suite_add_tcase(s, tc);
    return s;
}
