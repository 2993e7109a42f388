/* Low-level debug capsule: alert codes and numbers from apps, one line each.
 *
 * Mirrors tock/tock capsules/core/src/low_level_debug/{mod,fmt}.rs @65608d71;
 * spec §8.6.
 *
 * Syscall interface, driver 0x8:
 *
 *   command | args       | result | prints
 *   --------+------------+--------+------------------------------------------
 *   0       | -          | S      | -
 *   1       | code       | S      | LowLevelDebug: App 0x<n> alert code 0x<c>\n
 *   2       | a          | S      | LowLevelDebug: App 0x<n> prints 0x<a>\n
 *   3       | a, b       | S      | LowLevelDebug: App 0x<n> prints 0x<a> 0x<b>\n
 *   other   |            | F(NOSUPPORT)
 *
 * Numbers are lowercase hex without leading zeros. Alert 0x01 = app panic,
 * 0x02 = statically linked app at the wrong address. Subscribe and allow:
 * none (the grant holds only the queue).
 *
 * A line goes out at once if the UART buffer is free; otherwise it waits in
 * the caller's grant, a 4-entry queue. When the queue is full the last entry
 * becomes a drop counter (starting at 2: the overwritten entry and the new
 * one), printed as `LowLevelDebug: Dropped 0x<k> entries for app 0x<n>\n`.
 * After each line the first process in slot order with a queued entry goes
 * next. If the grant cannot be allocated, `LowLevelDebug: grant init
 * failed\n` is printed when the UART is next free.
 *
 * <n> is the ProcessId (ProcessId::id(), as upstream prints it); it equals
 * the slot number until a process restarts. A process that is gone has its
 * queue dropped with its grant.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "container_of.h"
#include "low_level_debug.h"

#define LLD_QUEUE_SIZE 4 /* low_level_debug QUEUE_SIZE */

enum lld_entry_kind {
    LLD_ENTRY_NONE = 0,
    LLD_ENTRY_DROPPED, /* a: count */
    LLD_ENTRY_ALERT,   /* a: code */
    LLD_ENTRY_PRINT1,  /* a */
    LLD_ENTRY_PRINT2,  /* a, b */
};

struct lld_entry {
    enum lld_entry_kind kind;
    uint32_t a, b;
};

/* Per-process grant data (low_level_debug AppData). */
struct lld_app {
    struct lld_entry queue[LLD_QUEUE_SIZE];
};

/* The longest line, "LowLevelDebug: Dropped 0xffffffff entries for app
 * 0xffffffff\n", is 61 bytes: with snprintf's NUL every line fits, so none
 * is ever cut short (fmt.rs WriteAdapter would leave a piece out). */
_Static_assert(TK_LOW_LEVEL_DEBUG_BUF_LEN >= 62, "low-level debug lines must fit the buffer");

/* Format `e` for app `app_num` into the buffer, numbers as Rust's `0x{:x}`;
 * returns the length (fmt.rs format_entry). */
static size_t lld_format(struct tk_low_level_debug *d, uint32_t app_num, struct lld_entry e)
{
    char *buf = (char *)d->buffer;
    int n;
    switch (e.kind) {
    case LLD_ENTRY_DROPPED:
        n = snprintf(buf, sizeof d->buffer,
                     "LowLevelDebug: Dropped 0x%" PRIx32 " entries for app 0x%" PRIx32 "\n", e.a,
                     app_num);
        break;
    case LLD_ENTRY_ALERT:
        n = snprintf(buf, sizeof d->buffer,
                     "LowLevelDebug: App 0x%" PRIx32 " alert code 0x%" PRIx32 "\n", app_num, e.a);
        break;
    case LLD_ENTRY_PRINT2:
        n = snprintf(buf, sizeof d->buffer,
                     "LowLevelDebug: App 0x%" PRIx32 " prints 0x%" PRIx32 " 0x%" PRIx32 "\n",
                     app_num, e.a, e.b);
        break;
    default: /* LLD_ENTRY_PRINT1 */
        n = snprintf(buf, sizeof d->buffer,
                     "LowLevelDebug: App 0x%" PRIx32 " prints 0x%" PRIx32 "\n", app_num, e.a);
        break;
    }
    return (size_t)n;
}

/* Send the buffer's first `len` bytes; on refusal the buffer is free again
 * and the line is lost (upstream ignores the error too). */
static void lld_transmit(struct tk_low_level_debug *d, size_t len)
{
    d->buffer_busy = true;
    if (d->uart->ops->transmit(d->uart, d->buffer, len) != 0)
        d->buffer_busy = false;
}

/* Print `e` now if the UART buffer is free, else queue it in the caller's
 * grant (low_level_debug push_entry). */
static void lld_push(struct tk_low_level_debug *d, struct tk_process *p, struct lld_entry e)
{
    if (!d->buffer_busy) {
        lld_transmit(d, lld_format(d, p->id, e));
        return;
    }
    int err = 0;
    struct lld_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL) {
        d->grant_failed = true;
        return;
    }
    for (unsigned i = 0; i < LLD_QUEUE_SIZE; i++) {
        if (app->queue[i].kind == LLD_ENTRY_NONE) {
            app->queue[i] = e;
            return;
        }
    }
    /* Full: the last slot counts drops; a new counter starts at 2 (the entry
     * it overwrites and this one). */
    struct lld_entry *last = &app->queue[LLD_QUEUE_SIZE - 1];
    if (last->kind == LLD_ENTRY_DROPPED)
        last->a++;
    else
        *last = (struct lld_entry){LLD_ENTRY_DROPPED, 2, 0};
}

static struct tk_cmd_return lld_command(struct tk_driver *driver, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_low_level_debug *d = driver->state;

    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        lld_push(d, p, (struct lld_entry){LLD_ENTRY_ALERT, arg0, 0});
        break;
    case 2:
        lld_push(d, p, (struct lld_entry){LLD_ENTRY_PRINT1, arg0, 0});
        break;
    case 3:
        lld_push(d, p, (struct lld_entry){LLD_ENTRY_PRINT2, arg0, arg1});
        break;
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
    return tk_cmd_success();
}

/* Take the head of `app`'s queue: rotate left by one and take the last slot,
 * exactly as upstream. */
static struct lld_entry lld_pop(struct lld_app *app)
{
    struct lld_entry first = app->queue[0];
    memmove(&app->queue[0], &app->queue[1], sizeof app->queue[0] * (LLD_QUEUE_SIZE - 1));
    app->queue[LLD_QUEUE_SIZE - 1] = (struct lld_entry){LLD_ENTRY_NONE, 0, 0};
    return first;
}

/* A line went out: print the grant-failure notice, or the next queued entry
 * of the first process (slot order) that has one, or free the buffer. */
static void lld_transmitted(struct tk_uart_client *client, const uint8_t *buf, size_t len,
                            int rcode)
{
    static const char grant_failed[] = "LowLevelDebug: grant init failed\n";
    struct tk_low_level_debug *d = tk_container_of(client, struct tk_low_level_debug, uart_client);
    (void)buf;
    (void)len;
    (void)rcode;

    d->buffer_busy = false;
    if (d->grant_failed) {
        d->grant_failed = false;
        memcpy(d->buffer, grant_failed, sizeof grant_failed - 1);
        lld_transmit(d, sizeof grant_failed - 1);
        return;
    }
    unsigned slot = 0;
    void *data;
    struct tk_process *p;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct lld_entry e = lld_pop(data);
        if (e.kind == LLD_ENTRY_NONE)
            continue;
        lld_transmit(d, lld_format(d, p->id, e));
        return;
    }
}

static const struct tk_driver_ops lld_ops = {
    .command = lld_command,
    .has_grant = true,
    .grant_size = sizeof(struct lld_app),
};

void tk_low_level_debug_init(struct tk_low_level_debug *d, struct tk_uart *uart)
{
    *d = (struct tk_low_level_debug){
        .driver = {.number = TK_DRIVER_NUM_LOW_LEVEL_DEBUG, .ops = &lld_ops, .state = d},
        .uart = uart,
        .uart_client = {.transmitted = lld_transmitted},
    };
    uart->client = &d->uart_client;
}
