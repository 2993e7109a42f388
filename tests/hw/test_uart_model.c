/* The host UART model (emu/hw/uart.c, uart_host.c): stdio over pipes and a
 * real pty. Implements hil/uart.h; spec §8.2 (console bytes byte-exact). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "console.h"
#include "emu_uart.h"
#include "fake_hil.h"
#include "fixture.h"
#include "low_level_debug.h"
#include "virtual_uart.h"

struct rec {
    struct tk_uart_client client;
    unsigned transmitted, received;
    size_t tx_len, rx_len;
    int tx_rcode, rx_rcode;
    uint8_t rx[256];
};

static void rec_transmitted(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct rec *r = (struct rec *)c;
    (void)buf;
    r->transmitted++;
    r->tx_len = len;
    r->tx_rcode = rcode;
}

static void rec_received(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct rec *r = (struct rec *)c;
    (void)buf;
    r->received++;
    r->rx_len = len;
    r->rx_rcode = rcode;
}

struct env {
    struct tk_kernel k;
    struct emu_uart *u;
    struct tk_uart *dev;
    struct rec rec;
    int out[2]; /* out[0]: what the UART wrote */
    int in[2];  /* in[1]: what the host types */
};

/* A stdio UART writing to one pipe and reading from another. */
static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    ck_assert_int_eq(pipe(e->out), 0);
    ck_assert_int_eq(pipe(e->in), 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.output_fd = e->out[1];
    cfg.input_fd = e->in[0];
    struct emu_err err = {""};
    e->u = emu_uart_new(&e->k, &cfg, &err);
    ck_assert_msg(e->u != NULL, "%s", err.msg);
    e->dev = emu_uart_device(e->u);
    e->rec.client = (struct tk_uart_client){rec_transmitted, rec_received};
    e->dev->client = &e->rec.client;
    return e;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void env_free(struct env *e)
{
    emu_uart_free(e->u);
    fx_kernel_fini(&e->k);
    for (int i = 0; i < 2; i++) {
        close_fd(&e->out[i]);
        close_fd(&e->in[i]);
    }
    free(e);
}

/* Read what is in the pipe now (non-blocking check first). */
static size_t drain_fd(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    while (got < cap && poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN)) {
        ssize_t n = read(fd, buf + got, cap - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

static void type(struct env *e, const char *s)
{
    ck_assert_int_eq(write(e->in[1], s, strlen(s)), (ssize_t)strlen(s));
}

START_TEST(transmit_writes_at_once_and_reports_from_deferred_call)
{
    /* hil/uart.h: completion is reported later, never from inside transmit();
     * the bytes are on the fd immediately (no stdio buffering). */
    struct env *e = env_new();
    static const uint8_t msg[] = "hi\n";
    ck_assert_int_eq(e->dev->ops->transmit(e->dev, msg, 3), 0);
    char got[16];
    ck_assert_uint_eq(drain_fd(e->out[0], got, sizeof got), 3);
    ck_assert_mem_eq(got, "hi\n", 3);
    ck_assert_uint_eq(e->rec.transmitted, 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.transmitted, 1);
    ck_assert_uint_eq(e->rec.tx_len, 3);
    ck_assert_int_eq(e->rec.tx_rcode, 0);
    env_free(e);
}
END_TEST

START_TEST(transmit_is_byte_exact)
{
    /* spec §8.2: app output is passed through unchanged (NUL, CR, LF, 0xff). */
    struct env *e = env_new();
    uint8_t msg[1000];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 7);
    msg[1] = '\r';
    msg[2] = '\n';
    ck_assert_int_eq(e->dev->ops->transmit(e->dev, msg, sizeof msg), 0);
    char got[1100];
    ck_assert_uint_eq(drain_fd(e->out[0], got, sizeof got), sizeof msg);
    ck_assert_mem_eq(got, msg, sizeof msg);
    env_free(e);
}
END_TEST

START_TEST(transmit_zero_is_size_and_second_is_busy_until_reported)
{
    /* hil/uart.h: TK_SIZE for length 0, TK_BUSY while one is in flight. */
    struct env *e = env_new();
    static const uint8_t msg[] = "ab";
    ck_assert_int_eq(e->dev->ops->transmit(e->dev, msg, 0), TK_SIZE);
    ck_assert_int_eq(e->dev->ops->transmit(e->dev, msg, 2), 0);
    ck_assert_int_eq(e->dev->ops->transmit(e->dev, msg, 2), TK_BUSY);
    fx_run_deferred(&e->k);
    ck_assert_int_eq(e->dev->ops->transmit(e->dev, msg, 1), 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.transmitted, 2);
    env_free(e);
}
END_TEST

START_TEST(transmit_error_reports_fail)
{
    /* hil/uart.h: a device error completes with TK_FAIL. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int fd = open("/dev/null", O_RDONLY);
    ck_assert_int_ge(fd, 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.output_fd = fd;
    cfg.input_fd = -1;
    struct emu_uart *u = emu_uart_new(&k, &cfg, NULL);
    ck_assert_ptr_nonnull(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    emu_uart_device(u)->client = &rec.client;
    static const uint8_t msg[] = "x";
    ck_assert_int_eq(emu_uart_device(u)->ops->transmit(emu_uart_device(u), msg, 1), 0);
    fx_run_deferred(&k);
    ck_assert_int_eq(rec.tx_rcode, TK_FAIL);
    ck_assert_uint_eq(rec.tx_len, 0);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(fd);
}
END_TEST

START_TEST(receive_gets_bytes_when_input_fd_is_ready)
{
    /* The host loop polls emu_uart_input_fd and calls input_ready; the
     * receive completes from the deferred call once len bytes are in. */
    struct env *e = env_new();
    uint8_t buf[8];
    ck_assert_int_eq(emu_uart_input_fd(e->u), e->in[0]);
    ck_assert_int_eq(e->dev->ops->receive(e->dev, buf, 3), 0);
    type(e, "ab");
    emu_uart_input_ready(e->u);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.received, 0);
    type(e, "cd");
    emu_uart_input_ready(e->u);
    ck_assert_uint_eq(e->rec.received, 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.received, 1);
    ck_assert_uint_eq(e->rec.rx_len, 3);
    ck_assert_int_eq(e->rec.rx_rcode, 0);
    ck_assert_mem_eq(buf, "abc", 3);
    /* 'd' waits for the next receive. */
    ck_assert_int_eq(e->dev->ops->receive(e->dev, buf, 1), 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.received, 2);
    ck_assert_mem_eq(buf, "d", 1);
    env_free(e);
}
END_TEST

START_TEST(input_typed_ahead_is_kept_for_a_later_receive)
{
    /* Deviation (uart.c): input before any receive is queued, not lost. */
    struct env *e = env_new();
    type(e, "hello");
    emu_uart_input_ready(e->u);
    uint8_t buf[8];
    ck_assert_int_eq(e->dev->ops->receive(e->dev, buf, 5), 0);
    ck_assert_uint_eq(e->rec.received, 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.received, 1);
    ck_assert_mem_eq(buf, "hello", 5);
    env_free(e);
}
END_TEST

START_TEST(receive_zero_is_size_and_second_is_busy)
{
    /* hil/uart.h: TK_SIZE for length 0, TK_BUSY while one is pending. */
    struct env *e = env_new();
    uint8_t buf[4];
    ck_assert_int_eq(e->dev->ops->receive(e->dev, buf, 0), TK_SIZE);
    ck_assert_int_eq(e->dev->ops->receive(e->dev, buf, 4), 0);
    ck_assert_int_eq(e->dev->ops->receive(e->dev, buf, 4), TK_BUSY);
    env_free(e);
}
END_TEST

START_TEST(abort_reports_cancel_with_bytes_so_far)
{
    /* hil/uart.h: receive_abort -> received(TK_CANCEL, bytes so far), later;
     * with nothing pending -> TK_ALREADY. */
    struct env *e = env_new();
    uint8_t buf[8];
    ck_assert_int_eq(e->dev->ops->receive_abort(e->dev), TK_ALREADY);
    e->dev->ops->receive(e->dev, buf, 8);
    emu_uart_inject(e->u, (const uint8_t *)"xy", 2);
    ck_assert_int_eq(e->dev->ops->receive_abort(e->dev), 0);
    ck_assert_uint_eq(e->rec.received, 0);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.received, 1);
    ck_assert_int_eq(e->rec.rx_rcode, TK_CANCEL);
    ck_assert_uint_eq(e->rec.rx_len, 2);
    ck_assert_mem_eq(buf, "xy", 2);
    ck_assert_int_eq(e->dev->ops->receive_abort(e->dev), TK_ALREADY);
    env_free(e);
}
END_TEST

START_TEST(inject_feeds_receive_in_order_after_fd_input)
{
    /* emu_uart_inject: scripted bytes queue behind earlier input. */
    struct env *e = env_new();
    type(e, "12");
    emu_uart_input_ready(e->u);
    emu_uart_inject(e->u, (const uint8_t *)"34", 2);
    uint8_t buf[4];
    e->dev->ops->receive(e->dev, buf, 4);
    fx_run_deferred(&e->k);
    ck_assert_uint_eq(e->rec.received, 1);
    ck_assert_mem_eq(buf, "1234", 4);
    env_free(e);
}
END_TEST

START_TEST(input_ready_with_nothing_there_does_not_block)
{
    /* emu_uart_input_ready may be called spuriously. */
    struct env *e = env_new();
    emu_uart_input_ready(e->u);
    ck_assert(emu_uart_input_possible(e->u));
    env_free(e);
}
END_TEST

START_TEST(end_of_input_makes_input_impossible)
{
    /* emu_uart_input_possible: false after EOF; the fd is no longer polled,
     * but injection still works. */
    struct env *e = env_new();
    type(e, "z");
    close_fd(&e->in[1]);
    emu_uart_input_ready(e->u);
    ck_assert(emu_uart_input_possible(e->u));
    emu_uart_input_ready(e->u);
    ck_assert(!emu_uart_input_possible(e->u));
    ck_assert_int_eq(emu_uart_input_fd(e->u), -1);
    uint8_t buf[2];
    e->dev->ops->receive(e->dev, buf, 2);
    emu_uart_inject(e->u, (const uint8_t *)"!", 1);
    fx_run_deferred(&e->k);
    ck_assert_mem_eq(buf, "z!", 2);
    env_free(e);
}
END_TEST

START_TEST(no_input_fd_means_no_input)
{
    /* input_fd -1: nothing to poll, input impossible from the start. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.input_fd = -1;
    cfg.output_fd = STDERR_FILENO;
    struct emu_uart *u = emu_uart_new(&k, &cfg, NULL);
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(emu_uart_input_fd(u), -1);
    ck_assert(!emu_uart_input_possible(u));
    ck_assert_ptr_null(emu_uart_pty_path(u));
    emu_uart_free(u);
    fx_kernel_fini(&k);
}
END_TEST

START_TEST(bad_config_is_reported_in_err)
{
    /* style §3.2: user-supplied configuration errors name the input. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.output_fd = -1;
    struct emu_err err = {""};
    ck_assert_ptr_null(emu_uart_new(&k, &cfg, &err));
    ck_assert_str_eq(err.msg, "uart: output fd -1 is not an open file");
    emu_uart_config_init(&cfg);
    cfg.input_fd = 1000;
    ck_assert_ptr_null(emu_uart_new(&k, &cfg, &err));
    ck_assert_str_eq(err.msg, "uart: input fd 1000 is not an open file");
    emu_uart_config_init(&cfg);
    cfg.backend = (enum emu_uart_backend)7;
    ck_assert_ptr_null(emu_uart_new(&k, &cfg, &err));
    ck_assert_str_eq(err.msg, "uart: unknown backend 7");
    fx_kernel_fini(&k);
}
END_TEST

/* A pty UART whose announcement goes into a pipe. */
static struct emu_uart *pty_new(struct tk_kernel *k, int announce[2])
{
    ck_assert_int_eq(pipe(announce), 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.backend = EMU_UART_PTY;
    cfg.announce_fd = announce[1];
    cfg.pty_settle_ms = 0;
    struct emu_err err = {""};
    struct emu_uart *u = emu_uart_new(k, &cfg, &err);
    ck_assert_msg(u != NULL, "%s", err.msg);
    return u;
}

START_TEST(pty_announces_slave_and_carries_bytes_both_ways_raw)
{
    /* The pty backend prints its slave path; a terminal program opening it
     * sees the output unchanged (raw: no LF -> CR LF) and its keys arrive. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int announce[2];
    struct emu_uart *u = pty_new(&k, announce);
    const char *path = emu_uart_pty_path(u);
    ck_assert_ptr_nonnull(path);
    ck_assert(strncmp(path, "/dev/pts/", 9) == 0);
    char line[128] = {0}, want[128];
    drain_fd(announce[0], line, sizeof line - 1);
    snprintf(want, sizeof want, "tockemu: UART on %s\n", path);
    ck_assert_str_eq(line, want);

    int term = open(path, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(term, 0);
    struct tk_uart *dev = emu_uart_device(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    dev->client = &rec.client;
    static const uint8_t msg[] = "a\nb";
    ck_assert_int_eq(dev->ops->transmit(dev, msg, 3), 0);
    fx_run_deferred(&k);
    ck_assert_int_eq(rec.tx_rcode, 0);
    char got[16];
    struct pollfd pfd = {.fd = term, .events = POLLIN};
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    ck_assert_uint_eq(drain_fd(term, got, sizeof got), 3);
    ck_assert_mem_eq(got, "a\nb", 3);

    uint8_t buf[3];
    ck_assert_int_eq(dev->ops->receive(dev, buf, 3), 0);
    ck_assert_int_eq(write(term, "xy\r", 3), 3);
    pfd = (struct pollfd){.fd = emu_uart_input_fd(u), .events = POLLIN};
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    for (int i = 0; i < 10 && rec.received == 0; i++) {
        emu_uart_input_ready(u);
        fx_run_deferred(&k);
        if (rec.received == 0)
            (void)poll(&pfd, 1, 1000);
    }
    ck_assert_uint_eq(rec.received, 1);
    ck_assert_mem_eq(buf, "xy\r", 3);

    close(term);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
}
END_TEST

/* Read from `term` until `want` bytes came (bounded wait). */
static size_t read_term(int term, char *buf, size_t want)
{
    size_t got = 0;
    struct pollfd pfd = {.fd = term, .events = POLLIN};
    while (got < want && poll(&pfd, 1, 5000) == 1) {
        ssize_t n = read(term, buf + got, want - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

static struct emu_uart *pty_with_backlog(struct tk_kernel *k, int announce[2], size_t backlog,
                                         unsigned settle_ms)
{
    ck_assert_int_eq(pipe(announce), 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.backend = EMU_UART_PTY;
    cfg.announce_fd = announce[1];
    cfg.pty_backlog = backlog;
    cfg.pty_settle_ms = settle_ms;
    struct emu_err err = {""};
    struct emu_uart *u = emu_uart_new(k, &cfg, &err);
    ck_assert_msg(u != NULL, "%s", err.msg);
    return u;
}

START_TEST(pty_keeps_output_until_a_terminal_attaches_and_again_after_it_leaves)
{
    /* Issue 13 part 2: output written before `screen` attaches is kept and
     * shown when it does; a terminal program may leave and another come;
     * writing never blocks; input is read only while one is attached. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int announce[2];
    struct emu_uart *u = pty_with_backlog(&k, announce, EMU_UART_PTY_BACKLOG, 0);
    struct tk_uart *dev = emu_uart_device(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    dev->client = &rec.client;
    ck_assert(!emu_uart_pty_attached(u));
    ck_assert_int_eq(emu_uart_input_fd(u), -1);
    ck_assert_int_eq(dev->ops->transmit(dev, (const uint8_t *)"banner", 6), 0);
    fx_run_deferred(&k);
    ck_assert_int_eq(rec.tx_rcode, 0);
    ck_assert(emu_uart_input_possible(u));

    int term = open(emu_uart_pty_path(u), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(term, 0);
    ck_assert(emu_uart_pty_attached(u)); /* and the backlog went out */
    char got[16] = {0};
    ck_assert_uint_eq(read_term(term, got, 6), 6);
    ck_assert_mem_eq(got, "banner", 6);
    uint8_t buf[1];
    dev->ops->receive(dev, buf, 1);
    ck_assert_int_eq(write(term, "k", 1), 1);
    struct pollfd pfd = {.fd = emu_uart_input_fd(u), .events = POLLIN};
    ck_assert_int_ge(pfd.fd, 0);
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    emu_uart_input_ready(u);
    fx_run_deferred(&k);
    ck_assert_uint_eq(rec.received, 1);
    ck_assert_int_eq(buf[0], 'k');
    close(term);

    /* Gone: kept again, for the next one. */
    ck_assert(!emu_uart_pty_attached(u));
    ck_assert_int_eq(dev->ops->transmit(dev, (const uint8_t *)"missed", 6), 0);
    fx_run_deferred(&k);
    term = open(emu_uart_pty_path(u), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(term, 0);
    ck_assert(emu_uart_pty_attached(u));
    ck_assert_uint_eq(read_term(term, got, 6), 6);
    ck_assert_mem_eq(got, "missed", 6);
    close(term);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
}
END_TEST

START_TEST(pty_backlog_keeps_the_newest_bytes_within_its_bound)
{
    /* Issue 13 part 2: kept "within a bound": the newest bytes, the older
     * ones dropped and counted. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int announce[2];
    struct emu_uart *u = pty_with_backlog(&k, announce, 4, 0);
    struct tk_uart *dev = emu_uart_device(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    dev->client = &rec.client;
    ck_assert_int_eq(dev->ops->transmit(dev, (const uint8_t *)"abcdefgh", 8), 0);
    fx_run_deferred(&k);
    ck_assert_uint_eq(emu_uart_dropped(u), 4);
    int term = open(emu_uart_pty_path(u), O_RDWR | O_NOCTTY);
    ck_assert(emu_uart_pty_attached(u));
    char got[8];
    ck_assert_uint_eq(read_term(term, got, 4), 4);
    ck_assert_mem_eq(got, "efgh", 4);
    close(term);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
}
END_TEST

START_TEST(pty_kept_output_survives_the_terminal_programs_set_up)
{
    /* Issue 13 part 2: kept output reaches the first terminal program even
     * if it flushes its input while it sets the pty up, as picocom's
     * tcsetattr(TCSAFLUSH) does right after open: the model waits until the
     * program has held the pty a moment (it may look in between). */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int announce[2];
    struct emu_uart *u = pty_with_backlog(&k, announce, EMU_UART_PTY_BACKLOG, 50);
    struct tk_uart *dev = emu_uart_device(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    dev->client = &rec.client;
    ck_assert_int_eq(dev->ops->transmit(dev, (const uint8_t *)"banner", 6), 0);
    fx_run_deferred(&k);
    int term = open(emu_uart_pty_path(u), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(term, 0);
    (void)emu_uart_pty_attached(u); /* the board looks before the set-up */
    struct pollfd ready = {.fd = term, .events = POLLIN};
    (void)poll(&ready, 1, 100); /* bytes written now would be there by then */
    struct termios tio;
    ck_assert_int_eq(tcgetattr(term, &tio), 0);
    cfmakeraw(&tio);
    ck_assert_int_eq(tcsetattr(term, TCSAFLUSH, &tio), 0);
    gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    while (!emu_uart_pty_attached(u)) {
        ck_assert(g_get_monotonic_time() < deadline);
        struct pollfd none = {.fd = -1};
        (void)poll(&none, 1, 5);
    }
    char got[8];
    ck_assert_uint_eq(read_term(term, got, 6), 6);
    ck_assert_mem_eq(got, "banner", 6);
    close(term);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
}
END_TEST

/* A terminal program slow to read: after a fifth of a second it reads what
 * the pty has (or nothing, if the pty went away first). */
struct slow_reader {
    int term;
    char got[32];
    size_t len;
};

static gpointer slow_read(gpointer data)
{
    struct slow_reader *r = data;
    (void)poll(NULL, 0, 200);
    r->len = read_term(r->term, r->got, 10);
    return NULL;
}

START_TEST(pty_last_output_reaches_a_slow_terminal_program)
{
    /* Issue 13 part 2: closing the pty hangs the slave up, and the hang-up
     * throws away what the terminal program has not read yet: the model
     * waits (bounded) until it has read the last output. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int announce[2];
    struct emu_uart *u = pty_with_backlog(&k, announce, EMU_UART_PTY_BACKLOG, 0);
    struct tk_uart *dev = emu_uart_device(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    dev->client = &rec.client;
    struct slow_reader reader = {.term = open(emu_uart_pty_path(u), O_RDWR | O_NOCTTY)};
    ck_assert_int_ge(reader.term, 0);
    ck_assert(emu_uart_pty_attached(u));
    ck_assert_int_eq(dev->ops->transmit(dev, (const uint8_t *)"last words", 10), 0);
    fx_run_deferred(&k);
    GThread *thread = g_thread_new("slow-reader", slow_read, &reader);
    emu_uart_free(u);
    g_thread_join(thread);
    ck_assert_uint_eq(reader.len, 10);
    ck_assert_mem_eq(reader.got, "last words", 10);
    close(reader.term);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
}
END_TEST

/* The byte at offset `i` of a long transmission: a loss, a repeat or a
 * reordering anywhere shows as a mismatch. */
static uint8_t pattern_byte(size_t i)
{
    return (uint8_t)(i * 7 + i / 251);
}

enum { SLOW_TOTAL = 512 * 1024, SLOW_CHUNK = 64 };

/* Transmit SLOW_TOTAL pattern bytes in SLOW_CHUNK pieces while the reader
 * `term` takes none (far more than a pty or socket holds), then read them
 * all, letting the model hand on what waits (emu_uart_all_attached) each
 * time the reader has made room. Every wait is bounded by an event (the
 * reader's fd readable within 5 s), none by a time. */
static void expect_slow_reader_gets_everything(struct tk_kernel *k, struct emu_uart *u, int term)
{
    struct tk_uart *dev = emu_uart_device(u);
    struct rec rec = {.client = {rec_transmitted, rec_received}};
    dev->client = &rec.client;
    static uint8_t chunk[SLOW_CHUNK];
    bool waited = false;
    for (size_t at = 0; at < SLOW_TOTAL; at += SLOW_CHUNK) {
        for (size_t i = 0; i < SLOW_CHUNK; i++)
            chunk[i] = pattern_byte(at + i);
        ck_assert_int_eq(dev->ops->transmit(dev, chunk, SLOW_CHUNK), 0);
        fx_run_deferred(k);
        ck_assert_int_eq(rec.tx_rcode, 0);
        ck_assert_uint_eq(rec.tx_len, SLOW_CHUNK);
        waited = waited || !emu_uart_all_attached(u);
    }
    static uint8_t got[4096];
    size_t seen = 0;
    while (seen < SLOW_TOTAL) {
        struct pollfd pfd = {.fd = term, .events = POLLIN};
        ck_assert_msg(poll(&pfd, 1, 5000) == 1, "output stopped after %zu of %d bytes", seen,
                      SLOW_TOTAL);
        ssize_t n = read(term, got, sizeof got);
        ck_assert_int_gt(n, 0);
        ssize_t same = 0; /* one check per read: each ck_assert costs a write to Check */
        while (same < n && got[same] == pattern_byte(seen + (size_t)same))
            same++;
        ck_assert_msg(same == n, "byte %zu differs", seen + (size_t)same);
        seen += (size_t)n;
        (void)emu_uart_all_attached(u); /* the host loop's look: what waits goes */
    }
    ck_assert(emu_uart_all_attached(u));
    ck_assert_uint_eq(emu_uart_dropped(u), 0);
    ck_assert_msg(waited, "the reader's fd never filled: the test proves nothing");
}

START_TEST(pty_output_a_slow_terminal_program_cannot_take_yet_waits_and_follows)
{
    /* Issue 13 part 4: a burst the terminal program reads slower than the
     * board writes reaches it whole, in order, within the kept bound; the
     * board is never held up (every transmit completes at once). */
    struct tk_kernel k;
    fx_kernel_init(&k);
    int announce[2];
    struct emu_uart *u = pty_with_backlog(&k, announce, 2 * SLOW_TOTAL, 0);
    int term = open(emu_uart_pty_path(u), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(term, 0);
    ck_assert(emu_uart_pty_attached(u));
    expect_slow_reader_gets_everything(&k, u, term);
    close(term);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
}
END_TEST

START_TEST(socket_output_a_slow_client_cannot_take_yet_waits_and_follows)
{
    /* Issue 13 parts 1 and 4: the same over a Unix socket (socat, nc): a
     * socket is full after a few hundred small writes, and what it cannot
     * take waits, in order, instead of being dropped. */
    struct tk_kernel k;
    fx_kernel_init(&k);
    char *dir = g_dir_make_tmp("tockemu-uart-XXXXXX", NULL);
    char *path = g_build_filename(dir, "console", NULL);
    char *address = g_strdup_printf("unix:%s", path);
    int announce[2];
    ck_assert_int_eq(pipe(announce), 0);
    struct emu_uart_config cfg;
    emu_uart_config_init(&cfg);
    cfg.backend = EMU_UART_SOCKET;
    cfg.listen = address;
    cfg.announce_fd = announce[1];
    cfg.pty_backlog = 2 * SLOW_TOTAL;
    struct emu_err err = {""};
    struct emu_uart *u = emu_uart_new(&k, &cfg, &err);
    ck_assert_msg(u != NULL, "%s", err.msg);
    int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    g_strlcpy(sun.sun_path, path, sizeof sun.sun_path);
    ck_assert_int_eq(connect(client, (struct sockaddr *)&sun, sizeof sun), 0);
    ck_assert(emu_uart_pty_attached(u)); /* accepted */
    expect_slow_reader_gets_everything(&k, u, client);
    close(client);
    emu_uart_free(u);
    fx_kernel_fini(&k);
    close(announce[0]);
    close(announce[1]);
    g_rmdir(dir);
    g_free(address), g_free(path), g_free(dir);
}
END_TEST

/* The board's console stack: console and low-level debug capsules on UART
 * mux devices over the stdio model. */
struct stack {
    struct env *e;
    struct tk_mux_uart mux;
    struct tk_uart_device console_device, debug_device;
    struct tk_console console;
    struct tk_low_level_debug lld;
    struct tk_process *p;
};

static void stack_init(struct stack *st)
{
    st->e = env_new();
    tk_mux_uart_init(&st->mux, &st->e->k, st->e->dev);
    tk_uart_device_init(&st->console_device, &st->mux, true);
    tk_uart_device_init(&st->debug_device, &st->mux, false);
    tk_console_init(&st->console, &st->e->k, &st->console_device.uart);
    tk_low_level_debug_init(&st->lld, &st->debug_device.uart);
    ck_assert_int_eq(tk_kernel_add_driver(&st->e->k, &st->console.driver), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&st->e->k, &st->lld.driver), 0);
    st->p = fx_process_new(&st->e->k, "app", 0);
}

START_TEST(app_output_reaches_the_host_byte_exact_through_the_mux)
{
    /* spec §8.2, §8.6: console writes (chunked) and debug lines share the
     * UART, each line whole, in request order, bytes unchanged. */
    struct stack st;
    stack_init(&st);
    struct env *e = st.e;
    struct tk_process *p = st.p;
    char *text = fx_ram(p, 0x100);
    for (int i = 0; i < 100; i++)
        text[i] = (char)(i == 99 ? '\n' : 'a' + i % 26);
    fx_allow_ro(&e->k, p, TK_DRIVER_NUM_CONSOLE, 1, fx_addr(p, 0x100), 100);
    fx_subscribe(&e->k, p, TK_DRIVER_NUM_CONSOLE, 1, fx_upcall_fn(p, 1), 0);
    fx_assert_success(fx_command(&e->k, p, TK_DRIVER_NUM_CONSOLE, 1, 100, 0));
    fx_assert_success(fx_command(&e->k, p, TK_DRIVER_NUM_LOW_LEVEL_DEBUG, 2, 0x2a, 0));
    fake_run_deferred_all(&e->k);
    fake_expect_call(p, TK_DRIVER_NUM_CONSOLE, 1, 100, 0, 0);

    char got[256], want[256];
    size_t n = drain_fd(e->out[0], got, sizeof got);
    memcpy(want, text, 64);
    int m = snprintf(want + 64, sizeof want - 64, "LowLevelDebug: App 0x%x prints 0x2a\n", p->id);
    memcpy(want + 64 + m, text + 64, 36);
    ck_assert_uint_eq(n, 100 + (size_t)m);
    ck_assert_mem_eq(got, want, n);
    env_free(e);
}
END_TEST

START_TEST(app_read_gets_host_input_through_the_mux)
{
    /* spec §8.2: a console read is filled from host input (here typed before
     * the read) and reported with (0, len). */
    struct stack st;
    stack_init(&st);
    struct env *e = st.e;
    struct tk_process *p = st.p;
    type(e, "hey");
    emu_uart_input_ready(e->u);
    fx_allow_rw(&e->k, p, TK_DRIVER_NUM_CONSOLE, 1, fx_addr(p, 0x200), 8);
    fx_subscribe(&e->k, p, TK_DRIVER_NUM_CONSOLE, 2, fx_upcall_fn(p, 2), 0);
    fx_assert_success(fx_command(&e->k, p, TK_DRIVER_NUM_CONSOLE, 2, 3, 0));
    fake_run_deferred_all(&e->k);
    fake_expect_call(p, TK_DRIVER_NUM_CONSOLE, 2, 0, 3, 0);
    ck_assert_mem_eq(fx_ram(p, 0x200), "hey", 3);
    env_free(e);
}
END_TEST

Suite *uart_model_suite(void)
{
    Suite *s = suite_create("uart_model");
    TCase *tc = tcase_create("stdio transmit");
    tcase_add_test(tc, transmit_writes_at_once_and_reports_from_deferred_call);
    tcase_add_test(tc, transmit_is_byte_exact);
    tcase_add_test(tc, transmit_zero_is_size_and_second_is_busy_until_reported);
    tcase_add_test(tc, transmit_error_reports_fail);
    suite_add_tcase(s, tc);

    tc = tcase_create("stdio receive");
    tcase_add_test(tc, receive_gets_bytes_when_input_fd_is_ready);
    tcase_add_test(tc, input_typed_ahead_is_kept_for_a_later_receive);
    tcase_add_test(tc, receive_zero_is_size_and_second_is_busy);
    tcase_add_test(tc, abort_reports_cancel_with_bytes_so_far);
    tcase_add_test(tc, inject_feeds_receive_in_order_after_fd_input);
    tcase_add_test(tc, input_ready_with_nothing_there_does_not_block);
    tcase_add_test(tc, end_of_input_makes_input_impossible);
    tcase_add_test(tc, no_input_fd_means_no_input);
    tcase_add_test(tc, bad_config_is_reported_in_err);
    suite_add_tcase(s, tc);

    tc = tcase_create("pty");
    tcase_add_test(tc, pty_announces_slave_and_carries_bytes_both_ways_raw);
    tcase_add_test(tc, pty_keeps_output_until_a_terminal_attaches_and_again_after_it_leaves);
    tcase_add_test(tc, pty_backlog_keeps_the_newest_bytes_within_its_bound);
    tcase_add_test(tc, pty_kept_output_survives_the_terminal_programs_set_up);
    tcase_add_test(tc, pty_last_output_reaches_a_slow_terminal_program);
    tcase_add_test(tc, pty_output_a_slow_terminal_program_cannot_take_yet_waits_and_follows);
    tcase_add_test(tc, socket_output_a_slow_client_cannot_take_yet_waits_and_follows);
    suite_add_tcase(s, tc);

    tc = tcase_create("console stack");
    tcase_add_test(tc, app_output_reaches_the_host_byte_exact_through_the_mux);
    tcase_add_test(tc, app_read_gets_host_input_through_the_mux);
    suite_add_tcase(s, tc);
    return s;
}
