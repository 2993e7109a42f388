/* Kernel-lent buffer test app (tests/e2e/test_lend.c; run with --sharing lend).
 *
 * Asks the lend demo capsule (driver 0xE0000) for a 64-byte loan and, in the
 * upcall that carries it, does what its first console byte says:
 *   'p'  print the first 20 bytes, return; then yield once more and read
 *        the loan again (it is gone: a memory fault at its address);
 *   'l'  `loop {}` while holding it (a lend limit faults the app; the app
 *        prints nothing then, as printf would yield and end the loan);
 *   'n'  write the lent bytes to nonvolatile storage (a blocking write:
 *        allow, command, yield for the done upcall, inside the upcall), then
 *        read them back and say whether flash holds them.
 */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/interface/console.h>
#include <libtock-sync/storage/nonvolatile_storage.h>
#include <libtock/tock.h>

enum { LEND_DRIVER = 0xE0000, LEN = 64 };

static uint8_t how;
static volatile const uint8_t *lent;
static bool done;

static int lent_len;
static char head[21]; /* the first 20 lent bytes, read during the upcall */
static int write_rc = 1;

/* No printf here: libtock-c's printf yields, and any yield hands the loan
 * back (the kernel cannot see an upcall return, only the next yield). */
static void on_loan(int address, int len, int unused, void *ud)
{
    (void)unused;
    (void)ud;
    lent = (volatile const uint8_t *)(intptr_t)address;
    lent_len = len;
    for (int i = 0; i < 20; i++)
        head[i] = (char)lent[i];
    if (how == 'l')
        for (;;)
            ;
    if (how == 'n') {
        /* Blocking: allow, command, then a yield for the done upcall, which
         * also ends the loan. */
        int written = 0;
        write_rc = libtocksync_nonvolatile_storage_write(0, LEN, (uint8_t *)lent, LEN, &written);
    }
    done = true;
}

int main(void)
{
    uint32_t got = 0;
    libtocksync_console_read(&how, 1, &got);
    subscribe_return_t sub = subscribe(LEND_DRIVER, 0, on_loan, NULL);
    (void)sub;
    syscall_return_t r = command(LEND_DRIVER, 1, LEN, 0);
    if (r.type != TOCK_SYSCALL_SUCCESS) {
        printf("lend: no loan (%d)\n", (int)r.data[0]);
        return 1;
    }
    yield_for(&done);
    printf("lend: %d bytes at %#x: %s\n", lent_len, (unsigned)(uintptr_t)lent, head);
    if (how == 'n') {
        printf("lend: flash write from the loan: %d\n", write_rc);
        uint8_t back[LEN];
        memset(back, 0, sizeof back);
        int length = 0;
        libtocksync_nonvolatile_storage_read(0, LEN, back, LEN, &length);
        printf("lend: flash holds the lent bytes: %s\n",
               memcmp(back, "lent by the kernel: ", 20) == 0 ? "yes" : "no");
        return 0;
    }
    /* The kernel sees the upcall end at the next yield, not at its return. */
    yield_no_wait();
    printf("lend: after yielding: %c\n", lent[0]);
    return 0;
}
