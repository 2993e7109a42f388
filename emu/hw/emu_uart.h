/* The host UART model: a tk_uart (hil/uart.h) on stdio, a pty or a socket.
 *
 * One real UART of the emulated board; the UART mux (capsules/virtual_uart.h)
 * shares it between the console capsule, the process console and debug
 * output. Its host end is stdio, a pseudo-terminal or a socket, and with
 * --console-split one more pty per app. Host I/O details (termios, pty,
 * sockets) live in uart_host.c.
 */
#ifndef EMU_UART_H
#define EMU_UART_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "hil/uart.h"
#include "kernel.h"
#include "terminal.h"

enum emu_uart_backend {
    EMU_UART_STDIO,  /* write to output_fd, read from input_fd */
    EMU_UART_PTY,    /* a new pseudo-terminal; `screen <slave path>` attaches */
    EMU_UART_SOCKET, /* a listening socket (config.listen); one client at a time */
};

struct emu_uart_config {
    enum emu_uart_backend backend;
    int output_fd;          /* stdio: transmitted bytes go here (default 1) */
    int input_fd;           /* stdio: received bytes come from here (default 0); -1: none */
    bool raw_input;         /* stdio: if input_fd is a terminal, make it byte-at-a-time
                               without echo (signals and output processing kept) until
                               emu_uart_free (default false) */
    bool catch_interrupts;  /* turn SIGINT, SIGTERM and SIGHUP into events
                               (emu_uart_interrupt_fd) instead of a kill
                               (default false) */
    const char *pty_link;   /* pty: also reachable as this symbolic link (removed at
                               the end); NULL: none */
    const char *attach_cmd; /* pty: run through /bin/sh once the pty exists, each %s
                               replaced by its path (the link if any); NULL: none */
    const char *listen;     /* socket: "unix:PATH", "tcp:PORT" or "tcp:HOST:PORT" */
    size_t pty_backlog;     /* pty, socket: output kept while no terminal program is
                               attached, newest bytes (default EMU_UART_PTY_BACKLOG) */
    int announce_fd;        /* pty: where "tockemu: UART on <path>\n" is written
                               (default 2); -1: nowhere */
    unsigned pty_settle_ms; /* pty: a terminal program counts as attached once it
                               has held the pty this long (default
                               EMU_UART_PTY_SETTLE_MS) */
};

/* Buffered input above which the model stops reading its input fd
 * (emu_uart_input_fd answers -1 until apps consume some). */
#define EMU_UART_INPUT_MAX (64 * 1024)

/* The most one read of a port takes from the host (what a port needs room
 * for before it is read, emu_uart_set_input_gate). */
#define EMU_UART_READ_MAX 4096

#define EMU_UART_PTY_BACKLOG (64 * 1024)

/* A terminal program sets its pty up right after opening it, and a
 * tcsetattr(TCSAFLUSH) there (picocom does one) throws away every byte
 * waiting to be read: kept output waits until the program has held the
 * pty this long. */
#define EMU_UART_PTY_SETTLE_MS 1000

/* At the end, how long a terminal program on a pty may take to read the
 * last output before the pty goes. */
#define EMU_UART_DRAIN_MS 2000

/* The main host end and one more pty per process slot (--console-split). */
#define EMU_UART_MAX_PORTS (1 + TK_MAX_PROCESSES)

/* Fill `cfg` with the defaults above (stdio on fds 1 and 0). */
void emu_uart_config_init(struct emu_uart_config *cfg);

/* Create a UART on kernel `k` (whose deferred calls report completions).
 * Returns NULL on failure with `err` naming the cause, e.g.
 * "uart: posix_openpt: No such file or directory". The fds of a stdio
 * backend stay the caller's; a pty is closed by emu_uart_free. */
struct emu_uart *emu_uart_new(struct tk_kernel *k, const struct emu_uart_config *cfg,
                              struct emu_err *err);
/* Restore the terminal if raw_input changed it, close what the model opened,
 * free `u` (NULL is fine). Nothing may be in flight (the kernel is done). */
void emu_uart_free(struct emu_uart *u);

/* The HIL device, for the UART mux or a capsule. transmit() writes the bytes
 * at once, unbuffered, and reports transmitted() from a deferred call;
 * receive() completes when `len` bytes have arrived, from a deferred call. */
struct tk_uart *emu_uart_device(struct emu_uart *u);

/* The fd the host loop should poll for input, or -1 when no read is wanted
 * now (EOF seen, no input fd, or EMU_UART_INPUT_MAX bytes buffered). Ask
 * again each time round the loop. */
int emu_uart_input_fd(struct emu_uart *u);
/* The input fd polled readable: read what is there without blocking and
 * feed a pending receive. Safe to call when nothing is there. */
void emu_uart_input_ready(struct emu_uart *u);
/* False once the input fd reached end of file (or there is none, or it
 * failed): no byte will ever come from the host again. Injection still works. */
bool emu_uart_input_possible(const struct emu_uart *u);
/* Feed `len` bytes as if they had arrived on the wire (tests, scripted
 * input, replay). They queue behind earlier input; nothing is dropped. */
void emu_uart_inject(struct emu_uart *u, const uint8_t *bytes, size_t len);

/* Called with the bytes of each input as it enters the input queue (from
 * the input fd or emu_uart_inject), in arrival order, so a run's console
 * input can be recorded; NULL stops it. */
typedef void (*emu_uart_input_observer_fn)(const uint8_t *bytes, size_t len, void *ctx);
void emu_uart_set_input_observer(struct emu_uart *u, emu_uart_input_observer_fn fn, void *ctx);
/* The same for transmitted bytes, called as transmit() writes them (the
 * trace's console output); NULL stops it. */
void emu_uart_set_output_observer(struct emu_uart *u, emu_uart_input_observer_fn fn, void *ctx);

/* Put `t` between the UART and the host: host input goes to
 * emu_terminal_input (escape keys), whose `typed` hook decides when bytes
 * enter the input queue (emu_uart_inject); transmitted bytes go through
 * emu_terminal_output as the writer `writer_of(buf)` names (the device
 * whose buffer it is). NULL: bytes pass unchanged. Injected input
 * (emu_uart_inject) is on the wire already and bypasses `t`. */
void emu_uart_set_terminal(struct emu_uart *u, struct emu_terminal *t,
                           unsigned (*writer_of)(const uint8_t *buf, void *ctx), void *ctx);
/* Flow control for ports with a terminal: such a port is read only while
 * `has_room(its terminal)` says the bytes of one more read
 * (EMU_UART_READ_MAX) have somewhere to wait; until then they wait in the
 * host (the pipe, pty or socket fills and its writer blocks), as RTS/CTS
 * holds a sender. NULL: always read. */
void emu_uart_set_input_gate(struct emu_uart *u,
                             bool (*has_room)(const struct emu_terminal *t, void *ctx), void *ctx);
/* One more pty, a port of its own (--console-split): transmissions of the
 * writers routed to it (emu_uart_route) go there through `t` (CRLF
 * translation, no line mode), with the pty life cycle of the main one
 * (kept output, re-attach, config.attach_cmd run for it); bytes typed there
 * go to emu_terminal_input(t). `what` names it in the announcement
 * ("tockemu: WHAT on /dev/pts/N"); `link`: also this symbolic link, or NULL.
 * Returns the port number (>= 1), or -errno with `err` filled (what was
 * opened is closed by emu_uart_free). */
int emu_uart_add_pty(struct emu_uart *u, const char *what, const char *link, struct emu_terminal *t,
                     struct emu_err *err);
/* Send `writer`'s transmissions (terminal.h writers) to `port` (0: the
 * main one, the default). An unknown writer or port changes nothing. */
void emu_uart_route(struct emu_uart *u, unsigned writer, unsigned port);
/* The path of port `port`'s pty, or NULL. */
const char *emu_uart_port_path(const struct emu_uart *u, unsigned port);
/* The extra ports' fds to poll for input (those a terminal program holds),
 * at most `max`; returns how many. Ask again each time round the loop: it
 * also hands kept output to a terminal program that just came. */
unsigned emu_uart_ports_poll_fds(struct emu_uart *u, struct pollfd *fds, unsigned max);
/* Read the extra ports whose entries in `fds` (as filled above) polled. */
void emu_uart_ports_ready(struct emu_uart *u, const struct pollfd *fds, unsigned n);
/* Every pty (and the socket) has its terminal program now and no output
 * waits for it; while not, the host loop looks again every
 * EMU_UART_ATTACH_POLL_MS (an arrival, or room to write, makes no fd
 * readable). */
bool emu_uart_all_attached(struct emu_uart *u);

/* Bytes in the input queue, not yet received by anyone. */
size_t emu_uart_input_queued(const struct emu_uart *u);
/* True while a receive holds bytes not yet reported to its client: they
 * are on their way to whoever reads now. */
bool emu_uart_receive_has_bytes(const struct emu_uart *u);
/* Take the queued input back out (appended to `to`); the queue is empty. */
void emu_uart_take_input(struct emu_uart *u, GString *to);

/* The host side is a terminal (a tty on stdio, or the pty): true for output
 * or input as asked. */
bool emu_uart_output_is_terminal(const struct emu_uart *u);
bool emu_uart_input_is_terminal(const struct emu_uart *u);
/* The console is a pty or a socket (no tty of ours translates "\n"). */
bool emu_uart_is_remote(const struct emu_uart *u);

/* With catch_interrupts: the fd that polls readable when one of those
 * signals came (-1 otherwise), and the signal that came (0 if none). */
int emu_uart_interrupt_fd(const struct emu_uart *u);
int emu_uart_interrupt_ready(struct emu_uart *u);

/* A terminal program holds the pty, or a client is connected to the
 * socket, now (always true for stdio). While none
 * does, output is kept (pty_backlog) and given to the next one that comes;
 * one may leave and another come any number of times. */
bool emu_uart_pty_attached(struct emu_uart *u);
/* How often (ms) the host loop should look again while a pty has no
 * terminal program: its arrival makes no fd readable. */
#define EMU_UART_ATTACH_POLL_MS 20

/* The pty slave path ("/dev/pts/3"), or NULL for the stdio backend. */
const char *emu_uart_pty_path(const struct emu_uart *u);
/* Bytes dropped: output kept for a pty or socket overflowed its bound (no
 * one attached, or one that stopped reading). */
uint64_t emu_uart_dropped(const struct emu_uart *u);

#endif
