/* rt_attacker: an app that attacks tockemu on purpose, one attack per run.
 *
 * The attack's name arrives on the console (tockemu --type 'NAME\n@0ms'),
 * so one TBF carries them all. Each attack prints "attack NAME", tries to
 * reach the host, the kernel's memory, another app, or to hang the board,
 * and prints "attack survived" if it was not stopped. tests/e2e/
 * test_redteam.c checks that each one ends as a fault (or, for the spin,
 * that the run still ends) while the victim beside it (rt_victim) keeps its
 * memory and finishes.
 *
 * System calls are issued with this file's own `syscall` instruction, not
 * the runtime's: the filter must not care where a call comes from.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include <libtock-sync/interface/console.h>
#include <libtock-sync/services/alarm.h>
#include <libtock/tock.h>

#include "../common/self.h"

static long attack_syscall(long nr, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}

/* The runtime's state, as an attacker finds it (libtock-host/src/lth.h). */
extern struct {
    struct {
        uint32_t magic, version, turn, kernel_waiting, app_waiting, trap;
    } * mailbox;
} lth__rt;

static void open_file(void)
{
    attack_syscall(SYS_open, (long)"/tmp/tockemu-redteam-escape", 0101 /* O_WRONLY|O_CREAT */,
                   0644);
}

static void socket_call(void)
{
    attack_syscall(SYS_socket, 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
}

static void proc_mem(void)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", 1);
    attack_syscall(SYS_open, (long)path, 2 /* O_RDWR */, 0);
}

static void kill_emulator(void)
{
    long parent = attack_syscall(SYS_getppid, 0, 0, 0);
    attack_syscall(SYS_kill, parent, SIGKILL, 0);
}

static void fork_call(void)
{
    attack_syscall(SYS_fork, 0, 0, 0);
}

static void clone_call(void)
{
    attack_syscall(SYS_clone, 0x11 /* SIGCHLD */, 0, 0);
}

static void execve_call(void)
{
    static char *const argv[] = {"/bin/sh", NULL};
    attack_syscall(SYS_execve, (long)"/bin/sh", (long)argv, 0);
}

static void ptrace_call(void)
{
    attack_syscall(SYS_ptrace, 16 /* PTRACE_ATTACH */, 1, 0);
}

static void mprotect_flash(void)
{
    uintptr_t flash = (uintptr_t)tock_app_flash_begins_at() & ~(uintptr_t)4095;
    attack_syscall(SYS_mprotect, (long)flash, 4096, 3 /* PROT_READ|PROT_WRITE */);
}

static void mremap_ram(void)
{
    uintptr_t ram = (uintptr_t)tock_app_memory_begins_at();
    attack_syscall(SYS_mremap, (long)ram, 4096, 8192);
}

static void munmap_flash(void)
{
    uintptr_t flash = (uintptr_t)tock_app_flash_begins_at() & ~(uintptr_t)4095;
    attack_syscall(SYS_munmap, (long)flash, 4096, 0);
}

static void mmap_anywhere(void)
{
    register long r10 __asm__("r10") = 0x22; /* MAP_PRIVATE|MAP_ANONYMOUS */
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(SYS_mmap), "D"(0), "S"(1 << 20), "d"(7), "r"(r10)
                     : "rcx", "r11", "memory");
}

static void block_signals(void)
{
    uint64_t all = ~0ull;
    register long r10 __asm__("r10") = 8;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(SYS_rt_sigprocmask), "D"(0 /* SIG_BLOCK */), "S"(&all), "d"(0), "r"(r10)
                     : "rcx", "r11", "memory");
}

static void swallow_faults(void)
{
    /* Install a handler for SIGSEGV that would skip every fault. */
    struct {
        void *handler;
        uint64_t flags;
        void *restorer;
        uint64_t mask;
    } sa = {(void *)1 /* SIG_IGN */, 0, 0, 0};
    register long r10 __asm__("r10") = 8;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(SYS_rt_sigaction), "D"(SIGSEGV), "S"(&sa), "d"(0), "r"(r10)
                     : "rcx", "r11", "memory");
    *(volatile int *)0 = 1;
}

static void sigreturn_call(void)
{
    attack_syscall(SYS_rt_sigreturn, 0, 0, 0);
}

static void tgkill_stop(void)
{
    attack_syscall(SYS_tgkill, 0, 0, SIGSTOP);
}

static void futex_elsewhere(void)
{
    static uint32_t word;
    attack_syscall(SYS_futex, (long)&word, 0 /* FUTEX_WAIT */, 0);
}

/* Sleep while holding the CPU: FUTEX_WAIT on the turn word for the value it
 * has while the app runs. */
static void futex_wait_holding_turn(void)
{
    attack_syscall(SYS_futex, (long)&lth__rt.mailbox->turn, 0 /* FUTEX_WAIT */,
                   0 /* EMU_TURN_APP */);
}

static void x32_syscall(void)
{
    attack_syscall(0x40000000 | SYS_getpid, 0, 0, 0);
}

static void int80_syscall(void)
{
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20 /* i386 getpid */) : "memory");
}

static void mailbox_garbage(void)
{
    lth__rt.mailbox->trap = 0x77;
    __atomic_store_n(&lth__rt.mailbox->turn, 1, __ATOMIC_SEQ_CST);
    for (volatile unsigned long i = 0; i < 1000000000ul; i++)
        ;
}

static const char in_flash[] = "a literal in flash";

static void flash_write(void)
{
    printf("flash literal '%c'\n", in_flash[0]);
    *(volatile char *)in_flash = 'X';
}

static void flash_check(void)
{
    printf("flash literal '%c'\n", in_flash[0]);
    for (;;)
        libtocksync_alarm_delay_ms(1000);
}

/* The victim (rt_victim) runs right after this app: its RAM is mapped in the
 * emulator, but nothing of it in this process. */
static void other_app_ram(void)
{
    *(volatile uint32_t *)next_app_ram() = 0xdeadbeef;
}

/* brk right up to the kernel break, then write past the page that holds it:
 * that is where grants begin, and they live nowhere in this process. */
static void grant_page(void)
{
    uintptr_t grant = (uintptr_t)tock_app_grant_begins_at();
    memop(0, grant);
    *(volatile uint8_t *)((grant + 4095) & ~(uintptr_t)4095) = 1;
}

static void int3(void)
{
    __asm__ volatile("int3");
}

static void spin(void)
{
    for (;;)
        __asm__ volatile("" ::: "memory");
}

static const struct {
    const char *name;
    void (*attack)(void);
} attacks[] = {
    {"open_file", open_file},
    {"socket", socket_call},
    {"proc_mem", proc_mem},
    {"kill_emulator", kill_emulator},
    {"fork", fork_call},
    {"clone", clone_call},
    {"execve", execve_call},
    {"ptrace", ptrace_call},
    {"mprotect_flash", mprotect_flash},
    {"mremap_ram", mremap_ram},
    {"munmap_flash", munmap_flash},
    {"mmap", mmap_anywhere},
    {"block_signals", block_signals},
    {"swallow_faults", swallow_faults},
    {"sigreturn", sigreturn_call},
    {"tgkill_stop", tgkill_stop},
    {"futex_elsewhere", futex_elsewhere},
    {"futex_wait_holding_turn", futex_wait_holding_turn},
    {"x32_syscall", x32_syscall},
    {"int80_syscall", int80_syscall},
    {"mailbox_garbage", mailbox_garbage},
    {"flash_write", flash_write},
    {"flash_check", flash_check},
    {"other_app_ram", other_app_ram},
    {"grant_page", grant_page},
    {"int3", int3},
    {"spin", spin},
};

static void read_line(char *line, size_t cap)
{
    size_t len = 0;
    while (len + 1 < cap) {
        uint8_t c;
        uint32_t got = 0;
        if (libtocksync_console_read(&c, 1, &got) != RETURNCODE_SUCCESS || got != 1 || c == '\n')
            break;
        line[len++] = (char)c;
    }
    line[len] = '\0';
}

/* "peek ADDR" prints the word there; "poke ADDR VALUE" stores one. Memory
 * the kernel shows this app through a window (tests/process/
 * test_window.c) is read and written this way; anything else faults. */
static bool peek_or_poke(const char *line)
{
    unsigned long long addr, value;
    if (sscanf(line, "peek %llx", &addr) == 1) {
        printf("peek %llx = %08x\n", addr, (unsigned)*(volatile uint32_t *)(uintptr_t)addr);
        return true;
    }
    if (sscanf(line, "poke %llx %llx", &addr, &value) == 2) {
        *(volatile uint32_t *)(uintptr_t)addr = (uint32_t)value;
        printf("poke %llx done\n", addr);
        return true;
    }
    return false;
}

int main(void)
{
    char name[64];
    read_line(name, sizeof name);
    while (peek_or_poke(name))
        read_line(name, sizeof name);
    for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
        if (strcmp(name, attacks[i].name) != 0)
            continue;
        printf("attack %s\n", name);
        attacks[i].attack();
        printf("attack survived\n");
        return 0;
    }
    printf("no attack named '%s'\n", name);
    return 2;
}
