/* Pin model: the board's LEDs, buttons and GPIO pins, with timed inputs.
 *
 * One model serves the LED (hil/led.h), button and GPIO (hil/gpio.h)
 * capsules. Every change of what a pin drives is an event stamped with
 * virtual time, recorded and handed to an observer (the CLI prints LED
 * events for --trace-leds and all of them in the trace). Inputs from outside
 * (button presses and releases, GPIO input levels) are scheduled at virtual
 * times on the kernel's clock, so they can come from the command line, a
 * scenario file, a test or an interactive front end, and a run with the same
 * inputs is the same run.
 *
 * A pin, whatever it serves:
 *
 *            +-------- external drive (inputs): low, high or float
 *            v
 *   wire ----+---- pull (none/up/down) when nothing drives it
 *            ^
 *            +-------- output latch, driven only while configured as output
 *
 *   level = output ? latch : sensing ? (drive, or pull if it floats) : low
 *   sensing = input, or low power with the interrupt enabled
 *
 * LEDs start as outputs driving low (off), active high. Buttons start as
 * inputs driven low (released); a press drives high, so the board wires
 * them TK_GPIO_ACTIVE_HIGH (EMU_PINS_BUTTON_ACTIVATION, the default). GPIO pins start in
 * low power, floating, without pull. A floating input without pull reads
 * low. A low-power pin reads low, except that with its interrupt enabled it
 * senses the wire like an input (an nRF52 GPIOTE channel does the same).
 *
 * Active-low boards (an nRF52840-DK): an active-low LED is lit by driving
 * its pin low and starts driving high (Tock's LedLow); an active-low button
 * is pulled up and a press drives it low (the button shorts to ground),
 * so the board wires it TK_GPIO_ACTIVE_LOW with a pull-up
 * (emu_pins_button_activation).
 *
 * Jumper wires (`--wire A-B`, [pins] wires): the wired pins form one net.
 * What a pin on a net senses is, in order: the outputs on the net (when
 * two outputs disagree, low wins); else a drive from outside on any of its
 * pins (a press, a scenario's gpio line), the pin's own first; else the
 * pin's own pull, else another pin's pull. An output on a wire therefore
 * wins over an outside drive, as a GPIO driving a DK button through its
 * 2k2 resistor beats the button's pull-up. Every change on a net refreshes
 * every pin of it, and their interrupts fire as for any edge a capsule's
 * call causes (from a deferred call).
 * Deviation: two outputs shorted against each other are undefined on a
 * board (and may harm the pins); here low wins.
 */
#ifndef EMU_HW_PINS_H
#define EMU_HW_PINS_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/gpio.h"
#include "hil/led.h"
#include "kernel.h"

#define EMU_PINS_MAX               32 /* per kind; the button capsule keeps one bit per button */
#define EMU_PINS_DEFAULT_LEDS      4
#define EMU_PINS_DEFAULT_BUTTONS   4
#define EMU_PINS_DEFAULT_GPIO_PINS 8
#define EMU_PINS_DEFAULT_HOLD_NS   (50ull * 1000 * 1000) /* --press without +HOLD */
#define EMU_PINS_EVENT_LOG         4096                  /* events kept for inspection */
#define EMU_PINS_BUTTON_ACTIVATION TK_GPIO_ACTIVE_HIGH

/* Buzzer and servo are outputs only: what their PWM pin plays (emu_actuators.h). */
enum emu_pin_kind { EMU_PIN_LED, EMU_PIN_BUTTON, EMU_PIN_GPIO, EMU_PIN_BUZZER, EMU_PIN_SERVO };

/* A level on the wire: driven low, driven high, or not driven. */
enum emu_pin_drive { EMU_PIN_LOW = 0, EMU_PIN_HIGH = 1, EMU_PIN_FLOAT = 2 };

/* One timed input: a button press (HIGH) or release (LOW), or the level
 * driven onto a GPIO pin. */
struct emu_pins_input {
    uint64_t at_ns;         /* virtual time; a time already past applies at once */
    enum emu_pin_kind kind; /* EMU_PIN_BUTTON or EMU_PIN_GPIO */
    unsigned index;
    enum emu_pin_drive level;
    char origin[96];        /* where it came from, for errors: "--press 0@1ms", "s.txt:3" */
    bool from_control_line; /* emu_pins_command's */
};

/* One change on a pin. Output events: what the pin drives changed (LED lit
 * = HIGH; FLOAT when a GPIO pin stops being an output). Input events: what
 * the outside drives onto the pin changed. */
struct emu_pins_event {
    uint64_t time_ns;
    enum emu_pin_kind kind;
    unsigned index;
    enum emu_pin_drive level;
    bool input;
    bool from_control_line; /* an input a control line (emu_pins_command) asked for */
    uint32_t value;         /* BUZZER: the tone in Hz (0: off); SERVO: the angle in degrees */
};

/* A jumper wire between two pins: "gpio 0" to "gpio 1", "led 0" to "gpio 6". */
struct emu_pins_wire {
    enum emu_pin_kind kind[2]; /* EMU_PIN_LED, EMU_PIN_BUTTON or EMU_PIN_GPIO */
    unsigned index[2];
    char origin[96]; /* for errors: "--wire 0-9" */
};

/* Command-line configuration (emu_pins_option_group). */
struct emu_pins_options {
    unsigned leds, buttons, gpio_pins;
    bool leds_active_low, buttons_active_low;
    bool trace_leds; /* for the CLI: print LED events */
    GArray *inputs;  /* struct emu_pins_input, in the order given */
    GArray *wires;   /* struct emu_pins_wire */
    /* Scenario lines of other models (inputs.h: `console`), offered first:
     * `rest` is the line after its time. Returns 0 (taken; kept even if a
     * later line fails), -ENOENT (not its action) or -EINVAL with `err`. */
    int (*other_action)(void *ctx, const char *origin, uint64_t at_ns, const char *rest,
                        struct emu_err *err);
    void *other_ctx;
    /* Their names, for errors ("console, adc"): emu_pins_options_name_actions. */
    char other_action_names[96];
    /* Told of each scenario line an other_action took (its time, the rest
     * of the line), so a record can keep it; NULL: nobody. */
    void (*on_other_line)(uint64_t at_ns, const char *rest, void *ctx);
    void *on_other_line_ctx;
};

typedef void (*emu_pins_observer_fn)(const struct emu_pins_event *ev, void *ctx);

struct emu_pin {
    struct tk_gpio_pin gpio; /* the HIL face of buttons and GPIO pins */
    struct tk_led led;       /* the HIL face of LEDs */
    struct emu_pins *model;
    enum emu_pin_kind kind;
    unsigned index;
    enum tk_gpio_configuration config;
    enum tk_gpio_floating_state pull;
    bool latch;                /* output latch */
    enum emu_pin_drive drive;  /* from outside */
    enum emu_pin_drive driven; /* what the pin drives: latch if output, else FLOAT */
    bool level;                /* what the pin reads */
    bool interrupt_enabled;
    enum tk_gpio_interrupt_edge edge;
    bool interrupt_pending; /* an edge to report from the deferred call */
    bool active_low;        /* LEDs and buttons: lit / pressed when low */
    struct emu_pin *net;    /* the next pin on its wire net; itself if unwired */
};

struct emu_pins {
    struct tk_kernel *kernel;
    unsigned led_count, button_count, gpio_count;
    struct emu_pin leds[EMU_PINS_MAX], buttons[EMU_PINS_MAX], gpio[EMU_PINS_MAX];

    GArray *pending; /* struct emu_pins_input not yet applied, by (at_ns, order added) */
    struct tk_deadline deadline;      /* armed at the first pending input */
    struct tk_deferred_call deferred; /* reports edges seen outside an interrupt */
    bool in_interrupt;                /* applying inputs: report edges at once */

    /* Ring of the latest events, allocated at the first: a run that moves
     * no pin does not pay for the 4096 entries (a tenth of tockemu's start-up
     * page faults when it was zeroed in place; bench/). */
    struct emu_pins_event *events;
    size_t event_first, event_count;
    uint64_t events_total;

    emu_pins_observer_fn observer;
    void *observer_ctx;
};

/* Options: defaults (4 LEDs, 4 buttons, 8 GPIO pins, no inputs), and free. */
void emu_pins_options_init(struct emu_pins_options *o);
void emu_pins_options_fini(struct emu_pins_options *o);
/* A model that offers `other_action` scenario lines names its actions
 * ("touch, gpio-async"), so that an unknown action's error lists every
 * valid one. */
void emu_pins_options_name_actions(struct emu_pins_options *o, const char *names);

/* Add a wire "A-B", each end a GPIO pin number or `gpioN`, `ledN`,
 * `buttonN` ("0-1", "led0-gpio6"). `origin` names it in errors. Returns 0,
 * or -EINVAL with `err` and nothing added; the ends are checked against
 * the counts by emu_pins_init. */
int emu_pins_options_add_wire(struct emu_pins_options *o, const char *origin, const char *text,
                              struct emu_err *err);

/* The GOptionGroup "pins" with --press, --scenario, --trace-leds, --leds,
 * --buttons, --gpio-pins, --wire, --leds-active-low and --buttons-active-low, filling `o` (which
 * must outlive the parse). Errors are G_OPTION_ERROR_BAD_VALUE with the emu_err message. The caller
 * adds it to its GOptionContext, which then owns it. */
GOptionGroup *emu_pins_option_group(struct emu_pins_options *o);

/* Parse "<number><unit>", unit ns, us, ms or s, into nanoseconds: "2s",
 * "1.5s", "250us", "0.5ms". The one parser of times on the command line and
 * in scenarios. Returns 0, -EINVAL (syntax, or a fraction finer than 1 ns)
 * or -ERANGE (overflow); *ns is untouched on failure. */
int emu_pins_parse_time(const char *text, uint64_t *ns);

/* Split a leading TIME off `line` (which starts with no blank): if its first
 * word parses as a time, *at_ns is that time and *rest the text after the
 * word and its blanks; otherwise *at_ns is `default_ns` and *rest is `line`.
 * Returns whether there was a time. */
bool emu_pins_split_time(const char *line, uint64_t default_ns, uint64_t *at_ns, const char **rest);

/* Timed-input queues (the pin model's, the console input's): GArrays whose
 * elements start with `uint64_t at_ns`, kept in time order.
 * emu_pins_queue_insert inserts a copy of `item` after every element due at
 * the same time or earlier (stable; O(n), n small) and returns its index.
 * emu_pins_queue_arm arms `dl` for the head (at once if already past), or
 * disarms it when the queue is empty. */
guint emu_pins_queue_insert(GArray *queue, const void *item);
void emu_pins_queue_arm(GArray *queue, struct tk_kernel *k, struct tk_deadline *dl);

/* Add the inputs of `--press BUTTON@TIME[+HOLD]`: a press at TIME and a
 * release HOLD later (default 50 ms). Returns 0, or -EINVAL with `err` set
 * and nothing added. Button indices are checked by emu_pins_init. */
int emu_pins_options_add_press(struct emu_pins_options *o, const char *arg, struct emu_err *err);

/* Add the inputs of a scenario, one per line:
 *     TIME press BUTTON | TIME release BUTTON | TIME gpio PIN high|low|float
 * with `#` comments and blank lines. `name` names the text in errors
 * ("name:LINE: ..."). Returns 0, or -EINVAL with `err` set and nothing
 * added. The _load form reads the file `path`: -errno if it cannot, -EFBIG
 * past EMU_SCENARIO_MAX bytes, -EINVAL for a NUL byte (a scenario is text). */
#define EMU_SCENARIO_MAX (16u << 20)
int emu_pins_options_add_scenario(struct emu_pins_options *o, const char *name, const char *text,
                                  struct emu_err *err);
int emu_pins_options_load_scenario(struct emu_pins_options *o, const char *path,
                                   struct emu_err *err);

/* Set up the model on `k` with the counts and inputs of `o` (NULL =
 * defaults) and schedule the inputs. Returns 0, or -EINVAL with `err` naming
 * the bad count or the input ("--press 5@1ms: no button 5 (4 buttons)") and
 * `m` left needing no fini. */
int emu_pins_init(struct emu_pins *m, struct tk_kernel *k, const struct emu_pins_options *o,
                  struct emu_err *err);
/* Disarm and free. Call before tk_kernel_fini, with no deferred call of the
 * model pending (the kernel loop or fx_run_deferred ran them). */
void emu_pins_fini(struct emu_pins *m);

/* How the board wires button `index` (its activation mode and pull). */
enum tk_gpio_activation_mode emu_pins_button_activation(const struct emu_pins *m, unsigned index);
enum tk_gpio_floating_state emu_pins_button_pull(const struct emu_pins *m, unsigned index);

/* The HIL objects the board hands to the capsules; NULL if out of range. */
struct tk_led *emu_pins_led(struct emu_pins *m, unsigned index);
struct tk_gpio_pin *emu_pins_button(struct emu_pins *m, unsigned index);
struct tk_gpio_pin *emu_pins_gpio(struct emu_pins *m, unsigned index);

/* Schedule one input. Returns 0, or -EINVAL (unknown pin or level) with
 * nothing scheduled. Inputs at the same time apply in the order scheduled. */
int emu_pins_schedule(struct emu_pins *m, const struct emu_pins_input *in);
/* Press `button` at press_ns and release it at release_ns (>= press_ns).
 * Returns 0 or -EINVAL with nothing scheduled. */
int emu_pins_press(struct emu_pins *m, unsigned button, uint64_t press_ns, uint64_t release_ns);
/* Drive GPIO pin `pin` to `level` at `at_ns`. Returns 0 or -EINVAL. */
int emu_pins_set_input(struct emu_pins *m, unsigned pin, enum emu_pin_drive level, uint64_t at_ns);
/* An interactive input in the scenario grammar; without the leading TIME
 * it applies at the current virtual time ("press 0", "gpio 2 high",
 * "900ms release 0"). Returns 0, or -EINVAL with `err` ("input:1: ...")
 * and nothing scheduled. */
int emu_pins_command(struct emu_pins *m, const char *text, struct emu_err *err);
/* An interactive input for another model's scenario action (sensors, ADC):
 * strip `text`, split a leading TIME (default: now on `k`'s clock) and call
 * `action` with the rest and the origin "input 'TEXT'". Returns what
 * `action` returns. */
int emu_pins_command_action(struct tk_kernel *k, const char *text,
                            int (*action)(void *options, const char *origin, uint64_t at_ns,
                                          const char *rest, struct emu_err *err),
                            void *options, struct emu_err *err);
/* Virtual time of the next scheduled input, TK_NO_DEADLINE if none. */
uint64_t emu_pins_next_deadline(const struct emu_pins *m);

/* Record an output of an actuator on a PWM pin (EMU_PIN_BUZZER, EMU_PIN_SERVO)
 * with its value, as an event like any pin change. */
void emu_pins_report(struct emu_pins *m, enum emu_pin_kind kind, unsigned index, uint32_t value);

/* Report every event to `fn` (NULL to stop) as it happens. */
void emu_pins_set_observer(struct emu_pins *m, emu_pins_observer_fn fn, void *ctx);
/* Recorded events: the latest EMU_PINS_EVENT_LOG, oldest first. */
size_t emu_pins_event_count(const struct emu_pins *m);
const struct emu_pins_event *emu_pins_event_at(const struct emu_pins *m, size_t i);
/* Describe an event without its time: "led 0 on", "button 1 pressed",
 * "gpio 2 output high", "gpio 2 input float", "buzzer 0 tone 440 Hz",
 * "buzzer 0 off", "servo 0 angle 90". Returns snprintf's value. */
int emu_pins_event_format(const struct emu_pins_event *ev, char *buf, size_t len);
/* An input event as a scenario line ("150000000ns press 0"), so a recorded
 * run's inputs replay with --scenario. Returns snprintf's value, or -EINVAL
 * for an output event. */
int emu_pins_event_scenario_line(const struct emu_pins_event *ev, char *buf, size_t len);

#endif
