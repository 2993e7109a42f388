/* IPC Relay Request, driver 0xA0010: one-copy request and response between apps.
 *
 * Mirrors tock/tock capsules/core/src/ipc/ipc_relay_request.rs on the
 * dev/ipc-initial branch (PR 5015; reference text PR 5016 §4.1), not in
 * @65608d71. Built only with the revised-IPC board option.
 *
 * A client copies its RO allow 0 into the server's RW allow 0 (request); the
 * server copies its RO allow 0 into the client's RW allow 0 (response). No
 * bytes are kept in the capsule. A client has one request outstanding; a
 * server serves one request at a time.
 *
 *   command | arg0, arg1     | result
 *   --------+----------------+-----------------------------------------------------
 *   0       | -              | S
 *   0x10    | server id lo,hi| client: send request: S and upcall 1 on the server
 *           |                | (client id lo, hi, 0); F(ALREADY) a transaction is
 *           |                | open; F(UNINSTALLED) server not taking requests;
 *           |                | F(NODEVICE) no such server (restarted, no grant)
 *   0x11    | -              | client: cancel: S and upcall 0 (CANCEL, 0, 0);
 *           |                | F(INVAL) no request open
 *   0x20    | -              | server: take requests: S
 *   0x21    | -              | server: stop taking them; every client waiting on
 *           |                | it gets upcall 0 (UNINSTALLED, 0, 0): S
 *   0x22    | -              | server: take the next request, clients in round
 *           |                | robin: S(u32 length, u64 client id); F64(SIZE,
 *           |                | client id) truncated to the RW allow; F64(err, 0):
 *           |                | ALREADY serving one, NODEVICE none waiting,
 *           |                | INVAL a buffer never allowed
 *   0x23    | client id lo,hi| server: the same from one client only
 *   0x24    | -              | server: respond: S and upcall 0 on the client
 *           |                | (0 or SIZE, length, 0); F(INVAL) not serving;
 *           |                | F(NODEVICE) the client cancelled or is gone
 *   other   |                | F(NOSUPPORT)
 *
 *   upcall 0: client, response received (status, length, 0)
 *   upcall 1: server, request waiting (client id low, high, 0)
 *   RO allow 0: what this process sends; RW allow 0: where it receives
 *
 * Where the text is silent or the code and text differ (docs/sharing.md):
 * - 0x22 serves waiting clients round robin from the slot after the last one
 *   served, as the text asks ("SHOULD ... round robin"); the reference code
 *   takes the last match in slot order (its TODO says so).
 * - A buffer never allowed fails the copy with INVAL (ProcessBuffer::enter
 *   on a default buffer: NoSuchApp -> INVAL); one allowed with length 0
 *   copies nothing.
 * - As in the reference, nothing happens when a party dies: a client whose
 *   server died waits until it cancels (the text: clients SHOULD time out).
 */
#include <string.h>

#include "ipc_identifier.h"
#include "ipc_revised.h"

enum relay_upcall { RELAY_UP_RESPONSE = 0, RELAY_UP_REQUEST_WAITING, RELAY_UP_COUNT };
enum relay_allow_ro { RELAY_RO_SEND = 0, RELAY_RO_COUNT };
enum relay_allow_rw { RELAY_RW_RECEIVE = 0, RELAY_RW_COUNT };
enum relay_command {
    RELAY_CMD_EXISTS = 0,
    RELAY_CMD_SEND_REQUEST = 0x10,
    RELAY_CMD_CANCEL = 0x11,
    RELAY_CMD_ENABLE = 0x20,
    RELAY_CMD_DISABLE = 0x21,
    RELAY_CMD_NEXT_ANY = 0x22,
    RELAY_CMD_NEXT_FROM = 0x23,
    RELAY_CMD_RESPOND = 0x24,
};

enum relay_transaction { RELAY_NONE, RELAY_CLIENT, RELAY_SERVER };

struct relay_app {
    struct tk_ipc_relay_allows allows; /* first: tk_ipc_relay_allow_swapped */
    enum relay_transaction transaction;
    uint64_t peer; /* the server (CLIENT) or client (SERVER) identifier */
    bool requests_enabled;
    unsigned last_served_slot; /* round robin of 0x22 */
};

static struct relay_app *relay_enter(struct tk_driver *d, struct tk_process *p, int *err)
{
    return tk_grant_enter(d, p, err);
}

/* The process `id` if it holds this grant, with its data, else NULL. */
static struct relay_app *relay_peer(struct tk_driver *d, uint64_t id, struct tk_process **p)
{
    *p = tk_ipc_identifier_process(d->kernel, id);
    return *p != NULL ? tk_grant_get(d, *p) : NULL;
}

/* Copy `src`'s RO allow into `dst`'s RW allow, as far as it fits. Returns
 * 0 with *len copied and *truncated, or INVAL. */
static int relay_copy(struct tk_driver *d, struct tk_process *src, struct tk_process *dst,
                      size_t *len, bool *truncated)
{
    const struct relay_app *s = tk_grant_get(d, src), *t = tk_grant_get(d, dst);
    if (src == dst || s == NULL || t == NULL || !s->allows.send_allowed ||
        !t->allows.receive_allowed)
        return TK_INVAL;
    struct tk_buffer from = tk_allow_ro_get(d, src, RELAY_RO_SEND);
    struct tk_buffer to = tk_allow_rw_get(d, dst, RELAY_RW_RECEIVE);
    *len = tk_min_size(from.len, to.len);
    *truncated = from.len > to.len;
    if (*len > 0)
        memmove(to.ptr, from.ptr, *len);
    return 0;
}

static struct tk_cmd_return relay_send_request(struct tk_driver *d, struct tk_process *p,
                                               uint64_t server_id)
{
    int err = 0;
    struct relay_app *app = relay_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    if (app->transaction != RELAY_NONE)
        return tk_cmd_failure(TK_ALREADY);
    struct tk_process *server;
    struct relay_app *s = relay_peer(d, server_id, &server);
    if (s == NULL || server == p)
        return tk_cmd_failure(TK_NODEVICE);
    if (!s->requests_enabled)
        return tk_cmd_failure(TK_UNINSTALLED);
    uint64_t id = tk_ipc_identifier(p);
    tk_upcall_schedule(d, server, RELAY_UP_REQUEST_WAITING, (uint32_t)id, (uint32_t)(id >> 32), 0);
    app->transaction = RELAY_CLIENT;
    app->peer = server_id;
    return tk_cmd_success();
}

static struct tk_cmd_return relay_cancel(struct tk_driver *d, struct tk_process *p)
{
    int err = 0;
    struct relay_app *app = relay_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    if (app->transaction != RELAY_CLIENT)
        return tk_cmd_failure(TK_INVAL);
    app->transaction = RELAY_NONE;
    tk_upcall_schedule(d, p, RELAY_UP_RESPONSE, TK_CANCEL, 0, 0);
    return tk_cmd_success();
}

/* Complete every client waiting on server `p` with UNINSTALLED. */
static void relay_fail_clients(struct tk_driver *d, struct tk_process *p)
{
    uint64_t me = tk_ipc_identifier(p);
    void *data;
    unsigned slot = 0;
    for (struct tk_process *c; (c = tk_grant_next(d, &slot, &data)) != NULL;) {
        struct relay_app *client = data;
        if (c != p && client->transaction == RELAY_CLIENT && client->peer == me) {
            client->transaction = RELAY_NONE;
            tk_upcall_schedule(d, c, RELAY_UP_RESPONSE, TK_UNINSTALLED, 0, 0);
        }
    }
}

static struct tk_cmd_return relay_enable(struct tk_driver *d, struct tk_process *p, bool enable)
{
    int err = 0;
    struct relay_app *app = relay_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    app->requests_enabled = enable;
    if (!enable) {
        app->transaction = RELAY_NONE;
        relay_fail_clients(d, p);
    }
    return tk_cmd_success();
}

/* Is `c` a client waiting on server `me` (and allowed by `only`)? */
static bool relay_waiting(struct tk_driver *d, struct tk_process *c, uint64_t me, bool any,
                          uint64_t only)
{
    const struct relay_app *client = tk_grant_get(d, c);
    return client != NULL && client->transaction == RELAY_CLIENT && client->peer == me &&
           (any || tk_ipc_identifier(c) == only);
}

/* 0x22 and 0x23: take the next waiting client's request. */
static struct tk_cmd_return relay_next(struct tk_driver *d, struct tk_process *p, bool any,
                                       uint64_t only)
{
    int err = 0;
    struct relay_app *app = relay_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure_u64((enum tk_errorcode)err, 0);
    if (app->transaction != RELAY_NONE)
        return tk_cmd_failure_u64(TK_ALREADY, 0);
    uint64_t me = tk_ipc_identifier(p);
    unsigned slots = tk_kernel_process_slots(d->kernel);
    struct tk_process *client = NULL;
    /* Round robin from the slot after the last one served; O(n), n <= 16. */
    for (unsigned i = 1; i <= slots && client == NULL; i++) {
        struct tk_process *c = tk_kernel_process_at(d->kernel, (app->last_served_slot + i) % slots);
        if (c != NULL && c != p && relay_waiting(d, c, me, any, only))
            client = c;
    }
    if (client == NULL)
        return tk_cmd_failure_u64(TK_NODEVICE, 0);
    size_t len = 0;
    bool truncated = false;
    int rc = relay_copy(d, client, p, &len, &truncated);
    if (rc != 0)
        return tk_cmd_failure_u64((enum tk_errorcode)rc, 0);
    uint64_t id = tk_ipc_identifier(client);
    app->transaction = RELAY_SERVER;
    app->peer = id;
    app->last_served_slot = client->slot;
    return truncated ? tk_cmd_failure_u64(TK_SIZE, id) : tk_cmd_success_u32_u64((uint32_t)len, id);
}

static struct tk_cmd_return relay_respond(struct tk_driver *d, struct tk_process *p)
{
    int err = 0;
    struct relay_app *app = relay_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    if (app->transaction != RELAY_SERVER)
        return tk_cmd_failure(TK_INVAL);
    app->transaction = RELAY_NONE;
    struct tk_process *client;
    struct relay_app *c = relay_peer(d, app->peer, &client);
    if (c == NULL || client == p || c->transaction != RELAY_CLIENT ||
        c->peer != tk_ipc_identifier(p))
        return tk_cmd_failure(TK_NODEVICE);
    size_t len = 0;
    bool truncated = false;
    int rc = relay_copy(d, p, client, &len, &truncated);
    c->transaction = RELAY_NONE;
    if (rc != 0) {
        tk_upcall_schedule(d, client, RELAY_UP_RESPONSE, TK_FAIL, 0, 0);
        return tk_cmd_failure((enum tk_errorcode)rc);
    }
    tk_upcall_schedule(d, client, RELAY_UP_RESPONSE, truncated ? TK_SIZE : 0, (uint32_t)len, 0);
    return tk_cmd_success();
}

static struct tk_cmd_return relay_command(struct tk_driver *d, struct tk_process *p,
                                          uint32_t command, uint32_t arg0, uint32_t arg1)
{
    uint64_t id = tk_ipc_identifier_from_halves(arg0, arg1);
    switch (command) {
    case RELAY_CMD_EXISTS:
        return tk_cmd_success();
    case RELAY_CMD_SEND_REQUEST:
        return relay_send_request(d, p, id);
    case RELAY_CMD_CANCEL:
        return relay_cancel(d, p);
    case RELAY_CMD_ENABLE:
        return relay_enable(d, p, true);
    case RELAY_CMD_DISABLE:
        return relay_enable(d, p, false);
    case RELAY_CMD_NEXT_ANY:
        return relay_next(d, p, true, 0);
    case RELAY_CMD_NEXT_FROM:
        return relay_next(d, p, false, id);
    case RELAY_CMD_RESPOND:
        return relay_respond(d, p);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct tk_driver_ops tk_ipc_relay_ops = {
    .command = relay_command,
    .allow_swapped = tk_ipc_relay_allow_swapped,
    .has_grant = true,
    .grant_size = sizeof(struct relay_app),
    .upcall_count = RELAY_UP_COUNT,
    .allow_ro_count = RELAY_RO_COUNT,
    .allow_rw_count = RELAY_RW_COUNT,
};

void tk_ipc_relay_init(struct tk_driver *d)
{
    memset(d, 0, sizeof *d);
    d->number = TK_DRIVER_NUM_IPC_RELAY_REQUEST;
    d->ops = &tk_ipc_relay_ops;
}
