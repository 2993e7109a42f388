/* Start and attach an app child; kill and reap it, or keep it, stopped, and
 * start the next app in it again in place.
 *
 * A spare child of the loader's zygote (zygote.c), a child of the emulator,
 * takes the app's descriptors at fixed numbers (enum emu_child_fd) and has
 * nothing else: no environment, no terminal (the zygote's session, so a Ctrl-C or
 * Ctrl-Z at the terminal reaches the emulator only), and a parent-death
 * signal, so no child outlives the emulator. The loader maps the app's
 * regions, closes everything, installs the seccomp filter and reports
 * EMU_TRAP_ATTACH.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "process-internal.h"

/* The loader's exit codes name the step that failed (loader.c). */
static const char *loader_step_name(int status)
{
    static const char *const step[] = {
        "",
        "map the mailbox",
        "map app RAM",
        "map app flash",
        "read its mappings",
        "close descriptors",
        "drop root",
        "set resource limits",
        "install fault handlers",
        "protect its state",
        "unmap the Linux stack and vDSO",
        "install the seccomp filter",
        "start the app",
        "map its windows",
        "take its request",
    };
    if (!WIFEXITED(status))
        return "start";
    int code = WEXITSTATUS(status);
    if (code > 100 && code - 100 < (int)(sizeof step / sizeof step[0]))
        return step[code - 100];
    return "start";
}

/* Clear the mailbox for a start with the turn at `turn`, and describe the
 * regions the loader maps. The turn goes first: a kept child's app spinning
 * for its turn must never see it as its own while the rest is cleared. */
static void reset_mailbox(const struct emu_process_host *h, enum emu_turn turn)
{
    struct emu_mailbox *mb = h->mailbox;
    __atomic_store_n(&mb->turn, turn, __ATOMIC_SEQ_CST);
    size_t head = offsetof(struct emu_mailbox, kernel_waiting);
    memset((char *)mb + head, 0, sizeof *mb - head);
    mb->magic = EMU_CHANNEL_MAGIC;
    mb->version = EMU_CHANNEL_VERSION;
    mb->memory_start = h->memory_start;
    mb->memory_len = h->memory_len;
    mb->flash_start = h->flash_start;
    mb->flash_len = h->flash_len;
    mb->flash_file_offset = h->flash_start - EMU_APP_FLASH_BASE;
    mb->lend_arena_start = EMU_LEND_BASE;
    mb->lend_arena_len = EMU_LEND_END - EMU_LEND_BASE;
    mb->ram_arena_start = EMU_APP_RAM_BASE;
    mb->ram_arena_len = EMU_APP_RAM_END - EMU_APP_RAM_BASE;
    /* Room for the regions, the windows, the loader and its stacks: nothing
     * more is ever mapped once the filter is in. */
    mb->address_space_limit =
        h->flash_len + mb->lend_arena_len + mb->ram_arena_len + 64ull * 1024 * 1024;
    snprintf(mb->name, sizeof mb->name, "%s", h->name);
}

/* Empty RAM up to the first break the kernel chose (spec §5.1: fresh
 * memory at every start): the truncation drops every page, from our
 * mapping and the child's. Returns 0, or -errno with `err` filled. */
static int fresh_ram(struct emu_process_host *h, uint64_t app_break, struct emu_err *err)
{
    int rc;
    if (ftruncate(h->ram_fd, 0) != 0) {
        rc = -errno;
        emu_err_set(err, "%s: cannot reset its RAM: %s", h->name, strerror(-rc));
        return rc;
    }
    h->ram_size = 0;
    if ((rc = emu_process_host_set_break(h, app_break)) != 0) {
        emu_err_set(err, "%s: cannot size its RAM: %s", h->name, strerror(-rc));
        return rc;
    }
    return 0;
}

/* Wait for ATTACH, the turn going to the kernel (from the app's, or from
 * EMU_TURN_RESTART), watching for an early death (the loader's exit code
 * says which step failed) and bounded by attach_timeout_ns. Returns 0, or
 * -errno with the child killed and `err` filled. */
static int wait_for_attach(struct emu_process_host *h, struct emu_err *err)
{
    struct emu_mailbox *mb = h->mailbox;
    uint64_t give_up = emu_monotonic_ns() + h->attach_timeout_ns;
    struct timespec slice = {0, 10 * 1000 * 1000};
    bool attached = emu_channel_spin(mb, EMU_TURN_KERNEL, EMU_CHANNEL_SPINS);
    while (!attached) {
        /* Sleep while the turn is what it was, whatever that is (Dekker, as
         * emu_channel_wait); the slice bounds each sleep. */
        __atomic_store_n(&mb->kernel_waiting, 1, __ATOMIC_SEQ_CST);
        uint32_t seen = __atomic_load_n(&mb->turn, __ATOMIC_SEQ_CST);
        if (seen != EMU_TURN_KERNEL)
            EMU_CHANNEL_FUTEX(&mb->turn, FUTEX_WAIT, seen, &slice);
        __atomic_store_n(&mb->kernel_waiting, 0, __ATOMIC_SEQ_CST);
        if ((attached = __atomic_load_n(&mb->turn, __ATOMIC_ACQUIRE) == EMU_TURN_KERNEL))
            break;
        struct tk_fault fault;
        if (emu__reap(h, &fault)) {
            emu_err_set(err, "%s: the loader could not %s (wait status 0x%x)", h->name,
                        loader_step_name(fault.status), fault.status);
            return -ECHILD;
        }
        if (emu_monotonic_ns() > give_up) {
            emu_process_host_kill(h);
            emu_err_set(err, "%s: the app did not attach within %llu ms", h->name,
                        (unsigned long long)(h->attach_timeout_ns / 1000000));
            return -ETIMEDOUT;
        }
    }
    if (__atomic_load_n(&mb->trap, __ATOMIC_ACQUIRE) != EMU_TRAP_ATTACH) {
        emu_process_host_kill(h);
        emu_err_set(err, "%s: the app spoke before attaching (trap %u)", h->name, mb->trap);
        return -EPROTO;
    }
    return 0;
}

/* Start the app again in the child emu_process_host_retire kept, when it
 * maps what the new start needs: the same flash range (the RAM is the
 * host's own) and the same name. The signal takes the child into its
 * loader, whatever its app was doing, and the loader attaches as a new
 * child does; only then, when no app code can run, are its RAM and windows
 * made fresh (spec §5.1). A new child costs a clone, the sandbox's set-up
 * and, later, the old child's exit: most of an app start. Returns 0, or
 * -errno with the child killed. */
static int restart_kept_child(struct emu_process_host *h, uint64_t app_break, struct emu_err *err)
{
    h->kept = false;
    if (h->child_flash_start != h->flash_start || h->child_flash_len != h->flash_len ||
        strcmp(h->child_name, h->name) != 0)
        return -ESRCH;
    reset_mailbox(h, EMU_TURN_RESTART);
    int rc = 0;
    if (kill(h->pid, EMU_RESTART_SIGNAL) != 0 || (h->stopped && kill(h->pid, SIGCONT) != 0))
        rc = -errno;
    h->stopped = false;
    if (rc == 0)
        rc = wait_for_attach(h, err);
    if (rc != 0)
        return rc;
    if ((rc = fresh_ram(h, app_break, err)) != 0) {
        emu_process_host_kill(h);
        return rc;
    }
    emu__window_reset(h); /* a new start is shown nothing (issue 12) */
    return 0;
}

int emu_process_host_spawn(struct emu_process_host *h, uint64_t app_break, struct emu_err *err)
{
    if (h->pid > 0 && h->kept && restart_kept_child(h, app_break, err) == 0)
        return 0;
    emu_process_host_kill(h);
    /* A killed child runs on until Linux delivers the SIGKILL (on a busy
     * host, a while): the mailbox and RAM it maps are reset below only once
     * it is gone, or it could hand the turn over in the new child's stead. */
    if (h->killed_pid > 0 && h->flash != NULL && h->flash->zygote != NULL)
        emu__zygote_reap_now(h->flash->zygote, h->killed_pid);
    h->killed_pid = 0;
    reset_mailbox(h, EMU_TURN_APP);

    /* The first break before the child maps its RAM, so that the mapping
     * brings those pages in at once (loader.c, MAP_POPULATE). */
    int rc;
    if ((rc = fresh_ram(h, app_break, err)) != 0)
        return rc;
    h->stopped = false;
    emu__window_reset(h); /* a new child is shown nothing (issue 12) */

    const int fds[EMU_CHILD_FD_COUNT] = {h->mailbox_fd, h->ram_fd, h->flash->child_fd,
                                         h->window_fd};
    pid_t pid;
    rc = emu__zygote_spawn(h->flash->zygote, fds, &pid, err);
    if (rc != 0)
        return rc;
    h->pid = pid;
    h->child_flash_start = h->flash_start;
    h->child_flash_len = h->flash_len;
    snprintf(h->child_name, sizeof h->child_name, "%s", h->name);
    return wait_for_attach(h, err);
}

/* Whether the child can be kept for a restart in place: it waits for its
 * turn (it trapped) or was preempted, and is neither in its fault handler,
 * where every signal is blocked and the restart would never come, nor
 * handed to a debugger. */
static bool can_keep(const struct emu_process_host *h)
{
    if (h->pid <= 0 || h->debugger_expected || h->mailbox == NULL)
        return false;
    if (__atomic_load_n(&h->mailbox->trap, __ATOMIC_ACQUIRE) == EMU_TRAP_FAULT)
        return false;
    return h->stopped || __atomic_load_n(&h->mailbox->turn, __ATOMIC_ACQUIRE) == EMU_TURN_KERNEL;
}

void emu_process_host_retire(struct emu_process_host *h)
{
    if (!can_keep(h)) {
        emu_process_host_kill(h);
        return;
    }
    /* Stopped, it runs no app code at all, whatever the app does after
     * handing the turn over; the restart continues it. */
    if (!h->stopped)
        kill(h->pid, SIGSTOP);
    h->stopped = true;
    h->kept = true;
}

void emu_process_host_kill(struct emu_process_host *h)
{
    if (h->pid <= 0)
        return;
    kill(h->pid, SIGKILL);
    h->kept = false;
    /* Its exit (tearing down its address space) need not hold us up: the
     * zygote reaps it later. Without one, reap now. */
    if (h->flash != NULL && h->flash->zygote != NULL) {
        emu__zygote_reap_later(h->flash->zygote, h->pid);
        h->killed_pid = h->pid;
    } else
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
