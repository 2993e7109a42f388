/* The board's USB port: controller model, CDC-ACM function, usb_user driver
 * and the host on the other end of the cable, from the --usb options.
 *
 *   --usb=pty            the built-in host (usb_hostmodel.h) enumerates the
 *                        device and puts its serial port on a new pty
 *   --usb=usbip[:PORT]   a USB/IP server on 127.0.0.1:PORT (default 3240)
 *   --usb=usbip:ADDR:PORT  the same on another address (e.g. 0.0.0.0)
 *   --usb=none           the device exists, no host is connected
 *   --usb-console        the console UART moves to the CDC-ACM function
 *   --usb-config FILE    descriptor settings, group [usb] of a key file
 *   --usb-set KEY=VALUE  one setting (repeatable; after the file)
 *
 * Keys: vendor-id, product-id, device-release (numbers, 0x.. allowed),
 * self-powered, remote-wakeup (true/false), max-power-ma (0..500, even),
 * manufacturer, product, serial (ASCII, at most 126 characters).
 */
#ifndef EMU_USB_H
#define EMU_USB_H

#include <glib.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "driver.h"
#include "emu_err.h"
#include "hil/uart.h"
#include "kernel.h"
#include "usbc_client_ctrl.h"

enum emu_usb_host_kind { EMU_USB_HOST_NONE, EMU_USB_HOST_PTY, EMU_USB_HOST_USBIP };

#define EMU_USBIP_DEFAULT_PORT 3240 /* the port usbip(8) uses */

struct emu_usb_options {
    bool enabled; /* any --usb option given */
    enum emu_usb_host_kind host;
    char usbip_address[64]; /* numeric IPv4 address */
    uint16_t usbip_port;
    bool console; /* --usb-console */
    struct tk_usb_device_config device;
    char manufacturer[128], product[128], serial[128]; /* device.* point here */
};

/* No USB; the descriptor defaults of tk_usb_device_config_init. */
void emu_usb_options_init(struct emu_usb_options *o);
/* The GOptionGroup "usb" with the options above, filling `o`. */
GOptionGroup *emu_usb_option_group(struct emu_usb_options *o);
/* Apply one KEY=VALUE setting, or every key of group [usb] of the key file
 * at `path`. Return 0, or -EINVAL with `err` naming the input and reason. */
int emu_usb_options_set(struct emu_usb_options *o, const char *key, const char *value,
                        struct emu_err *err);
int emu_usb_options_load(struct emu_usb_options *o, const char *path, struct emu_err *err);

struct emu_usb;

/* Build the port on `k` from `o` (enabled). With o->console the function is
 * enabled and attached at once, as a board with a CDC console does at boot.
 * NULL with `err` filled on failure. */
struct emu_usb *emu_usb_new(struct tk_kernel *k, const struct emu_usb_options *o,
                            struct emu_err *err);
/* Close the host side and free (NULL is fine); the kernel is done. */
void emu_usb_free(struct emu_usb *u);

/* The usb_user driver (0x20005) to register. */
struct tk_driver *emu_usb_driver(struct emu_usb *u);
/* The CDC-ACM UART, for the console mux when o->console. */
struct tk_uart *emu_usb_uart(struct emu_usb *u);

/* Host I/O: put the fds to poll in `fds` (at most `max`), return how many;
 * after poll(2), hand the same array back. */
unsigned emu_usb_poll_fds(struct emu_usb *u, struct pollfd *fds, unsigned max);
void emu_usb_poll_ready(struct emu_usb *u, const struct pollfd *fds, unsigned count);
/* True when host input may still arrive (a pty or a listening server). */
bool emu_usb_input_possible(const struct emu_usb *u);

#endif
