/* CDC-ACM USB function: a UART whose wire is a USB host's serial port.
 *
 * Mirrors tock/tock capsules/extra/src/usb/cdc.rs @65608d71 (CdcAcm). It is
 * the controller's client (hil/usb.h) and a UART (hil/uart.h) for the UART
 * mux, so the console can run over USB. It has no syscall driver (spec
 * §8.10); usb_user.c (0x20005) enables and attaches it.
 */
#ifndef TK_CAPSULE_CDC_H
#define TK_CAPSULE_CDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hil/time.h"
#include "hil/uart.h"
#include "hil/usb.h"
#include "kernel.h"
#include "usbc_client_ctrl.h"

#define TK_CDC_ENDPOINT_NOTIFY   4      /* interrupt IN, 8 bytes */
#define TK_CDC_ENDPOINT_IN       2      /* bulk IN (device to host) */
#define TK_CDC_ENDPOINT_OUT      3      /* bulk OUT (host to device) */
#define TK_CDC_BUFFER_TIMEOUT_MS 10000  /* cdc.rs CDC_BUFFER_TIMEOUT_MS */
#define TK_CDC_CONNECT_DELAY_MS  100    /* line coding + line state -> connected */
#define TK_CDC_BAUD_CONNECT      115200 /* the only line coding that connects */
#define TK_CDC_BAUD_BOOTLOADER   1200   /* calls the host-initiated hook */

/* cdc.rs State. */
enum tk_cdc_state {
    TK_CDC_DISABLED,
    TK_CDC_ENABLED,
    TK_CDC_ATTACHED,
    TK_CDC_ENUMERATED,
    TK_CDC_CONNECTING,
    TK_CDC_CONNECTING_DELAY,
    TK_CDC_CONNECTED,
};

/* CDC PSTN line coding (dwDTERate, bCharFormat, bParityType, bDataBits). */
struct tk_cdc_line_coding {
    uint32_t baud_rate;
    uint8_t stop_bits, parity, data_bits;
};

struct tk_cdc_acm {
    struct tk_usb_client usb_client; /* set as the controller's client */
    struct tk_uart uart;             /* the UART the mux uses */
    struct tk_alarm_client alarm_client;
    struct tk_usbc_client_ctrl ctrl;
    struct tk_usb_controller *controller;
    struct tk_alarm *alarm;
    struct tk_kernel *kernel;
    struct tk_deferred_call deferred;

    enum tk_cdc_state state;
    bool line_coding_seen, line_state_seen; /* Connecting { line_coding, line_state } */
    bool boot_period;                       /* TX is held, not dropped, until the timeout */
    struct tk_cdc_line_coding line_coding;
    uint16_t control_line_state; /* DTR bit 0, RTS bit 1 */
    /* Called when the host sets 1200 baud (a board's bootloader hook). */
    void (*host_initiated)(void *ctx);
    void *host_initiated_ctx;

    uint8_t in_packet[TK_USB_MAX_PACKET], out_packet[TK_USB_MAX_PACKET];
    uint8_t notify_packet[TK_USB_MAX_PACKET];
    uint8_t line_coding_reply[7];

    /* TX: buf[tx_offset, tx_len) still to go to the host. */
    const uint8_t *tx_buf;
    size_t tx_len, tx_offset;
    bool tx_drop_pending; /* deferred: report a dropped transmission */
    /* RX: the receive in progress, and OUT bytes it had no room for. */
    uint8_t *rx_buf;
    size_t rx_len, rx_offset;
    bool rx_abort_pending; /* deferred: report received(TK_CANCEL) */
    uint8_t rx_staged[TK_USB_MAX_PACKET];
    size_t rx_staged_start, rx_staged_end;
    bool out_nak; /* an OUT packet was refused; resume when there is room */
};

/* Set up `cdc` on `controller` (becoming its client) with descriptors from
 * `cfg`; `alarm` times the boot buffering window and the connect delay
 * (it becomes the alarm's client). Returns 0, or TK_SIZE if `cfg` strings do
 * not fit. Nothing happens on the bus until enable and attach. */
int tk_cdc_acm_init(struct tk_cdc_acm *cdc, struct tk_kernel *k,
                    struct tk_usb_controller *controller, struct tk_alarm *alarm,
                    const struct tk_usb_device_config *cfg);

/* The UART over this function (hil/uart.h). transmit() before a host has
 * connected waits through the boot window (10 s) and is then dropped, as
 * upstream does: reported as transmitted(buf, 0, TK_FAIL). */
static inline struct tk_uart *tk_cdc_acm_uart(struct tk_cdc_acm *cdc)
{
    return &cdc->uart;
}

/* True once the host has set the line coding and line state and the connect
 * delay passed: transmissions go out. */
static inline bool tk_cdc_acm_is_connected(const struct tk_cdc_acm *cdc)
{
    return cdc->state == TK_CDC_CONNECTED;
}

#endif
