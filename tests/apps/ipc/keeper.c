/* IPC test service that keeps a client's buffer pointer and reads it later.
 *
 * Package name "ipc_keeper". On the first service notification it reads the
 * shared buffer (it is shown: spec §8.9), remembers the pointer and answers;
 * 10 ms later it reads through the remembered pointer again. The client
 * (leaver.c) ends the sharing in between, so that second read must fault
 * (issue 12: the window is gone before the service runs again), unless the
 * client kept sharing. It also keeps the pointer in nonvolatile storage, so
 * that after a restart (the client faults it mid-way, leaver.c 'k') the new
 * run tries the old pointer too: a restarted service sees nothing.
 */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock-sync/storage/nonvolatile_storage.h>
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

#include "../common/self.h"

static volatile const char *kept;
static bool notified;
static int client;

static void on_client(int pid, int len, int buf, void *ud)
{
    (void)ud;
    if (notified || len < 8)
        return;
    kept = (volatile const char *)(intptr_t)buf;
    printf("keeper: shared %d bytes at %#x: %c\n", len, (unsigned)buf, kept[0]);
    client = pid;
    notified = true;
}

/* Keep or fetch the pointer in nonvolatile storage (offset 0). */
static void keep_pointer(uintptr_t *pointer, bool write)
{
    int done = 0;
    if (write)
        libtocksync_nonvolatile_storage_write(0, sizeof *pointer, (uint8_t *)pointer,
                                              sizeof *pointer, &done);
    else
        libtocksync_nonvolatile_storage_read(0, sizeof *pointer, (uint8_t *)pointer,
                                             sizeof *pointer, &done);
}

int main(void)
{
    struct self_info self;
    if (self_info_get("ipc_keeper", &self) == 0 && self.restart_count > 0) {
        uintptr_t old = 0;
        keep_pointer(&old, false);
        printf("keeper: restarted; reading the old buffer at %#x\n", (unsigned)old);
        printf("keeper: restarted and still sees %c\n", *(volatile const char *)old);
        return 0;
    }
    if (ipc_register_service_callback("ipc_keeper", on_client, NULL) < 0)
        return 1;
    yield_for(&notified);
    /* Kept before answering: the client may kill this run right after. */
    uintptr_t pointer = (uintptr_t)kept;
    keep_pointer(&pointer, true);
    ipc_notify_client((size_t)client);
    libtocksync_alarm_delay_ms(10);
    printf("keeper: still sees %c\n", kept[0]);
    return 0;
}
