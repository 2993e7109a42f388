/* The built-in USB host: enumerates the device as Linux does and opens its
 * CDC-ACM serial port, for tests and for `screen` on a pty, with no root.
 *
 * It plays both Linux's hub/core enumeration (drivers/usb/core/hub.c
 * hub_port_init, usb_new_device) and the cdc-acm driver's port activation
 * (drivers/usb/class/cdc-acm.c acm_port_activate): SET_CONTROL_LINE_STATE
 * (DTR|RTS) and SET_LINE_CODING. The USB/IP server uses the enumeration half.
 */
#ifndef EMU_USB_HOSTMODEL_H
#define EMU_USB_HOSTMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "kernel.h"
#include "usbc.h"

#define EMU_USB_CONFIG_MAX 512
#define EMU_USB_STRING_MAX 128

/* What enumeration learned. */
struct emu_usb_device_info {
    uint8_t address;
    uint8_t device[18]; /* device descriptor */
    uint8_t config[EMU_USB_CONFIG_MAX];
    size_t config_len; /* wTotalLength */
    uint16_t language;
    char manufacturer[EMU_USB_STRING_MAX], product[EMU_USB_STRING_MAX],
        serial[EMU_USB_STRING_MAX]; /* ASCII of strings 1..3; "" if absent */
};

/* One step of enumeration, for tests to compare with what Linux sends. */
struct emu_usb_enum_step {
    uint8_t setup[8];
    int rc; /* emu_usbc_control's result */
};
#define EMU_USB_ENUM_STEPS_MAX 16

/* Enumerate the attached device as Linux does: bus reset, GET_DESCRIPTOR
 * (device, 64) at address 0, bus reset, SET_ADDRESS(address), GET_DESCRIPTOR
 * (device), (configuration, 9 then wTotalLength), (string 0, then strings
 * 2, 1, 3 in its first language), SET_CONFIGURATION. `steps` (may be NULL)
 * gets each control transfer, *step_count their number. Returns 0 with
 * `info` filled, or the failing transfer's handshake (-EPIPE, -ENODEV, ...)
 * or -EPROTO for a malformed descriptor. */
int emu_usb_enumerate(struct emu_usbc *u, uint8_t address, struct emu_usb_device_info *info,
                      struct emu_usb_enum_step *steps, unsigned *step_count);

/* Walk the configuration descriptor: the n-th descriptor of `type` (0-based).
 * Returns a pointer to it (its length is p[0]) or NULL. */
const uint8_t *emu_usb_find_descriptor(const struct emu_usb_device_info *info, uint8_t type,
                                       unsigned n);

/* Build a SETUP packet. */
void emu_usb_setup_packet(uint8_t setup[8], uint8_t request_type, uint8_t request, uint16_t value,
                          uint16_t index, uint16_t length);

struct emu_usb_hostmodel_options {
    bool pty;        /* expose the CDC stream on a new pty */
    int announce_fd; /* where "tockemu: USB CDC-ACM on <path>\n" goes; -1 none */
    uint32_t baud;   /* SET_LINE_CODING rate (default 115200) */
    uint8_t address; /* SET_ADDRESS value (default 1) */
    bool open_port;  /* act as cdc-acm opening the tty (default true) */
};
void emu_usb_hostmodel_options_init(struct emu_usb_hostmodel_options *o);

struct emu_usb_hostmodel;

/* A host on `u`'s cable: it powers the port at once and enumerates each time
 * the device attaches (from a deferred call). NULL with `err` filled on
 * failure (pty). The model becomes `u`'s host. */
struct emu_usb_hostmodel *emu_usb_hostmodel_new(struct tk_kernel *k, struct emu_usbc *u,
                                                const struct emu_usb_hostmodel_options *o,
                                                struct emu_err *err);
void emu_usb_hostmodel_free(struct emu_usb_hostmodel *h);

/* True after a successful enumeration (and port opening), until detach. */
bool emu_usb_hostmodel_is_enumerated(const struct emu_usb_hostmodel *h);
const struct emu_usb_device_info *emu_usb_hostmodel_device(const struct emu_usb_hostmodel *h);
/* The last enumeration's result and steps. */
int emu_usb_hostmodel_enumeration(const struct emu_usb_hostmodel *h,
                                  const struct emu_usb_enum_step **steps, unsigned *count);

/* Host to device: queue `len` bytes for the bulk OUT endpoint and send what
 * the device takes now. Returns 0 or -ENOMEM. */
int emu_usb_hostmodel_write(struct emu_usb_hostmodel *h, const uint8_t *bytes, size_t len);
/* Device to host: move up to `cap` received bytes into `buf` (when there is
 * no pty; with a pty they went to it). Returns the count. */
size_t emu_usb_hostmodel_read(struct emu_usb_hostmodel *h, uint8_t *buf, size_t cap);
/* Poll the bulk IN endpoint now (a host controller polls continually; the
 * model polls after enumeration and whenever the device resumes it). */
void emu_usb_hostmodel_poll_in(struct emu_usb_hostmodel *h);

/* Unplug (VBUS off) and plug the cable back (VBUS on, then the device is
 * reset and enumerated again if it is still attached). */
void emu_usb_hostmodel_unplug(struct emu_usb_hostmodel *h);
void emu_usb_hostmodel_plug(struct emu_usb_hostmodel *h);

/* The pty: path, and the fd to poll for input from `screen` (-1: none now). */
const char *emu_usb_hostmodel_pty_path(const struct emu_usb_hostmodel *h);
int emu_usb_hostmodel_input_fd(const struct emu_usb_hostmodel *h);
void emu_usb_hostmodel_input_ready(struct emu_usb_hostmodel *h);

#endif
