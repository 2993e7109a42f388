/* The zygote: the loader, started once, cloning a spare app child ahead of
 * every app start.
 *
 * Starting an app used to fork the emulator (copying the page tables of a
 * process with glib, libcrypto and the app flash mapped) and exec the loader
 * in the child: two to three milliseconds on the machines this was measured
 * on, most of it page-table work. The loader (loader.c) now runs once as a
 * zygote, as Android's app zygote and AFL's fork server do: it clones a
 * child of a few pages, with CLONE_PARENT so that the child is the
 * emulator's own (waitpid, SIGCHLD and the parent-death signal work as
 * before). The clone is made ahead of need: a spare that has dropped root
 * waits on its own socket, and an app start is one message to it with the
 * child's descriptors, while the zygote clones the next spare. The clone
 * and the wake-up of a new process, about half of an app start, are then
 * off the path from the kernel's decision to the app's first system call.
 *
 * The zygote starts when the machine knows it will run apps, so that its
 * exec, on the other CPU, overlaps the rest of the set-up, or else on the
 * first app start, from a memfd that holds the loader's image. A run that
 * may start one app only (tockemu) execs the loader straight into that
 * app's spare instead, first thing, and starts the zygote for a second
 * start. The zygote dies with the emulator (parent-death signal),
 * and when the emulator closes its socket. A zygote that died is started
 * again, once, by the next app start.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

#include "process-internal.h"
#include "raw_syscall.h"

#define ZYGOTE_LOADER_FD  10   /* where the zygote's exec finds the loader */
#define ZYGOTE_REPLY_MS   5000 /* the longest a clone may take to answer */
#define ZYGOTE_KILLED_MAX 32   /* killed children left to reap at once */

/* What the child that execs the loader needs: it runs on its own small
 * stack in the emulator's memory, beside the emulator, until it execs, so
 * it reads these and writes nothing but that stack. */
struct zygote_exec {
    int sock, loader_fd;
    int sock_at; /* EMU_ZYGOTE_FD, or EMU_SPARE_FD for a first spare */
    pid_t parent;
    char path[32]; /* /proc/self/fd/ZYGOTE_LOADER_FD */
    _Alignas(16) char stack[8192];
};

struct emu_zygote {
    /* The exec'ing child's arguments and stack: in use until the zygote
     * answers (it has exec'd) or is reaped, both before this is freed; and
     * the same for a first spare exec'd on its own, which answers by taking
     * its request. */
    struct zygote_exec exec, spare_exec;
    int loader_fd; /* memfd with the loader's image; -1 until a loader starts */
    int sock;      /* our end of the request socket; -1: not started */
    pid_t pid;
    /* The process that started it: the only one whose children its clones
     * become (CLONE_PARENT). A process forked after it (a test in Check's
     * fork mode, given a zygote made in the runner) starts its own. */
    pid_t owner;
    /* The spare child, cloned ahead of need: its pid and our end of its
     * socket once the zygote has answered (0 and -1 before), and whether a
     * request for one is on its way. */
    pid_t spare_pid;
    int spare_sock;
    bool spare_asked;
    unsigned starts; /* apps started: from the second on, a spare waits */
    /* App children killed but not yet reaped (emu__zygote_reap_later). */
    pid_t killed[ZYGOTE_KILLED_MAX];
    unsigned killed_count;
    bool leave_children; /* emu_zygote_leave_children: kill, never wait */
};

static void forget_spare(struct emu_zygote *z)
{
    if (z->spare_sock >= 0)
        close(z->spare_sock);
    z->spare_sock = -1;
    z->spare_pid = 0;
    z->spare_asked = false;
}

/* Forget a zygote inherited through a fork, and its spare: they are the
 * parent's (its children, not ours). */
static void disown_inherited(struct emu_zygote *z)
{
    if ((z->sock >= 0 || z->spare_pid > 0) && z->owner != getpid()) {
        close(z->sock);
        z->sock = -1;
        z->pid = 0;
        forget_spare(z);
        z->killed_count = 0;
    }
}

/* The loader program (emu/process/loader.c), built into this library by
 * the build (loader_image.c). */
extern const unsigned char emu__loader_image[];
extern const size_t emu__loader_image_len;

static int write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int emu_zygote_new(struct emu_zygote **out)
{
    struct emu_zygote *z = calloc(1, sizeof *z);
    if (z == NULL)
        return -ENOMEM;
    z->sock = -1;
    z->spare_sock = -1;
    z->loader_fd = -1; /* made at the first start (loader_image_fd) */
    *out = z;
    return 0;
}

/* The memfd holding the loader's image, made when a loader first starts:
 * a machine given a zygote of its caller's frees its own unused, and a
 * zygote that starts nothing writes nothing. Returns it, or -errno. */
static int loader_image_fd(struct emu_zygote *z)
{
    if (z->loader_fd >= 0)
        return z->loader_fd;
    int fd = memfd_create("tockemu-loader", MFD_CLOEXEC);
    int rc = fd < 0 ? -errno : write_all(fd, emu__loader_image, emu__loader_image_len);
    if (rc != 0) {
        if (fd >= 0)
            close(fd);
        return rc;
    }
    return z->loader_fd = fd;
}

static void reap(const struct emu_zygote *z, pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGKILL);
    while (!z->leave_children && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/* Reap the killed children that have died (`flags` WNOHANG), or all of
 * them (0: each wait is bounded, the child having been sent SIGKILL). */
static void reap_killed(struct emu_zygote *z, int flags)
{
    if (z->leave_children)
        flags |= WNOHANG;
    unsigned kept = 0;
    for (unsigned i = 0; i < z->killed_count; i++) {
        pid_t r;
        while ((r = waitpid(z->killed[i], NULL, flags)) < 0 && errno == EINTR)
            ;
        if (r == 0)
            z->killed[kept++] = z->killed[i]; /* dying still */
    }
    z->killed_count = kept;
}

void emu_zygote_leave_children(struct emu_zygote *z)
{
    z->leave_children = true;
}

void emu_zygote_reap_killed(struct emu_zygote *z)
{
    disown_inherited(z);
    reap_killed(z, 0);
}

void emu__zygote_reap_now(struct emu_zygote *z, pid_t pid)
{
    for (unsigned i = 0; i < z->killed_count; i++) {
        if (z->killed[i] != pid)
            continue;
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
        z->killed[i] = z->killed[--z->killed_count];
        return;
    }
}

void emu__zygote_reap_later(struct emu_zygote *z, pid_t pid)
{
    reap_killed(z, WNOHANG);
    if (z->killed_count == ZYGOTE_KILLED_MAX)
        reap_killed(z, 0);
    z->killed[z->killed_count++] = pid;
}

/* Ask the zygote for a spare; its answer is read when the spare is
 * needed. A zygote that has gone is noticed then. */
static void ask_spare(struct emu_zygote *z)
{
    struct emu_zygote_request req = {EMU_ZYGOTE_MAGIC, EMU_CHANNEL_VERSION};
    ssize_t n;
    while ((n = send(z->sock, &req, sizeof req, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    z->spare_asked = n == (ssize_t)sizeof req;
}

/* The zygote's answer to ask_spare: the spare's pid and our end of its
 * socket. Waits at most ZYGOTE_REPLY_MS. */
static int receive_spare(struct emu_zygote *z)
{
    z->spare_asked = false;
    struct pollfd p = {z->sock, POLLIN, 0};
    int ready;
    while ((ready = poll(&p, 1, ZYGOTE_REPLY_MS)) < 0 && errno == EINTR)
        ;
    if (ready == 0)
        return -ETIMEDOUT;
    struct emu_zygote_reply reply;
    struct iovec iov = {&reply, sizeof reply};
    union {
        struct cmsghdr header;
        char bytes[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr msg = {.msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = control.bytes,
                         .msg_controllen = sizeof control.bytes};
    ssize_t n;
    while ((n = recvmsg(z->sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
        ;
    struct cmsghdr *c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
    int sock = -1;
    if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
        c->cmsg_len == CMSG_LEN(sizeof(int)))
        memcpy(&sock, CMSG_DATA(c), sizeof sock);
    if (n != (ssize_t)sizeof reply || reply.pid <= 0 || sock < 0) {
        if (sock >= 0)
            close(sock);
        if (n != (ssize_t)sizeof reply)
            return n < 0 ? -errno : -EPIPE; /* 0: the zygote is gone */
        if (reply.pid > 0)
            reap(z, reply.pid);
        return reply.pid < 0 ? reply.pid : -EPROTO;
    }
    z->spare_pid = reply.pid;
    z->spare_sock = sock;
    return 0;
}

/* Hand the child's descriptors to the spare, which becomes the app child.
 * Returns its pid, or -errno (the spare is reaped then). */
static int hand_to_spare(struct emu_zygote *z, const int fds[EMU_CHILD_FD_COUNT], pid_t *pid)
{
    struct emu_zygote_request req = {EMU_ZYGOTE_MAGIC, EMU_CHANNEL_VERSION};
    struct iovec iov = {&req, sizeof req};
    union {
        struct cmsghdr header;
        char bytes[CMSG_SPACE(sizeof(int) * EMU_CHILD_FD_COUNT)];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {.msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = control.bytes,
                         .msg_controllen = sizeof control.bytes};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * EMU_CHILD_FD_COUNT);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * EMU_CHILD_FD_COUNT);
    ssize_t n;
    while ((n = sendmsg(z->spare_sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    int rc = n == (ssize_t)sizeof req ? 0 : n < 0 ? -errno : -EIO;
    if (rc == 0)
        *pid = z->spare_pid;
    else
        reap(z, z->spare_pid); /* gone already (EPIPE), or of no use */
    close(z->spare_sock);
    z->spare_sock = -1;
    z->spare_pid = 0;
    return rc;
}

static int request(struct emu_zygote *z, const int fds[EMU_CHILD_FD_COUNT], pid_t *pid)
{
    reap_killed(z, WNOHANG);
    int rc = -EPIPE;
    /* A spare that died while it waited (killed from outside) is replaced
     * once by another from the same zygote, which is alive and well. */
    for (int attempt = 0; attempt < 2 && rc == -EPIPE; attempt++) {
        if (z->spare_pid == 0) {
            if (z->sock < 0)
                return -EPIPE; /* a first spare on its own died: start the zygote */
            if (!z->spare_asked)
                ask_spare(z);
            if ((rc = receive_spare(z)) != 0)
                return rc;
        }
        rc = hand_to_spare(z, fds, pid);
    }
    if (rc != 0)
        return rc;
    /* The next spare, cloned while this app runs, from the second start on:
     * a run of one app (tockemu hello.tbf) clones no child it never uses. */
    if (++z->starts > 1)
        ask_spare(z);
    return 0;
}

static void stop(struct emu_zygote *z)
{
    disown_inherited(z);
    reap_killed(z, 0);
    /* A spare on its way is a child of ours too: take its answer, so that
     * it is reaped and not left a zombie. */
    if (z->spare_asked && z->spare_pid == 0 && !z->leave_children)
        receive_spare(z);
    reap(z, z->spare_pid);
    forget_spare(z);
    if (z->sock >= 0)
        close(z->sock);
    z->sock = -1;
    reap(z, z->pid);
    z->pid = 0;
}

void emu_zygote_free(struct emu_zygote *z)
{
    if (z == NULL)
        return;
    stop(z);
    if (z->loader_fd >= 0)
        close(z->loader_fd);
    free(z);
}

/* In the child, before exec: system calls made directly (raw_syscall.h),
 * since it shares our memory and runs beside us: a C library wrapper would
 * write errno, ours, on a failure. Every signal stays blocked through the
 * exec (the loader unblocks them), so no emulator handler can run here.
 * No environment, no terminal (its own session: a Ctrl-C at the terminal
 * reaches the emulator only), the emulator's death as its own, and nothing
 * open but the socket and the loader. */
__attribute__((no_sanitize_address)) /* ASan's stack bookkeeping is ours */
static int
exec_loader(void *arg)
{
    const struct zygote_exec *x = arg;
    sys3(__NR_setsid, 0, 0, 0);
    sys3(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL, 0);
    if (sys3(__NR_getppid, 0, 0, 0) != x->parent)
        sys3(__NR_exit_group, 127, 0, 0);
    long high_sock = sys3(__NR_fcntl, x->sock, F_DUPFD, 16);
    long high_loader = sys3(__NR_fcntl, x->loader_fd, F_DUPFD, 16);
    if (high_sock < 0 || high_loader < 0 || sys3(__NR_dup2, high_sock, x->sock_at, 0) < 0 ||
        sys3(__NR_dup3, high_loader, ZYGOTE_LOADER_FD, O_CLOEXEC) < 0)
        sys3(__NR_exit_group, 127, 0, 0);
    sys3(__NR_close_range, 0, (unsigned)x->sock_at - 1, 0);
    if (x->sock_at + 1 < ZYGOTE_LOADER_FD)
        sys3(__NR_close_range, (unsigned)x->sock_at + 1, ZYGOTE_LOADER_FD - 1, 0);
    sys3(__NR_close_range, ZYGOTE_LOADER_FD + 1, ~0u, 0);
    char *argv[] = {x->sock_at == EMU_SPARE_FD ? "tockemu-spare" : "tockemu-zygote", NULL};
    char *envp[] = {NULL};
    /* By path rather than fexecve: valgrind 3.19 cannot follow execveat.
     * The descriptor is close-on-exec, which an ELF exec allows. */
    sys3(__NR_execve, x->path, argv, envp);
    sys3(__NR_exit_group, 126, 0, 0);
    return 126;
}

/* Exec the loader, as the zygote or as a first spare (its socket at
 * `sock_at`), in a child made through `x`, as posix_spawn starts a program:
 * a child that shares our memory (CLONE_VM), but without waiting for its
 * exec (CLONE_VFORK), so that it execs on the other CPU while we go on
 * setting up. A fork copied the page tables of the emulator (a 9 MB
 * binary, glib, app flash mapped) and left every page we then wrote to
 * fault once more for copy-on-write: about a millisecond of `tockemu
 * hello.tbf` on the machines measured. Returns the child's pid and our end
 * of the socket in *sock, or -errno with `err` filled. */
static pid_t spawn_loader(struct emu_zygote *z, struct zygote_exec *x, int sock_at, int *sock,
                          struct emu_err *err)
{
    int image = loader_image_fd(z);
    if (image < 0) {
        emu_err_set(err, "app loader: memfd: %s", strerror(-image));
        return image;
    }
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        int rc = -errno;
        emu_err_set(err, "app loader: socketpair: %s", strerror(-rc));
        return rc;
    }
    *x = (struct zygote_exec){
        .sock = pair[1], .loader_fd = image, .sock_at = sock_at, .parent = getpid()};
    snprintf(x->path, sizeof x->path, "/proc/self/fd/%d", ZYGOTE_LOADER_FD);
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    /* memcheck runs only fork- and thread-like clones: under it, wait. */
    int flags = CLONE_VM | SIGCHLD | (RUNNING_ON_VALGRIND ? CLONE_VFORK : 0);
    pid_t pid = clone(exec_loader, x->stack + sizeof x->stack, flags, x);
    int rc = -errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    close(pair[1]);
    if (pid < 0) {
        close(pair[0]);
        emu_err_set(err, "app loader: clone: %s", strerror(-rc));
        return rc;
    }
    *sock = pair[0];
    z->owner = x->parent;
    return pid;
}

int emu_zygote_start(struct emu_zygote *z, struct emu_err *err)
{
    disown_inherited(z);
    if (z->sock >= 0)
        return 0;
    pid_t pid = spawn_loader(z, &z->exec, EMU_ZYGOTE_FD, &z->sock, err);
    if (pid < 0)
        return pid;
    z->pid = pid;
    /* The first spare: the zygote clones it as soon as its exec is done,
     * while we go on setting up; unless one started on its own waits. */
    if (z->spare_pid == 0)
        ask_spare(z);
    return 0;
}

int emu_zygote_start_spare(struct emu_zygote *z, struct emu_err *err)
{
    disown_inherited(z);
    if (z->sock >= 0 || z->spare_pid > 0 || z->spare_asked)
        return 0;
    pid_t pid = spawn_loader(z, &z->spare_exec, EMU_SPARE_FD, &z->spare_sock, err);
    if (pid < 0)
        return pid;
    z->spare_pid = pid;
    return 0;
}

int emu_zygote_prepare(struct emu_zygote *z, struct emu_err *err)
{
    disown_inherited(z);
    return z->spare_pid > 0 ? 0 : emu_zygote_start(z, err);
}

int emu__zygote_spawn(struct emu_zygote *z, const int fds[EMU_CHILD_FD_COUNT], pid_t *pid,
                      struct emu_err *err)
{
    for (int attempt = 0;; attempt++) {
        int rc;
        if ((rc = emu_zygote_prepare(z, err)) != 0)
            return rc;
        rc = request(z, fds, pid);
        if (rc == 0)
            return 0;
        if (rc == -EINVAL || rc == -EAGAIN || rc == -ENOMEM) {
            /* The zygote answered: it refused the request or clone failed.
             * It is alive and well; starting another would change nothing. */
            emu_err_set(err, "app loader: cannot start a child: %s", strerror(-rc));
            return rc;
        }
        /* A zygote that does not answer is of no further use; one that died
         * (killed from outside, say) gets one more chance. */
        stop(z);
        if (attempt == 1 || rc == -ETIMEDOUT) {
            emu_err_set(err, "app loader: cannot start a child: %s", strerror(-rc));
            return rc;
        }
    }
}
