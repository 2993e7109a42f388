/* afl_syscalls: an app whose system calls are the fuzzer's input.
 *
 * The AFL++ harness of the forked transport (tests/fuzz/afl.sh): AFL runs
 * `tockemu afl_syscalls.tbf` with each input on stdin, and this app reads it
 * from the console and issues one system call per 8-byte record, through the
 * real mailbox, into the instrumented emulator:
 *
 *   op  a  b  c  d0 d1 d2 d3        d = d0..d3, little-endian
 *   op % 8: 0 command     (driver[a], b, c, d)
 *           1 subscribe   (driver[a], b % 8, c & 1 ? upcall : NULL, d)
 *           2 allow RW    (driver[a], b % 8, buffer + c, d % 1024)
 *           3 allow RO    (same)
 *           4 allow userspace-readable (same)
 *           5 memop       (b % 16, d; op 0 and 1 relative to the break)
 *           6 yield       (c % 3: no-wait, wait-for (driver[a], b % 8), wait)
 *           7 exit        (b & 1 ? restart : terminate, d), only when c == 0xEE
 *
 * `driver[a]` is a driver tockemu's default board has, or the raw value d
 * when a is 255. Buffers point into this app's own RAM, or anywhere when
 * b & 0x80 (the kernel must refuse those). The input ends at EOF or after
 * 4096 records; then the app exits 0. A crash of the emulator (ASan, an
 * abort on a broken invariant) is what AFL looks for.
 */
#include <stdint.h>
#include <string.h>

#include <libtock-sync/interface/console.h>
#include <libtock/tock.h>

static const uint32_t drivers[] = {
    0x00000, 0x00001, 0x00002, 0x00003, 0x00004, 0x00005, 0x00008, 0x00009,
    0x40001, 0x50000, 0x50001, 0x50003, 0x60000, 0x60001, 0x60002, 0x60004,
    0x60006, 0x60007, 0x90001, 0x00010, 0x00020, 0x10000, 0xFFFFF,
};

/* The results do not matter here: the emulator's invariants do. */
#define DISCARD(call)                                                                              \
    do {                                                                                           \
        __typeof__(call) discarded_ = (call);                                                      \
        (void)discarded_;                                                                          \
    } while (0)

static uint8_t buffer[2048];
static volatile unsigned upcalls;

static void upcall(int a, int b, int c, void *ud)
{
    (void)a, (void)b, (void)c, (void)ud;
    upcalls++;
}

static uint32_t driver_of(uint8_t a, uint32_t raw)
{
    if (a == 255)
        return raw;
    return drivers[a % (sizeof drivers / sizeof drivers[0])];
}

static void run(const uint8_t r[8])
{
    uint32_t d = (uint32_t)r[4] | (uint32_t)r[5] << 8 | (uint32_t)r[6] << 16 | (uint32_t)r[7] << 24;
    uint32_t driver = driver_of(r[1], d);
    uint8_t *at = (r[2] & 0x80) ? (uint8_t *)(uintptr_t)d : buffer + r[3];
    size_t len = (r[2] & 0x80) ? r[3] : d % 1024;
    switch (r[0] % 8) {
    case 0:
        DISCARD(command(driver, r[2], r[3], (int)d));
        break;
    case 1:
        DISCARD(subscribe(driver, r[2] % 8, (r[3] & 1) ? upcall : NULL, (void *)(uintptr_t)d));
        break;
    case 2:
        DISCARD(allow_readwrite(driver, r[2] % 8, at, len));
        break;
    case 3:
        DISCARD(allow_readonly(driver, r[2] % 8, at, len));
        break;
    case 4:
        DISCARD(allow_userspace_read(driver, r[2] % 8, at, len));
        break;
    case 5:
        DISCARD(memop(r[2] % 16, d));
        break;
    case 6:
        if (r[3] % 3 == 0)
            yield_no_wait();
        else if (r[3] % 3 == 1)
            DISCARD(yield_wait_for(driver, r[2] % 8));
        else
            yield();
        break;
    case 7:
        if (r[3] == 0xEE) {
            if (r[2] & 1)
                tock_restart(d);
            tock_exit(d);
        }
        break;
    }
}

int main(void)
{
    for (unsigned n = 0; n < 4096; n++) {
        uint8_t record[8];
        uint32_t got = 0;
        memset(record, 0, sizeof record);
        if (libtocksync_console_read(record, sizeof record, &got) != RETURNCODE_SUCCESS || got == 0)
            break;
        run(record);
    }
    return 0;
}
