/* IPC driver 0x10000 wrappers.
 *
 * Counterpart: tock/libtock-c libtock/kernel/ipc.c @497ea7cf. Kernel side:
 * emu/capsules/ipc.c (spec §8.9).
 */
#include "libtock/kernel/ipc.h"

#include "lth-internal.h"

enum { IPC_RO_SEARCH = 0 };
enum { IPC_COMMAND_DISCOVER = 1, IPC_COMMAND_NOTIFY_SERVICE = 2, IPC_COMMAND_NOTIFY_CLIENT = 3 };

int ipc_discover(const char *pkg_name, size_t *svc_id)
{
    /* The name is allowed only for the search, then the old buffer goes back. */
    allow_ro_return_t old =
        allow_readonly(IPC_DRIVER_NUM, IPC_RO_SEARCH, pkg_name, strlen(pkg_name));
    if (!old.success)
        return tock_status_to_returncode(old.status);
    uint32_t id = 0;
    int rc = lth_command_u32(IPC_DRIVER_NUM, IPC_COMMAND_DISCOVER, 0, 0, &id);
    if (rc < 0)
        return rc;
    *svc_id = id;
    return lth_allow_ro(IPC_DRIVER_NUM, IPC_RO_SEARCH, old.ptr, old.size);
}

int ipc_register_service_callback(const char *pkg_name, subscribe_upcall callback, void *ud)
{
    size_t own_id;
    int rc = ipc_discover(pkg_name, &own_id);
    if (rc < 0)
        return rc;
    /* A process's service upcall is the subscribe number of its own id. */
    return lth_subscribe(IPC_DRIVER_NUM, (uint32_t)own_id, callback, ud);
}

int ipc_register_client_callback(size_t svc_id, subscribe_upcall callback, void *ud)
{
    return lth_subscribe(IPC_DRIVER_NUM, (uint32_t)svc_id, callback, ud);
}

int ipc_notify_service(size_t pid)
{
    return lth_command_novalue(IPC_DRIVER_NUM, IPC_COMMAND_NOTIFY_SERVICE, (int)pid, 0);
}

int ipc_notify_client(size_t pid)
{
    return lth_command_novalue(IPC_DRIVER_NUM, IPC_COMMAND_NOTIFY_CLIENT, (int)pid, 0);
}

int ipc_share(size_t pid, void *base, int len)
{
    return lth_allow_rw(IPC_DRIVER_NUM, (uint32_t)pid, base, (size_t)len);
}
