/* IPC test service: answers client notifications, rot13-ing what it was shared.
 *
 * Package name "ipc_service" (its app name). Every service notification
 * from a client is answered with a client notification; when the client
 * shared a buffer (a length byte, then text) the service rot13s the text in
 * place first, through the window the kernel showed it (spec §8.9). The
 * notification after IPC_SERVICE_ROUNDS answers is the client's goodbye:
 * the service then exits, so a run ends by itself. (It must not exit right
 * after its last answer: a notification whose notifier is gone is dropped
 * at delivery, spec §8.9.)
 */
#include <stdio.h>

#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

enum { IPC_SERVICE_ROUNDS = 3 };

static int rounds;

static char rot13(char c)
{
    if (c >= 'a' && c <= 'z')
        return (char)('a' + (c - 'a' + 13) % 26);
    if (c >= 'A' && c <= 'Z')
        return (char)('A' + (c - 'A' + 13) % 26);
    return c;
}

static void on_client(int pid, int len, int buf, void *ud)
{
    (void)ud;
    if (rounds == IPC_SERVICE_ROUNDS) {
        rounds++;
        return;
    }
    char *bytes = (char *)(intptr_t)buf;
    if (len > 1) {
        int text = bytes[0] < len - 1 ? bytes[0] : len - 1;
        for (int i = 0; i < text; i++)
            bytes[1 + i] = rot13(bytes[1 + i]);
    }
    printf("service: notified by %d, %d bytes shared\n", pid, len);
    rounds++;
    ipc_notify_client((size_t)pid);
}

int main(void)
{
    int rc = ipc_register_service_callback("ipc_service", on_client, NULL);
    if (rc < 0) {
        printf("service: register failed %d\n", rc);
        return 1;
    }
    while (rounds <= IPC_SERVICE_ROUNDS)
        yield();
    return 0;
}
