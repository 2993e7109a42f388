/* The default board (see board.h).
 *
 * Drivers, as a Tock board's main.rs wires them, each at the number of the
 * kernel's one table (emu/kernel/driver_numbers.h, spec §8):
 *
 *   alarm          virtual-time alarm model (32768 Hz)
 *   console        UART mux device on the console UART
 *   led            pin model LEDs
 *   button         pin model buttons (active high, pull-down)
 *   gpio           pin model GPIO pins
 *   low-level dbg  UART mux device on the console UART
 *   read-only st.  refreshed before every switch into a process
 *   process info
 *   rng            seeded entropy model
 *   app flash      writes into the calling app's own flash
 *   nonvol. stor.  flash partition 0 (first quarter of the device)
 *   kv             flash partition 1 (the middle, up to 64 pages)
 *   temperature    sensor model (sensors.h), as are the sensors below
 *   humidity
 *   ambient light
 *   ninedof        accelerometer, magnetometer, gyroscope
 *   proximity
 *   sound pressure
 *   pressure
 *   moisture
 *   rainfall
 *   screen         frame buffer model (screen.h): PNG files, terminal view
 *   adc            ADC model (emu_adc.h): 8 channels, codes from scenarios
 *   date time      RTC model (emu_rtc.h): a calendar on the virtual clock
 *   crc            CRC engine model (emu_crc.h)
 *   sha, hmac      SHA-256 and HMAC-SHA256 engines over libcrypto
 *                  (emu_digest_engine.h)
 *   aes            AES-128 engine over libcrypto (emu_aes.h)
 *   buzzer, servo  actuator models (emu_actuators.h): changes are pins events
 *   isolated nvs   flash partition after the KV store (the middle's second half;
 *                  none on a flash whose middle is under 4 pages)
 *   dac            DAC model (devices.h), as are the four below
 *   gpio async     I/O expander ports (8 pins each)
 *   i2c master     I2C bus with simulated devices (eeprom at 0x50)
 *   i2c master slave  the same bus, master and slave (i2c_master_slave)
 *   touch          touch panel (2 touches, gestures) over the screen
 *   text screen    character LCD (16x2)
 *
 * One NOR flash model from the CLI's flash options (the --flash file, or
 * RAM) holds the storage partitions and, in its last quarter, the saved
 * writeable flash regions of apps (wfr_store.h). App flash itself is a
 * second flash model lent the emulator's app-flash mapping.
 *
 * The process console (optional) reads and writes the console UART through
 * its own mux device, interleaved with app output as on a board.
 *
 * The console UART is shared through the UART mux by the console capsule,
 * low-level debug and the kernel's debug output.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alarm.h"
#include "adc.h" /* the capsule; the model is emu_adc.h */
#include "app_flash_driver.h"
#include "board.h"
#include "control.h"
#include "buzzer_driver.h" /* the capsule; the model is emu_actuators.h */
#include "crc.h"           /* the capsule; the model is emu_crc.h */
#include "date_time.h"     /* the capsule; the model is emu_rtc.h */
#include "emu_actuators.h"
#include "aes.h" /* the capsule; the model is emu_aes.h */
#include "emu_aes.h"
#include "emu_crc.h"
#include "emu_digest_engine.h"
#include "emu_rtc.h"
#include "hmac.h"
#include "isolated_nonvolatile_storage_driver.h"
#include "servo.h"
#include "sha256_driver.h"
#include "button.h"
#include "console.h"
#include "container_of.h"
#include "dac.h"
#include "gpio_async.h"
#include "i2c_master.h"
#include "i2c_master_slave.h"
#include "text_screen.h"
#include "touch.h"
#include "emu_alarm.h"
#include "emu_clock.h"
#include "emu_uart.h"
#include "flash.h"
#include "gpio.h"
#include "inputs.h"
#include "kv_driver.h"
#include "kv_store.h"
#include "led.h"
#include "low_level_debug.h"
#include "ninedof.h"
#include "nonvolatile_storage_driver.h"
#include "nonvolatile_to_pages.h"
#include "process_console.h"
#include "ipc.h"
#include "ipc_revised.h"
#include "lend_demo.h"
#include "process_info.h"
#include "sharing.h"
#include "proximity.h"
#include "read_only_state.h"
#include "rng.h"    /* the capsule; the model is emu_rng.h */
#include "screen.h" /* the capsule; the model is emu_screen.h */
#include "sensor_driver.h"
#include "sensors.h"
#include "virtual_uart.h"
#include "wfr_store.h"

enum { DEBUG_RING = 8192, DEBUG_CHUNK = 256 };

/* Queues of typed input: all readers, the process console, app N. */
enum { TYPED_ALL, TYPED_PROCESS_CONSOLE, TYPED_APP0, TYPED_QUEUES = TYPED_APP0 + TK_MAX_PROCESSES };
#define TYPED_APP(slot) (TYPED_APP0 + (slot))
/* The most bytes one typed queue holds (a deep FIFO, as the UART's own
 * queue): see terminal_has_room and terminal_typed for what happens there. */
#define TYPED_MAX EMU_UART_INPUT_MAX

struct emu_board {
    struct tk_kernel *kernel;
    struct emu_control control; /* fd -1: no control channel */
    struct emu_uart *uart;
    struct emu_usb *usb;      /* NULL: no USB device */
    struct emu_inputs inputs; /* scripted console input into `uart` */
    struct tk_mux_uart mux;
    struct tk_uart_device console_device, lldb_device, debug_device, pconsole_device;
    struct tk_console console;
    struct tk_low_level_debug low_level_debug;
    struct emu_alarm *alarm;
    struct tk_alarm_driver alarm_driver;
    struct emu_pins pins;
    bool pins_ready;
    struct tk_led_driver led;
    struct tk_button button;
    struct tk_gpio gpio;
    struct emu_rng rng;
    bool rng_ready;
    struct tk_rng_driver rng_driver;
    struct tk_process_info process_info;
    struct tk_ipc ipc;
    /* --sharing ipc-revised */
    struct tk_driver ipc_registry, ipc_registry_string, ipc_relay, ipc_relay_message;
    struct tk_lend_demo lend_demo; /* --sharing lend */
    struct tk_read_only_state read_only_state;
    struct tk_process_console process_console;
    /* Storage: the NOR flash device and what sits on it. */
    struct emu_flash *flash;
    struct tk_nonvolatile_to_pages nvs_pages;
    struct tk_nonvolatile_storage_driver nvs;
    struct tk_kv_store kv_store;
    struct tk_kv_driver kv;
    struct emu_wfr_store wfr_store;
    bool wfr_store_ready;       /* attached to its partition */
    size_t wfr_offset, wfr_len; /* the partition, in the flash device */
    /* App flash: a flash model over the app-flash mapping. */
    struct emu_flash *app_flash_model;
    struct tk_nonvolatile_to_pages app_flash_pages;
    struct tk_app_flash app_flash;
    /* Sensors: one model, a capsule per quantity. */
    struct emu_sensors sensors;
    bool sensors_ready;
    struct tk_sensor_driver temperature, humidity, ambient_light, pressure, moisture, rainfall,
        sound_pressure;
    struct tk_ninedof ninedof;
    struct tk_proximity proximity;
    /* Screen: the frame buffer model and the capsule. */
    struct emu_screen screen;
    bool screen_ready;
    struct tk_screen_driver screen_driver;
    /* ADC: the model and the capsule. */
    struct emu_adc adc;
    bool adc_ready;
    struct tk_adc_driver adc_driver;
    /* RTC: the calendar model and the date-time capsule. */
    struct emu_rtc rtc;
    struct tk_date_time_driver date_time;
    /* CRC: the engine and the capsule. */
    struct emu_crc crc;
    struct tk_crc_driver crc_driver;
    /* SHA and HMAC: an engine each, as Tock boards give each driver its own. */
    struct emu_digest_engine sha_engine, hmac_engine;
    bool sha_engine_ready, hmac_engine_ready;
    struct tk_sha_driver sha;
    struct tk_hmac_driver hmac;
    /* AES: the engine and the capsule. */
    struct emu_aes aes_engine;
    bool aes_engine_ready;
    struct tk_aes_driver aes;
    /* Buzzer and servos: outputs reported through the pin model. */
    struct emu_buzzer buzzer;
    bool buzzer_ready;
    struct tk_buzzer_driver buzzer_driver;
    struct emu_servo servos[EMU_SERVOS];
    struct tk_servo_driver servo_driver;
    /* Isolated nonvolatile storage: a flash partition of its own. */
    struct tk_nonvolatile_to_pages invs_pages;
    struct tk_isolated_nvs invs;
    bool has_invs;
    uint8_t invs_page_buffer[EMU_FLASH_DEFAULT_PAGE_SIZE];
    /* Small devices (devices.h) and their capsules. */
    struct emu_devices devices;
    struct tk_dac_driver dac;
    struct tk_gpio_async gpio_async;
    struct tk_i2c_master_driver i2c_master;
    struct tk_i2c_master_slave_driver i2c_master_slave;
    struct tk_touch_driver touch;
    struct tk_text_screen_driver text_screen;
    uint8_t nvs_page_buffer[EMU_FLASH_DEFAULT_PAGE_SIZE];
    uint8_t app_flash_page_buffer[EMU_FLASH_DEFAULT_PAGE_SIZE];

    /* Kernel debug writer: a ring drained through debug_device. */
    struct tk_uart_client debug_client;
    char debug_ring[DEBUG_RING];
    size_t debug_head, debug_len;
    uint8_t debug_chunk[DEBUG_CHUNK];
    bool debug_busy;

    bool process_console_running;
    int ended_by; /* emu_board_ended_by */
    /* What this board registered, to take back if it fails half-way. */
    struct tk_driver *registered[TK_MAX_DRIVERS];
    unsigned registered_count;
    bool has_process_console; /* asked for (the terminal names it before it runs) */
    struct emu_terminal terminal;
    bool terminal_ready;
    const struct emu_console_options *console_options;
    /* --console-split: each app's own pty and its terminal (CRLF, no escape). */
    struct emu_terminal app_terminals[TK_MAX_PROCESSES];
    bool app_terminal_ready[TK_MAX_PROCESSES];
    GString *typed[TYPED_QUEUES];       /* typed input per target (board_pump) */
    uint64_t typed_since[TYPED_QUEUES]; /* when its oldest byte came (a count) */
    size_t typed_again[TYPED_QUEUES];   /* leading bytes that entered the UART before */
    uint64_t typed_count;
    uint64_t input_overrun;                     /* typed bytes dropped: their queue was full */
    int delivering;                             /* the queue whose bytes are in the UART, or -1 */
    emu_board_typed_observer_fn typed_observer; /* sees typed bytes enter the UART */
    void *typed_observer_ctx;
    emu_board_line_observer_fn line_observer; /* sees control lines of other models */
    void *line_observer_ctx;

    /* Wall time (CLOCK_MONOTONIC ns) of the last non-blocking host poll. */
    uint64_t last_nonblocking_poll_ns;
};

void emu_board_options_init(struct emu_board_options *o)
{
    memset(o, 0, sizeof *o); /* every zero field means its default */
}

static void debug_kick(struct emu_board *b)
{
    if (b->debug_busy || b->debug_len == 0)
        return;
    size_t n = b->debug_len < DEBUG_CHUNK ? b->debug_len : DEBUG_CHUNK;
    for (size_t i = 0; i < n; i++)
        b->debug_chunk[i] = (uint8_t)b->debug_ring[(b->debug_head + i) % DEBUG_RING];
    struct tk_uart *u = &b->debug_device.uart;
    if (u->ops->transmit(u, b->debug_chunk, n) == 0) {
        b->debug_busy = true;
        b->debug_head = (b->debug_head + n) % DEBUG_RING;
        b->debug_len -= n;
    }
}

static void debug_transmitted(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode)
{
    (void)buf, (void)len, (void)rcode;
    struct emu_board *b = tk_container_of(c, struct emu_board, debug_client);
    b->debug_busy = false;
    debug_kick(b);
}

void emu_board_debug(struct emu_board *b, const char *line)
{
    size_t n = strlen(line);
    /* Oldest output wins when the ring is full, as a debug writer drops.
     * The kernel hands over the text alone; the line ends here, as Tock's
     * debug! ends each line it writes. */
    for (size_t i = 0; i <= n && b->debug_len < DEBUG_RING; i++) {
        b->debug_ring[(b->debug_head + b->debug_len) % DEBUG_RING] = i < n ? line[i] : '\n';
        b->debug_len++;
    }
    debug_kick(b);
}

/* The process console's `quit`: end the run with the board still up. */
static void quit_run(void *ctx)
{
    struct emu_board *b = ctx;
    b->ended_by = EMU_BOARD_QUIT;
    tk_kernel_request_stop(b->kernel);
}

static int start_process_console(struct emu_board *b, const struct emu_board_options *o,
                                 struct emu_err *err)
{
    struct tk_process_console_options pco = {0};
    pco.kernel_addresses = o->kernel_addresses;
    pco.quit = quit_run;
    pco.quit_ctx = b;
    pco.start_hibernated = o->console != NULL && o->console->hibernated;
    tk_uart_device_init(&b->pconsole_device, &b->mux, true);
    if (tk_process_console_init(&b->process_console, b->kernel, &b->pconsole_device.uart, &pco) !=
            0 ||
        tk_process_console_start(&b->process_console) != 0) {
        emu_err_set(err, "board: cannot start the process console");
        return -1;
    }
    b->process_console_running = true;
    return 0;
}

/* ---- the console terminal (terminal.h) ---- */

static const char *terminal_writer_name(unsigned writer, void *ctx)
{
    struct emu_board *b = ctx;
    if (writer == EMU_TERMINAL_KERNEL)
        return "kernel";
    if (writer == EMU_TERMINAL_PROCESS_CONSOLE)
        return b->has_process_console ? "tock" : NULL;
    struct tk_process *p = tk_kernel_process_at(b->kernel, writer - EMU_TERMINAL_FIRST_APP);
    return p != NULL ? p->name : NULL;
}

/* Whose transmission `buf` is: each UART client transmits from its own
 * buffer; the console capsule's is the current writing process's. */
static unsigned terminal_writer_of(const uint8_t *buf, void *ctx)
{
    struct emu_board *b = ctx;
    if (b->has_process_console && buf == b->process_console.tx_buffer)
        return EMU_TERMINAL_PROCESS_CONSOLE;
    if (buf == b->console.tx_buffer) {
        struct tk_process *p = tk_kernel_process_by_id(b->kernel, b->console.tx_process);
        if (p != NULL)
            return EMU_TERMINAL_APP(p->slot);
    }
    return EMU_TERMINAL_KERNEL;
}

/* Typed input waits in one queue per target (typed_queue), so a switch of
 * target never hands one target's bytes to another. One target at a time,
 * `delivering`, has its bytes in the UART's input queue; the mux's input
 * filter lets only its devices read them. When that queue is empty (or its
 * target stopped reading while another waits), board_pump picks the next
 * target that has bytes and is reading. */
static unsigned typed_queue(struct emu_terminal_target target)
{
    switch (target.kind) {
    case EMU_TERMINAL_TO_PROCESS_CONSOLE:
        return TYPED_PROCESS_CONSOLE;
    case EMU_TERMINAL_TO_APP:
        return TYPED_APP(target.slot);
    case EMU_TERMINAL_TO_ALL:
        break;
    }
    return TYPED_ALL;
}

/* The target whose bytes wait in queue `q` (typed_queue's inverse). */
static struct emu_terminal_target queue_target(unsigned q)
{
    if (q == TYPED_PROCESS_CONSOLE)
        return (struct emu_terminal_target){EMU_TERMINAL_TO_PROCESS_CONSOLE, 0};
    if (q >= TYPED_APP0)
        return (struct emu_terminal_target){EMU_TERMINAL_TO_APP, q - TYPED_APP0};
    return (struct emu_terminal_target){EMU_TERMINAL_TO_ALL, 0};
}

/* The slot of the process the console capsule reads for, or -1. */
static int console_reader_slot(const struct emu_board *b)
{
    if (!b->console.rx_in_progress)
        return -1;
    struct tk_process *p = tk_kernel_process_by_id(b->kernel, b->console.rx_process);
    return p != NULL ? (int)p->slot : -1;
}

/* Does device `dev` belong to the target of queue `q`? */
static bool device_in_target(const struct emu_board *b, const struct tk_uart_device *dev,
                             unsigned q)
{
    if (q == TYPED_ALL)
        return true;
    if (q == TYPED_PROCESS_CONSOLE)
        return dev == &b->pconsole_device;
    return dev == &b->console_device && console_reader_slot(b) == (int)(q - TYPED_APP(0));
}

/* Is the target of queue `q` reading now? */
static bool target_reading(const struct emu_board *b, unsigned q)
{
    bool pconsole = b->has_process_console && b->pconsole_device.rx_buf != NULL;
    if (q == TYPED_ALL)
        return pconsole || b->console.rx_in_progress;
    if (q == TYPED_PROCESS_CONSOLE)
        return pconsole;
    return console_reader_slot(b) == (int)(q - TYPED_APP(0));
}

/* Can the target of queue `q` still read? False once its app has ended. */
static bool target_alive(const struct emu_board *b, unsigned q)
{
    if (q < TYPED_APP0)
        return true;
    struct tk_process *p = tk_kernel_process_at(b->kernel, q - TYPED_APP0);
    return p != NULL && tk_process_is_alive(p);
}

/* The mux's input filter. */
static bool terminal_accepts(const struct tk_uart_device *dev, void *ctx)
{
    struct emu_board *b = ctx;
    unsigned q = b->delivering >= 0 ? (unsigned)b->delivering
                                    : typed_queue(emu_terminal_target(&b->terminal));
    return device_in_target(b, dev, q);
}

/* The UART's input gate (emu_uart_set_input_gate). A terminal without an
 * escape key (a pipe, a file, an app's own pty) is read only while its
 * target's queue has room for one more read: the rest waits in the host,
 * flow control, and arrives whole however much is sent. A terminal with an
 * escape key is always read, or a target that never reads would leave the
 * user no key to pick another: there a full queue drops (terminal_typed). */
static bool terminal_has_room(const struct emu_terminal *t, void *ctx)
{
    const struct emu_board *b = ctx;
    if (t->options.escape >= 0)
        return true;
    return b->typed[typed_queue(emu_terminal_target(t))]->len + EMU_UART_READ_MAX <= TYPED_MAX;
}

/* Queue what was typed for `target`, up to TYPED_MAX bytes waiting; what
 * does not fit is dropped and counted, as a UART's receive FIFO overruns. */
static size_t terminal_typed(struct emu_terminal_target target, const uint8_t *bytes, size_t len,
                             void *ctx)
{
    struct emu_board *b = ctx;
    unsigned q = typed_queue(target);
    size_t room = b->typed[q]->len < TYPED_MAX ? TYPED_MAX - b->typed[q]->len : 0;
    size_t took = len < room ? len : room;
    b->input_overrun += len - took;
    if (took == 0)
        return 0;
    if (b->typed[q]->len == 0)
        b->typed_since[q] = ++b->typed_count;
    g_string_append_len(b->typed[q], (const char *)bytes, (gssize)took);
    return took;
}

/* Typed bytes of queue `q` enter the UART, after the typed observer. */
static void board_deliver(struct emu_board *b, unsigned q)
{
    GString *bytes = b->typed[q];
    if (b->typed_observer != NULL)
        b->typed_observer(queue_target(q), b->typed_again[q], b->typed_observer_ctx);
    b->typed_again[q] = 0;
    emu_uart_inject(b->uart, (const uint8_t *)bytes->str, bytes->len);
    g_string_truncate(bytes, 0);
}

/* Move typed bytes toward a target that reads; true if any entered the
 * UART. O(queues) = 18 per call. */
static bool board_pump(struct emu_board *b)
{
    if (!b->terminal_ready)
        return false;
    /* More bytes for the target being delivered to follow its others into
     * the UART: no switch, nothing for the mux to re-decide. A read of 4
     * bytes typed as "ab", then "cd", gets all four. */
    if (b->delivering >= 0 && b->typed[b->delivering]->len > 0 &&
        target_alive(b, (unsigned)b->delivering)) {
        board_deliver(b, (unsigned)b->delivering);
        return true;
    }
    /* Bytes already in a receive go to the devices the filter lets in when
     * it completes: no switch until then. */
    if (emu_uart_receive_has_bytes(b->uart))
        return false;
    size_t queued = emu_uart_input_queued(b->uart);
    if (queued > 0 && b->delivering >= 0 && !target_alive(b, (unsigned)b->delivering)) {
        /* Its app is gone: give its bytes back if another target waits. */
        for (unsigned q = 0; q < TYPED_QUEUES; q++) {
            if ((int)q == b->delivering || b->typed[q]->len == 0 || !target_reading(b, q))
                continue;
            GString *back = g_string_new(NULL);
            emu_uart_take_input(b->uart, back);
            if (b->typed[b->delivering]->len == 0)
                b->typed_since[b->delivering] = ++b->typed_count;
            g_string_prepend_len(b->typed[b->delivering], back->str, (gssize)back->len);
            b->typed_again[b->delivering] += back->len;
            g_string_free(back, TRUE);
            queued = 0;
            break;
        }
    }
    if (queued > 0)
        return false;
    /* Oldest bytes first, among the targets reading now: typed order,
     * except that a target that does not read holds up no other. */
    int pick = -1;
    for (unsigned q = 0; q < TYPED_QUEUES; q++)
        if (b->typed[q]->len > 0 && target_reading(b, q) &&
            (pick < 0 || b->typed_since[q] < b->typed_since[pick]))
            pick = (int)q;
    if (pick < 0) {
        if (b->delivering >= 0) {
            b->delivering = -1;
            tk_mux_uart_input_changed(&b->mux);
        }
        return false;
    }
    b->delivering = pick;
    tk_mux_uart_input_changed(&b->mux);
    board_deliver(b, (unsigned)pick);
    return true;
}

/* The terminals' typed hook, and emu_board_type: queue, then hand on at
 * once what a reading target can take. */
static size_t board_typed(struct emu_terminal_target target, const uint8_t *bytes, size_t len,
                          void *ctx)
{
    struct emu_board *b = ctx;
    size_t took = terminal_typed(target, bytes, len, b);
    (void)board_pump(b);
    return took;
}

size_t emu_board_type(struct emu_board *b, struct emu_terminal_target target, const uint8_t *bytes,
                      size_t len)
{
    return b->terminal_ready ? board_typed(target, bytes, len, b) : 0;
}

void emu_board_set_typed_observer(struct emu_board *b, emu_board_typed_observer_fn fn, void *ctx)
{
    b->typed_observer = fn;
    b->typed_observer_ctx = ctx;
}

void emu_board_set_line_observer(struct emu_board *b, emu_board_line_observer_fn fn, void *ctx)
{
    b->line_observer = fn;
    b->line_observer_ctx = ctx;
}

static void terminal_target_changed(void *ctx)
{
    struct emu_board *b = ctx;
    tk_mux_uart_input_changed(&b->mux);
    (void)board_pump(b);
}

/* After the UART and the mux exist, before the process console starts. */
static void init_terminal(struct emu_board *b, const struct emu_board_options *o)
{
    struct emu_terminal_options to;
    emu_terminal_options_init(&to);
    bool output_terminal = emu_uart_output_is_terminal(b->uart);
    to.lines = output_terminal;
    to.crlf = emu_uart_is_remote(b->uart);
    to.tags = o->console->tags && output_terminal;
    to.colours = o->console->colours && output_terminal;
    to.escape =
        o->console->escape_given || emu_uart_input_is_terminal(b->uart) ? o->console->escape : -1;
    struct emu_terminal_hooks hooks = {
        .writer_name = terminal_writer_name,
        .target_changed = terminal_target_changed,
        .typed = board_typed,
        .quit = quit_run,
        .ctx = b,
    };
    emu_terminal_init(&b->terminal, &to, &hooks);
    b->console_options = o->console;
    for (unsigned q = 0; q < TYPED_QUEUES; q++)
        b->typed[q] = g_string_new(NULL);
    b->delivering = -1;
    b->terminal_ready = true;
    emu_uart_set_terminal(b->uart, &b->terminal, terminal_writer_of, b);
    emu_uart_set_input_gate(b->uart, terminal_has_room, b);
    tk_mux_uart_set_input_filter(&b->mux, terminal_accepts, b);
}

/* --console-split: the app in `slot` gets a pty of its own. Its output
 * goes there alone (no line mode: it is the only writer), CRLF translated;
 * what is typed there waits in its typed queue as if selected with the
 * escape key, which that pty does not have (every byte is the app's). */
static int open_app_console(struct emu_board *b, unsigned slot, const char *name,
                            struct emu_err *err)
{
    struct emu_terminal_options to;
    emu_terminal_options_init(&to);
    to.crlf = true;
    to.escape = -1;
    struct emu_terminal_hooks hooks = {
        .writer_name = terminal_writer_name, .typed = board_typed, .ctx = b};
    struct emu_terminal *t = &b->app_terminals[slot];
    emu_terminal_init(t, &to, &hooks);
    b->app_terminal_ready[slot] = true;
    emu_terminal_select(t, (struct emu_terminal_target){EMU_TERMINAL_TO_APP, slot}, NULL);
    char *what = g_strdup_printf("app %u (%s)", slot, name);
    const char *main_link = b->console_options->pty_link;
    char *link = main_link != NULL ? g_strdup_printf("%s.%u", main_link, slot) : NULL;
    int port = emu_uart_add_pty(b->uart, what, link, t, err);
    g_free(what);
    g_free(link);
    if (port < 0)
        return port;
    emu_uart_route(b->uart, EMU_TERMINAL_APP(slot), (unsigned)port);
    return 0;
}

int emu_board_open_app_consoles(struct emu_board *b, struct emu_err *err)
{
    if (!b->terminal_ready || !b->console_options->split)
        return 0;
    for (unsigned slot = 0; slot < TK_MAX_PROCESSES; slot++) {
        struct tk_process *p = tk_kernel_process_at(b->kernel, slot);
        if (p == NULL || b->app_terminal_ready[slot])
            continue;
        int rc = open_app_console(b, slot, p->name, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* LEDs, buttons and GPIO pins all come from the one pin model. */
static int init_pins(struct emu_board *b, const struct emu_board_options *o, struct emu_err *err)
{
    int rc = emu_pins_init(&b->pins, b->kernel, o->pins, err); /* NULL: defaults */
    if (rc != 0)
        return rc;
    b->pins_ready = true;

    struct tk_led *leds[TK_LED_MAX];
    for (unsigned i = 0; i < b->pins.led_count && i < TK_LED_MAX; i++)
        leds[i] = emu_pins_led(&b->pins, i);
    tk_led_driver_init(&b->led, leds,
                       b->pins.led_count < TK_LED_MAX ? b->pins.led_count : TK_LED_MAX);

    struct tk_button_pin buttons[TK_BUTTON_MAX];
    unsigned nbuttons = b->pins.button_count < TK_BUTTON_MAX ? b->pins.button_count : TK_BUTTON_MAX;
    for (unsigned i = 0; i < nbuttons; i++)
        buttons[i] = (struct tk_button_pin){emu_pins_button(&b->pins, i),
                                            emu_pins_button_activation(&b->pins, i),
                                            emu_pins_button_pull(&b->pins, i)};
    tk_button_init(&b->button, buttons, nbuttons);

    struct tk_gpio_pin *gpio[TK_GPIO_MAX_PINS];
    unsigned ngpio = b->pins.gpio_count < TK_GPIO_MAX_PINS ? b->pins.gpio_count : TK_GPIO_MAX_PINS;
    for (unsigned i = 0; i < ngpio; i++)
        gpio[i] = emu_pins_gpio(&b->pins, i);
    tk_gpio_init(&b->gpio, gpio, ngpio);
    return 0;
}

/* The flash device and its partitions: nonvolatile storage, KV, saved
 * writeable flash regions (quarter, middle, last quarter). */
static int init_storage(struct emu_board *b, const struct emu_board_options *o, struct emu_err *err)
{
    struct emu_flash_options defaults;
    emu_flash_options_init(&defaults);
    int errnum = 0;
    b->flash = emu_flash_new(b->kernel, o->flash != NULL ? o->flash : &defaults, err, &errnum);
    if (b->flash == NULL)
        return errnum;
    uint32_t pages = emu_flash_page_count(b->flash);
    uint32_t quarter = pages / 4;
    /* The middle: the KV store, then isolated storage in its second half;
     * a flash too small to halve the middle (under 4 pages there) keeps it
     * all for the KV store and has no isolated storage. */
    uint32_t middle = pages - 2 * quarter;
    uint32_t kv_pages = middle >= 4 ? middle - middle / 2 : middle;
    if (kv_pages > TK_KV_STORE_MAX_PAGES)
        kv_pages = TK_KV_STORE_MAX_PAGES;
    uint32_t invs_pages = middle - kv_pages;
    if (quarter == 0 || emu_flash_page_size(b->flash) != EMU_FLASH_DEFAULT_PAGE_SIZE) {
        emu_err_set(err, "flash: %u pages of %u bytes; the board needs at least 4 pages of %u",
                    pages, emu_flash_page_size(b->flash), EMU_FLASH_DEFAULT_PAGE_SIZE);
        return -EINVAL;
    }
    struct tk_flash *nvs = emu_flash_partition(b->flash, 0, quarter, err);
    struct tk_flash *kv = nvs ? emu_flash_partition(b->flash, quarter, kv_pages, err) : NULL;
    struct tk_flash *wfr = kv ? emu_flash_partition(b->flash, pages - quarter, quarter, err) : NULL;
    if (wfr == NULL)
        return -EINVAL;
    tk_nonvolatile_to_pages_init(&b->nvs_pages, nvs, b->nvs_page_buffer, 0);
    tk_nonvolatile_storage_driver_init(&b->nvs, &b->nvs_pages.storage, 0,
                                       quarter * EMU_FLASH_DEFAULT_PAGE_SIZE);
    if (tk_kv_store_init(&b->kv_store, b->kernel, kv) != 0) {
        emu_err_set(err, "flash: the KV store cannot use %u pages", kv_pages);
        return -EINVAL;
    }
    tk_kv_driver_init(&b->kv, &b->kv_store.kv);
    if (invs_pages > 0) {
        struct tk_flash *invs = emu_flash_partition(b->flash, quarter + kv_pages, invs_pages, err);
        if (invs == NULL)
            return -EINVAL;
        tk_nonvolatile_to_pages_init(&b->invs_pages, invs, b->invs_page_buffer, 0);
        tk_isolated_nvs_init(&b->invs, &b->invs_pages.storage, 0,
                             (uint64_t)invs_pages * EMU_FLASH_DEFAULT_PAGE_SIZE);
        b->has_invs = true;
    }
    /* The store is attached at the first app with writeable flash regions
     * (emu_board_add_tbf). */
    b->wfr_offset = emu_flash_partition_offset(wfr);
    b->wfr_len = (size_t)quarter * EMU_FLASH_DEFAULT_PAGE_SIZE;
    return 0;
}

/* The sensor model and the capsules on it. */
static void init_sensors(struct emu_board *b, const struct emu_board_options *o)
{
    struct emu_sensors *m = &b->sensors;
    emu_sensors_init(m, b->kernel, o->sensors); /* NULL: built-in constants */
    b->sensors_ready = true;
    tk_temperature_init(&b->temperature, emu_sensors_device(m, EMU_SENSOR_TEMPERATURE));
    tk_humidity_init(&b->humidity, emu_sensors_device(m, EMU_SENSOR_HUMIDITY));
    tk_ambient_light_init(&b->ambient_light, emu_sensors_device(m, EMU_SENSOR_AMBIENT_LIGHT));
    tk_pressure_init(&b->pressure, emu_sensors_device(m, EMU_SENSOR_PRESSURE));
    tk_moisture_init(&b->moisture, emu_sensors_device(m, EMU_SENSOR_MOISTURE));
    tk_rainfall_init(&b->rainfall, emu_sensors_device(m, EMU_SENSOR_RAINFALL));
    tk_sound_pressure_init(&b->sound_pressure, emu_sensors_device(m, EMU_SENSOR_SOUND_PRESSURE));
    tk_ninedof_init(&b->ninedof, emu_sensors_device(m, EMU_SENSOR_ACCELEROMETER),
                    emu_sensors_device(m, EMU_SENSOR_MAGNETOMETER),
                    emu_sensors_device(m, EMU_SENSOR_GYROSCOPE));
    tk_proximity_init(&b->proximity, emu_sensors_device(m, EMU_SENSOR_PROXIMITY));
}

/* The small devices and their capsules; the touch panel lies on the screen. */
static int init_devices(struct emu_board *b, const struct emu_board_options *o, struct emu_err *err)
{
    struct emu_devices *m = &b->devices;
    if (emu_devices_init(m, b->kernel, o->devices, err) != 0)
        return -EINVAL;
    tk_dac_driver_init(&b->dac, &m->dac.hil);
    struct tk_gpio_async_port *ports[EMU_EXPANDER_MAX_PORTS];
    for (unsigned i = 0; i < m->expander_count; i++)
        ports[i] = &m->expanders[i].port;
    tk_gpio_async_init(&b->gpio_async, ports, m->expander_count);
    tk_i2c_master_driver_init(&b->i2c_master, &m->i2c.hil);
    tk_i2c_master_slave_driver_init(&b->i2c_master_slave, &m->i2c.hil_shared, &m->i2c.slave);
    tk_touch_driver_init(&b->touch, &m->touch.hil, &b->screen.hil);
    tk_text_screen_driver_init(&b->text_screen, &m->lcd.hil);
    return 0;
}

/* App flash writes go through a flash model lent the app-flash mapping, so
 * the app sees them in its own (shared) flash window at once. */
static int init_app_flash(struct emu_board *b, const struct emu_board_options *o,
                          struct emu_err *err)
{
    struct emu_flash_options fo;
    emu_flash_options_init(&fo);
    fo.memory = o->app_flash;
    fo.memory_len = o->app_flash_len;
    int errnum = 0;
    b->app_flash_model = emu_flash_new(b->kernel, &fo, err, &errnum);
    if (b->app_flash_model == NULL)
        return errnum;
    struct tk_flash *all =
        emu_flash_partition(b->app_flash_model, 0, emu_flash_page_count(b->app_flash_model), err);
    if (all == NULL)
        return -EINVAL;
    tk_nonvolatile_to_pages_init(&b->app_flash_pages, all, b->app_flash_page_buffer,
                                 o->app_flash_address);
    /* Each app flash write is saved to the flash file once it is done. */
    tk_app_flash_init(&b->app_flash,
                      emu_wfr_store_wrap(&b->wfr_store, &b->app_flash_pages.storage));
    return 0;
}

struct emu_board *emu_board_new(struct tk_kernel *k, const struct emu_board_options *o,
                                struct emu_err *err)
{
    struct emu_board *b = calloc(1, sizeof *b);
    if (b == NULL) {
        emu_err_set(err, "board: out of memory");
        return NULL;
    }
    b->kernel = k;
    b->control.fd = -1;
    if (o->control_path != NULL && emu_control_open(&b->control, o->control_path, err) != 0)
        goto fail;

    struct emu_uart_config uc;
    emu_uart_config_init(&uc);
    uc.backend = o->console_pty ? EMU_UART_PTY : EMU_UART_STDIO;
    if (o->console != NULL && o->console->listen != NULL) {
        uc.backend = EMU_UART_SOCKET;
        uc.listen = o->console->listen;
    }
    uc.output_fd = o->output_fd != 0 ? o->output_fd : 1; /* fd 0 is input, never output */
    uc.input_fd = o->input_fd;
    uc.raw_input = o->raw_terminal;
    if (o->console != NULL) {
        uc.pty_link = o->console->pty_link;
        uc.attach_cmd = o->console->attach_cmd;
    }
    uc.catch_interrupts = o->catch_interrupts;
    b->uart = emu_uart_new(k, &uc, err);
    if (b->uart == NULL)
        goto fail;
    emu_inputs_init(&b->inputs, k, b->uart, o->inputs);

    if (o->usb != NULL && o->usb->enabled && (b->usb = emu_usb_new(k, o->usb, err)) == NULL)
        goto fail;
    /* --usb-console: the console UART moves to the CDC-ACM function. */
    tk_mux_uart_init(&b->mux, k,
                     b->usb != NULL && o->usb->console ? emu_usb_uart(b->usb)
                                                       : emu_uart_device(b->uart));
    tk_uart_device_init(&b->console_device, &b->mux, true);
    tk_uart_device_init(&b->lldb_device, &b->mux, false);
    tk_uart_device_init(&b->debug_device, &b->mux, false);
    b->debug_client.transmitted = debug_transmitted;
    b->debug_device.uart.client = &b->debug_client;

    tk_console_init(&b->console, k, &b->console_device.uart);
    tk_low_level_debug_init(&b->low_level_debug, &b->lldb_device.uart);
    b->has_process_console = o->process_console;
    if (o->console != NULL)
        init_terminal(b, o);

    b->alarm = emu_alarm_new(k);
    if (b->alarm == NULL) {
        emu_err_set(err, "board: out of memory");
        goto fail;
    }
    tk_alarm_driver_init(&b->alarm_driver, emu_alarm_device(b->alarm));
    if (init_pins(b, o, err) != 0)
        goto fail;
    emu_rng_init(&b->rng, k, o->rng); /* NULL: a seed drawn from the host */
    b->rng_ready = true;
    tk_rng_driver_init(&b->rng_driver, emu_rng_entropy(&b->rng));
    tk_process_info_init(&b->process_info, k);
    const struct emu_sharing_options *so = o->sharing;
    tk_ipc_init(&b->ipc, so != NULL ? so->reshare : TK_IPC_RESHARE_DENY);
    tk_ipc_registry_init(&b->ipc_registry);
    tk_ipc_registry_string_init(&b->ipc_registry_string);
    tk_ipc_relay_init(&b->ipc_relay);
    tk_ipc_relay_message_init(&b->ipc_relay_message);
    tk_lend_demo_init(&b->lend_demo);
    tk_read_only_state_init(&b->read_only_state, emu_alarm_device(b->alarm));
    if (init_storage(b, o, err) != 0 || (o->app_flash != NULL && init_app_flash(b, o, err) != 0))
        goto fail;
    init_sensors(b, o);
    if (emu_screen_init(&b->screen, k, o->screen) != 0) {
        emu_err_set(err, "board: out of memory for the screen");
        goto fail;
    }
    b->screen_ready = true;
    tk_screen_driver_init(&b->screen_driver, &b->screen.hil);
    emu_adc_init(&b->adc, k, o->adc);
    b->adc_ready = true;
    tk_adc_driver_init(&b->adc_driver, &b->adc.hil, EMU_ADC_CHANNELS);
    emu_rtc_init(&b->rtc, k, EMU_RTC_DEFAULT_START);
    tk_date_time_driver_init(&b->date_time, &b->rtc.hil);
    emu_crc_init(&b->crc, k);
    tk_crc_driver_init(&b->crc_driver, &b->crc.hil);
    b->sha_engine_ready = emu_digest_engine_init(&b->sha_engine, k, false) == 0;
    b->hmac_engine_ready = emu_digest_engine_init(&b->hmac_engine, k, true) == 0;
    if (!b->sha_engine_ready || !b->hmac_engine_ready) {
        emu_err_set(err, "board: out of memory for the hash engines");
        goto fail;
    }
    tk_sha_driver_init(&b->sha, &b->sha_engine.hil);
    tk_hmac_driver_init(&b->hmac, &b->hmac_engine.hil);
    b->aes_engine_ready = emu_aes_init(&b->aes_engine, k) == 0;
    if (!b->aes_engine_ready) {
        emu_err_set(err, "board: out of memory for the AES engine");
        goto fail;
    }
    tk_aes_driver_init(&b->aes, &b->aes_engine.hil);
    emu_buzzer_init(&b->buzzer, k, &b->pins);
    b->buzzer_ready = true;
    tk_buzzer_driver_init(&b->buzzer_driver, &b->buzzer.hil);
    struct tk_servo *servos[EMU_SERVOS];
    for (unsigned i = 0; i < EMU_SERVOS; i++) {
        emu_servo_init(&b->servos[i], &b->pins, i);
        servos[i] = &b->servos[i].hil;
    }
    tk_servo_driver_init(&b->servo_driver, servos, EMU_SERVOS);
    if (init_devices(b, o, err) != 0)
        goto fail;

    /* Each capsule at the number the kernel's one table gives it. */
    const struct {
        uint32_t number;
        struct tk_driver *driver;
    } table[] = {
        {TK_DRIVER_NUM_ALARM, &b->alarm_driver.driver},
        {TK_DRIVER_NUM_CONSOLE, &b->console.driver},
        {TK_DRIVER_NUM_LED, &b->led.driver},
        {TK_DRIVER_NUM_BUTTON, &b->button.driver},
        {TK_DRIVER_NUM_GPIO, &b->gpio.driver},
        {TK_DRIVER_NUM_LOW_LEVEL_DEBUG, &b->low_level_debug.driver},
        {TK_DRIVER_NUM_RNG, &b->rng_driver.driver},
        {TK_DRIVER_NUM_PROCESS_INFO, &b->process_info.driver},
        {TK_DRIVER_NUM_IPC, &b->ipc.driver},
        {TK_DRIVER_NUM_IPC_REGISTRY_STRING_NAME,
         so != NULL && so->revised_ipc ? &b->ipc_registry_string : NULL},
        {TK_DRIVER_NUM_IPC_REGISTRY_PACKAGE_NAME,
         so != NULL && so->revised_ipc ? &b->ipc_registry : NULL},
        {TK_DRIVER_NUM_IPC_RELAY_REQUEST, so != NULL && so->revised_ipc ? &b->ipc_relay : NULL},
        {TK_DRIVER_NUM_IPC_RELAY_MESSAGE,
         so != NULL && so->revised_ipc ? &b->ipc_relay_message : NULL},
        {TK_DRIVER_NUM_LEND_DEMO, so != NULL && so->lend_demo ? &b->lend_demo.driver : NULL},
        {TK_DRIVER_NUM_READ_ONLY_STATE, &b->read_only_state.driver},
        /* storage; no app flash driver without app flash */
        {TK_DRIVER_NUM_NONVOLATILE_STORAGE, &b->nvs.driver},
        {TK_DRIVER_NUM_KV, &b->kv.driver},
        {TK_DRIVER_NUM_APP_FLASH, o->app_flash != NULL ? &b->app_flash.driver : NULL},
        {TK_DRIVER_NUM_USB_USER, b->usb != NULL ? emu_usb_driver(b->usb) : NULL},
        /* sensors */
        {TK_DRIVER_NUM_TEMPERATURE, &b->temperature.driver},
        {TK_DRIVER_NUM_HUMIDITY, &b->humidity.driver},
        {TK_DRIVER_NUM_AMBIENT_LIGHT, &b->ambient_light.driver},
        {TK_DRIVER_NUM_NINEDOF, &b->ninedof.driver},
        {TK_DRIVER_NUM_PROXIMITY, &b->proximity.driver},
        {TK_DRIVER_NUM_SOUND_PRESSURE, &b->sound_pressure.driver},
        {TK_DRIVER_NUM_PRESSURE, &b->pressure.driver},
        {TK_DRIVER_NUM_MOISTURE, &b->moisture.driver},
        {TK_DRIVER_NUM_RAINFALL, &b->rainfall.driver},
        {TK_DRIVER_NUM_SCREEN, &b->screen_driver.driver},
        {TK_DRIVER_NUM_ADC, &b->adc_driver.driver},
        {TK_DRIVER_NUM_DATE_TIME, &b->date_time.driver},
        {TK_DRIVER_NUM_CRC, &b->crc_driver.driver},
        {TK_DRIVER_NUM_SHA, &b->sha.driver},
        {TK_DRIVER_NUM_HMAC, &b->hmac.driver},
        {TK_DRIVER_NUM_AES, &b->aes.driver},
        {TK_DRIVER_NUM_BUZZER, &b->buzzer_driver.driver},
        {TK_DRIVER_NUM_SERVO, &b->servo_driver.driver},
        {TK_DRIVER_NUM_ISOLATED_NONVOLATILE_STORAGE, b->has_invs ? &b->invs.driver : NULL},
        /* small devices */
        {TK_DRIVER_NUM_DAC, &b->dac.driver},
        {TK_DRIVER_NUM_GPIO_ASYNC, &b->gpio_async.driver},
        {TK_DRIVER_NUM_I2C_MASTER, &b->i2c_master.driver},
        {TK_DRIVER_NUM_I2C_MASTER_SLAVE, &b->i2c_master_slave.driver},
        {TK_DRIVER_NUM_TOUCH, &b->touch.driver},
        {TK_DRIVER_NUM_TEXT_SCREEN, &b->text_screen.driver},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        struct tk_driver *d = table[i].driver;
        if (d == NULL)
            continue;
        d->number = table[i].number;
        if (o->place_driver != NULL && !o->place_driver(&d->number, o->place_ctx))
            continue;
        int rc = tk_kernel_add_driver(k, d);
        if (rc != 0) {
            emu_err_set(err, "board: cannot register driver 0x%x: %s", d->number,
                        tk_errorcode_name((unsigned)rc));
            goto fail;
        }
        b->registered[b->registered_count++] = d;
    }
    /* Refreshed right before each switch into a process (spec §8.7), only
     * if the board kept the driver (the harness may leave 0x9 out). */
    if (b->read_only_state.driver.kernel != NULL)
        tk_kernel_set_before_switch(k, tk_read_only_state_before_switch, &b->read_only_state);
    /* IPC notifications are delivered only if the board kept the driver. */
    if (b->ipc.driver.kernel != NULL)
        tk_kernel_set_ipc_deliver(k, tk_ipc_deliver, &b->ipc);
    if (o->process_console && start_process_console(b, o, err) != 0)
        goto fail;
    return b;
fail:
    /* Leave the kernel with nothing pointing into the board about to go. */
    for (unsigned i = 0; i < b->registered_count; i++)
        tk_kernel_remove_driver(k, b->registered[i]);
    tk_kernel_set_before_switch(k, NULL, NULL);
    tk_kernel_set_ipc_deliver(k, NULL, NULL);
    emu_board_free(b);
    return NULL;
}

void emu_board_free(struct emu_board *b)
{
    if (b == NULL)
        return;
    emu_control_close(&b->control);
    if (b->wfr_store_ready) {
        emu_wfr_store_save(&b->wfr_store);
        emu_wfr_store_fini(&b->wfr_store);
    }
    emu_flash_free(b->flash);
    emu_flash_free(b->app_flash_model);
    if (b->rng_ready)
        emu_rng_fini(&b->rng);
    if (b->sensors_ready)
        emu_sensors_fini(&b->sensors);
    if (b->screen_ready)
        emu_screen_fini(&b->screen);
    if (b->adc_ready)
        emu_adc_fini(&b->adc);
    if (b->buzzer_ready)
        emu_buzzer_fini(&b->buzzer);
    if (b->sha_engine_ready)
        emu_digest_engine_fini(&b->sha_engine);
    if (b->hmac_engine_ready)
        emu_digest_engine_fini(&b->hmac_engine);
    if (b->aes_engine_ready)
        emu_aes_fini(&b->aes_engine);
    emu_devices_fini(&b->devices);
    if (b->pins_ready)
        emu_pins_fini(&b->pins);
    emu_alarm_free(b->alarm);
    emu_inputs_fini(&b->inputs);
    emu_usb_free(b->usb);
    emu_uart_free(b->uart);
    for (unsigned slot = 0; slot < TK_MAX_PROCESSES; slot++)
        if (b->app_terminal_ready[slot])
            emu_terminal_fini(&b->app_terminals[slot]);
    if (b->terminal_ready) {
        emu_terminal_fini(&b->terminal);
        for (unsigned q = 0; q < TYPED_QUEUES; q++)
            g_string_free(b->typed[q], TRUE);
    }
    free(b);
}

int emu_board_control(struct emu_board *b, const char *line, struct emu_err *err)
{
    if (strcmp(line, "screenshot") == 0)
        return emu_screen_snapshot(&b->screen, err);
    int rc = emu_inputs_command(&b->inputs, line, err); /* console "TEXT" */
    if (rc == -ENOENT)
        rc = emu_sensors_command(&b->sensors, line, err);
    if (rc == -ENOENT)
        rc = emu_adc_command(&b->adc, line, err);
    if (rc == -ENOENT)
        rc = emu_devices_command(&b->devices, line, err);
    if (rc == -ENOENT)
        rc = emu_pins_command(&b->pins, line, err);
    /* Every model schedules what a line asks for on the virtual clock,
     * none applies it here: seen now, the line comes before its effects. */
    if (rc == 0 && b->line_observer != NULL) {
        uint64_t at_ns;
        const char *rest;
        char *text = g_strstrip(g_strdup(line));
        emu_pins_split_time(text, tk_kernel_now(b->kernel), &at_ns, &rest);
        b->line_observer(at_ns, rest, b->line_observer_ctx);
        g_free(text);
    }
    return rc;
}

bool emu_board_console_input_from_control(const struct emu_board *b)
{
    return emu_inputs_injecting_control_line(&b->inputs);
}

/* One line of the control channel: an input at the current virtual time. */
static void on_control_line(void *ctx, const char *line, unsigned number)
{
    struct emu_err err;
    if (emu_board_control(ctx, line, &err) != 0)
        fprintf(stderr, "tockemu: --control line %u: %s\n", number, err.msg);
}

/* The minimum wall time between two non-blocking host polls: the scheduler
 * asks for one after every scheduling step, and a poll(2) per step would
 * dominate short steps. */
#define NONBLOCKING_POLL_NS 1000000ull /* 1 ms */

bool emu_board_poll(struct emu_board *b, int timeout_ms)
{
    /* A target may have started reading since: its typed bytes first. */
    if (board_pump(b))
        return true;
    if (timeout_ms == 0) {
        uint64_t now = emu_wall_ns();
        if (now - b->last_nonblocking_poll_ns < NONBLOCKING_POLL_NS)
            return false;
        b->last_nonblocking_poll_ns = now;
    }
    /* A pty with no terminal program: look again soon for one to come. */
    if (!emu_uart_all_attached(b->uart) && (timeout_ms < 0 || timeout_ms > EMU_UART_ATTACH_POLL_MS))
        timeout_ms = EMU_UART_ATTACH_POLL_MS;
    struct pollfd fds[3 + 8 + TK_MAX_PROCESSES];
    int n = 0, uart = -1, control = -1, interrupt = -1, usb = -1, ports = -1;
    int uart_fd = emu_uart_input_fd(b->uart);
    if (uart_fd >= 0) {
        uart = n;
        fds[n++] = (struct pollfd){.fd = uart_fd, .events = POLLIN};
    }
    if (b->control.fd >= 0) {
        control = n;
        fds[n++] = (struct pollfd){.fd = b->control.fd, .events = POLLIN};
    }
    if (emu_uart_interrupt_fd(b->uart) >= 0) {
        interrupt = n;
        fds[n++] = (struct pollfd){.fd = emu_uart_interrupt_fd(b->uart), .events = POLLIN};
    }
    unsigned usb_count = b->usb != NULL ? emu_usb_poll_fds(b->usb, fds + n, 8) : 0;
    if (usb_count > 0) {
        usb = n;
        n += (int)usb_count;
    }
    unsigned port_count = emu_uart_ports_poll_fds(b->uart, fds + n, TK_MAX_PROCESSES);
    if (port_count > 0) {
        ports = n;
        n += (int)port_count;
    }
    if (n == 0 && timeout_ms < 0)
        return false;
    int r = poll(fds, (nfds_t)n, timeout_ms);
    if (r <= 0)
        return false;
    if (interrupt >= 0 && fds[interrupt].revents) {
        int signal_number = emu_uart_interrupt_ready(b->uart);
        if (signal_number != 0) {
            b->ended_by = signal_number;
            tk_kernel_request_stop(b->kernel);
        }
    }
    if (uart >= 0 && fds[uart].revents)
        emu_uart_input_ready(b->uart); /* typed bytes go on in board_typed */
    if (control >= 0 && fds[control].revents)
        emu_control_read(&b->control, on_control_line, b);
    if (usb >= 0)
        emu_usb_poll_ready(b->usb, fds + usb, usb_count);
    if (ports >= 0)
        emu_uart_ports_ready(b->uart, fds + ports, port_count);
    return true;
}

int emu_board_add_tbf(struct emu_board *b, const char *path, uint8_t *tbf, uint64_t address,
                      const struct tk_tbf_header *h, struct emu_err *err)
{
    /* Only an app with writeable flash regions needs the store to read its
     * partition: most have none, and the read erased 64 KiB of a fresh RAM
     * flash at every start (16 page faults; bench/). */
    if (tk_tbf_writeable_flash_region_count(h) == 0)
        return 0;
    if (!b->wfr_store_ready) {
        emu_wfr_store_attach(&b->wfr_store, emu_flash_region(b->flash, b->wfr_offset, b->wfr_len),
                             b->wfr_len);
        b->wfr_store_ready = true;
    }
    return emu_wfr_store_add_tbf(&b->wfr_store, path, tbf, address, h, err);
}

struct emu_pins *emu_board_pins(struct emu_board *b)
{
    return &b->pins;
}

struct emu_rng *emu_board_rng(struct emu_board *b)
{
    return &b->rng;
}

struct emu_screen *emu_board_screen(struct emu_board *b)
{
    return &b->screen;
}

struct emu_devices *emu_board_devices(struct emu_board *b)
{
    return &b->devices;
}

struct emu_uart *emu_board_uart(struct emu_board *b)
{
    return b->uart;
}

bool emu_board_console_script_pending(const struct emu_board *b)
{
    return emu_inputs_pending(&b->inputs);
}

int emu_board_wait_console(struct emu_board *b)
{
    while (!emu_uart_pty_attached(b->uart)) {
        struct pollfd pfd = {.fd = emu_uart_interrupt_fd(b->uart), .events = POLLIN};
        (void)poll(&pfd, pfd.fd >= 0 ? 1 : 0, EMU_UART_ATTACH_POLL_MS);
        int signal_number = pfd.revents ? emu_uart_interrupt_ready(b->uart) : 0;
        if (signal_number != 0) {
            b->ended_by = signal_number;
            tk_kernel_request_stop(b->kernel);
            return -EINTR;
        }
    }
    return 0;
}

bool emu_board_keep_running(const struct emu_board *b)
{
    return emu_inputs_pending(&b->inputs) ||
           (b->process_console_running && emu_board_input_possible(b));
}

uint64_t emu_board_input_overrun(const struct emu_board *b)
{
    return b->input_overrun;
}

int emu_board_ended_by(const struct emu_board *b)
{
    return b->ended_by;
}

bool emu_board_input_possible(const struct emu_board *b)
{
    return b->control.fd >= 0 || emu_uart_input_possible(b->uart) ||
           (b->usb != NULL && emu_usb_input_possible(b->usb));
}
