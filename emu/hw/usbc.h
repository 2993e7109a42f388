/* USB device controller model: the board's USB port, and the bus a host
 * model or the USB/IP server drives.
 *
 * Implements hil/usb.h for the emulated chip (the counterpart of e.g.
 * tock/tock chips/nrf52/src/usbd.rs @65608d71). The host side calls the
 * emu_usbc_* bus functions below; each runs one transaction against the
 * device stack synchronously and reports the handshake: 0 (ACK), -EAGAIN
 * (NAK: the client delayed), -EPIPE (STALL), -ENODEV (no device answers at
 * that address: detached, no VBUS, or suspended), -EMSGSIZE (a packet larger
 * than the endpoint's buffer).
 */
#ifndef EMU_USBC_H
#define EMU_USBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/usb.h"
#include "kernel.h"

/* The host on the other end of the cable. Both callbacks come from a
 * deferred call of the kernel, never from inside a client's call. */
struct emu_usbc_host {
    /* The device resumed an endpoint it had NAKed (in: IN direction). */
    void (*endpoint_ready)(struct emu_usbc_host *h, unsigned endpoint, bool in);
    /* The device's pull-up changed: it attached (true) or detached. */
    void (*connection_changed)(struct emu_usbc_host *h, bool attached);
};

struct emu_usbc;

/* A controller on `k` (deferred calls). NULL when out of memory. */
struct emu_usbc *emu_usbc_new(struct tk_kernel *k);
void emu_usbc_free(struct emu_usbc *u);
/* The HIL device the USB function uses. */
struct tk_usb_controller *emu_usbc_device(struct emu_usbc *u);
/* Set the host that observes the bus (NULL: none). */
void emu_usbc_set_host(struct emu_usbc *u, struct emu_usbc_host *host);

/* Bus state, as the host sees it. */
bool emu_usbc_is_attached(const struct emu_usbc *u); /* pull-up on */
uint8_t emu_usbc_address(const struct emu_usbc *u);
/* The host powers the port (true) or goes away (false): link event VBUS
 * on/off to the client. Powering off also drops the address. */
void emu_usbc_vbus(struct emu_usbc *u, bool on);
/* Bus reset: address 0, every endpoint's NAK state cleared, bus_reset()
 * to the client. Ignored while detached. */
void emu_usbc_bus_reset(struct emu_usbc *u);
/* Suspend / resume signalling; while suspended no transaction is answered. */
void emu_usbc_suspend(struct emu_usbc *u);
void emu_usbc_resume(struct emu_usbc *u);

/* A whole control transfer on endpoint 0 of the device at `address`: the
 * SETUP stage from `setup` (8 bytes), a data stage of wLength bytes (IN into
 * `data`, OUT from `data`), then the status stage. *len gets the bytes of
 * an IN data stage (<= wLength). Returns 0 or a handshake above. */
int emu_usbc_control(struct emu_usbc *u, uint8_t address, const uint8_t setup[8], uint8_t *data,
                     size_t *len);
/* One IN packet from `endpoint` (bulk or interrupt) into `buf` (at least
 * TK_USB_MAX_PACKET bytes); *len gets its size. The packet is acknowledged
 * at once (packet_transmitted). */
int emu_usbc_in(struct emu_usbc *u, uint8_t address, unsigned endpoint, uint8_t *buf, size_t *len);
/* One OUT packet of `len` bytes to `endpoint`. On -EAGAIN nothing was
 * taken: send it again after endpoint_ready. */
int emu_usbc_out(struct emu_usbc *u, uint8_t address, unsigned endpoint, const uint8_t *buf,
                 size_t len);
/* The transfer type an endpoint was enabled with, or -1 if it is not
 * enabled in that direction. */
int emu_usbc_endpoint_type(const struct emu_usbc *u, unsigned endpoint, bool in);

#endif
