/* private to emu/hw usbip: the socket side of the USB/IP server
 * (usbip_host.c).
 *
 * The only place with socket calls for USB/IP (style §1); usbip.c calls
 * these. Every fd is non-blocking and close-on-exec.
 */
#ifndef EMU_USBIP_INTERNAL_H
#define EMU_USBIP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Listen on TCP `address`:`port` (port 0: any). Returns the fd with
 * *bound_port set, or -errno with *failed_call naming the call. */
int emu__usbip_listen(const char *address, uint16_t port, uint16_t *bound_port,
                      const char **failed_call);
/* Accept one connection: its fd, or -errno (-EAGAIN: none waiting). */
int emu__usbip_accept(int listen_fd);
/* Read or write what the socket takes now: the count, 0 at end of file
 * (read), or -errno (-EAGAIN: nothing now). Writes never raise SIGPIPE. */
ssize_t emu__usbip_read(int fd, void *buf, size_t len);
ssize_t emu__usbip_write(int fd, const void *buf, size_t len);
void emu__usbip_close(int fd);

#endif
