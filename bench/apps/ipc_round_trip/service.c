/* ipc_round_trip service: answer every notification of the bench client
 * with a client notification; a notification whose answer the client no
 * longer waits for (its goodbye, after the last round trip) ends it. The
 * goodbye is told apart by count: warm-up plus timed round trips. */
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

#ifndef ROUND_TRIPS
#define ROUND_TRIPS 20000
#endif

static int notifications;

static void on_notify(int pid, int len, int buf, void *ud)
{
    (void)len;
    (void)buf;
    (void)ud;
    if (++notifications <= 1000 + ROUND_TRIPS)
        ipc_notify_client((size_t)pid);
}

int main(void)
{
    if (ipc_register_service_callback("bench_ipc_service", on_notify, NULL) < 0)
        return 1;
    while (notifications <= 1000 + ROUND_TRIPS)
        yield();
    return 0;
}
