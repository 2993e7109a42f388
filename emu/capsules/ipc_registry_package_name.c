/* IPC Registry (package name), driver 0xA0001: services register, clients discover.
 *
 * Mirrors tock/tock capsules/core/src/ipc/ipc_registry_package_name.rs on
 * the dev/ipc-initial branch (PR 5015; its reference text is PR 5016 §3.1),
 * not in @65608d71. Built only with the revised-IPC board option.
 *
 *   command | result
 *   --------+-------------------------------------------------------------------
 *   0       | S (driver exists)
 *   1       | register under the caller's TBF package name: S and upcall 0
 *           | (0, 0, 0); F(NOMEM) no package name (sic, as the reference)
 *   2       | discover the registered service whose package name equals RO
 *           | allow 0: S, then upcall 1 (0, id low, id high), or (NODEVICE, 0,
 *           | 0) if none; F(NOMEM/FAIL) the caller's grant fails
 *   other   | F(NOSUPPORT)
 *
 *   upcall 0: registration complete (status, 0, 0)
 *   upcall 1: discovery complete (status, IPC identifier low, high)
 *   RO allow 0: the package name to discover, no NUL
 *
 * Discovery looks at processes holding this driver's grant, in slot order
 * (Grant::iter), skipping the caller. Registration is forgotten when the
 * process restarts (its grant goes), so its new identifier must register
 * again.
 */
#include <string.h>

#include "ipc_identifier.h"
#include "ipc_revised.h"

enum registry_upcall { REGISTRY_UP_REGISTERED = 0, REGISTRY_UP_DISCOVERED, REGISTRY_UP_COUNT };
enum registry_allow_ro { REGISTRY_RO_NAME = 0, REGISTRY_RO_COUNT };
enum registry_command { REGISTRY_CMD_EXISTS = 0, REGISTRY_CMD_REGISTER, REGISTRY_CMD_DISCOVER };

struct registry_app {
    bool registered;
};

static struct tk_cmd_return registry_register(struct tk_driver *d, struct tk_process *p)
{
    if (p->name[0] == '\0')
        return tk_cmd_failure(TK_NOMEM);
    int err = 0;
    struct registry_app *app = tk_grant_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    app->registered = true;
    tk_upcall_schedule(d, p, REGISTRY_UP_REGISTERED, 0, 0, 0);
    return tk_cmd_success();
}

static bool name_matches(struct tk_buffer name, const struct tk_process *service)
{
    return strlen(service->name) == name.len &&
           (name.len == 0 || memcmp(service->name, name.ptr, name.len) == 0);
}

static struct tk_cmd_return registry_discover(struct tk_driver *d, struct tk_process *p)
{
    int err = 0;
    if (tk_grant_enter(d, p, &err) == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    struct tk_buffer name = tk_allow_ro_get(d, p, REGISTRY_RO_NAME);
    void *data;
    unsigned slot = 0;
    for (struct tk_process *s; (s = tk_grant_next(d, &slot, &data)) != NULL;) {
        const struct registry_app *service = data;
        if (s == p || !service->registered || !name_matches(name, s))
            continue;
        uint64_t id = tk_ipc_identifier(s);
        tk_upcall_schedule(d, p, REGISTRY_UP_DISCOVERED, 0, (uint32_t)id, (uint32_t)(id >> 32));
        return tk_cmd_success();
    }
    /* Not a failure of the command: the upcall says none was found. */
    tk_upcall_schedule(d, p, REGISTRY_UP_DISCOVERED, TK_NODEVICE, 0, 0);
    return tk_cmd_success();
}

static struct tk_cmd_return registry_command(struct tk_driver *d, struct tk_process *p,
                                             uint32_t command, uint32_t arg0, uint32_t arg1)
{
    (void)arg0;
    (void)arg1;
    switch (command) {
    case REGISTRY_CMD_EXISTS:
        return tk_cmd_success();
    case REGISTRY_CMD_REGISTER:
        return registry_register(d, p);
    case REGISTRY_CMD_DISCOVER:
        return registry_discover(d, p);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct tk_driver_ops tk_ipc_registry_ops = {
    .command = registry_command,
    .has_grant = true,
    .grant_size = sizeof(struct registry_app),
    .upcall_count = REGISTRY_UP_COUNT,
    .allow_ro_count = REGISTRY_RO_COUNT,
};

void tk_ipc_registry_init(struct tk_driver *d)
{
    memset(d, 0, sizeof *d);
    d->number = TK_DRIVER_NUM_IPC_REGISTRY_PACKAGE_NAME;
    d->ops = &tk_ipc_registry_ops;
}
