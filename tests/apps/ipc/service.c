/* IPC test service: answers client notifications, rot13-ing what it was shared.
 *
 * Package name "ipc_service" (its app name). Every service notification
 * from a client is answered with a client notification; when the client
 * shared a buffer (a length byte, then text) the service rot13s the text in
 * place first, through the window the kernel showed it (spec §8.9). It says
 * so for the first PRINTED notifications only (the bench sends thousands).
 * A client notification from a client (command 3 aimed at the service) is
 * that client's goodbye: the service then exits, so a run ends by itself.
 * (A client must not exit right after its goodbye: a notification whose
 * notifier is gone is dropped at delivery, spec §8.9.)
 */
#include <stdio.h>

#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

enum { PRINTED = 3 };

static int rounds;
static bool goodbye;

static char rot13(char c)
{
    if (c >= 'a' && c <= 'z')
        return (char)('a' + (c - 'a' + 13) % 26);
    if (c >= 'A' && c <= 'Z')
        return (char)('A' + (c - 'A' + 13) % 26);
    return c;
}

static void on_goodbye(int pid, int len, int buf, void *ud)
{
    (void)pid;
    (void)len;
    (void)buf;
    (void)ud;
    goodbye = true;
}

static void on_client(int pid, int len, int buf, void *ud)
{
    (void)ud;
    char *bytes = (char *)(intptr_t)buf;
    if (len > 1) {
        int text = bytes[0] < len - 1 ? bytes[0] : len - 1;
        for (int i = 0; i < text; i++)
            bytes[1 + i] = rot13(bytes[1 + i]);
    }
    if (rounds++ == 0) /* this client's goodbyes come as client notifications */
        ipc_register_client_callback((size_t)pid, on_goodbye, NULL);
    if (rounds <= PRINTED)
        printf("service: notified by %d, %d bytes shared\n", pid, len);
    ipc_notify_client((size_t)pid);
}

int main(void)
{
    int rc = ipc_register_service_callback("ipc_service", on_client, NULL);
    if (rc < 0) {
        printf("service: register failed %d\n", rc);
        return 1;
    }
    while (!goodbye)
        yield();
    return 0;
}
