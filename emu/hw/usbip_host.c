/* Host side of the USB/IP server: TCP sockets.
 *
 * The only file of the USB/IP server with socket calls (style §1; the split
 * follows zephyr drivers/serial/uart_native_pty_bottom.c). The protocol is
 * in usbip.c. TCP_NODELAY: every reply is a complete message a client waits
 * for.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "usbip-internal.h"

int emu__usbip_listen(const char *address, uint16_t port, uint16_t *bound_port,
                      const char **failed_call)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, address, &sa.sin_addr) != 1) {
        *failed_call = "inet_pton";
        return -EINVAL;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *failed_call = "socket";
        return -errno;
    }
    int one = 1, rc;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        rc = -errno;
        *failed_call = "bind";
        goto fail;
    }
    if (listen(fd, 4) != 0) {
        rc = -errno;
        *failed_call = "listen";
        goto fail;
    }
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        rc = -errno;
        *failed_call = "getsockname";
        goto fail;
    }
    *bound_port = ntohs(sa.sin_port);
    return fd;
fail:
    close(fd);
    return rc;
}

int emu__usbip_accept(int listen_fd)
{
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0)
        return -errno;
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

ssize_t emu__usbip_read(int fd, void *buf, size_t len)
{
    ssize_t n;
    do
        n = recv(fd, buf, len, 0);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

ssize_t emu__usbip_write(int fd, const void *buf, size_t len)
{
    ssize_t n;
    do
        n = send(fd, buf, len, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

void emu__usbip_close(int fd)
{
    close(fd);
}
