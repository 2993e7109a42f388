/* The board file: which capsules the board has, and their devices' settings.
 *
 * A GKeyFile (INI) named by `--board FILE`; docs/board-file.md lists its
 * groups and keys, examples/boards/default.ini shows them all. Loading it
 * fills the sensors', screen's and small devices' options, as the
 * matching command-line options would (so an option given after --board
 * overrides the file, one before it is overridden), and the set of
 * drivers left out, which emu_board_file_place_driver applies.
 */
#ifndef EMU_HW_BOARD_FILE_H
#define EMU_HW_BOARD_FILE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "devices.h"
#include "emu_err.h"
#include "emu_screen.h"
#include "pins.h"
#include "sensors.h"

#define EMU_BOARD_FILE_MAX_DRIVERS 64

struct emu_board_file_options {
    /* Where the settings go (the CLI's option structs); NULL: not set. */
    struct emu_sensors_options *sensors;
    struct emu_screen_options *screen;
    struct emu_devices_options *devices;
    struct emu_pins_options *pins;
    /* Drivers the file left out, by number. */
    uint32_t left_out[EMU_BOARD_FILE_MAX_DRIVERS];
    unsigned left_out_count;
    char *name; /* [board] name, or NULL */
};

/* Load `path` into `o`: 0, or -EINVAL with `err` = "PATH: the reason"
 * (no such file, not a key file, an unknown group or key, a bad value);
 * on failure some settings may already have been applied. */
int emu_board_file_load(struct emu_board_file_options *o, const char *path, struct emu_err *err);
void emu_board_file_options_fini(struct emu_board_file_options *o);
/* A board's place_driver hook (board.h): false for a driver the file left
 * out. `ctx` is the struct emu_board_file_options. */
bool emu_board_file_place_driver(uint32_t *number, void *ctx);
/* The GOptionGroup "board" with --board FILE, loading into `o`. */
GOptionGroup *emu_board_file_option_group(struct emu_board_file_options *o);

#endif
