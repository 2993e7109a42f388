/* UART model: the board's serial port, on stdio or a pseudo-terminal.
 *
 * Implements hil/uart.h for the host (the emulator's counterpart of a chip's
 * UART driver, e.g. tock/tock chips/nrf52/src/uart.rs @65608d71). It owns its
 * fds, an input queue and one kernel deferred call; termios and pty set-up
 * are in uart_host.c.
 *
 * Transmit: the bytes are written to the output fd at once with write(2) (no
 * stdio buffering, byte-exact), then transmitted() is reported from the
 * deferred call, never from inside transmit(). A pty that no one reads drops
 * what does not fit (counted) rather than stall the emulator.
 *
 * Receive: bytes enter the input queue from the input fd (when the host loop
 * saw it readable) or from emu_uart_inject, in arrival order, and fill the
 * pending receive; when `len` bytes are there, received() is reported from
 * the deferred call. Deviation: a real UART loses bytes that arrive while no
 * receive is pending; the model keeps them queued (a deep FIFO), so scripted
 * input typed ahead of an app's read is not lost.
 *
 *   input fd --read--> [input queue] --fill--> receive buffer --deferred--> received()
 *   inject() ----------^
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu_uart.h"
#include "uart-internal.h"

struct emu_uart {
    struct tk_uart uart; /* the HIL device */
    struct tk_kernel *kernel;
    struct emu_uart_config config;
    struct tk_deferred_call deferred;

    int output_fd, input_fd;
    bool input_eof;
    int pty_master; /* -1 for stdio */
    char pty_path[64];
    bool pty_attached;        /* a terminal program holds the slave */
    bool pty_linked;          /* config.pty_link was made */
    GString *backlog;         /* output kept while no one is attached (pty, socket) */
    int listen_fd, client_fd; /* socket backend, else -1 */
    struct emu__uart_tty *saved_tty;
    int interrupt_fd;              /* signalfd, or -1 */
    struct emu_terminal *terminal; /* NULL: bytes pass unchanged */
    unsigned (*writer_of)(const uint8_t *buf, void *ctx);
    void *writer_ctx;
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
    u->output_fd = u->input_fd = -1;
    u->pty_attached = false;
}

/* Keep `len` bytes for the next terminal program, the newest
 * config.pty_backlog bytes at most (older ones are dropped, counted). */
static void uart_keep(struct emu_uart *u, const uint8_t *buf, size_t len)
{
    g_string_append_len(u->backlog, (const char *)buf, (gssize)len);
    if (u->backlog->len > u->config.pty_backlog) {
        size_t drop = u->backlog->len - u->config.pty_backlog;
        g_string_erase(u->backlog, 0, (gssize)drop);
        u->dropped += drop;
    }
}

/* Has a terminal program come or gone? On arrival it gets the backlog
 * first (what does not fit in the pty stays kept). */
static void uart_pty_update(struct emu_uart *u)
{
    if (u->backlog == NULL)
        return;
    if (u->listen_fd >= 0 && u->client_fd < 0) {
        /* A client waiting? It gets what was kept, then the live stream. */
        int client = emu__uart_accept(u->listen_fd);
        if (client >= 0)
            u->client_fd = u->output_fd = u->input_fd = client;
    }
    if (u->pty_master >= 0)
        u->pty_attached = emu__uart_pty_attached(u->pty_master);
    else
        u->pty_attached = u->client_fd >= 0;
    while (u->pty_attached && u->backlog->len > 0) {
        ssize_t n = write(u->output_fd, u->backlog->str, u->backlog->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        g_string_erase(u->backlog, 0, n);
    }
}

/* Write all of `buf`, waiting for a full blocking-capable fd. Returns the
 * bytes written and sets *rcode (0 or TK_FAIL). A pty keeps the bytes while
 * no one is attached (and while its backlog drains), and drops what does
 * not fit once a terminal program stops reading. */
static size_t uart_write_all(struct emu_uart *u, const uint8_t *buf, size_t len, int *rcode)
{
    size_t done = 0;
    *rcode = 0;
    if (u->backlog != NULL) {
        uart_pty_update(u);
        if (!u->pty_attached || u->backlog->len > 0) {
            uart_keep(u, buf, len);
            return len;
        }
    }
    while (done < len) {
        ssize_t n = write(u->output_fd, buf + done, len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (u->backlog != NULL) {
                /* No one is draining the pty: drop like a wire with no one
                 * listening, and report success as a UART would. */
                u->dropped += len - done;
                return len;
            }
            struct pollfd pfd = {.fd = u->output_fd, .events = POLLOUT};
            (void)poll(&pfd, 1, -1);
            continue;
        }
        if (u->client_fd >= 0) {
            /* The client went away mid-write: keep the rest for the next. */
            uart_drop_client(u);
            uart_keep(u, buf + done, len - done);
            return len;
        }
        *rcode = TK_FAIL;
        return done;
    }
    return done;
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
    if (u->terminal != NULL) {
        unsigned writer = u->writer_of != NULL ? u->writer_of(buf, u->writer_ctx) : 0;
        g_string_truncate(u->shown, 0);
        emu_terminal_output(u->terminal, writer, buf, len, u->shown);
        size_t shown =
            uart_write_all(u, (const uint8_t *)u->shown->str, u->shown->len, &u->tx_rcode);
        u->tx_len = shown == u->shown->len ? len : 0;
    } else {
        u->tx_len = uart_write_all(u, buf, len, &u->tx_rcode);
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
    };
}

/* Open the pty and say where it is. */
static int uart_open_pty(struct emu_uart *u, struct emu_err *err)
{
    const char *call = "";
    int rc = emu__uart_pty_open(&u->pty_master, NULL, u->pty_path, sizeof u->pty_path, &call);
    if (rc != 0) {
        emu_err_set(err, "uart: %s: %s", call, strerror(-rc));
        return rc;
    }
    u->output_fd = u->input_fd = u->pty_master;
    u->backlog = g_string_new(NULL);
    if (u->config.pty_link != NULL) {
        rc = emu__uart_pty_link(u->config.pty_link, u->pty_path);
        if (rc != 0) {
            emu_err_set(err, "--console-link %s: %s", u->config.pty_link,
                        rc == -EEXIST ? "exists and is not a symbolic link" : strerror(-rc));
            return rc;
        }
        u->pty_linked = true;
    }
    if (u->config.attach_cmd != NULL) {
        rc = emu__uart_spawn_attach(u->config.attach_cmd,
                                    u->config.pty_link != NULL ? u->config.pty_link : u->pty_path);
        if (rc != 0) {
            emu_err_set(err, "--attach-cmd '%s': cannot run it", u->config.attach_cmd);
            return rc;
        }
    }
    if (u->config.announce_fd >= 0) {
        char line[256];
        int n = u->config.pty_link != NULL
                    ? snprintf(line, sizeof line, "tockemu: UART on %s (%s)\n", u->pty_path,
                               u->config.pty_link)
                    : snprintf(line, sizeof line, "tockemu: UART on %s\n", u->pty_path);
        /* A lost announcement is not fatal: emu_uart_pty_path still says it. */
        ssize_t written = n > 0 ? write(u->config.announce_fd, line, (size_t)n) : 0;
        (void)written;
    }
    return 0;
}

/* Listen for clients and say where. */
static int uart_open_socket(struct emu_uart *u, struct emu_err *err)
{
    const char *call = "";
    int fd = emu__uart_listen(u->config.listen, &call);
    if (fd < 0) {
        if (strcmp(call, "address") == 0)
            emu_err_set(err, "--console-listen %s: expected unix:PATH, tcp:PORT or tcp:HOST:PORT",
                        u->config.listen);
        else
            emu_err_set(err, "--console-listen %s: %s: %s", u->config.listen, call, strerror(-fd));
        return fd;
    }
    u->listen_fd = fd;
    u->output_fd = u->input_fd = -1;
    u->backlog = g_string_new(NULL);
    if (u->config.announce_fd >= 0) {
        char line[256];
        int n = snprintf(line, sizeof line, "tockemu: UART on %s\n", u->config.listen);
        ssize_t written = n > 0 ? write(u->config.announce_fd, line, (size_t)n) : 0;
        (void)written;
    }
    return 0;
}

static void uart_close_pty(struct emu_uart *u)
{
    if (u->client_fd >= 0)
        close(u->client_fd);
    if (u->listen_fd >= 0) {
        close(u->listen_fd);
        if (strncmp(u->config.listen, "unix:", 5) == 0)
            (void)unlink(u->config.listen + 5);
    }
    if (u->pty_linked)
        (void)unlink(u->config.pty_link);
    if (u->pty_master >= 0)
        close(u->pty_master);
    if (u->backlog != NULL)
        g_string_free(u->backlog, TRUE);
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
    u->pty_master = -1;
    u->interrupt_fd = -1;
    u->listen_fd = u->client_fd = -1;

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
        u->output_fd = cfg->output_fd;
        u->input_fd = cfg->input_fd;
        if (cfg->raw_input && cfg->input_fd >= 0) {
            int rc = emu__uart_tty_raw(cfg->input_fd, &u->saved_tty);
            if (rc != 0) {
                emu_err_set(err, "uart: raw mode on fd %d: %s", cfg->input_fd, strerror(-rc));
                goto fail;
            }
        }
        break;
    case EMU_UART_PTY:
        if (uart_open_pty(u, err) != 0)
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
    u->input_eof = u->input_fd < 0 && u->listen_fd < 0;
    if (cfg->catch_interrupts) {
        u->interrupt_fd = emu__uart_interrupt_open();
        if (u->interrupt_fd < 0) {
            emu_err_set(err, "uart: signalfd: %s", strerror(-u->interrupt_fd));
            goto fail;
        }
    }
    return u;

fail:
    emu__uart_tty_restore(u->input_fd, u->saved_tty);
    uart_close_pty(u);
    free(u);
    return NULL;
}

void emu_uart_free(struct emu_uart *u)
{
    if (u == NULL)
        return;
    emu__uart_tty_restore(u->input_fd, u->saved_tty);
    emu__uart_interrupt_close(u->interrupt_fd);
    uart_close_pty(u);
    free(u->in_buf);
    if (u->shown != NULL)
        g_string_free(u->shown, TRUE);
    free(u);
}

struct tk_uart *emu_uart_device(struct emu_uart *u)
{
    return &u->uart;
}

int emu_uart_input_fd(struct emu_uart *u)
{
    /* A pty reads only while a terminal program holds it (EIO otherwise). */
    uart_pty_update(u);
    if (u->listen_fd >= 0 && u->client_fd < 0)
        return u->listen_fd; /* readable: a client is waiting */
    if (u->pty_master >= 0 && !u->pty_attached)
        return -1;
    if (u->input_eof || u->in_end - u->in_start >= EMU_UART_INPUT_MAX)
        return -1;
    return u->input_fd;
}

void emu_uart_input_ready(struct emu_uart *u)
{
    uint8_t chunk[4096];
    int fd = emu_uart_input_fd(u);
    if (fd < 0)
        return;
    /* One read only, and only if it cannot block: the host may call this
     * spuriously, and the fd (a shared stdin) stays blocking. */
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    if (poll(&pfd, 1, 0) <= 0 || (pfd.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
        return;
    if (fd == u->listen_fd) {
        uart_pty_update(u); /* accepts the client */
        return;
    }
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0 && u->terminal != NULL) {
        /* The terminal hands the bytes on (through its typed hook) to
         * whoever queues them for their target. */
        g_string_truncate(u->shown, 0);
        emu_terminal_input(u->terminal, chunk, (size_t)n, u->shown);
        int rcode;
        (void)uart_write_all(u, (const uint8_t *)u->shown->str, u->shown->len, &rcode);
        return;
    }
    if (n > 0) {
        emu_uart_inject(u, chunk, (size_t)n);
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (u->pty_master >= 0) {
        /* The terminal program left (EIO): wait for the next one. */
        uart_pty_update(u);
        return;
    }
    if (u->client_fd >= 0) {
        uart_drop_client(u); /* end of file: the client left */
        return;
    }
    /* End of file, or an input that failed for good. */
    u->input_eof = true;
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

void emu_uart_set_terminal(struct emu_uart *u, struct emu_terminal *t,
                           unsigned (*writer_of)(const uint8_t *buf, void *ctx), void *ctx)
{
    u->terminal = t;
    u->writer_of = writer_of;
    u->writer_ctx = ctx;
    if (t != NULL && u->shown == NULL)
        u->shown = g_string_new(NULL);
}

bool emu_uart_output_is_terminal(const struct emu_uart *u)
{
    return u->backlog != NULL || isatty(u->output_fd);
}

bool emu_uart_is_remote(const struct emu_uart *u)
{
    return u->backlog != NULL;
}

bool emu_uart_input_is_terminal(const struct emu_uart *u)
{
    return u->backlog != NULL || (u->input_fd >= 0 && isatty(u->input_fd));
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
    uart_pty_update(u);
    return u->backlog == NULL || u->pty_attached;
}

const char *emu_uart_pty_path(const struct emu_uart *u)
{
    return u->pty_master >= 0 ? u->pty_path : NULL;
}

uint64_t emu_uart_dropped(const struct emu_uart *u)
{
    return u->dropped;
}
