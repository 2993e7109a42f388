/* Re-sharing test, process B: tries to share A's region on to C.
 *
 * Package name "reshare_b". On A's first notification B RW-allows the
 * buffer A shared (the address it was shown) to IPC for "reshare_c" and
 * prints the allow's result: what --sharing reshare=deny|allow|copy
 * decides. If the allow stood it notifies C and answers A once C answered;
 * otherwise it answers A at once. On A's second notification (A has ended
 * its share) B notifies C again without touching its own allow.
 */
#include <stdio.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

static int a_slot = -1;
static int rounds;
static int shared_addr, shared_len;
static bool c_answered, second;

static void on_a(int pid, int len, int buf, void *ud)
{
    (void)ud;
    a_slot = pid;
    if (rounds++ == 0) {
        shared_addr = buf;
        shared_len = len;
    } else {
        second = true;
    }
}

static void on_c(int pid, int len, int buf, void *ud)
{
    (void)pid;
    (void)len;
    (void)buf;
    (void)ud;
    c_answered = true;
}

int main(void)
{
    size_t c;
    if (ipc_discover("reshare_c", &c) < 0)
        return 1;
    ipc_register_client_callback(c, on_c, NULL);
    if (ipc_register_service_callback("reshare_b", on_a, NULL) < 0)
        return 1;
    while (rounds == 0)
        yield();
    int rc = ipc_share(c, (void *)(intptr_t)shared_addr, (size_t)shared_len);
    printf("b: shown %d bytes at %#x; onward share to C: %d\n", shared_len, (unsigned)shared_addr,
           rc);
    if (rc == RETURNCODE_SUCCESS) {
        ipc_notify_service(c);
        yield_for(&c_answered);
    }
    ipc_notify_client((size_t)a_slot);
    yield_for(&second);
    if (rc == RETURNCODE_SUCCESS)
        ipc_notify_service(c);
    libtocksync_alarm_delay_ms(20);
    return 0;
}
