/* Re-sharing test, process C: reads what B passed on from A.
 *
 * Package name "reshare_c". On B's first notification C prints where it
 * sees the buffer and what it holds (A's bytes at A's address under
 * reshare=allow, a copy elsewhere under copy), keeps the pointer and
 * answers. On the second (A has ended its share, so B's onward allow was
 * emptied) it prints the length it got and reads the old pointer again,
 * which must fault.
 */
#include <stdio.h>

#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

static volatile const char *kept;
static int rounds;
static int second_len = -1;

static void on_b(int pid, int len, int buf, void *ud)
{
    (void)ud;
    if (rounds++ == 0) {
        kept = (volatile const char *)(intptr_t)buf;
        printf("c: sees %d bytes at %#x: %s\n", len, (unsigned)buf, buf ? (const char *)kept : "");
        ipc_notify_client((size_t)pid);
    } else {
        second_len = len;
    }
}

int main(void)
{
    if (ipc_register_service_callback("reshare_c", on_b, NULL) < 0)
        return 1;
    while (rounds < 2)
        yield();
    printf("c: after A's share ended: %d bytes; reading the old pointer\n", second_len);
    printf("c: still sees %c\n", kept[0]);
    return 0;
}
