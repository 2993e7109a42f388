/* Host side of the UART model: pseudo-terminal set-up and terminal modes.
 *
 * The only file of the UART model with termios and pty calls (style §1; the
 * split follows zephyr drivers/serial/uart_native_pty_bottom.c). The model
 * itself is in uart.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <poll.h>
#include <netdb.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "uart-internal.h"

struct emu__uart_tty {
    struct termios saved;
};

int emu__uart_pty_open(int *master_fd, int *slave_fd, char *path, size_t path_len,
                       const char **failed_call)
{
    int master = -1, slave = -1, rc;
    struct termios tio;

    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) {
        rc = -errno;
        *failed_call = "posix_openpt";
        goto fail;
    }
    if (grantpt(master) != 0 || unlockpt(master) != 0) {
        rc = -errno;
        *failed_call = "grantpt/unlockpt";
        goto fail;
    }
    rc = ptsname_r(master, path, path_len);
    if (rc != 0) {
        rc = -rc;
        *failed_call = "ptsname_r";
        goto fail;
    }
    slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        rc = -errno;
        *failed_call = "open pty slave";
        goto fail;
    }
    if (tcgetattr(slave, &tio) != 0) {
        rc = -errno;
        *failed_call = "tcgetattr";
        goto fail;
    }
    /* A UART is a raw byte pipe: no echo, no line editing, no CR/LF
     * translation; the process console does its own echo. The settings
     * stay with the pty after the slave is closed. */
    cfmakeraw(&tio);
    if (tcsetattr(slave, TCSANOW, &tio) != 0) {
        rc = -errno;
        *failed_call = "tcsetattr";
        goto fail;
    }
    /* Closed again: from now on the master polls HUP exactly while no
     * terminal program holds the slave (native_sim's uart_native_pty
     * watches the same). */
    if (slave_fd == NULL) {
        close(slave);
        slave = -1;
    }
    /* Never block the emulator on a terminal no one reads. */
    int flags = fcntl(master, F_GETFL);
    if (flags < 0 || fcntl(master, F_SETFL, flags | O_NONBLOCK) != 0) {
        rc = -errno;
        *failed_call = "fcntl O_NONBLOCK";
        goto fail;
    }
    *master_fd = master;
    if (slave_fd != NULL)
        *slave_fd = slave;
    return 0;

fail:
    if (slave >= 0)
        close(slave);
    if (master >= 0)
        close(master);
    return rc;
}

bool emu__uart_pty_attached(int master)
{
    struct pollfd pfd = {.fd = master, .events = POLLIN};
    return poll(&pfd, 1, 0) >= 0 && (pfd.revents & POLLHUP) == 0;
}

void emu__uart_pty_drain(int master, const char *path, unsigned bound_ms)
{
    if (!emu__uart_pty_attached(master))
        return;
    int slave = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (slave < 0)
        return;
    /* Bytes still in the flip buffer are not counted yet: empty twice,
     * 10 ms apart. O(bound_ms / 10) polls at most. */
    unsigned empty = 0;
    for (unsigned waited = 0; waited < bound_ms && empty < 2; waited += 10) {
        int unread = 0;
        if (ioctl(slave, FIONREAD, &unread) != 0 || !emu__uart_pty_attached(master))
            break;
        empty = unread == 0 ? empty + 1 : 0;
        (void)poll(NULL, 0, 10);
    }
    close(slave);
}

int emu__uart_pty_link(const char *link, const char *target)
{
    struct stat st;
    if (lstat(link, &st) == 0) {
        if (!S_ISLNK(st.st_mode))
            return -EEXIST;
        if (unlink(link) != 0)
            return -errno;
    }
    return symlink(target, link) == 0 ? 0 : -errno;
}

int emu__uart_spawn_attach(const char *command, const char *path)
{
    GString *line = g_string_new(NULL);
    for (const char *c = command; *c != 0; c++) {
        if (c[0] == '%' && c[1] == 's') {
            g_string_append(line, path);
            c++;
        } else {
            g_string_append_c(line, *c);
        }
    }
    char *argv[] = {"/bin/sh", "-c", line->str, NULL};
    GError *gerr = NULL;
    GPid pid;
    /* Without DO_NOT_REAP glib forks twice and reaps the middle child: the
     * shell belongs to init, as native_sim leaves its `xterm -e screen`. */
    gboolean ok = g_spawn_async(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &pid, &gerr);
    g_string_free(line, TRUE);
    if (!ok) {
        g_error_free(gerr);
        return -ENOEXEC;
    }
    g_spawn_close_pid(pid);
    return 0;
}

int emu__uart_tty_raw(int fd, struct emu__uart_tty **saved)
{
    struct termios tio;

    *saved = NULL;
    if (!isatty(fd))
        return 0;
    if (tcgetattr(fd, &tio) != 0)
        return -errno;
    struct emu__uart_tty *tty = malloc(sizeof *tty);
    if (tty == NULL)
        return -ENOMEM;
    tty->saved = tio;
    /* Byte at a time, no echo; keep ISIG (Ctrl-C ends the emulator) and
     * OPOST (the shell's terminal keeps translating output newlines). */
    tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | IEXTEN);
    tio.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
        int rc = -errno;
        free(tty);
        return rc;
    }
    *saved = tty;
    return 0;
}

void emu__uart_tty_restore(int fd, struct emu__uart_tty *saved)
{
    if (saved == NULL)
        return;
    (void)tcsetattr(fd, TCSANOW, &saved->saved);
    free(saved);
}

/* The signals that end a run: Ctrl-C, kill, the terminal going away. */
static void interrupt_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

int emu__uart_interrupt_open(void)
{
    sigset_t set, old;
    interrupt_signals(&set);
    /* A signalfd instead of a handler: no global flag, and the host loop's
     * poll sees the signal like any other input. */
    if (sigprocmask(SIG_BLOCK, &set, &old) != 0)
        return -errno;
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) {
        int rc = -errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        return rc;
    }
    return fd;
}

int emu__uart_interrupt_read(int fd)
{
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    return n == (ssize_t)sizeof info ? (int)info.ssi_signo : 0;
}

void emu__uart_interrupt_close(int fd)
{
    if (fd < 0)
        return;
    close(fd);
    sigset_t set;
    interrupt_signals(&set);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* The address `fd` is bound to, as --console-listen writes it. */
static void uart_bound_address(int fd, const char *scheme, char *bound, size_t bound_len)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[NI_MAXHOST], port[NI_MAXSERV];
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
        getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, port, sizeof port,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return;
    snprintf(bound, bound_len, ss.ss_family == AF_INET6 ? "%s:[%s]:%s" : "%s:%s:%s", scheme, host,
             port);
}

int emu__uart_listen(const char *address, char *bound, size_t bound_len, const char **failed_call)
{
    snprintf(bound, bound_len, "%s", address);
    int fd = -1, rc;
    *failed_call = "address";
    if (strncmp(address, "unix:", 5) == 0) {
        struct sockaddr_un sun = {.sun_family = AF_UNIX};
        if (address[5] == 0 || strlen(address + 5) >= sizeof sun.sun_path)
            return -EINVAL;
        strcpy(sun.sun_path, address + 5);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        *failed_call = "socket";
        if (fd < 0)
            return -errno;
        *failed_call = "bind";
        if (bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0)
            goto fail;
    } else if (strncmp(address, "tcp:", 4) == 0 || strncmp(address, "telnet:", 7) == 0) {
        const char *rest = strchr(address, ':') + 1;
        char host[256] = "";
        const char *port = strrchr(rest, ':');
        if (port != NULL) {
            size_t n = (size_t)(port - rest);
            if (n >= sizeof host)
                return -EINVAL;
            memcpy(host, rest, n);
            host[n] = 0;
            port++;
        } else {
            port = rest;
        }
        struct addrinfo hints = {.ai_family = AF_UNSPEC,
                                 .ai_socktype = SOCK_STREAM,
                                 .ai_flags = AI_PASSIVE},
                        *res = NULL;
        if (*port == 0 || getaddrinfo(host[0] ? host : NULL, port, &hints, &res) != 0)
            return -EINVAL;
        fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        *failed_call = "socket";
        if (fd < 0) {
            rc = -errno;
            freeaddrinfo(res);
            return rc;
        }
        int one = 1;
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        *failed_call = "bind";
        rc = bind(fd, res->ai_addr, res->ai_addrlen);
        freeaddrinfo(res);
        if (rc != 0)
            goto fail;
        /* Port 0 (a free one) says which one it got. */
        uart_bound_address(fd, address[1] == 'c' ? "tcp" : "telnet", bound, bound_len);
    } else {
        return -EINVAL;
    }
    *failed_call = "listen";
    if (listen(fd, 1) != 0)
        goto fail;
    return fd;
fail:
    rc = -errno;
    close(fd);
    return rc;
}

int emu__uart_accept(int listen_fd)
{
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    return fd >= 0 ? fd : -errno;
}
