/* IPC Registry (string name), driver 0xA0000: services register a 20-byte name.
 *
 * Mirrors tock/tock capsules/core/src/ipc/ipc_registry_string_name.rs on
 * the dev/ipc-initial branch (PR 5015; reference text PR 5016 §3.2), not in
 * @65608d71. Built only with the revised-IPC board option. Unlike the
 * package-name Registry (0xA0001) the name is chosen by the app at run time,
 * so any app may claim any free name (the text: for tests and tutorials).
 *
 *   command | result
 *   --------+-------------------------------------------------------------------
 *   0       | S (driver exists)
 *   1       | register under the name in RO allow 0: S and upcall 0 (0, 0, 0);
 *           | F(INVAL) RO allow 0 never made, or the name is all zero bytes;
 *           | F(SIZE) RO allow 0 is not exactly 20 bytes; F(ALREADY) another
 *           | process holds that name (first come, first served). Registering
 *           | again replaces the caller's own name.
 *   2       | discover the process registered under RO allow 0's name: S, then
 *           | upcall 1 (0, id low, id high), or (NODEVICE, 0, 0) if none;
 *           | F(INVAL/SIZE) as for 1
 *   other   | F(NOSUPPORT)
 *
 *   upcall 0: registration complete (status, 0, 0)
 *   upcall 1: discovery complete (status, IPC identifier low, high)
 *   RO allow 0: the 20-byte name, any bytes (typically UTF-8, no NUL)
 *
 * The name lives in the caller's grant, so a restart forgets it and frees it
 * for anyone; the restarted process has a new identifier and must register
 * again. Discovery skips the caller and looks at processes holding this
 * grant in slot order (Grant::iter). An all-zero name is the grant's
 * default, so it can neither be registered nor discovered.
 */
#include <string.h>

#include "ipc_identifier.h"
#include "ipc_revised.h"

enum { NAME_LEN = 20 }; /* MAX_STRING_LEN */

enum string_upcall { STRING_UP_REGISTERED = 0, STRING_UP_DISCOVERED, STRING_UP_COUNT };
enum string_allow_ro { STRING_RO_NAME = 0, STRING_RO_COUNT };
enum string_command { STRING_CMD_EXISTS = 0, STRING_CMD_REGISTER, STRING_CMD_DISCOVER };

struct string_app {
    uint8_t name[NAME_LEN]; /* all zero: not registered */
    bool name_allowed;      /* RO allow 0 was made at least once */
};

/* Enter `p`'s grant and copy its allowed name into `name`: 0, or the
 * grant's error, INVAL (never allowed: ProcessBuffer::enter on a default
 * buffer), SIZE (not 20 bytes) or INVAL (all zero). */
static int allowed_name(struct tk_driver *d, struct tk_process *p, struct string_app **app,
                        uint8_t name[NAME_LEN])
{
    int err = 0;
    *app = tk_grant_enter(d, p, &err);
    if (*app == NULL)
        return err;
    if (!(*app)->name_allowed)
        return TK_INVAL;
    struct tk_buffer buf = tk_allow_ro_get(d, p, STRING_RO_NAME);
    if (buf.len != NAME_LEN)
        return TK_SIZE;
    memcpy(name, buf.ptr, NAME_LEN);
    static const uint8_t zero[NAME_LEN];
    return memcmp(name, zero, NAME_LEN) == 0 ? TK_INVAL : 0;
}

/* The first process other than `p` registered under `name`, or NULL. */
static struct tk_process *registered_under(struct tk_driver *d, const struct tk_process *p,
                                           const uint8_t name[NAME_LEN])
{
    void *data;
    unsigned slot = 0;
    for (struct tk_process *s; (s = tk_grant_next(d, &slot, &data)) != NULL;) {
        const struct string_app *other = data;
        if (s != p && memcmp(other->name, name, NAME_LEN) == 0)
            return s;
    }
    return NULL;
}

static struct tk_cmd_return string_register(struct tk_driver *d, struct tk_process *p)
{
    struct string_app *app;
    uint8_t name[NAME_LEN];
    int rc = allowed_name(d, p, &app, name);
    if (rc != 0)
        return tk_cmd_failure((enum tk_errorcode)rc);
    if (registered_under(d, p, name) != NULL)
        return tk_cmd_failure(TK_ALREADY);
    memcpy(app->name, name, NAME_LEN);
    tk_upcall_schedule(d, p, STRING_UP_REGISTERED, 0, 0, 0);
    return tk_cmd_success();
}

static struct tk_cmd_return string_discover(struct tk_driver *d, struct tk_process *p)
{
    struct string_app *app;
    uint8_t name[NAME_LEN];
    int rc = allowed_name(d, p, &app, name);
    if (rc != 0)
        return tk_cmd_failure((enum tk_errorcode)rc);
    struct tk_process *s = registered_under(d, p, name);
    if (s == NULL) {
        /* Not a failure of the command: the upcall says none was found. */
        tk_upcall_schedule(d, p, STRING_UP_DISCOVERED, TK_NODEVICE, 0, 0);
        return tk_cmd_success();
    }
    uint64_t id = tk_ipc_identifier(s);
    tk_upcall_schedule(d, p, STRING_UP_DISCOVERED, 0, (uint32_t)id, (uint32_t)(id >> 32));
    return tk_cmd_success();
}

static struct tk_cmd_return string_command(struct tk_driver *d, struct tk_process *p,
                                           uint32_t command, uint32_t arg0, uint32_t arg1)
{
    (void)arg0;
    (void)arg1;
    switch (command) {
    case STRING_CMD_EXISTS:
        return tk_cmd_success();
    case STRING_CMD_REGISTER:
        return string_register(d, p);
    case STRING_CMD_DISCOVER:
        return string_discover(d, p);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* Remember that the name buffer was allowed at all (the INVAL rule). */
static void string_allow_swapped(struct tk_driver *d, struct tk_process *p, bool read_only,
                                 uint32_t number, uint64_t prev_addr, uint64_t prev_len)
{
    (void)prev_addr;
    (void)prev_len;
    struct string_app *app = tk_grant_get(d, p);
    if (app != NULL && read_only && number == STRING_RO_NAME)
        app->name_allowed = true;
}

static const struct tk_driver_ops tk_ipc_registry_string_ops = {
    .command = string_command,
    .allow_swapped = string_allow_swapped,
    .has_grant = true,
    .grant_size = sizeof(struct string_app),
    .upcall_count = STRING_UP_COUNT,
    .allow_ro_count = STRING_RO_COUNT,
};

void tk_ipc_registry_string_init(struct tk_driver *d)
{
    memset(d, 0, sizeof *d);
    d->number = TK_DRIVER_NUM_IPC_REGISTRY_STRING_NAME;
    d->ops = &tk_ipc_registry_string_ops;
}
