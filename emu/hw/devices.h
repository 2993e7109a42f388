/* The board's small devices: DAC, I/O expander, I2C bus, touch panel, LCD.
 *
 * Each model plays a part a Tock board wires to one capsule, behind that
 * capsule's HIL, on the virtual clock:
 *
 *   model          HIL              plays                      capsule
 *   emu_dac        hil/dac.h        SAM4L DACC (10-bit)        dac (0x6)
 *   emu_expander   hil/gpio_async.h MCP23008 (8 pins)          gpio_async
 *   emu_i2c_bus    hil/i2c.h        a bus of emu_i2c_devices   i2c_master
 *   emu_touch      hil/touch.h      FT6x06 (2 touches)         touch
 *   emu_text_lcd   hil/text_screen  HD44780 (16x2)             text_screen
 *
 * What they show goes to the trace as `device` events (docs/trace.md);
 * what the outside does to them comes from scenario lines and the control
 * FIFO (`touch ...`, `gpio-async ...`, docs/scenarios). Their settings come
 * from struct emu_devices_options: defaults, then the board file.
 */
#ifndef EMU_HW_DEVICES_H
#define EMU_HW_DEVICES_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/dac.h"
#include "hil/gpio_async.h"
#include "hil/i2c.h"
#include "hil/text_screen.h"
#include "hil/touch.h"
#include "kernel.h"
#include "pins.h"

/* ---- options ------------------------------------------------------------ */

#define EMU_EXPANDER_PINS       8
#define EMU_EXPANDER_MAX_PORTS  4
#define EMU_I2C_MAX_DEVICES     8
#define EMU_TOUCH_MAX           2
#define EMU_TEXT_LCD_MAX_COLUMN 40
#define EMU_TEXT_LCD_MAX_ROWS   4

/* One timed outside input for the touch panel or the expander pins. */
struct emu_device_input {
    uint64_t at_ns; /* first: a timed-input queue element (pins.h) */
    enum { EMU_INPUT_TOUCH, EMU_INPUT_GESTURE, EMU_INPUT_EXPANDER } kind;
    unsigned count;                               /* touches */
    struct tk_touch_event touches[EMU_TOUCH_MAX]; /* TOUCH */
    enum tk_touch_gesture gesture;                /* GESTURE */
    unsigned port, pin;                           /* EXPANDER */
    bool level;                                   /* EXPANDER */
};

/* An I2C device on the bus: its kind's name and 7-bit address. */
struct emu_i2c_device_spec {
    char kind[16];
    uint8_t address;
};

struct emu_devices_options {
    unsigned dac_bits;       /* default 10 */
    unsigned expander_ports; /* default 1 */
    /* Output pin wired back to an input pin of the same port, as on a test
     * board: default 0 -> 1 on every port; loopback_from < 0: none. */
    int loopback_from, loopback_to;
    struct emu_i2c_device_spec i2c[EMU_I2C_MAX_DEVICES]; /* default: eeprom at 0x50 */
    unsigned i2c_count;
    unsigned lcd_columns, lcd_rows; /* default 16 x 2 */
    GArray *inputs;                 /* struct emu_device_input, in the order given */
    /* The scenario chain (pins.h other_action): the next model's action. */
    int (*next_action)(void *ctx, const char *origin, uint64_t at_ns, const char *rest,
                       struct emu_err *err);
    void *next_ctx;
};

/* Defaults, and chain `touch` and `gpio-async` scenario lines into `pins`
 * (NULL: no chaining). */
void emu_devices_options_init(struct emu_devices_options *o, struct emu_pins_options *pins);
void emu_devices_options_fini(struct emu_devices_options *o);
/* `touch ...` or `gpio-async ...` after the time: 0, -ENOENT (passed down
 * the chain) or -EINVAL with `err`. */
int emu_devices_scenario_action(void *options, const char *origin, uint64_t at_ns, const char *rest,
                                struct emu_err *err);
/* "eeprom@0x50": 0, or -EINVAL with `err` naming `origin`. */
int emu_devices_add_i2c(struct emu_devices_options *o, const char *origin, const char *spec,
                        struct emu_err *err);

/* ---- DAC ------------------------------------------------------------------ */

struct emu_dac {
    struct tk_dac hil;
    struct tk_kernel *kernel;
    unsigned bits;
    uint32_t value; /* what the output drives, in codes */
    uint64_t sets;  /* set_value calls, for tests */
};
void emu_dac_init(struct emu_dac *m, struct tk_kernel *k, unsigned bits);

/* ---- I/O expander (gpio_async) ------------------------------------------- */

struct emu_expander_pin {
    bool output, latch; /* direction and output latch */
    bool driven;        /* level the outside drives onto it (input) */
    bool interrupt;     /* interrupt enabled ... */
    enum tk_gpio_interrupt_edge edge;
};

struct emu_expander {
    struct tk_gpio_async_port port;
    struct tk_kernel *kernel;
    unsigned index; /* port number: the interrupt's identifier */
    int loopback_from, loopback_to;
    struct emu_expander_pin pins[EMU_EXPANDER_PINS];
    bool busy; /* an operation in flight: */
    int op;    /* which (private to io_expander.c) */
    unsigned op_pin, op_arg;
    struct tk_deadline done_deadline;
};
void emu_expander_init(struct emu_expander *m, struct tk_kernel *k, unsigned index,
                       int loopback_from, int loopback_to);
void emu_expander_fini(struct emu_expander *m);
/* The outside drives `pin` to `level` now (interrupts as configured). */
void emu_expander_drive(struct emu_expander *m, unsigned pin, bool level);
/* What `pin` reads: its latch if an output, else the level driven on it. */
bool emu_expander_level(const struct emu_expander *m, unsigned pin);

/* ---- I2C bus and devices --------------------------------------------------- */

struct emu_i2c_device;
/* A write a device sends as master after it was written to (a second
 * board answering): `len` bytes to `to`, `after_ns` later. */
struct emu_i2c_reply {
    uint64_t after_ns;
    uint8_t to;
    uint8_t bytes[32];
    size_t len;
};
struct emu_i2c_device_ops {
    /* A write of bytes[0, len) addressed to the device. */
    enum tk_i2c_status (*write)(struct emu_i2c_device *dev, const uint8_t *bytes, size_t len);
    /* A read of len bytes into out. */
    enum tk_i2c_status (*read)(struct emu_i2c_device *dev, uint8_t *out, size_t len);
    void (*free)(struct emu_i2c_device *dev);
    /* Optional, after a write to it was acknowledged: true with `out` set
     * if the device now writes as a master on the bus. */
    bool (*reply)(struct emu_i2c_device *dev, struct emu_i2c_reply *out);
};
struct emu_i2c_device {
    const struct emu_i2c_device_ops *ops;
    uint8_t address;
};
/* The device kinds emu_i2c_device_new knows, for help and errors. */
#define EMU_I2C_DEVICE_KINDS "eeprom, ping-pong"
/* The `free` of a device that is one malloc'd block, the device first. */
void emu_i2c_device_free(struct emu_i2c_device *dev);
/* A device of kind `kind` at `address`, or NULL (unknown kind, no memory). */
struct emu_i2c_device *emu_i2c_device_new(const char *kind, uint8_t address);
/* The 24C02 EEPROM model (i2c_eeprom.c). */
struct emu_i2c_device *emu_i2c_eeprom_new(uint8_t address);
/* Another board as the slave, running libtock-c's i2c_master_slave_ping_pong
 * as the follower (i2c_peer.c): kind "ping-pong". */
struct emu_i2c_device *emu_i2c_peer_new(uint8_t address);

/* The board's I2C peripheral: a master face for the I2C master capsule,
 * another for the master/slave capsule (each with its own client; one
 * transfer at a time between them), and a slave face that answers the
 * devices that write as masters (emu_i2c_reply) at its own address. */
struct emu_i2c_bus {
    struct tk_i2c_master hil;        /* i2c_master (0x20003) */
    struct tk_i2c_master hil_shared; /* i2c_master_slave (0x20006) */
    struct tk_i2c_slave slave;
    struct tk_kernel *kernel;
    struct emu_i2c_device *devices[EMU_I2C_MAX_DEVICES];
    unsigned count;
    bool busy;
    struct tk_i2c_master *owner; /* the face whose transfer is in flight */
    uint8_t *buffer;             /* the transfer's, lent until completion */
    enum tk_i2c_status status;
    struct tk_deadline done_deadline;
    /* The slave face. */
    bool slave_enabled, slave_listening;
    uint8_t slave_address;
    uint8_t *slave_rx, *slave_tx; /* lent by the client; NULL: none */
    size_t slave_rx_len, slave_tx_len;
    /* A device's write as master, due at peer_deadline (one at a time). */
    struct emu_i2c_reply peer;
    uint8_t peer_from;
    struct tk_deadline peer_deadline;
};
/* The bus with the devices `o` lists: 0, or -EINVAL with `err` (unknown
 * kind, two devices at one address). */
int emu_i2c_bus_init(struct emu_i2c_bus *m, struct tk_kernel *k,
                     const struct emu_devices_options *o, struct emu_err *err);
void emu_i2c_bus_fini(struct emu_i2c_bus *m);

/* ---- touch panel ------------------------------------------------------------ */

struct emu_touch {
    struct tk_touch hil;
    struct tk_kernel *kernel;
    bool enabled;    /* what the capsule asked for; FT6x06 reports regardless */
    GArray *pending; /* struct emu_device_input by time */
    struct tk_deadline deadline;
};
void emu_touch_init(struct emu_touch *m, struct tk_kernel *k);
void emu_touch_fini(struct emu_touch *m);
/* Deliver `in` (a TOUCH or GESTURE input) at in->at_ns. */
void emu_touch_schedule(struct emu_touch *m, const struct emu_device_input *in);

/* ---- text LCD ------------------------------------------------------------- */

struct emu_text_lcd {
    struct tk_text_screen hil;
    struct tk_kernel *kernel;
    unsigned columns, rows;
    char cells[EMU_TEXT_LCD_MAX_ROWS][EMU_TEXT_LCD_MAX_COLUMN];
    unsigned cursor_column, cursor_row;
    bool display_on, cursor_shown, blink;
    bool busy; /* an operation in flight: */
    int op;    /* private to text_lcd.c */
    uint8_t *print_buffer;
    size_t print_len;
    struct tk_deadline done_deadline;
};
void emu_text_lcd_init(struct emu_text_lcd *m, struct tk_kernel *k, unsigned columns,
                       unsigned rows);
void emu_text_lcd_fini(struct emu_text_lcd *m);
/* The screen as text: one line per row, `|` at both ends, then a line with
 * the display and cursor state. Free with g_free. */
char *emu_text_lcd_dump(const struct emu_text_lcd *m);

/* ---- all of them, as the board holds them ---------------------------------- */

struct emu_devices {
    struct tk_kernel *kernel;
    struct emu_dac dac;
    struct emu_expander expanders[EMU_EXPANDER_MAX_PORTS];
    unsigned expander_count;
    struct emu_i2c_bus i2c;
    struct emu_touch touch;
    struct emu_text_lcd lcd;
    GArray *expander_pending; /* struct emu_device_input (EXPANDER) by time */
    struct tk_deadline expander_deadline;
    bool ready;
};
/* Build every model from `o` (NULL: defaults): 0 or -EINVAL with `err`. */
int emu_devices_init(struct emu_devices *m, struct tk_kernel *k,
                     const struct emu_devices_options *o, struct emu_err *err);
void emu_devices_fini(struct emu_devices *m);
/* A control-FIFO line: `[TIME] touch ...`, `[TIME] gpio-async ...` or
 * `text-screen` (print the LCD on stderr): 0, -ENOENT, -EINVAL. */
int emu_devices_command(struct emu_devices *m, const char *text, struct emu_err *err);

#endif
