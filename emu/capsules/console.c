/* Console capsule: userspace writes and reads bytes over a shared UART.
 *
 * Mirrors tock/tock capsules/core/src/console.rs @65608d71; spec §8.2, §10.36.
 *
 * Syscall interface, driver 0x1:
 *
 *   command | arg0 | result
 *   --------+------+--------------------------------------------------------
 *   0       | -    | S
 *   1       | len  | S: write min(len, RO allow 1 length) bytes. If another
 *           |      | write (any process) is on the UART, this one is marked
 *           |      | pending and started later, in grant (slot) order
 *   2       | len  | S: read min(len, RW allow 1 length) bytes;
 *           |      | F(BUSY) if any read is in progress (one reader system-wide);
 *           |      | F(INVAL) if that length exceeds the 64-byte RX buffer;
 *           |      | F(SIZE) (or the UART's code) if the UART refuses it
 *   3       | -    | S: abort the current read (result of the UART ignored)
 *   other   |      | F(NOSUPPORT)
 *   Every command first enters the caller's grant: F(NOMEM)/F(FAIL) if that
 *   fails, before the command number is looked at.
 *
 *   subscribe | upcall (a0, a1, a2)
 *   ----------+----------------------------------------------------------
 *   1         | write done: (bytes_written, 0, 0), once per command 1
 *   2         | read done: (status, bytes_received, 0); status 0 = OK,
 *             | SIZE if more bytes arrived than the RW buffer now holds
 *             | (bytes = buffer length), the UART's code after an abort
 *             | (CANCEL, bytes so far), FAIL on a UART error (bytes 0)
 *
 *   allow      | holds
 *   -----------+--------------------------------------------
 *   RO 1       | the bytes to write (slot 0 exists, unused)
 *   RW 1       | the read destination (slot 0 exists, unused)
 *   Counts: upcalls 3, RO 2, RW 2 (spec §10.36).
 *
 * Writes go out in 64-byte chunks through the kernel TX buffer; the app's
 * buffer is re-read for every chunk, so it must stay allowed until the upcall.
 * A write whose chunk the UART refuses at once (length 0) completes on the
 * spot with the upcall reporting the requested length.
 *
 * Asynchronous operations name their process by ProcessId; when it completes
 * and that process is gone (exited, restarted), the result is dropped, as
 * Tock's failed grant entry does. The RX buffer then stays lent until the
 * UART finishes the read, as upstream.
 *
 * Quirks kept from upstream: a command 1 while the caller's own write is on
 * the UART replaces that write's remaining bytes; a zero-length write issued
 * while another process's write is on the UART never gets its upcall; a write
 * whose allowed buffer shrank under it ends early, and if that happens
 * between chunks the app gets two upcalls (written so far, then 0).
 *
 * Deviation: the NOMEM read status ("no RW buffer could be entered") cannot
 * happen here: with the grant entered, an allow slot always reads.
 */
#include <stddef.h>
#include <string.h>

#include "console.h"
#include "container_of.h"

enum console_upcall {
    CONSOLE_UPCALL_WRITE_DONE = 1,
    CONSOLE_UPCALL_READ_DONE = 2,
    CONSOLE_UPCALL_COUNT = 3,
};

enum console_ro_allow {
    CONSOLE_RO_WRITE = 1,
    CONSOLE_RO_COUNT = 2,
};

enum console_rw_allow {
    CONSOLE_RW_READ = 1,
    CONSOLE_RW_COUNT = 2,
};

/* Per-process grant data (console.rs App). */
struct console_app {
    uint32_t write_len;       /* bytes this write will report */
    uint32_t write_remaining; /* bytes not yet handed to the UART */
    bool pending_write;       /* waiting for the UART to be free */
    uint32_t read_len;
};

/* Report the end of `p`'s write. */
static void console_write_done(struct tk_console *c, struct tk_process *p, struct console_app *app)
{
    uint32_t written = app->write_len;
    app->write_len = 0;
    (void)tk_upcall_schedule(&c->driver, p, CONSOLE_UPCALL_WRITE_DONE, written, 0, 0);
}

/* Hand the next chunk of `p`'s write to the UART, or mark it pending if the
 * UART is taken (console.rs send). */
static void console_send(struct tk_console *c, struct tk_process *p, struct console_app *app)
{
    if (c->tx_in_progress) {
        app->pending_write = true;
        return;
    }
    c->tx_in_progress = true;
    c->tx_process = p->id;

    /* Re-read the allow: the app may have swapped the buffer (spec §3.4). */
    struct tk_buffer write = tk_allow_ro_get(&c->driver, p, CONSOLE_RO_WRITE);
    size_t chunk = 0;
    if (app->write_len > write.len) {
        /* The buffer shrank under the write: end it with what went out. */
        app->write_len -= app->write_remaining;
        app->write_remaining = 0;
    } else {
        chunk = tk_min_size(app->write_remaining, sizeof c->tx_buffer);
        if (chunk > 0)
            memcpy(c->tx_buffer, write.ptr + (app->write_len - app->write_remaining), chunk);
    }
    app->write_remaining -= (uint32_t)chunk;

    if (c->uart->ops->transmit(c->uart, c->tx_buffer, chunk) != 0) {
        /* spec §8.2: the UART refused (zero length): no transmitted() will
         * come, so the write completes now, during the command. */
        c->tx_in_progress = false;
        console_write_done(c, p, app);
    }
}

/* Continue `p`'s write; true if a chunk is now on the UART. */
static bool console_send_continue(struct tk_console *c, struct tk_process *p,
                                  struct console_app *app)
{
    if (app->write_remaining == 0)
        return false;
    console_send(c, p, app);
    return c->tx_in_progress;
}

static struct tk_cmd_return console_write(struct tk_console *c, struct tk_process *p,
                                          struct console_app *app, uint32_t len)
{
    struct tk_buffer write = tk_allow_ro_get(&c->driver, p, CONSOLE_RO_WRITE);
    app->write_len = (uint32_t)tk_min_size(write.len, len);
    app->write_remaining = app->write_len;
    console_send(c, p, app);
    return tk_cmd_success();
}

static struct tk_cmd_return console_read(struct tk_console *c, struct tk_process *p,
                                         struct console_app *app, uint32_t len)
{
    /* spec §8.2: one reader system-wide; competing apps retry. */
    if (c->rx_busy)
        return tk_cmd_failure(TK_BUSY);
    struct tk_buffer read = tk_allow_rw_get(&c->driver, p, CONSOLE_RW_READ);
    size_t read_len = tk_min_size(read.len, len);
    if (read_len > sizeof c->rx_buffer)
        return tk_cmd_failure(TK_INVAL); /* no incremental reads */

    app->read_len = (uint32_t)read_len;
    c->rx_busy = true;
    c->rx_in_progress = true;
    c->rx_process = p->id;
    int rc = c->uart->ops->receive(c->uart, c->rx_buffer, read_len);
    if (rc != 0) {
        c->rx_busy = false;
        c->rx_in_progress = false;
        return tk_cmd_failure((enum tk_errorcode)rc);
    }
    return tk_cmd_success();
}

static struct tk_cmd_return console_command(struct tk_driver *d, struct tk_process *p,
                                            uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_console *c = d->state;
    (void)arg1;

    /* console.rs enters the grant before looking at the command number. */
    int err = 0;
    struct console_app *app = tk_grant_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return console_write(c, p, app, arg0);
    case 2:
        return console_read(c, p, app, arg0);
    case 3:
        (void)c->uart->ops->receive_abort(c->uart);
        return tk_cmd_success();
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* The grant of the process `id`, or NULL if it is gone (Grant::enter fails). */
static struct console_app *console_app_of(struct tk_console *c, uint32_t id, struct tk_process **p)
{
    return tk_grant_get_by_id(&c->driver, id, p);
}

/* A chunk went out: continue that write or report it, then start the next
 * pending write in grant order (console.rs transmitted_buffer). */
static void console_transmitted(struct tk_uart_client *client, const uint8_t *buf, size_t len,
                                int rcode)
{
    struct tk_console *c = tk_container_of(client, struct tk_console, uart_client);
    (void)buf;
    (void)len;
    (void)rcode; /* upstream ignores it too */

    if (c->tx_in_progress) {
        c->tx_in_progress = false;
        struct tk_process *p;
        struct console_app *app = console_app_of(c, c->tx_process, &p);
        if (app != NULL && !console_send_continue(c, p, app))
            console_write_done(c, p, app);
    }

    unsigned slot = 0;
    void *data;
    struct tk_process *p;
    while (!c->tx_in_progress && (p = tk_grant_next(&c->driver, &slot, &data)) != NULL) {
        struct console_app *app = data;
        if (!app->pending_write)
            continue;
        app->pending_write = false;
        if (console_send_continue(c, p, app))
            break;
    }
}

/* Deliver a finished read to its process (console.rs received_buffer). */
static void console_deliver_read(struct tk_console *c, struct tk_process *p, const uint8_t *buf,
                                 size_t rx_len, int rcode)
{
    if (rcode == TK_FAIL) {
        /* A UART error other than an abort. */
        (void)tk_upcall_schedule(&c->driver, p, CONSOLE_UPCALL_READ_DONE, TK_FAIL, 0, 0);
        return;
    }
    struct tk_buffer read = tk_allow_rw_get(&c->driver, p, CONSOLE_RW_READ);
    size_t count = tk_min_size(read.len, rx_len);
    if (count > 0)
        memcpy(read.ptr, buf, count);
    /* spec §8.2: report what fits; SIZE says bytes were dropped. */
    uint32_t status = (uint32_t)rcode;
    if (rx_len > read.len)
        status = TK_SIZE;
    (void)tk_upcall_schedule(&c->driver, p, CONSOLE_UPCALL_READ_DONE, status, (uint32_t)count, 0);
}

static void console_received(struct tk_uart_client *client, uint8_t *buf, size_t len, int rcode)
{
    struct tk_console *c = tk_container_of(client, struct tk_console, uart_client);

    if (c->rx_in_progress) {
        c->rx_in_progress = false;
        struct tk_process *p;
        if (console_app_of(c, c->rx_process, &p) != NULL)
            console_deliver_read(c, p, buf, len, rcode);
    }
    /* Whatever happened, the RX buffer is ours again. */
    c->rx_busy = false;
}

static const struct tk_driver_ops console_ops = {
    .command = console_command,
    .has_grant = true,
    .grant_size = sizeof(struct console_app),
    .upcall_count = CONSOLE_UPCALL_COUNT,
    .allow_ro_count = CONSOLE_RO_COUNT,
    .allow_rw_count = CONSOLE_RW_COUNT,
};

void tk_console_init(struct tk_console *c, struct tk_kernel *k, struct tk_uart *uart)
{
    *c = (struct tk_console){
        .driver = {.number = TK_DRIVER_NUM_CONSOLE, .ops = &console_ops, .state = c, .kernel = k},
        .uart = uart,
        .uart_client = {.transmitted = console_transmitted, .received = console_received},
    };
    uart->client = &c->uart_client;
}
