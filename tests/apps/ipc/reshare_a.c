/* Re-sharing test, process A: shares its own buffer with B, then ends it.
 *
 * Package name "reshare_a" (tests/e2e/test_ipc.c). A shares 64 bytes
 * holding "A's bytes" with "reshare_b" and notifies it; B tries to share
 * that region on to C (reshare_b.c). When B answers, A shares another
 * buffer instead (the share ends) and notifies B again, so B tells C once
 * more and C tries the old pointer (reshare_c.c).
 */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

static char mine[64] __attribute__((aligned(64))) = "A's bytes";
static char other[64] __attribute__((aligned(64))) = "other";
static bool answered;

static void on_b(int pid, int len, int buf, void *ud)
{
    (void)pid;
    (void)len;
    (void)buf;
    (void)ud;
    answered = true;
}

int main(void)
{
    size_t b;
    if (ipc_discover("reshare_b", &b) < 0)
        return 1;
    ipc_register_client_callback(b, on_b, NULL);
    ipc_share(b, mine, sizeof mine);
    printf("a: shares %u bytes at %#x\n", (unsigned)sizeof mine, (unsigned)(uintptr_t)mine);
    ipc_notify_service(b);
    yield_for(&answered);
    ipc_share(b, other, sizeof other);
    ipc_notify_service(b);
    /* A notification whose notifier exited is dropped (spec §8.9). */
    libtocksync_alarm_delay_ms(20);
    return 0;
}
