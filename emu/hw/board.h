/* The default board: which capsules exist, at which driver numbers, over
 * which simulated hardware. The only file that maps driver numbers to
 * capsules (style §1).
 */
#ifndef EMU_BOARD_H
#define EMU_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "inputs.h"
#include "kernel.h"
#include "pins.h"
#include "process_console.h"
#include "terminal.h"
#include "emu_rng.h"
#include "flash.h"
#include "emu_adc.h"
#include "devices.h"
#include "emu_screen.h"
#include "sensors.h"
#include "tbf.h"
#include "usb.h"

struct emu_sharing_options;

struct emu_board_options {
    bool console_pty;      /* the console UART on a pty instead of stdio */
    int output_fd;         /* stdio backend output (0: stdout, 1) */
    int input_fd;          /* stdio backend input (default 0, -1 none) */
    bool process_console;  /* run the process console on the console UART */
    bool raw_terminal;     /* stdio input that is a terminal goes byte at a time, no echo */
    bool catch_interrupts; /* Ctrl-C, SIGTERM, SIGHUP end the run (emu_board_ended_by) */
    const struct emu_console_options *console; /* console terminal; NULL: bytes pass unchanged */
    const struct emu_pins_options *pins;       /* NULL: defaults */
    const struct emu_rng_options *rng;         /* NULL: defaults */
    const struct emu_inputs_options *inputs;   /* scripted console input; NULL: none */
    const struct emu_flash_options *flash;     /* NULL: defaults (RAM, nothing persists) */

    /* The sensors' default models and timed values; NULL: built-in constants. */
    const struct emu_sensors_options *sensors;
    const struct emu_screen_options *screen; /* NULL: 128x64 mono, no PNG */
    const struct emu_adc_options *adc;       /* timed channel codes; NULL: none */
    /* DAC, I/O expander, I2C bus, touch panel, text LCD; NULL: defaults. */
    const struct emu_devices_options *devices;
    /* App flash as the emulator maps it; NULL: no app flash driver. */
    uint8_t *app_flash;
    size_t app_flash_len;
    uint64_t app_flash_address;                  /* where apps see app_flash[0] */
    struct tk_kernel_addresses kernel_addresses; /* for the console's `kernel` */
    /* Which capsules exist and at which driver numbers (the unit-test
     * harness puts fakes in their place or moves them): called with each
     * capsule's default number before it is registered; returns false to
     * leave the capsule out, or true, having changed *number or not. NULL:
     * every capsule at its default number. */
    bool (*place_driver)(uint32_t *number, void *ctx);
    void *place_ctx;
    /* The USB device and its host (usb.h); NULL or not enabled: none. */
    const struct emu_usb_options *usb;
    /* Sharing between apps (sharing.h): extra drivers, IPC re-sharing;
     * NULL: Tock's IPC only. */
    const struct emu_sharing_options *sharing;
    /* A FIFO of interactive inputs (control.h); NULL: none. */
    const char *control_path;
};

void emu_board_options_init(struct emu_board_options *o);

struct emu_board;

/* Build the board on `k`: models, capsules, drivers registered. Returns
 * NULL with `err` filled on failure. */
struct emu_board *emu_board_new(struct tk_kernel *k, const struct emu_board_options *o,
                                struct emu_err *err);
/* Unregister nothing (the kernel is finished first), free everything. */
void emu_board_free(struct emu_board *b);

/* Host inputs. emu_board_poll waits up to `timeout_ms` (-1 forever, 0 not
 * at all) for input on the board's fds and feeds what arrived to the
 * models; returns true if anything arrived. Non-blocking calls look at the
 * fds at most once per millisecond of wall time (false in between).
 * emu_board_input_possible is false when no host input can ever arrive
 * again. */
bool emu_board_poll(struct emu_board *b, int timeout_ms);
bool emu_board_input_possible(const struct emu_board *b);

/* Typed input: bytes a terminal (stdin, a pty, the console socket) read for
 * `target` wait in that target's queue and enter the UART when it reads,
 * cancelling a pending receive so the mux re-decides who reads. This is the
 * terminals' own path; a replay types recorded terminal input through it
 * too. Returns the bytes taken (the rest overran the queue; 0 with no
 * console terminal). */
size_t emu_board_type(struct emu_board *b, struct emu_terminal_target target, const uint8_t *bytes,
                      size_t len);
/* Called as typed bytes for `target` are about to enter the UART (before
 * its input observer sees them), so a record can say they came this way.
 * The first `again` of them entered once before: their app ended before
 * reading them and they went back to their queue, so a record, which
 * kept them then, must not keep them twice. NULL: none. */
typedef void (*emu_board_typed_observer_fn)(struct emu_terminal_target target, size_t again,
                                            void *ctx);
void emu_board_set_typed_observer(struct emu_board *b, emu_board_typed_observer_fn fn, void *ctx);
/* Apply one control line ("press 0", "5ms console \"x\"", "sensor
 * proximity 230", "screenshot" ...), as one from the --control FIFO is
 * applied. Returns 0, or a negative errno with `err` saying why. */
int emu_board_control(struct emu_board *b, const char *line, struct emu_err *err);
/* Called with each control line the board applied (from the FIFO or
 * emu_board_control), screenshots aside: its time and the rest of the
 * line, a scenario line. What such a line applies later (a press, console
 * bytes) is marked as coming from a control line when it is observed, so
 * that a record keeps the line at the point it came, not its effects at
 * their time. NULL: none. */
typedef void (*emu_board_line_observer_fn)(uint64_t at_ns, const char *rest, void *ctx);
void emu_board_set_line_observer(struct emu_board *b, emu_board_line_observer_fn fn, void *ctx);
/* Whether the console bytes entering the UART now come from a control
 * line (for the UART's input observer). */
bool emu_board_console_input_from_control(const struct emu_board *b);

/* A TBF was laid out at `tbf` (app flash address `address`): give its
 * writeable flash regions the bytes a previous run saved in the flash file
 * (wfr_store.h states the rule) and save them at the end of this run.
 * Returns the number of regions restored, or -ENOSPC with `err` filled. */
int emu_board_add_tbf(struct emu_board *b, const char *path, uint8_t *tbf, uint64_t address,
                      const struct tk_tbf_header *h, struct emu_err *err);

/* The models, for the CLI and the harness to drive and observe. */
struct emu_pins *emu_board_pins(struct emu_board *b);
struct emu_rng *emu_board_rng(struct emu_board *b);
struct emu_uart *emu_board_uart(struct emu_board *b);
struct emu_screen *emu_board_screen(struct emu_board *b);
struct emu_devices *emu_board_devices(struct emu_board *b);
/* Scripted console input (inputs.h) still to be typed. */
bool emu_board_console_script_pending(const struct emu_board *b);

/* Every app has ended: true while the board should stay up, as a real one
 * does: scripted console input is still to come, or the process console runs
 * and host input can still arrive (it may `boot` or `start` an app). */
bool emu_board_keep_running(const struct emu_board *b);

/* --console-split: give each app loaded since the last call a pty of its
 * own (its output and its input; terminal.h); nothing without the option.
 * Returns 0, or -errno with `err` filled (the ptys opened stay, closed by
 * emu_board_free). */
int emu_board_open_app_consoles(struct emu_board *b, struct emu_err *err);

/* --wait-console: return once a terminal program holds the console pty (at
 * once for stdio): 0, or -EINTR if a signal came first (then
 * emu_board_ended_by names it). */
int emu_board_wait_console(struct emu_board *b);

/* Typed bytes dropped so far because their target's queue was full (an
 * input overrun; only with an escape key, see docs/console.md). */
uint64_t emu_board_input_overrun(const struct emu_board *b);

/* Why the run was ended from outside: EMU_BOARD_NOT_ENDED, EMU_BOARD_QUIT
 * (the process console's `quit`), or a signal number (SIGINT ...). The
 * kernel's stop_requested is set in both cases. */
enum { EMU_BOARD_NOT_ENDED = 0, EMU_BOARD_QUIT = -1 };
int emu_board_ended_by(const struct emu_board *b);

/* Kernel debug output (fault-policy lines, panics): queued on the console
 * UART behind app output, as Tock's debug writer shares the UART. */
void emu_board_debug(struct emu_board *b, const char *line);

#endif
