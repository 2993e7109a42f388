/* UART model: the board's serial port, on stdio, a pseudo-terminal or a socket.
 *
 * Implements hil/uart.h for the host (the emulator's counterpart of a chip's
 * UART driver, e.g. tock/tock chips/nrf52/src/uart.rs @65608d71). It owns its
 * fds, an input queue and one kernel deferred call; termios and pty set-up
 * are in uart_host.c.
 *
 * Transmit: the bytes are written to the output fd at once with write(2) (no
 * stdio buffering, byte-exact), then transmitted() is reported from the
 * deferred call, never from inside transmit(). Output a pty or socket
 * cannot take now (no one there, or one reading slower) waits, the newest
 * EMU_UART_PTY_BACKLOG bytes of it (older ones dropped, counted), rather
 * than stall the emulator.
 *
 * Receive: bytes enter the input queue from the input fd (when the host loop
 * saw it readable) or from emu_uart_inject, in arrival order, and fill the
 * pending receive; when `len` bytes are there, received() is reported from
 * the deferred call. An fd is not read while the queue holds
 * EMU_UART_INPUT_MAX bytes, nor a port with a terminal while the gate says
 * its target has no room (emu_uart_set_input_gate): flow control, the host
 * holds the rest. Deviation: a real UART loses bytes that arrive while no
 * receive is pending; the model keeps them queued (a deep FIFO), so scripted
 * input typed ahead of an app's read is not lost.
 *
 *   input fd --read--> [input queue] --fill--> receive buffer --deferred--> received()
 *   inject() ----------^
 *
 * Ports: the host end is port 0 (stdio, the pty or the socket client), and
 * with --console-split one more pty per app (emu_uart_add_pty). Each
 * transmission goes to the port its writer is routed to, through that
 * port's terminal; bytes typed on a port go to its terminal, which names
 * their target. Deviation: a board has one wire; the split is the
 * emulator's, so a terminal program can show one app alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu_clock.h"
#include "emu_uart.h"
#include "telnet.h"
#include "uart-internal.h"

/* One host end of the UART (see Ports above). */
struct uart_port {
    int output_fd, input_fd; /* -1 while a socket has no client */
    int master;              /* pty master, or -1 (stdio, socket) */
    char path[64];           /* the pty's slave */
    char *link;              /* the symbolic link made to it, or NULL */
    bool attached;           /* a terminal program holds the slave (settled), or a client is
                                connected */
    uint64_t held_since_ns;  /* pty: wall time a terminal program was first seen, 0: none */
    GString *backlog;        /* output kept while no one is attached (pty, socket); NULL: stdio */
    struct emu_terminal *terminal; /* NULL: bytes pass unchanged */
};

struct emu_uart {
    struct tk_uart uart; /* the HIL device */
    struct tk_kernel *kernel;
    struct emu_uart_config config;
    struct tk_deferred_call deferred;

    struct uart_port ports[EMU_UART_MAX_PORTS]; /* [0]: the main one */
    unsigned port_count;
    uint8_t route[EMU_TERMINAL_WRITERS]; /* the port of each writer */
    bool input_eof;                      /* port 0's input ended */
    int listen_fd, client_fd;            /* socket backend, else -1 */
    bool telnet;                         /* the socket speaks telnet (telnet.h) */
    struct emu_telnet telnet_receiver;   /* its client's command syntax so far */
    GString *escaped;                    /* telnet: output with IAC doubled */
    struct emu__uart_tty *saved_tty;
    int interrupt_fd; /* signalfd, or -1 */
    unsigned (*writer_of)(const uint8_t *buf, void *ctx);
    void *writer_ctx;
    bool (*input_has_room)(const struct emu_terminal *t, void *ctx); /* input gate, or NULL */
    void *input_gate_ctx;
    GString *shown; /* what the terminal shows, on its way out */
    uint64_t dropped;
    emu_uart_input_observer_fn input_observer; /* sees every input, for recording */
    void *input_observer_ctx;
    emu_uart_input_observer_fn output_observer; /* sees every transmit, for the trace */
    void *output_observer_ctx;

    /* Transmit in flight: written, to be reported. */
    bool tx_busy;
    const uint8_t *tx_buf;
    size_t tx_len;
    int tx_rcode;

    /* Receive in flight; rx_done: to be reported. */
    bool rx_busy, rx_done;
    uint8_t *rx_buf;
    size_t rx_len, rx_got;
    int rx_rcode;

    /* Input queue: bytes [in_start, in_end) of in_buf. */
    uint8_t *in_buf;
    size_t in_start, in_end, in_cap;
};

/* The socket client left: wait for the next one (output is kept). */
static void uart_drop_client(struct emu_uart *u)
{
    close(u->client_fd);
    u->client_fd = -1;
    u->ports[0].output_fd = u->ports[0].input_fd = -1;
    u->ports[0].attached = false;
}

/* Keep `len` bytes for the next terminal program of `p`, the newest
 * config.pty_backlog bytes at most (older ones are dropped, counted). */
static void uart_keep(struct emu_uart *u, struct uart_port *p, const uint8_t *buf, size_t len)
{
    g_string_append_len(p->backlog, (const char *)buf, (gssize)len);
    if (p->backlog->len > u->config.pty_backlog) {
        size_t drop = p->backlog->len - u->config.pty_backlog;
        g_string_erase(p->backlog, 0, (gssize)drop);
        u->dropped += drop;
    }
}

/* Has a terminal program come to `p` or gone? On arrival it gets the
 * backlog first (what does not fit in the pty stays kept). */
static void uart_port_update(struct emu_uart *u, struct uart_port *p)
{
    if (p->backlog == NULL)
        return;
    if (p == &u->ports[0] && u->listen_fd >= 0 && u->client_fd < 0) {
        /* A client waiting? It gets what was kept, then the live stream. */
        int client = emu__uart_accept(u->listen_fd);
        if (client >= 0)
            u->client_fd = p->output_fd = p->input_fd = client;
        if (client >= 0 && u->telnet) {
            /* Character mode, echo from this end: a fresh socket takes
             * these few bytes at once, and a client that cannot is gone. */
            emu_telnet_init(&u->telnet_receiver);
            ssize_t n = write(client, EMU_TELNET_GREETING, EMU_TELNET_GREETING_LEN);
            (void)n;
        }
    }
    if (p->master >= 0) {
        /* Attached once it held the pty EMU_UART_PTY_SETTLE_MS (why: there). */
        bool held = emu__uart_pty_attached(p->master);
        uint64_t now = emu_wall_ns();
        if (!held)
            p->held_since_ns = 0;
        else if (p->held_since_ns == 0)
            p->held_since_ns = now;
        p->attached = held && now - p->held_since_ns >= u->config.pty_settle_ms * 1000000ull;
    } else {
        p->attached = u->client_fd >= 0;
    }
    while (p->attached && p->backlog->len > 0) {
        ssize_t n = write(p->output_fd, p->backlog->str, p->backlog->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        g_string_erase(p->backlog, 0, n);
    }
}

/* Write all of `buf` to port `p`, waiting for a full blocking-capable fd.
 * Returns the bytes written and sets *rcode (0 or TK_FAIL). A pty keeps
 * the bytes while no one is attached (and while its backlog drains), and
 * drops what does not fit once a terminal program stops reading. */
static size_t uart_write_bytes(struct emu_uart *u, struct uart_port *p, const uint8_t *buf,
                               size_t len, int *rcode)
{
    size_t done = 0;
    *rcode = 0;
    if (p->backlog != NULL) {
        uart_port_update(u, p);
        if (!p->attached || p->backlog->len > 0) {
            uart_keep(u, p, buf, len);
            return len;
        }
    }
    while (done < len) {
        ssize_t n = write(p->output_fd, buf + done, len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (p->backlog != NULL) {
                /* The terminal program reads slower than the board writes
                 * (a burst; a Unix socket is full after a few hundred
                 * one-byte writes of echo): the rest waits with the kept
                 * output, within its bound, and goes when there is room
                 * (uart_port_update). A UART reports success all the same. */
                uart_keep(u, p, buf + done, len - done);
                return len;
            }
            struct pollfd pfd = {.fd = p->output_fd, .events = POLLOUT};
            (void)poll(&pfd, 1, -1);
            continue;
        }
        if (p->master < 0 && u->client_fd >= 0) {
            /* The client went away mid-write: keep the rest for the next. */
            uart_drop_client(u);
            uart_keep(u, p, buf + done, len - done);
            return len;
        }
        *rcode = TK_FAIL;
        return done;
    }
    return done;
}

/* uart_write_bytes, as telnet data on a telnet socket (kept output too:
 * escaped on the way in). Returns `len` or what was written unescaped. */
static size_t uart_write_all(struct emu_uart *u, struct uart_port *p, const uint8_t *buf,
                             size_t len, int *rcode)
{
    if (!u->telnet || p != &u->ports[0])
        return uart_write_bytes(u, p, buf, len, rcode);
    g_string_truncate(u->escaped, 0);
    emu_telnet_escape(buf, len, u->escaped);
    size_t done = uart_write_bytes(u, p, (const uint8_t *)u->escaped->str, u->escaped->len, rcode);
    return done == u->escaped->len ? len : 0;
}

static void uart_report(struct tk_deferred_call *dc)
{
    struct emu_uart *u = dc->owner;
    struct tk_uart_client *client = u->uart.client;

    /* Clear our state before each callback: clients start the next
     * operation from inside it. */
    if (u->tx_busy) {
        const uint8_t *buf = u->tx_buf;
        size_t len = u->tx_len;
        int rcode = u->tx_rcode;
        u->tx_busy = false;
        if (client != NULL && client->transmitted != NULL)
            client->transmitted(client, buf, len, rcode);
    }
    if (u->rx_done) {
        uint8_t *buf = u->rx_buf;
        size_t len = u->rx_got;
        int rcode = u->rx_rcode;
        u->rx_busy = false;
        u->rx_done = false;
        u->rx_buf = NULL;
        if (client != NULL && client->received != NULL)
            client->received(client, buf, len, rcode);
    }
}

/* Move queued input into the pending receive; schedule its report when full. */
static void uart_fill(struct emu_uart *u)
{
    if (!u->rx_busy || u->rx_done)
        return;
    size_t n = u->in_end - u->in_start;
    if (n > u->rx_len - u->rx_got)
        n = u->rx_len - u->rx_got;
    if (n == 0)
        return;
    memcpy(u->rx_buf + u->rx_got, u->in_buf + u->in_start, n);
    u->rx_got += n;
    u->in_start += n;
    if (u->in_start == u->in_end)
        u->in_start = u->in_end = 0;
    if (u->rx_got == u->rx_len) {
        u->rx_done = true;
        u->rx_rcode = 0;
        tk_deferred_call_schedule(u->kernel, &u->deferred);
    }
}

/* Append to the input queue, growing it; false if memory ran out. */
static bool uart_queue(struct emu_uart *u, const uint8_t *bytes, size_t len)
{
    if (u->in_start > 0 && u->in_end + len > u->in_cap) {
        memmove(u->in_buf, u->in_buf + u->in_start, u->in_end - u->in_start);
        u->in_end -= u->in_start;
        u->in_start = 0;
    }
    if (u->in_end + len > u->in_cap) {
        size_t cap = u->in_cap == 0 ? 4096 : u->in_cap;
        while (cap < u->in_end + len)
            cap *= 2;
        uint8_t *grown = realloc(u->in_buf, cap);
        if (grown == NULL)
            return false;
        u->in_buf = grown;
        u->in_cap = cap;
    }
    memcpy(u->in_buf + u->in_end, bytes, len);
    u->in_end += len;
    return true;
}

static int uart_transmit(struct tk_uart *t, const uint8_t *buf, size_t len)
{
    struct emu_uart *u = t->state;
    if (u->tx_busy)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    u->tx_busy = true;
    u->tx_buf = buf;
    unsigned writer = u->writer_of != NULL ? u->writer_of(buf, u->writer_ctx) : 0;
    struct uart_port *p = &u->ports[writer < EMU_TERMINAL_WRITERS ? u->route[writer] : 0];
    if (p->terminal != NULL) {
        g_string_truncate(u->shown, 0);
        emu_terminal_output(p->terminal, writer, buf, len, u->shown);
        size_t shown =
            uart_write_all(u, p, (const uint8_t *)u->shown->str, u->shown->len, &u->tx_rcode);
        u->tx_len = shown == u->shown->len ? len : 0;
    } else {
        u->tx_len = uart_write_all(u, p, buf, len, &u->tx_rcode);
    }
    if (u->output_observer != NULL)
        u->output_observer(buf, len, u->output_observer_ctx);
    tk_deferred_call_schedule(u->kernel, &u->deferred);
    return 0;
}

static int uart_receive(struct tk_uart *t, uint8_t *buf, size_t len)
{
    struct emu_uart *u = t->state;
    if (u->rx_busy)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    u->rx_busy = true;
    u->rx_done = false;
    u->rx_buf = buf;
    u->rx_len = len;
    u->rx_got = 0;
    uart_fill(u); /* typed-ahead input */
    return 0;
}

static int uart_receive_abort(struct tk_uart *t)
{
    struct emu_uart *u = t->state;
    /* A receive that already filled is reported as complete. */
    if (!u->rx_busy || u->rx_done)
        return TK_ALREADY;
    u->rx_done = true;
    u->rx_rcode = TK_CANCEL;
    tk_deferred_call_schedule(u->kernel, &u->deferred);
    return 0;
}

static const struct tk_uart_ops uart_ops = {
    .transmit = uart_transmit,
    .receive = uart_receive,
    .receive_abort = uart_receive_abort,
};

void emu_uart_config_init(struct emu_uart_config *cfg)
{
    *cfg = (struct emu_uart_config){
        .backend = EMU_UART_STDIO,
        .output_fd = STDOUT_FILENO,
        .input_fd = STDIN_FILENO,
        .raw_input = false,
        .announce_fd = STDERR_FILENO,
        .pty_backlog = EMU_UART_PTY_BACKLOG,
        .pty_settle_ms = EMU_UART_PTY_SETTLE_MS,
    };
}

/* Say on config.announce_fd where `what` is (a lost line is not fatal:
 * emu_uart_pty_path still says it). */
static void uart_announce(const struct emu_uart *u, const char *what, const char *where,
                          const char *link)
{
    if (u->config.announce_fd < 0)
        return;
    char line[384];
    int n = link != NULL
                ? snprintf(line, sizeof line, "tockemu: %s on %s (%s)\n", what, where, link)
                : snprintf(line, sizeof line, "tockemu: %s on %s\n", what, where);
    if (n > (int)sizeof line - 1)
        n = (int)sizeof line - 1;
    ssize_t written = n > 0 ? write(u->config.announce_fd, line, (size_t)n) : 0;
    (void)written;
}

/* Open a pty as port `p` (`link`: also as this symbolic link, or NULL),
 * run the attach command for it and say where it is as `what`. */
static int uart_open_pty(struct emu_uart *u, struct uart_port *p, const char *what,
                         const char *link, struct emu_err *err)
{
    const char *call = "";
    int rc = emu__uart_pty_open(&p->master, NULL, p->path, sizeof p->path, &call);
    if (rc != 0) {
        emu_err_set(err, "uart: %s: %s", call, strerror(-rc));
        return rc;
    }
    p->output_fd = p->input_fd = p->master;
    p->backlog = g_string_new(NULL);
    if (link != NULL) {
        rc = emu__uart_pty_link(link, p->path);
        if (rc != 0) {
            emu_err_set(err, "--console-link %s: %s", link,
                        rc == -EEXIST ? "exists and is not a symbolic link" : strerror(-rc));
            return rc;
        }
        p->link = g_strdup(link);
    }
    if (u->config.attach_cmd != NULL) {
        rc = emu__uart_spawn_attach(u->config.attach_cmd, link != NULL ? link : p->path);
        if (rc != 0) {
            emu_err_set(err, "--attach-cmd '%s': cannot run it", u->config.attach_cmd);
            return rc;
        }
    }
    uart_announce(u, what, p->path, link);
    return 0;
}

/* Listen for clients and say where. */
static int uart_open_socket(struct emu_uart *u, struct emu_err *err)
{
    const char *call = "";
    char bound[300];
    int fd = emu__uart_listen(u->config.listen, bound, sizeof bound, &call);
    if (fd < 0) {
        if (strcmp(call, "address") == 0)
            emu_err_set(err,
                        "--console-listen %s: expected unix:PATH, tcp:[HOST:]PORT or "
                        "telnet:[HOST:]PORT",
                        u->config.listen);
        else
            emu_err_set(err, "--console-listen %s: %s: %s", u->config.listen, call, strerror(-fd));
        return fd;
    }
    u->listen_fd = fd;
    u->telnet = strncmp(u->config.listen, "telnet:", 7) == 0;
    if (u->telnet)
        u->escaped = g_string_new(NULL);
    u->ports[0].output_fd = u->ports[0].input_fd = -1;
    u->ports[0].backlog = g_string_new(NULL);
    uart_announce(u, "UART", bound, NULL);
    return 0;
}

static void uart_close_ports(struct emu_uart *u)
{
    if (u->client_fd >= 0)
        close(u->client_fd);
    if (u->listen_fd >= 0) {
        close(u->listen_fd);
        if (strncmp(u->config.listen, "unix:", 5) == 0)
            (void)unlink(u->config.listen + 5);
    }
    for (unsigned i = 0; i < u->port_count; i++) {
        struct uart_port *p = &u->ports[i];
        if (p->master >= 0 && p->backlog != NULL && emu__uart_pty_attached(p->master)) {
            /* The run ends with a terminal program there, settled or not:
             * it gets what was kept, and time to read it. */
            p->held_since_ns = 1;
            size_t left;
            do {
                left = p->backlog->len;
                uart_port_update(u, p);
                emu__uart_pty_drain(p->master, p->path, EMU_UART_DRAIN_MS);
            } while (p->backlog->len > 0 && p->backlog->len < left);
        }
        if (p->link != NULL)
            (void)unlink(p->link);
        g_free(p->link);
        if (p->master >= 0)
            close(p->master);
        if (p->backlog != NULL)
            g_string_free(p->backlog, TRUE);
    }
}

struct emu_uart *emu_uart_new(struct tk_kernel *k, const struct emu_uart_config *cfg,
                              struct emu_err *err)
{
    struct emu_uart *u = calloc(1, sizeof *u);
    if (u == NULL) {
        emu_err_set(err, "uart: out of memory");
        return NULL;
    }
    u->uart = (struct tk_uart){.ops = &uart_ops, .state = u};
    u->kernel = k;
    u->config = *cfg;
    u->deferred = (struct tk_deferred_call){.fn = uart_report, .owner = u};
    u->interrupt_fd = -1;
    u->listen_fd = u->client_fd = -1;
    u->ports[0] = (struct uart_port){.output_fd = -1, .input_fd = -1, .master = -1};
    u->port_count = 1;

    switch (cfg->backend) {
    case EMU_UART_STDIO:
        if (cfg->output_fd < 0 || fcntl(cfg->output_fd, F_GETFD) < 0) {
            emu_err_set(err, "uart: output fd %d is not an open file", cfg->output_fd);
            goto fail;
        }
        if (cfg->input_fd >= 0 && fcntl(cfg->input_fd, F_GETFD) < 0) {
            emu_err_set(err, "uart: input fd %d is not an open file", cfg->input_fd);
            goto fail;
        }
        u->ports[0].output_fd = cfg->output_fd;
        u->ports[0].input_fd = cfg->input_fd;
        if (cfg->raw_input && cfg->input_fd >= 0) {
            int rc = emu__uart_tty_raw(cfg->input_fd, &u->saved_tty);
            if (rc != 0) {
                emu_err_set(err, "uart: raw mode on fd %d: %s", cfg->input_fd, strerror(-rc));
                goto fail;
            }
        }
        break;
    case EMU_UART_PTY:
        if (uart_open_pty(u, &u->ports[0], "UART", cfg->pty_link, err) != 0)
            goto fail;
        break;
    case EMU_UART_SOCKET:
        if (cfg->listen == NULL || uart_open_socket(u, err) != 0)
            goto fail;
        break;
    default:
        emu_err_set(err, "uart: unknown backend %d", (int)cfg->backend);
        goto fail;
    }
    u->input_eof = u->ports[0].input_fd < 0 && u->listen_fd < 0;
    if (cfg->catch_interrupts) {
        u->interrupt_fd = emu__uart_interrupt_open();
        if (u->interrupt_fd < 0) {
            emu_err_set(err, "uart: signalfd: %s", strerror(-u->interrupt_fd));
            goto fail;
        }
    }
    return u;

fail:
    emu__uart_tty_restore(u->ports[0].input_fd, u->saved_tty);
    uart_close_ports(u);
    free(u);
    return NULL;
}

void emu_uart_free(struct emu_uart *u)
{
    if (u == NULL)
        return;
    emu__uart_tty_restore(u->ports[0].input_fd, u->saved_tty);
    emu__uart_interrupt_close(u->interrupt_fd);
    uart_close_ports(u);
    free(u->in_buf);
    if (u->shown != NULL)
        g_string_free(u->shown, TRUE);
    if (u->escaped != NULL)
        g_string_free(u->escaped, TRUE);
    free(u);
}

struct tk_uart *emu_uart_device(struct emu_uart *u)
{
    return &u->uart;
}

/* May `p` be read now (emu_uart_set_input_gate)? */
static bool uart_port_has_room(const struct emu_uart *u, const struct uart_port *p)
{
    return p->terminal == NULL || u->input_has_room == NULL ||
           u->input_has_room(p->terminal, u->input_gate_ctx);
}

int emu_uart_input_fd(struct emu_uart *u)
{
    struct uart_port *p = &u->ports[0];
    /* A pty reads only while a terminal program holds it (EIO otherwise). */
    uart_port_update(u, p);
    if (u->listen_fd >= 0 && u->client_fd < 0)
        return u->listen_fd; /* readable: a client is waiting */
    if (p->master >= 0 && !p->attached)
        return -1;
    if (u->input_eof || u->in_end - u->in_start >= EMU_UART_INPUT_MAX || !uart_port_has_room(u, p))
        return -1;
    return p->input_fd;
}

/* Read what `p` has (one read; the caller saw it readable) and hand it on:
 * through the port's terminal, else into the input queue. */
static void uart_port_read(struct emu_uart *u, struct uart_port *p)
{
    uint8_t chunk[EMU_UART_READ_MAX];
    ssize_t n = read(p->input_fd, chunk, sizeof chunk);
    if (n > 0 && u->telnet && p == &u->ports[0]) {
        n = (ssize_t)emu_telnet_receive(&u->telnet_receiver, chunk, (size_t)n);
        if (n == 0)
            return; /* commands only */
    }
    if (n > 0 && p->terminal != NULL) {
        /* The terminal hands the bytes on (through its typed hook) to
         * whoever queues them for their target. */
        g_string_truncate(u->shown, 0);
        emu_terminal_input(p->terminal, chunk, (size_t)n, u->shown);
        int rcode;
        (void)uart_write_all(u, p, (const uint8_t *)u->shown->str, u->shown->len, &rcode);
        return;
    }
    if (n > 0) {
        emu_uart_inject(u, chunk, (size_t)n);
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (p->master >= 0) {
        /* The terminal program left (EIO): wait for the next one. */
        uart_port_update(u, p);
        return;
    }
    if (u->client_fd >= 0) {
        uart_drop_client(u); /* end of file: the client left */
        return;
    }
    /* End of file, or an input that failed for good. */
    u->input_eof = true;
}

void emu_uart_input_ready(struct emu_uart *u)
{
    int fd = emu_uart_input_fd(u);
    if (fd < 0)
        return;
    /* One read only, and only if it cannot block: the host may call this
     * spuriously, and the fd (a shared stdin) stays blocking. */
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0 || (pfd.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
        return;
    if (fd == u->listen_fd) {
        uart_port_update(u, &u->ports[0]); /* accepts the client */
        return;
    }
    uart_port_read(u, &u->ports[0]);
}

int emu_uart_add_pty(struct emu_uart *u, const char *what, const char *link, struct emu_terminal *t,
                     struct emu_err *err)
{
    if (u->port_count == EMU_UART_MAX_PORTS) {
        emu_err_set(err, "uart: no more than %d ptys", EMU_UART_MAX_PORTS);
        return -ENOSPC;
    }
    struct uart_port *p = &u->ports[u->port_count];
    *p = (struct uart_port){.output_fd = -1, .input_fd = -1, .master = -1, .terminal = t};
    /* Counted first: emu_uart_free closes what a failure left open. */
    u->port_count++;
    int rc = uart_open_pty(u, p, what, link, err);
    if (rc != 0)
        return rc;
    if (u->shown == NULL)
        u->shown = g_string_new(NULL);
    return (int)(p - u->ports);
}

void emu_uart_route(struct emu_uart *u, unsigned writer, unsigned port)
{
    if (writer < EMU_TERMINAL_WRITERS && port < u->port_count)
        u->route[writer] = (uint8_t)port;
}

unsigned emu_uart_ports_poll_fds(struct emu_uart *u, struct pollfd *fds, unsigned max)
{
    unsigned n = 0;
    for (unsigned i = 1; i < u->port_count; i++) {
        struct uart_port *p = &u->ports[i];
        uart_port_update(u, p);
        /* Read only while a terminal program holds it (EIO otherwise),
         * and while what it types has room. */
        if (p->attached && n < max && uart_port_has_room(u, p))
            fds[n++] = (struct pollfd){.fd = p->input_fd, .events = POLLIN};
    }
    return n;
}

void emu_uart_ports_ready(struct emu_uart *u, const struct pollfd *fds, unsigned n)
{
    /* O(ports x fds), both <= 17. */
    for (unsigned f = 0; f < n; f++) {
        if (fds[f].revents == 0)
            continue;
        for (unsigned i = 1; i < u->port_count; i++)
            if (u->ports[i].input_fd == fds[f].fd)
                uart_port_read(u, &u->ports[i]);
    }
}

bool emu_uart_all_attached(struct emu_uart *u)
{
    for (unsigned i = 0; i < u->port_count; i++) {
        struct uart_port *p = &u->ports[i];
        uart_port_update(u, p);
        if (p->backlog != NULL && (!p->attached || p->backlog->len > 0))
            return false;
    }
    return true;
}

bool emu_uart_input_possible(const struct emu_uart *u)
{
    return !u->input_eof;
}

void emu_uart_inject(struct emu_uart *u, const uint8_t *bytes, size_t len)
{
    if (len == 0)
        return;
    if (u->input_observer != NULL)
        u->input_observer(bytes, len, u->input_observer_ctx);
    if (!uart_queue(u, bytes, len))
        u->dropped += len;
    uart_fill(u);
}

void emu_uart_set_input_observer(struct emu_uart *u, emu_uart_input_observer_fn fn, void *ctx)
{
    u->input_observer = fn;
    u->input_observer_ctx = ctx;
}

size_t emu_uart_input_queued(const struct emu_uart *u)
{
    return u->in_end - u->in_start;
}

bool emu_uart_receive_has_bytes(const struct emu_uart *u)
{
    return u->rx_busy && u->rx_got > 0;
}

void emu_uart_take_input(struct emu_uart *u, GString *to)
{
    g_string_append_len(to, (const char *)u->in_buf + u->in_start,
                        (gssize)(u->in_end - u->in_start));
    u->in_start = u->in_end = 0;
}

void emu_uart_set_input_gate(struct emu_uart *u,
                             bool (*has_room)(const struct emu_terminal *t, void *ctx), void *ctx)
{
    u->input_has_room = has_room;
    u->input_gate_ctx = ctx;
}

void emu_uart_set_terminal(struct emu_uart *u, struct emu_terminal *t,
                           unsigned (*writer_of)(const uint8_t *buf, void *ctx), void *ctx)
{
    u->ports[0].terminal = t;
    u->writer_of = writer_of;
    u->writer_ctx = ctx;
    if (t != NULL && u->shown == NULL)
        u->shown = g_string_new(NULL);
}

bool emu_uart_output_is_terminal(const struct emu_uart *u)
{
    return u->ports[0].backlog != NULL || isatty(u->ports[0].output_fd);
}

bool emu_uart_is_remote(const struct emu_uart *u)
{
    return u->ports[0].backlog != NULL;
}

bool emu_uart_input_is_terminal(const struct emu_uart *u)
{
    const struct uart_port *p = &u->ports[0];
    return p->backlog != NULL || (p->input_fd >= 0 && isatty(p->input_fd));
}

int emu_uart_interrupt_fd(const struct emu_uart *u)
{
    return u->interrupt_fd;
}

int emu_uart_interrupt_ready(struct emu_uart *u)
{
    return u->interrupt_fd >= 0 ? emu__uart_interrupt_read(u->interrupt_fd) : 0;
}

void emu_uart_set_output_observer(struct emu_uart *u, emu_uart_input_observer_fn fn, void *ctx)
{
    u->output_observer = fn;
    u->output_observer_ctx = ctx;
}

bool emu_uart_pty_attached(struct emu_uart *u)
{
    uart_port_update(u, &u->ports[0]);
    return u->ports[0].backlog == NULL || u->ports[0].attached;
}

const char *emu_uart_pty_path(const struct emu_uart *u)
{
    return u->ports[0].master >= 0 ? u->ports[0].path : NULL;
}

const char *emu_uart_port_path(const struct emu_uart *u, unsigned port)
{
    return port < u->port_count && u->ports[port].master >= 0 ? u->ports[port].path : NULL;
}

uint64_t emu_uart_dropped(const struct emu_uart *u)
{
    return u->dropped;
}
