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
    struct emu_pins_options pins;
    struct emu_board_file_options o;
    char path[64];
};

static void env_init(struct board_file_env *e, const char *text)
{
    emu_sensors_options_init(&e->sensors, NULL);
    emu_screen_options_init(&e->screen);
    emu_devices_options_init(&e->devices, NULL);
    emu_pins_options_init(&e->pins);
    e->o = (struct emu_board_file_options){
        .sensors = &e->sensors, .screen = &e->screen, .devices = &e->devices, .pins = &e->pins};
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
    emu_pins_options_fini(&e->pins);
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

START_TEST(board_file_pins_set_counts_polarity_and_wires)
{
    /* [pins]: counts as --leds/--buttons/--gpio-pins, polarity as
     * --leds-active-low/--buttons-active-low, wires as --wire. */
    struct board_file_env e;
    env_init(&e, "[pins]\nleds = 2\nbuttons = 3\ngpio-pins = 16\nleds-active-low = true\n"
                 "buttons-active-low = true\nwires = 14-15; led0-gpio6;button2-5\n");
    struct emu_err err;
    ck_assert_int_eq(emu_board_file_load(&e.o, e.path, &err), 0);
    ck_assert_uint_eq(e.pins.leds, 2);
    ck_assert_uint_eq(e.pins.buttons, 3);
    ck_assert_uint_eq(e.pins.gpio_pins, 16);
    ck_assert(e.pins.leds_active_low && e.pins.buttons_active_low);
    ck_assert_uint_eq(e.pins.wires->len, 3);
    const struct emu_pins_wire *w = &g_array_index(e.pins.wires, struct emu_pins_wire, 1);
    ck_assert_int_eq(w->kind[0], EMU_PIN_LED);
    ck_assert_uint_eq(w->index[0], 0);
    ck_assert_int_eq(w->kind[1], EMU_PIN_GPIO);
    ck_assert_uint_eq(w->index[1], 6);
    w = &g_array_index(e.pins.wires, struct emu_pins_wire, 2);
    ck_assert_int_eq(w->kind[0], EMU_PIN_BUTTON);
    ck_assert_uint_eq(w->index[0], 2);
    ck_assert_uint_eq(w->index[1], 5);
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
    {"[pins]\nwires = 0-0\n", "[pins] wires: a wire joins two different pins"},
    {"[pins]\nwires = 0+1\n", "[pins] wires: expected A-B"},
    {"[pins]\ngpio-pins = 33\n", "[pins] gpio-pins = '33': expected a number from 0 to 32"},
    {"[pins]\nleds-active-low = yes\n", "[pins] leds-active-low: expected true or false"},
    {"[pins]\nwire = 0-1\n", "[pins] wire: no such key"},
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
    tcase_add_test(tc, board_file_pins_set_counts_polarity_and_wires);
    tcase_add_loop_test(tc, board_file_errors_name_the_file_and_the_reason, 0,
                        sizeof bad_files / sizeof bad_files[0]);
    suite_add_tcase(s, tc);
    return s;
}
