/* App start-up and the newlib glue of libtock-c, for a Linux-hosted app.
 *
 * Replaces libtock-c's crt0.c and sys.c (libtock-c-surface §1.3, §1.4):
 *
 *   exec (glibc _start)          the emulator fork+exec'd this ELF
 *   lth__attach (constructor)    map RAM and flash from the emulator, report
 *                                ATTACH, wait for the init call, brk over
 *                                .data/.bss, tell the kernel stack and heap
 *   __wrap_main                  switch to the stack in app RAM, run main
 *   exit()/return from main      flush stdio through the console, Exit
 *
 * App RAM as this process sees it (addresses fixed at link time, the same in
 * the emulator):
 *
 *   memory_start + memory_len +- kernel-owned (grants...), PROT_NONE
 *   app break ----------------+- heap (glibc malloc over memop sbrk)
 *                             |  static TLS, .bss, .data (copied in)
 *   rw_start = stack top -----+- stack, grows down
 *   memory_start -------------+
 *
 * glibc's malloc grows through __sbrk, which this file turns into memop
 * sbrk; mmap is refused, so a failed sbrk makes malloc return NULL as on a
 * board instead of falling back to host memory.
 */
/* mmap and mmap64 are both defined below; with 64-bit off_t glibc's
 * headers would rename the first to the second. */
#undef _FILE_OFFSET_BITS
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "libtock-sync/interface/console.h"
#include "libtock/tock.h"
#include "lth.h"

extern char __lth_rw_start[];

enum { FD_MAILBOX = 3, FD_RAM = 4, FD_FLASH = 5, ALTSTACK_SIZE = 64 * 1024 };

int lth__install_handlers(void *altstack, size_t altstack_size);
int __real_main(int argc, char **argv, char **envp);

/* Linux brk before the app attached: glibc's static TLS and anything a
 * constructor allocated live here, right after .bss, and are copied into app
 * RAM at attach. */
static uint64_t pre_attach_sbrk(intptr_t increment)
{
    uint64_t current = (uint64_t)lth__raw_syscall(SYS_brk, 0, 0, 0, 0, 0, 0);
    if (increment == 0)
        return current;
    uint64_t wanted = current + (uint64_t)increment;
    if ((uint64_t)lth__raw_syscall(SYS_brk, (long)wanted, 0, 0, 0, 0, 0) != wanted)
        return (uint64_t)-1;
    return current;
}

void *__sbrk(intptr_t increment)
{
    if (lth__rt.mailbox == NULL)
        return (void *)(uintptr_t)pre_attach_sbrk(increment);
    memop_return_t r = memop(1, (uintptr_t)increment);
    if (r.status != TOCK_STATUSCODE_SUCCESS) {
        errno = ENOMEM;
        return (void *)-1;
    }
    return (void *)r.data;
}

void *sbrk(intptr_t increment)
{
    return __sbrk(increment);
}

/* An app has no host memory: mmap always fails (malloc then returns NULL). */
void *__mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    (void)addr, (void)len, (void)prot, (void)flags, (void)fd, (void)offset;
    errno = ENOMEM;
    return MAP_FAILED;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    return __mmap(addr, len, prot, flags, fd, offset);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    return __mmap(addr, len, prot, flags, fd, offset);
}

/* ---- stdio through the console driver (0x1) ---------------------------- */

/* One blocking console write through libtock-sync (allow, command,
 * Yield-WaitFor on write-done, un-allow). The kernel reports how many bytes it wrote;
 * a short write is not possible on the console, so the count stdio asked
 * for is returned (libtock-c-surface §3 note). */
static ssize_t console_cookie_write(void *cookie, const char *buf, size_t size)
{
    (void)cookie;
    if (size == 0)
        return 0;
    uint32_t written;
    if (libtocksync_console_write((const uint8_t *)buf, (uint32_t)size, &written) !=
        RETURNCODE_SUCCESS) {
        errno = EIO;
        return -1;
    }
    return (ssize_t)size;
}

/* Reads see end of file, as libtock-c's _read does on a board. */
static ssize_t console_cookie_read(void *cookie, char *buf, size_t size)
{
    (void)cookie, (void)buf, (void)size;
    return 0;
}

static void install_stdio(void)
{
    cookie_io_functions_t io = {.read = console_cookie_read, .write = console_cookie_write};
    FILE *out = fopencookie(NULL, "w", io);
    FILE *err = fopencookie(NULL, "w", io);
    FILE *in = fopencookie(NULL, "r", io);
    if (out == NULL || err == NULL || in == NULL)
        lth__die("libtock-host: cannot set up stdio (app RAM too small?)");
    setvbuf(out, NULL, _IOLBF, BUFSIZ);
    setvbuf(err, NULL, _IONBF, 0);
    stdout = out;
    stderr = err;
    stdin = in;
}

/* ---- exit ---------------------------------------------------------------- */

/* Registered before anything else, so it runs after every handler the app
 * registers: flush stdio into the console, then the Exit syscall. */
static void exit_to_kernel(int status, void *arg)
{
    (void)arg;
    tock_exit((uint32_t)status);
}

/* libtock-c's sys.c maps _exit to tock_exit too. */
void _exit(int status)
{
    tock_exit((uint32_t)status);
}

/* ---- attach ---------------------------------------------------------------- */

static void *raw_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset)
{
    long r = lth__raw_syscall(SYS_mmap, (long)addr, (long)len, prot, flags, fd, (long)offset);
    return (r < 0 && r > -4096) ? MAP_FAILED : (void *)r;
}

/* Copy what exec and glibc put in .data/.bss/TLS (up to the Linux break)
 * into the shared RAM, then map the RAM over the same addresses, and the
 * app's flash over its text. Runs on the Linux stack, so nothing writes to
 * the copied range between the copy and the map. */
static void map_regions(struct emu_mailbox *mb, uint64_t rw_start, uint64_t brk_end)
{
    long n = lth__raw_syscall(SYS_pwrite64, FD_RAM, (long)rw_start, (long)(brk_end - rw_start),
                              (long)(rw_start - mb->memory_start), 0, 0);
    if (n != (long)(brk_end - rw_start))
        lth__die("libtock-host: cannot copy .data/.bss into app RAM");
    if (raw_mmap(mb->memory_start, mb->memory_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                 FD_RAM, 0) == MAP_FAILED)
        lth__die("libtock-host: cannot map app RAM");
    /* The flash region holds this very ELF at flash_start + 4096, byte for
     * byte, so mapping it over the exec'd text changes no instruction. */
    uint64_t flash_map_len = (mb->flash_len + 4095) & ~(uint64_t)4095;
    if (raw_mmap(mb->flash_start, flash_map_len, PROT_READ | PROT_EXEC, MAP_SHARED | MAP_FIXED,
                 FD_FLASH, mb->flash_file_offset) == MAP_FAILED)
        lth__die("libtock-host: cannot map app flash");
    for (int fd = FD_MAILBOX; fd <= FD_FLASH; fd++)
        lth__raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
}

__attribute__((constructor(101))) static void lth__attach(void)
{
    if (getenv(EMU_CHANNEL_ENV) == NULL)
        lth__die("libtock-host: this is a Tock app; run it with `tockemu APP.tbf`");
    struct emu_mailbox *mb = raw_mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, FD_MAILBOX, 0);
    if (mb == MAP_FAILED || mb->magic != EMU_CHANNEL_MAGIC || mb->version != EMU_CHANNEL_VERSION)
        lth__die("libtock-host: no tockemu channel on fd 3");
    uint64_t rw_start = (uint64_t)(uintptr_t)__lth_rw_start;
    uint64_t brk_end = pre_attach_sbrk(0);
    if (rw_start < mb->memory_start || brk_end > mb->memory_start + mb->memory_len)
        lth__die("libtock-host: the app's data does not fit the RAM the TBF asks for "
                 "(raise the minimum RAM size)");
    lth__rt.memory_start = mb->memory_start;
    lth__rt.memory_len = mb->memory_len;
    lth__rt.stack_top = rw_start;
    void *altstack =
        raw_mmap(0, ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (altstack == MAP_FAILED || lth__install_handlers(altstack, ALTSTACK_SIZE) != 0)
        lth__die("libtock-host: cannot install signal handlers");

    /* Report ATTACH and wait for the init call (spec §1.8). */
    lth__rt.in_kernel = 1;
    mb->trap = EMU_TRAP_ATTACH;
    emu_channel_give(mb, EMU_TURN_KERNEL, &mb->kernel_waiting);
    while (emu_channel_wait(mb, EMU_TURN_APP, &mb->app_waiting, EMU_CHANNEL_SPINS, NULL) != 0)
        ;
    lth__rt.mailbox = mb;
    lth__rt.in_kernel = 0;

    /* What crt0 does on a board, in its order: the initial break is tiny
     * (spec §10.16), so brk over everything in use first (the kernel zeroes
     * what it exposes), then bring .data/.bss in; then report stack top and
     * heap start. Until the map, this process still runs on private pages. */
    if (memop(0, (uintptr_t)brk_end).status != TOCK_STATUSCODE_SUCCESS)
        lth__die("libtock-host: memop brk over .data/.bss failed (raise the minimum RAM size)");
    map_regions(mb, rw_start, brk_end);
    lth__rt.mpu_enabled = true;
    lth__mpu_apply(brk_end);
    /* Registered after attach (it allocates, and malloc must grow through
     * memop, not the Linux brk that would be copied in at every start) but
     * before main, so it still runs after every handler the app adds. */
    on_exit(exit_to_kernel, NULL);
    (void)memop(10, (uintptr_t)lth__rt.stack_top);
    (void)memop(11, (uintptr_t)brk_end);
    install_stdio();
    /* Last: app code reaches Linux only as a fault from here on. */
    if (lth__seccomp_install() != 0)
        lth__die("libtock-host: cannot install the seccomp filter");
}

static int lth__main(int argc, char **argv, char **envp)
{
    exit(__real_main(argc, argv, envp));
}

int __wrap_main(int argc, char **argv, char **envp)
{
    return lth__call_on_stack(lth__main, argc, argv, envp, lth__rt.stack_top);
}
