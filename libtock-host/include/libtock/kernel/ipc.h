/* IPC driver 0x10000: discover a service, notify, share a buffer.
 *
 * Same names and signatures as tock/libtock-c libtock/kernel/ipc.h
 * @497ea7cf. Kernel side: emu/capsules/ipc.c (spec §8.9). A process id
 * here is the other process's slot; the upcalls get (pid, len, buffer, ud),
 * where buffer is an `int` holding the address of what the notifier shared
 * with this process (app RAM lies below 2 GiB, so the address fits).
 */
#pragma once

#include <stdlib.h>
#include <string.h>

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IPC_DRIVER_NUM 0x10000

/* The id of the process whose package name is `pkg_name`, into *svc_id. */
int ipc_discover(const char *pkg_name, size_t *svc_id);

/* Become the service `pkg_name` (this process's own name): `callback` runs
 * for every notify from a client. */
int ipc_register_service_callback(const char *pkg_name, subscribe_upcall callback, void *ud);

/* `callback` runs for every notify from the service `svc_id`. */
int ipc_register_client_callback(size_t svc_id, subscribe_upcall callback, void *ud);

/* Notify the client / the service in process `pid`. */
int ipc_notify_client(size_t pid);
int ipc_notify_service(size_t pid);

/* Share [base, base + len) with process `pid` (read-write allow number
 * `pid`); the other side sees it, at the same address, only while the
 * allow stands. */
int ipc_share(size_t pid, void *base, int len);

#ifdef __cplusplus
}
#endif
