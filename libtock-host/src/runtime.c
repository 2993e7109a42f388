/* App start-up and the C library glue of libtock-c, for a Linux-hosted app.
 *
 * Replaces libtock-c's crt0.c and sys.c (libtock-c-surface §1.3, §1.4). The
 * C library is musl, linked static: its start-up makes no Linux system call
 * but the two TLS ones the loader's filter allows, it has no malloc of its
 * own here (malloc.c replaces it), and its stdio reaches the console driver
 * through the two write hooks below. glibc cannot start without brk, mmap
 * and a dozen other host calls, which an app must never make.
 *
 *   loader (emu/process/loader.c)  maps RAM (empty), flash, the mailbox;
 *                                  seccomp; init call -> lth__start
 *   lth__start                     what crt0 does on a board: brk over the
 *                                  stack, .data and .bss (the initial break
 *                                  is memory_start, spec §10.16), copy .data
 *                                  from flash, zero .bss, report stack and
 *                                  heap (memop 10/11), move to the app stack
 *   __libc_start_main (musl)       TLS, constructors, main, exit
 *   exit()                         stdio flushed through the console, Exit
 *
 * The app is a position-independent executable, linked at 0 (libtock-host/
 * ld/gen-app-ld.sh) and run wherever tockemu placed its TBF, as libtock-c's
 * PIC apps run wherever tockloader put them. x86-64 code reaches data
 * PC-relative, so the RAM sits at a fixed distance from the code (the TBF
 * start + 0x20000000, emu/process/host.h); what the start-up fixes is every
 * absolute pointer in the data (R_X86_64_RELATIVE: link address + the load
 * base), as libtock-c's crt0 fixes its GOT and .data for ARM PIC.
 *
 * App RAM as this process sees it:
 *
 *   memory_start + memory_len +- kernel-owned: no memory at all in this process
 *   app break ----------------+- heap (malloc.c over memop sbrk)
 *                             |  .bss, .data (copied in, then relocated)
 *   rw_start = stack top -----+- stack, grows down
 *   memory_start -------------+  (= __lth_ram_start)
 *
 * The ELF the app was linked into sits whole in its TBF right after the
 * header (tockbin create), at __ehdr_start in flash, which is the load base:
 * its program headers say where .data comes from, its dynamic section where
 * the relocations are.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

#include "libtock-sync/interface/console.h"
#include "libtock/tock.h"
#include "lth.h"

#ifndef DT_RELR
#define DT_RELR 36 /* packed relative relocations (musl's elf.h may lack it) */
#endif

/* Hidden: reached PC-relative, so usable before the relocations are done. */
#define LINKER_DEFINED __attribute__((visibility("hidden")))
extern char __lth_rw_start[] LINKER_DEFINED;
extern char __lth_ram_start[] LINKER_DEFINED;
extern const Elf64_Ehdr __ehdr_start LINKER_DEFINED;
extern const Elf64_Dyn _DYNAMIC[] LINKER_DEFINED;
extern char _end[] LINKER_DEFINED;

int main(int argc, char **argv, char **envp);
int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
                      void (*init_dummy)(void), void (*fini_dummy)(void), void (*ldso_dummy)(void));

static uint64_t here(void)
{
    return (uint64_t)(uintptr_t)__builtin_return_address(0);
}

/* ---- start-up ------------------------------------------------------------ */

/* Copy every writable segment's file bytes from flash into RAM and zero the
 * rest of it (.bss, and .tbss's image). */
static void load_writable_segments(uint64_t base)
{
    const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)&__ehdr_start + __ehdr_start.e_phoff);
    for (unsigned i = 0; i < __ehdr_start.e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || !(ph[i].p_flags & PF_W))
            continue;
        char *dst = (char *)(uintptr_t)(base + ph[i].p_vaddr);
        memcpy(dst, (const char *)&__ehdr_start + ph[i].p_offset, ph[i].p_filesz);
        memset(dst + ph[i].p_filesz, 0, ph[i].p_memsz - ph[i].p_filesz);
    }
}

/* Apply the dynamic section's relocations for load base `base`: a static
 * PIE has only R_X86_64_RELATIVE ones, in RAM (the link uses -z text). Runs
 * before any code reads a pointer from the data; returns an error message or
 * NULL. */
static const char *relocate(uint64_t base, uint64_t ram_start, uint64_t ram_end)
{
    uint64_t rela = 0, rela_size = 0, rela_entry = sizeof(Elf64_Rela);
    for (const Elf64_Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_RELA)
            rela = d->d_un.d_ptr;
        else if (d->d_tag == DT_RELASZ)
            rela_size = d->d_un.d_val;
        else if (d->d_tag == DT_RELAENT)
            rela_entry = d->d_un.d_val;
        else if ((d->d_tag == DT_REL || d->d_tag == DT_JMPREL || d->d_tag == DT_RELR) &&
                 d->d_un.d_val != 0)
            return "the app has relocations other than RELA (link it as libtock-host does)";
    }
    if (rela_entry != sizeof(Elf64_Rela))
        return "the app's relocation entries have an unknown size";
    for (uint64_t at = 0; at + sizeof(Elf64_Rela) <= rela_size; at += sizeof(Elf64_Rela)) {
        const Elf64_Rela *r = (const Elf64_Rela *)(uintptr_t)(base + rela + at);
        uint64_t where = base + r->r_offset;
        if (ELF64_R_TYPE(r->r_info) != R_X86_64_RELATIVE)
            return "the app has a relocation other than R_X86_64_RELATIVE";
        if (where < ram_start || where + 8 > ram_end)
            return "the app has a relocation outside its RAM (a text relocation)";
        *(uint64_t *)(uintptr_t)where = base + (uint64_t)r->r_addend;
    }
    return NULL;
}

/* What musl's start-up reads: argv, an empty environment, and an auxiliary
 * vector that says where the program headers are (for static TLS) and that
 * this is no set-uid program (so it checks no descriptors). */
static struct {
    char *argv[2];
    char *envp[1];
    uint64_t auxv[2 * 10];
    char name[64];
    unsigned char random[16];
} start_block;

static void fill_start_block(const struct emu_mailbox *mb)
{
    memcpy(start_block.name, mb->name, sizeof start_block.name);
    start_block.name[sizeof start_block.name - 1] = '\0';
    start_block.argv[0] = start_block.name;
    /* Deterministic: stack canaries need not be secret from the app itself. */
    memcpy(start_block.random, "tockemu-lth-rand", 16);
    const uint64_t aux[] = {
        AT_PHDR,   (uint64_t)(uintptr_t)&__ehdr_start + __ehdr_start.e_phoff,
        AT_PHENT,  sizeof(Elf64_Phdr),
        AT_PHNUM,  __ehdr_start.e_phnum,
        AT_PAGESZ, 4096,
        AT_UID,    0,
        AT_EUID,   0,
        AT_GID,    0,
        AT_EGID,   0,
        AT_RANDOM, (uint64_t)(uintptr_t)start_block.random,
        AT_NULL,   0,
    };
    memcpy(start_block.auxv, aux, sizeof aux);
}

static int start_libc(int argc, char **argv, char **envp)
{
    (void)envp;
    return __libc_start_main(main, argc, argv, NULL, NULL, NULL);
}

/* The init call (spec §1.8): pc(app start, memory start, memory length,
 * app break), plus the mailbox this process talks through. Runs on the
 * loader's start stack; RAM is empty until the first brk. */
void __attribute__((noreturn))
lth__start(uint64_t app_start, uint64_t memory_start, uint64_t memory_len, uint64_t app_break,
           struct emu_mailbox *mb)
{
    (void)app_start, (void)app_break;
    uint64_t base = (uint64_t)(uintptr_t)&__ehdr_start;
    uint64_t rw_start = (uint64_t)(uintptr_t)__lth_rw_start;
    uint64_t end = ((uint64_t)(uintptr_t)_end + 15) & ~(uint64_t)15;
    uint64_t ret[4];
    /* The code reaches RAM PC-relative: it must be where the link put it
     * relative to the code (gen-app-ld.sh). */
    if (memory_start != (uint64_t)(uintptr_t)__lth_ram_start)
        lth__abort_on(mb, "the app's RAM is not at its flash start + 0x20000000", here());
    if (end > memory_start + memory_len)
        lth__abort_on(mb, "the app's data does not fit the RAM the TBF asks for", here());
    lth__syscall_on(mb, TK_CLASS_MEMOP, TK_MEMOP_BRK, end, 0, 0, ret);
    if ((uint32_t)ret[0] != TOCK_SYSCALL_SUCCESS)
        lth__abort_on(mb, "memop brk over the stack, .data and .bss failed", here());

    load_writable_segments(base);
    const char *bad = relocate(base, rw_start, end);
    if (bad != NULL)
        lth__abort_on(mb, bad, here());
    lth__rt.mailbox = mb;
    lth__rt.memory_start = memory_start;
    lth__rt.memory_len = memory_len;
    lth__rt.stack_top = rw_start;
    (void)memop(TK_MEMOP_STACK_START, (uintptr_t)rw_start);
    (void)memop(TK_MEMOP_HEAP_START, (uintptr_t)end);
    fill_start_block(mb);
    lth__call_on_stack(start_libc, 1, start_block.argv, start_block.envp, rw_start);
    lth__abort_on(mb, "__libc_start_main returned", here());
}

/* ---- stdio through the console driver (0x1) ------------------------------ */

/* The prefix of musl's FILE (src/internal/stdio_impl.h, musl 1.2), the
 * fields its write hooks own. Checked at start-up against stdout's known
 * initial state, so a musl with another layout stops with a clear message
 * instead of writing through garbage. */
struct musl_file {
    unsigned flags;
    unsigned char *rpos, *rend;
    int (*close)(FILE *);
    unsigned char *wend, *wpos;
    unsigned char *mustbezero_1;
    unsigned char *wbase;
    size_t (*read)(FILE *, unsigned char *, size_t);
    size_t (*write)(FILE *, const unsigned char *, size_t);
    long long (*seek)(FILE *, long long, int);
    unsigned char *buf;
    size_t buf_size;
    FILE *prev, *next;
    int fd;
};
#define MUSL_F_EOF 16u
#define MUSL_F_ERR 32u

/* One blocking console write through libtock-sync (allow, command,
 * Yield-WaitFor on write-done, un-allow). */
static int console_write_all(const unsigned char *buf, size_t len)
{
    while (len > 0) {
        uint32_t chunk = len > 4096 ? 4096 : (uint32_t)len, written = 0;
        if (libtocksync_console_write(buf, chunk, &written) != RETURNCODE_SUCCESS)
            return -1;
        /* A short write is not possible on the console; trust the count
         * stdio asked for (libtock-c-surface §3 note). */
        buf += chunk;
        len -= chunk;
    }
    return 0;
}

/* musl's hook for every FILE on a descriptor: write what is buffered, then
 * `buf`; on success the buffer is empty and `len` is returned. */
size_t __stdio_write(FILE *file, const unsigned char *buf, size_t len)
{
    struct musl_file *f = (struct musl_file *)file;
    size_t asked = len, buffered = (size_t)(f->wpos - f->wbase);
    /* One console write per line where it fits: printf("x %d\n", 1)
     * reaches here as a buffered "x 1" plus "\n". */
    if (buffered > 0 && len > 0 && (size_t)(f->buf + f->buf_size - f->wpos) >= len) {
        memcpy(f->wpos, buf, len);
        buffered += len;
        buf += len;
        len = 0;
    }
    if ((buffered > 0 && console_write_all(f->wbase, buffered) != 0) ||
        (len > 0 && console_write_all(buf, len) != 0)) {
        f->wpos = f->wbase = f->wend = NULL;
        f->flags |= MUSL_F_ERR;
        return 0;
    }
    f->wend = f->buf + f->buf_size;
    f->wpos = f->wbase = f->buf;
    return asked;
}

/* stdout's first write: musl asks the terminal whether to line-buffer (an
 * ioctl). The console is line-buffered, as newlib's stdout on a board. */
size_t __stdout_write(FILE *file, const unsigned char *buf, size_t len)
{
    ((struct musl_file *)file)->write = __stdio_write;
    return __stdio_write(file, buf, len);
}

/* Reads see end of file, as libtock-c's _read does on a board. */
size_t __stdio_read(FILE *file, unsigned char *buf, size_t len)
{
    (void)buf, (void)len;
    ((struct musl_file *)file)->flags |= MUSL_F_EOF;
    return 0;
}

__attribute__((constructor)) static void check_stdio_layout(void)
{
    const struct musl_file *out = (const struct musl_file *)stdout;
    if (out->fd != 1 || out->write != __stdout_write)
        lth__abort_on(lth__rt.mailbox, "musl's FILE layout is not the one libtock-host knows",
                      here());
}

/* ---- no host clock -------------------------------------------------------- */

/* A board has no clock but the alarm driver; newlib's stubs answer ENOSYS,
 * and so does this, the same on every run (musl would fall back to a
 * system call the filter refuses, and time() would return stack garbage). */
int __clock_gettime(clockid_t clock, struct timespec *ts)
{
    (void)clock;
    if (ts != NULL)
        *ts = (struct timespec){0, 0};
    errno = ENOSYS;
    return -1;
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    return __clock_gettime(clock, ts);
}

int clock_getres(clockid_t clock, struct timespec *ts)
{
    return __clock_gettime(clock, ts);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz;
    if (tv != NULL)
        *tv = (struct timeval){0, 0};
    errno = ENOSYS;
    return -1;
}

time_t time(time_t *t)
{
    if (t != NULL)
        *t = (time_t)-1;
    errno = ENOSYS;
    return (time_t)-1;
}

/* ---- exit and abort --------------------------------------------------------- */

/* musl's exit() ends here after the atexit handlers, destructors and the
 * stdio flush: the Exit syscall (libtock-c's sys.c maps _exit likewise). */
void _Exit(int status)
{
    tock_exit((uint32_t)status);
}

void _exit(int status)
{
    tock_exit((uint32_t)status);
}

/* abort() and failed asserts (musl's assert prints the failed expression on
 * stderr, through the console, first): a fault the kernel's policy handles,
 * as a board's hard fault would be. */
void abort(void)
{
    fflush(NULL);
    lth__abort_on(lth__rt.mailbox, "abort() or a failed assert", here());
}

/* A failed assert says what newlib's __assert_func says on a board, then
 * aborts. */
void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "assertion \"%s\" failed: file \"%s\", line %d%s%s\n", expr, file, line,
            func != NULL ? ", function: " : "", func != NULL ? func : "");
    abort();
}
