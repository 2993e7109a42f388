/* Scripted console input: bytes typed into the console UART at virtual times.
 *
 * One more kind of timed input next to the pin model's (pins.h): text given
 * with `--type TEXT@TIME` or as a scenario line `TIME console "TEXT"` enters
 * the board's UART through emu_uart_inject at that virtual time, exactly as
 * if it had arrived on the wire, so the process console and the apps'
 * console see it the same way on every run. The scenario grammar and its one
 * parser stay in pins.c; this file adds the `console` action to it
 * (emu_pins_options.other_action) and owns the console inputs' schedule.
 * The same line typed into tockemu --control applies now
 * (emu_inputs_command), and emu_inputs_console_line writes one back, so
 * tockemu --record-inputs records a run's console input for --scenario.
 *
 * TEXT escapes: \n \r \t \b \e (ESC) \\ \" and \xHH; anything else after a
 * backslash is an error. In a scenario file TEXT is double-quoted and may not
 * hold '#' (the start of a comment there; write \x23).
 */
#ifndef EMU_HW_INPUTS_H
#define EMU_HW_INPUTS_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "emu_uart.h"
#include "kernel.h"
#include "pins.h"

/* One timed console input. */
struct emu_console_input {
    uint64_t at_ns;         /* virtual time; a time already past applies at once */
    GBytes *bytes;          /* the decoded text, never empty */
    char origin[96];        /* "--type list\n@100ms", "s.txt:3" */
    bool from_control_line; /* emu_inputs_command's */
};

/* Command-line configuration (emu_inputs_option_group, scenario lines). */
struct emu_inputs_options {
    GArray *console; /* struct emu_console_input, in the order given */
};

/* Defaults (no input), and free. emu_inputs_options_init also makes the
 * scenario parser of `pins` (may be NULL) accept `console` lines into `o`,
 * which must then outlive the parse. */
void emu_inputs_options_init(struct emu_inputs_options *o, struct emu_pins_options *pins);
void emu_inputs_options_fini(struct emu_inputs_options *o);

/* Add `--type TEXT@TIME` (the last '@' ends TEXT). Returns 0, or -EINVAL
 * with `err` set and nothing added. */
int emu_inputs_options_add_type(struct emu_inputs_options *o, const char *arg, struct emu_err *err);

/* The scenario action `console "TEXT"` for emu_pins_options.other_action:
 * `rest` is the line after its time. Returns 0 (added), -ENOENT (not a
 * console line; nothing said) or -EINVAL with `err` ("s.txt:3: ..."). */
int emu_inputs_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                               struct emu_err *err);

/* Is `rest` (a scenario line after its time) a `console` action? */
bool emu_inputs_is_console_action(const char *rest);

/* Append the scenario line that types `bytes` at `at_ns`
 * ("1500000ns console \"list\\n\"\n"), escaped so that it parses back to the
 * same bytes ('#', '"', '\\' and bytes outside printable ASCII escaped). For
 * recording a run's input (tockemu --record-inputs). */
void emu_inputs_console_line(GString *out, uint64_t at_ns, const uint8_t *bytes, size_t len);

/* The GOptionGroup "input" with --type. The caller's GOptionContext owns it. */
GOptionGroup *emu_inputs_option_group(struct emu_inputs_options *o);

/* The schedule at run time. */
struct emu_inputs {
    struct tk_kernel *kernel;
    struct emu_uart *uart;
    GArray *pending;             /* struct emu_console_input by (at_ns, order given) */
    struct tk_deadline deadline; /* armed at the first pending input */
    bool injecting_control_line; /* while bytes of a control line enter the UART */
};

/* Schedule the console inputs of `o` (NULL: none) into `uart` on `k`. */
void emu_inputs_init(struct emu_inputs *in, struct tk_kernel *k, struct emu_uart *uart,
                     const struct emu_inputs_options *o);
/* Whether the bytes entering the UART now came from a control line
 * (emu_inputs_command), for the UART's input observer. */
bool emu_inputs_injecting_control_line(const struct emu_inputs *in);
/* Disarm and free what was not typed yet. Call before tk_kernel_fini. */
void emu_inputs_fini(struct emu_inputs *in);

/* An interactive input in the scenario grammar (tockemu --control): a
 * `console "TEXT"` line, typed now or at a leading TIME. Returns 0, -ENOENT
 * if it is no console line (nothing said; the pin model may take it), or
 * -EINVAL with `err` ("input 'console x': ..."). */
int emu_inputs_command(struct emu_inputs *in, const char *text, struct emu_err *err);

/* True while some text is still to be typed. */
bool emu_inputs_pending(const struct emu_inputs *in);

/* Type `len` bytes (> 0) at virtual time `at_ns`; inputs at the same time go
 * in the order scheduled. */
void emu_inputs_type(struct emu_inputs *in, uint64_t at_ns, const uint8_t *bytes, size_t len);

#endif
