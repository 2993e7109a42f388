/* The zygote: the loader, started once, cloning every app child on request.
 *
 * Starting an app used to fork the emulator (copying the page tables of a
 * process with glib, libcrypto and the app flash mapped) and exec the loader
 * in the child: two to three milliseconds on the machines this was measured
 * on, most of it page-table work. The loader (loader.c) now runs once as a
 * zygote, as Android's app zygote and AFL's fork server do: the emulator
 * sends it a child's descriptors over a socket and it clones a child of a
 * few pages, with CLONE_PARENT so that the child is the emulator's own
 * (waitpid, SIGCHLD and the parent-death signal work as before).
 *
 * The zygote starts when the machine knows it will run apps, so that its
 * exec overlaps the rest of the set-up, or else on the first app start,
 * from a memfd that holds the loader's image; it dies with the emulator (parent-death signal),
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
#include <sys/wait.h>
#include <unistd.h>

#include "process-internal.h"

#define ZYGOTE_LOADER_FD 10   /* where the zygote's exec finds the loader */
#define ZYGOTE_REPLY_MS  5000 /* the longest a clone may take to answer */

struct emu_zygote {
    int loader_fd; /* memfd with the loader's image */
    int sock;      /* our end of the request socket; -1: not started */
    pid_t pid;
    /* The process that started it: the only one whose children its clones
     * become (CLONE_PARENT). A process forked after it (a test in Check's
     * fork mode, given a zygote made in the runner) starts its own. */
    pid_t owner;
};

/* Forget a zygote inherited through a fork: it is the parent's. */
static void disown_inherited(struct emu_zygote *z)
{
    if (z->sock >= 0 && z->owner != getpid()) {
        close(z->sock);
        z->sock = -1;
        z->pid = 0;
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
    z->loader_fd = memfd_create("tockemu-loader", MFD_CLOEXEC);
    int rc = z->loader_fd < 0 ? -errno
                              : write_all(z->loader_fd, emu__loader_image, emu__loader_image_len);
    if (rc != 0) {
        emu_zygote_free(z);
        return rc;
    }
    *out = z;
    return 0;
}

static void stop(struct emu_zygote *z)
{
    disown_inherited(z);
    if (z->sock >= 0)
        close(z->sock);
    z->sock = -1;
    if (z->pid > 0) {
        kill(z->pid, SIGKILL);
        while (waitpid(z->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
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

/* What the vfork-like child needs: it runs on its own small stack in the
 * emulator's memory until it execs, so it reads these and writes nothing. */
struct zygote_exec {
    int sock, loader_fd;
    pid_t parent;
    char path[32]; /* /proc/self/fd/ZYGOTE_LOADER_FD */
};

/* In the child, before exec: only async-signal-safe calls, and no writes to
 * memory it shares with the emulator. Every signal stays blocked through
 * the exec (the loader unblocks them), so no emulator handler can run here.
 * No environment, no terminal (its own session: a Ctrl-C at the terminal
 * reaches the emulator only), the emulator's death as its own, and nothing
 * open but the socket and the loader. */
static int exec_zygote(void *arg)
{
    const struct zygote_exec *x = arg;
    setsid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != x->parent)
        _exit(127);
    int high_sock = fcntl(x->sock, F_DUPFD, 16), high_loader = fcntl(x->loader_fd, F_DUPFD, 16);
    if (high_sock < 0 || high_loader < 0 || dup2(high_sock, EMU_ZYGOTE_FD) < 0 ||
        dup3(high_loader, ZYGOTE_LOADER_FD, O_CLOEXEC) < 0)
        _exit(127);
    close_range(0, EMU_ZYGOTE_FD - 1, 0);
    close_range(ZYGOTE_LOADER_FD + 1, ~0u, 0);
    char *argv[] = {"tockemu-zygote", NULL};
    char *envp[] = {NULL};
    /* By path rather than fexecve: valgrind 3.19 cannot follow execveat.
     * The descriptor is close-on-exec, which an ELF exec allows. */
    execve(x->path, argv, envp);
    _exit(126);
}

/* Start the zygote as posix_spawn starts a program: a child that shares our
 * memory (CLONE_VM) while we wait for its exec (CLONE_VFORK). A fork copied
 * the page tables of the emulator (a 9 MB binary, glib, app flash mapped)
 * and left every page we then wrote to fault once more for copy-on-write:
 * about a millisecond of `tockemu hello.tbf` on the machines measured. */
static pid_t spawn_zygote(const struct zygote_exec *x)
{
    _Alignas(16) char stack[16384];
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    pid_t pid =
        clone(exec_zygote, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)x);
    int rc = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    errno = rc;
    return pid;
}

int emu_zygote_start(struct emu_zygote *z, struct emu_err *err)
{
    disown_inherited(z);
    if (z->sock >= 0)
        return 0;
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        int rc = -errno;
        emu_err_set(err, "app loader: socketpair: %s", strerror(-rc));
        return rc;
    }
    struct zygote_exec x = {.sock = pair[1], .loader_fd = z->loader_fd, .parent = getpid()};
    snprintf(x.path, sizeof x.path, "/proc/self/fd/%d", ZYGOTE_LOADER_FD);
    pid_t pid = spawn_zygote(&x);
    if (pid < 0) {
        int rc = -errno;
        close(pair[0]);
        close(pair[1]);
        emu_err_set(err, "app loader: clone: %s", strerror(-rc));
        return rc;
    }
    close(pair[1]);
    z->sock = pair[0];
    z->pid = pid;
    z->owner = x.parent;
    return 0;
}

static int request(struct emu_zygote *z, const int fds[EMU_CHILD_FD_COUNT], pid_t *pid)
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
    while ((n = sendmsg(z->sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    if (n != (ssize_t)sizeof req)
        return n < 0 ? -errno : -EIO;

    struct pollfd p = {z->sock, POLLIN, 0};
    int ready;
    while ((ready = poll(&p, 1, ZYGOTE_REPLY_MS)) < 0 && errno == EINTR)
        ;
    if (ready == 0)
        return -ETIMEDOUT;
    struct emu_zygote_reply reply;
    while ((n = recv(z->sock, &reply, sizeof reply, 0)) < 0 && errno == EINTR)
        ;
    if (n != (ssize_t)sizeof reply)
        return n < 0 ? -errno : -EPIPE; /* 0: the zygote is gone */
    if (reply.pid <= 0)
        return reply.pid < 0 ? reply.pid : -EPROTO;
    *pid = reply.pid;
    return 0;
}

int emu__zygote_spawn(struct emu_zygote *z, const int fds[EMU_CHILD_FD_COUNT], pid_t *pid,
                      struct emu_err *err)
{
    for (int attempt = 0;; attempt++) {
        int rc;
        if ((rc = emu_zygote_start(z, err)) != 0)
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
