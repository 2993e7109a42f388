/* Process console: a text shell on a UART to inspect and control processes.
 *
 * Mirrors tock/tock capsules/core/src/process_console.rs @65608d71
 * (ProcessConsole); spec §9. The input handling and the commands are in
 * process_console.c, the process overview in process_printer.c.
 */
#ifndef TK_CAPSULE_PROCESS_CONSOLE_H
#define TK_CAPSULE_PROCESS_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/uart.h"
#include "kernel.h"

#define TK_PROCESS_CONSOLE_COMMAND_LEN 64  /* COMMAND_BUF_LEN; 63 usable bytes */
#define TK_PROCESS_CONSOLE_HISTORY_LEN 10  /* DEFAULT_COMMAND_HISTORY_LEN, also the maximum */
#define TK_PROCESS_CONSOLE_WRITE_LEN   500 /* WRITE_BUF_LEN: bytes per transmit */
/* Deviation: the reference queues at most 300 bytes (QUEUE_BUF_LEN) behind a
 * transmission and drops the rest; long line edits (history recall) can
 * exceed that, so this queue is larger and loses nothing in practice. */
#define TK_PROCESS_CONSOLE_QUEUE_LEN 2048
/* Deviation: bytes received while a command is pending or printing wait
 * here until the prompt (process_console.c); the reference has no such
 * buffer. When it is full the console stops reading until it drains. */
#define TK_PROCESS_CONSOLE_TYPEAHEAD_LEN 1024

/* Where the kernel lies in memory, for the `kernel` command (Tock
 * KernelAddresses). The emulator passes its own segments; "end" addresses are
 * the first byte after a region. All zero prints a map of zeros. */
struct tk_kernel_addresses {
    uint64_t stack_start, stack_end;
    uint64_t text_start, text_end;
    uint64_t read_only_data_start;
    uint64_t relocations_start, relocations_end;
    uint64_t bss_start, bss_end;
};

struct tk_process_console_options {
    /* Start listening but silent: no welcome, no prompt, commands ignored
     * until `console-start` (Tock start_hibernated). */
    bool start_hibernated;
    /* Commands kept for ESC [ A / ESC [ B, the line being typed included:
     * 0 means TK_PROCESS_CONSOLE_HISTORY_LEN, 1 disables the history; at most
     * TK_PROCESS_CONSOLE_HISTORY_LEN. */
    unsigned history_len;
    struct tk_kernel_addresses kernel_addresses;
    /* The board's reset function for `reset`; NULL prints "Reset function is
     * not implemented". Tock's never returns; if this one does, the console
     * carries on with the prompt. */
    void (*reset)(void *ctx);
    void *reset_ctx;
    /* Deviation: the emulator's `quit` command (a board has no such thing,
     * but an emulator must be able to end with the board still up). NULL:
     * `quit` is no command, as upstream. The valid-commands line stays
     * upstream's either way. */
    void (*quit)(void *ctx);
    void *quit_ctx;
};

/* The state below is laid out here only so a board can embed the console
 * by value; only process_console.c reads or writes it. */

enum tk_process_console_mode {
    TK_PROCESS_CONSOLE_OFF,
    TK_PROCESS_CONSOLE_ACTIVE,
    TK_PROCESS_CONSOLE_HIBERNATING
};

/* Multi-part output in progress (Tock WriterState). */
enum tk_process_console_writer {
    TK_PROCESS_CONSOLE_WRITER_EMPTY,
    TK_PROCESS_CONSOLE_WRITER_KERNEL_START,
    TK_PROCESS_CONSOLE_WRITER_KERNEL_BSS,
    TK_PROCESS_CONSOLE_WRITER_KERNEL_RELOCATE,
    TK_PROCESS_CONSOLE_WRITER_KERNEL_STACK,
    TK_PROCESS_CONSOLE_WRITER_KERNEL_RODATA,
    TK_PROCESS_CONSOLE_WRITER_KERNEL_TEXT,
    TK_PROCESS_CONSOLE_WRITER_PROCESS,
    TK_PROCESS_CONSOLE_WRITER_LIST,
};

struct tk_process_console_command {
    uint8_t buf[TK_PROCESS_CONSOLE_COMMAND_LEN];
    size_t len;
};

struct tk_process_console {
    struct tk_kernel *kernel;
    struct tk_uart *uart;
    struct tk_uart_client uart_client;
    struct tk_process_console_options options;
    enum tk_process_console_mode mode;

    /* Output: bytes wait in `queue` until the UART takes them, at most
     * TK_PROCESS_CONSOLE_WRITE_LEN at a time through `tx_buffer`. */
    bool tx_in_progress;
    uint8_t tx_buffer[TK_PROCESS_CONSOLE_WRITE_LEN];
    uint8_t queue[TK_PROCESS_CONSOLE_QUEUE_LEN];
    size_t queue_len;

    enum tk_process_console_writer writer;
    unsigned list_index, list_total; /* LIST: next row, rows */
    uint32_t process_id;             /* PROCESS: whose overview */
    size_t process_offset;           /* PROCESS: bytes already printed */

    /* Input: one byte at a time into the edited command line; bytes that
     * arrive while a line waits to run or prints wait in `typeahead`. */
    uint8_t rx_buffer[1];
    uint8_t typeahead[TK_PROCESS_CONSOLE_TYPEAHEAD_LEN];
    size_t typeahead_len;
    bool rx_paused; /* typeahead full: no receive outstanding until it drains */
    uint8_t command[TK_PROCESS_CONSOLE_COMMAND_LEN]; /* NUL at command[command_len] */
    size_t command_len, cursor;
    int esc_state, esc_key; /* escape sequence decoder (Tock EscState) */
    uint8_t previous_byte;  /* pairs CR LF and LF CR into one Enter */
    bool execute;           /* run the command once the echo went out */

    /* history[0] mirrors the line being typed, history[1] is the newest
     * command (Tock CommandHistory). */
    struct tk_process_console_command history[TK_PROCESS_CONSOLE_HISTORY_LEN];
    unsigned history_len, history_index;
    bool history_modified; /* the line shows a recalled command */
};

/* Set up `pc` on `uart` (a device of the UART mux) for the processes of `k`,
 * and make `pc` the UART's client. `options` may be NULL (defaults: active,
 * history of 10, no kernel map, no reset). Nothing is sent or received until
 * tk_process_console_start. Returns 0, or TK_INVAL if options->history_len
 * is too large (then `pc` is unusable and the UART untouched). */
int tk_process_console_init(struct tk_process_console *pc, struct tk_kernel *k,
                            struct tk_uart *uart, const struct tk_process_console_options *options);

/* Start listening: print the welcome text and the prompt (Tock
 * display_welcome), or nothing if options->start_hibernated. Returns 0 (also
 * if already started), or the error of the UART's receive() (then the console
 * stays off). */
int tk_process_console_start(struct tk_process_console *pc);

#endif
