/* USB/IP server: exports the board's USB device to the Linux usbip tools.
 *
 * Speaks the protocol of Linux tools/usb/usbip and drivers/usb/usbip
 * (Documentation/usb/usbip_protocol.rst): OP_REQ_DEVLIST and OP_REQ_IMPORT
 * on a fresh connection; after a successful import, USBIP_CMD_SUBMIT and
 * USBIP_CMD_UNLINK, answered by USBIP_RET_SUBMIT and USBIP_RET_UNLINK. The
 * server plays the exporting machine's host controller: it enumerates the
 * device itself when it attaches (usb_hostmodel.h), as the machine a real
 * device is plugged into would, and forwards URBs as transactions
 * (usbc.h).
 */
#ifndef EMU_USBIP_H
#define EMU_USBIP_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "kernel.h"
#include "usbc.h"

#define EMU_USBIP_BUSID "1-1" /* the one exported device */
/* The largest transfer_buffer_length a URB may have. */
#define EMU_USBIP_TRANSFER_MAX    (64 * 1024)
#define EMU_USBIP_CONNECTIONS_MAX 4

struct emu_usbip_options {
    const char *address; /* numeric IPv4 to listen on (default "127.0.0.1") */
    uint16_t port;       /* 0: any free port (see emu_usbip_port) */
    int announce_fd;     /* "tockemu: USB/IP server on ADDR:PORT\n"; -1: none */
};

struct emu_usbip;

/* Listen on `o`'s address and become `u`'s host (VBUS on). NULL with `err`
 * naming the failed call, e.g. "usbip: bind 127.0.0.1:3240: Address already
 * in use". */
struct emu_usbip *emu_usbip_new(struct tk_kernel *k, struct emu_usbc *u,
                                const struct emu_usbip_options *o, struct emu_err *err);
/* Close every connection and the listener; free (NULL is fine). */
void emu_usbip_free(struct emu_usbip *s);
/* The port the server listens on. */
uint16_t emu_usbip_port(const struct emu_usbip *s);

/* Host I/O: the fds to poll (the listener and each connection, with
 * POLLOUT while replies wait); after poll(2) hand the same array back. */
unsigned emu_usbip_poll_fds(struct emu_usbip *s, struct pollfd *fds, unsigned max);
void emu_usbip_poll_ready(struct emu_usbip *s, const struct pollfd *fds, unsigned count);

/* Counters for tests: connections closed because of a protocol error. */
unsigned emu_usbip_protocol_errors(const struct emu_usbip *s);

#endif
