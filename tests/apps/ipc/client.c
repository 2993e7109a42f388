/* IPC test client: discovers "ipc_service" and talks to it three times.
 *
 * Built as ipc_rot13: it shares a buffer the service rot13s in place (spec
 * §8.9).
 * Prints one line per answer, then says goodbye (a client notification to
 * the service) and exits.
 */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

enum { ROUNDS = 3 };

static char shared[64] __attribute__((aligned(64)));
static bool answered;

static void on_service(int pid, int len, int buf, void *ud)
{
    (void)len;
    (void)buf;
    (void)ud;
    printf("client: answer from %d: %.*s\n", pid, shared[0], shared + 1);
    answered = true;
}

int main(void)
{
    size_t service;
    int rc = ipc_discover("ipc_service", &service);
    if (rc < 0) {
        printf("client: no service (%d)\n", rc);
        return 1;
    }
    printf("client: service is process %d\n", (int)service);
    ipc_register_client_callback(service, on_service, NULL);
    shared[0] = (char)snprintf(shared + 1, sizeof shared - 1, "Hello World!");
    ipc_share(service, shared, sizeof shared);
    for (int i = 0; i < ROUNDS; i++) {
        answered = false;
        rc = ipc_notify_service(service);
        if (rc < 0) {
            printf("client: notify failed %d\n", rc);
            return 1;
        }
        yield_for(&answered);
    }
    /* Goodbye: stay alive until the service took it (a notification from
     * a process that is gone is dropped at delivery). */
    ipc_notify_client(service);
    libtocksync_alarm_delay_ms(1);
    return 0;
}
