/* The board file (emu/hw/board_file.c): groups, keys, values, errors.
 *
 * Rules from docs/board-file.md: [drivers] NAME = false leaves the driver
 * out; settings land in the same options the command line fills; an
 * unknown group or key, or a bad value, is one message naming the file.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "board_file.h"

struct board_file_env {
    struct emu_sensors_options sensors;
    struct emu_screen_options screen;
    struct emu_devices_options devices;
    struct emu_board_file_options o;
    char path[64];
};

static void env_init(struct board_file_env *e, const char *text)
{
    emu_sensors_options_init(&e->sensors, NULL);
    emu_screen_options_init(&e->screen);
    emu_devices_options_init(&e->devices, NULL);
    e->o = (struct emu_board_file_options){
        .sensors = &e->sensors, .screen = &e->screen, .devices = &e->devices};
    snprintf(e->path, sizeof e->path, "/tmp/tockemu-board-XXXXXX");
    int fd = mkstemp(e->path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void env_fini(struct board_file_env *e)
{
    unlink(e->path);
    emu_board_file_options_fini(&e->o);
    emu_devices_options_fini(&e->devices);
    emu_screen_options_fini(&e->screen);
    emu_sensors_options_fini(&e->sensors);
}

START_TEST(board_file_sets_drivers_and_device_settings)
{
    /* [drivers] false leaves a driver out, unlisted ones stay; settings
     * reach the devices' and sensors' options. */
    struct board_file_env e;
    env_init(&e, "[board]\nname = bench\n"
                 "[drivers]\ntext-screen = false\ndac = true\nambient-light = false\n"
                 "[sensors]\ntemperature = 1800\n"
                 "[dac]\nbits = 12\n"
                 "[gpio-async]\nports = 2\nloopback = none\n"
                 "[i2c]\ndevices = eeprom@0x51; eeprom@0x52\n"
                 "[text-screen]\ncolumns = 20\nrows = 4\n");
    struct emu_err err;
    ck_assert_int_eq(emu_board_file_load(&e.o, e.path, &err), 0);
    ck_assert_str_eq(e.o.name, "bench");
    uint32_t number = 0x90003;
    ck_assert(!emu_board_file_place_driver(&number, &e.o));
    number = 0x60002;
    ck_assert(!emu_board_file_place_driver(&number, &e.o));
    number = 0x6;
    ck_assert(emu_board_file_place_driver(&number, &e.o));
    ck_assert_int_eq(e.sensors.model[EMU_SENSOR_TEMPERATURE].value[0], 1800);
    ck_assert_uint_eq(e.devices.dac_bits, 12);
    ck_assert_uint_eq(e.devices.expander_ports, 2);
    ck_assert_int_eq(e.devices.loopback_from, -1);
    ck_assert_uint_eq(e.devices.i2c_count, 2);
    ck_assert_uint_eq(e.devices.i2c[1].address, 0x52);
    ck_assert_uint_eq(e.devices.lcd_columns, 20);
    ck_assert_uint_eq(e.devices.lcd_rows, 4);
    env_fini(&e);
}
END_TEST

static const struct {
    const char *text, *message;
} bad_files[] = {
    {"[warp]\n", "unknown group [warp]"},
    {"[dac]\nvolts = 3\n", "[dac] volts: no such key"},
    {"[dac]\nbits = 17\n", "[dac] bits = '17': expected a number from 1 to 16"},
    {"[drivers]\nwarp = false\n", "[drivers] warp: no such driver"},
    {"[drivers]\ndac = maybe\n", "[drivers] dac: expected true or false"},
    {"[i2c]\ndevices = eeprom\n", "[i2c] devices: 'eeprom' is not KIND@ADDRESS"},
    {"[gpio-async]\nloopback = 1:1\n", "[gpio-async] loopback = '1:1': expected FROM:TO"},
    {"[sensors]\nwind = 3\n", "[sensors] wind: --sensor wind=3: expected NAME=VALUE"},
    {"not a key file\n", "which is not a key-value pair"},
};

START_TEST(board_file_errors_name_the_file_and_the_reason)
{
    /* Bad user input: one message, the file first, then the reason. */
    struct board_file_env e;
    env_init(&e, bad_files[_i].text);
    struct emu_err err;
    ck_assert_int_eq(emu_board_file_load(&e.o, e.path, &err), -EINVAL);
    ck_assert_msg(strncmp(err.msg, e.path, strlen(e.path)) == 0, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, bad_files[_i].message) != NULL, "%s", err.msg);
    ck_assert_ptr_null(strchr(err.msg, '\n'));
    env_fini(&e);
}
END_TEST

Suite *board_file_suite(void)
{
    Suite *s = suite_create("board_file");
    TCase *tc = tcase_create("board_file");
    tcase_add_test(tc, board_file_sets_drivers_and_device_settings);
    tcase_add_loop_test(tc, board_file_errors_name_the_file_and_the_reason, 0,
                        sizeof bad_files / sizeof bad_files[0]);
    suite_add_tcase(s, tc);
    return s;
}
