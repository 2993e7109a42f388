/* IPC test client that shares a buffer with "ipc_keeper", then ends the sharing.
 *
 * The first console byte says how (tests/e2e/test_ipc.c types it): it
 * shares 64 bytes starting with 'S', notifies the keeper, waits for its
 * answer, then keeps sharing ('s'), shares another buffer instead ('a'),
 * exits ('e'), restarts ('r'; the restarted run shares nothing) or faults
 * ('f'), or makes the keeper fault through ProcessInfo ('k': the service
 * dies while it holds the buffer). Those still alive stay 50 ms, so the
 * keeper's second read comes while they run.
 */
#include <stdio.h>

#include <libtock-sync/interface/console.h>
#include <libtock-sync/services/alarm.h>
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

#include "../common/self.h"

static char shared[64] __attribute__((aligned(64))) = "S";
static char other[64] __attribute__((aligned(64))) = "O";
static bool answered;
/* Where the 'f' case writes: nothing is mapped at page 0. */
static volatile char *volatile nowhere = (volatile char *)8;

static void on_service(int pid, int len, int buf, void *ud)
{
    (void)pid;
    (void)len;
    (void)buf;
    (void)ud;
    answered = true;
}

int main(void)
{
    struct self_info self;
    if (self_info_get("ipc_leaver", &self) == 0 && self.restart_count > 0) {
        libtocksync_alarm_delay_ms(50);
        return 0;
    }
    uint8_t how = 0;
    uint32_t got = 0;
    libtocksync_console_read(&how, 1, &got);
    size_t keeper;
    if (ipc_discover("ipc_keeper", &keeper) < 0)
        return 1;
    ipc_register_client_callback(keeper, on_service, NULL);
    ipc_share(keeper, shared, sizeof shared);
    ipc_notify_service(keeper);
    yield_for(&answered);
    switch (how) {
    case 'a':
        ipc_share(keeper, other, sizeof other);
        break;
    case 'e':
        return 0;
    case 'r':
        tock_restart(0);
    case 'f':
        *nowhere = 1;
        break;
    case 'k': {
        struct self_info keeper_info;
        if (self_info_get("ipc_keeper", &keeper_info) == 0) {
            /* ProcessInfo command 6, action 3: fault that process. */
            syscall_return_t r = command(0x10002, 6, (int)keeper_info.process_id, 3);
            (void)r;
        }
        break;
    }
    default:
        break;
    }
    libtocksync_alarm_delay_ms(50);
    return 0;
}
