/* Fork, exec and attach an app child; kill and reap it.
 *
 * The child inherits three descriptors at fixed numbers (mailbox 3, RAM 4,
 * app flash 5) and execs the app's ELF from a memfd with address-space
 * randomisation off, so .bss, glibc's static TLS (from brk) and the stack
 * land at the same addresses every run. libtock-host attaches in a
 * constructor and reports EMU_TRAP_ATTACH.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

enum { CHILD_FD_MAILBOX = 3, CHILD_FD_RAM = 4, CHILD_FD_FLASH = 5, CHILD_FD_ELF = 6 };

/* In the child, between fork and exec: only async-signal-safe calls. */
static void __attribute__((noreturn)) child_exec(const struct emu_process_host *h, pid_t parent)
{
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    signal(SIGCHLD, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127);
    personality(ADDR_NO_RANDOMIZE);

    /* Move the inherited descriptors to their fixed numbers. Dup everything
     * above the target range first so no dup2 clobbers a source. */
    int src[4] = {h->mailbox_fd, h->ram_fd, h->flash->fd, h->elf_fd};
    int high[4];
    for (int i = 0; i < 4; i++)
        if ((high[i] = fcntl(src[i], F_DUPFD, 16)) < 0)
            _exit(127);
    for (int i = 0; i < 4; i++)
        if (dup2(high[i], CHILD_FD_MAILBOX + i) < 0)
            _exit(127);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0 && devnull != 0) {
        dup2(devnull, 0);
        close(devnull);
    }
    close_range(CHILD_FD_ELF + 1, ~0u, 0);

    char *argv[] = {(char *)h->name, NULL};
    char *envp[] = {(char *)EMU_CHANNEL_ENV "=3,4,5", NULL};
    /* By path rather than fexecve: valgrind 3.19 cannot follow execveat. */
    execve("/proc/self/fd/6", argv, envp);
    static const char msg[] = "tockemu: cannot exec the app's ELF\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
}

int emu__spawn(struct emu_process_host *h, struct emu_err *err)
{
    emu__kill(h);
    struct emu_mailbox *mb = h->mailbox;
    memset(mb, 0, sizeof *mb);
    mb->magic = EMU_CHANNEL_MAGIC;
    mb->version = EMU_CHANNEL_VERSION;
    mb->turn = EMU_TURN_APP;
    mb->memory_start = h->memory_start;
    mb->memory_len = h->memory_len;
    mb->flash_start = h->flash_start;
    mb->flash_len = h->flash_len;
    mb->flash_file_offset = h->flash_start - EMU_APP_FLASH_BASE;

    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int rc = -errno;
        emu_err_set(err, "%s: fork: %s", h->name, strerror(-rc));
        return rc;
    }
    if (pid == 0)
        child_exec(h, parent);
    h->pid = pid;

    /* Wait for ATTACH, watching for an early death (a libtock-host message
     * on stderr says why). */
    uint64_t give_up = emu_monotonic_ns() + h->attach_timeout_ns;
    struct timespec slice = {0, 10 * 1000 * 1000};
    for (;;) {
        if (emu_channel_wait(mb, EMU_TURN_KERNEL, &mb->kernel_waiting, EMU_CHANNEL_SPINS, &slice) ==
            0)
            break;
        struct tk_fault fault;
        if (emu__reap(h, &fault)) {
            emu_err_set(err, "%s: the app ended before attaching (wait status 0x%x)", h->name,
                        fault.status);
            return -ECHILD;
        }
        if (emu_monotonic_ns() > give_up) {
            emu__kill(h);
            emu_err_set(err, "%s: the app did not attach within %llu ms", h->name,
                        (unsigned long long)(h->attach_timeout_ns / 1000000));
            return -ETIMEDOUT;
        }
    }
    if (mb->trap != EMU_TRAP_ATTACH) {
        emu__kill(h);
        emu_err_set(err, "%s: the app spoke before attaching (trap %u)", h->name, mb->trap);
        return -EPROTO;
    }
    return 0;
}

void emu__kill(struct emu_process_host *h)
{
    if (h->pid <= 0)
        return;
    kill(h->pid, SIGKILL);
    while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    h->pid = 0;
}

bool emu__reap(struct emu_process_host *h, struct tk_fault *fault)
{
    int status = 0;
    if (h->pid <= 0)
        return false;
    pid_t r = waitpid(h->pid, &status, WNOHANG);
    if (r != h->pid)
        return false;
    h->pid = 0;
    memset(fault, 0, sizeof *fault);
    fault->kind = TK_FAULT_DIED;
    fault->status = status;
    fault->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return true;
}

/* SIGCHLD only needs to interrupt a futex wait; the waiter reaps. */
static void on_sigchld(int sig)
{
    (void)sig;
}

int emu_process_host_signals_init(struct emu_err *err)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NOCLDSTOP; /* no SA_RESTART: a futex wait must return EINTR */
    if (sigaction(SIGCHLD, &sa, NULL) != 0) {
        int rc = -errno;
        emu_err_set(err, "sigaction(SIGCHLD): %s", strerror(-rc));
        return rc;
    }
    /* A child gone mid-write must not kill the emulator. */
    signal(SIGPIPE, SIG_IGN);
    return 0;
}
