/* CDC-ACM USB function: the console's UART, carried over USB bulk endpoints.
 *
 * Mirrors tock/tock capsules/extra/src/usb/cdc.rs @65608d71 (CdcAcm); spec
 * §8.10. Interfaces: 0 = communication (ACM, notification endpoint 0x84),
 * 1 = data (bulk IN 0x82, bulk OUT 0x03), 64-byte packets.
 *
 *   Disabled --enable--> Enabled --attach--> Attached --bus reset--> Enumerated
 *   Enumerated --SET_LINE_CODING(115200) and SET_CONTROL_LINE_STATE--> Connecting
 *   Connecting --both seen, status stage done--> ConnectingDelay --100 ms--> Connected
 *   SEND_BREAK --> Enumerated
 *
 * TX: transmit() while Connected resumes the IN endpoint; the host takes
 * 64-byte packets until the buffer is done, then transmitted(). Before a
 * host connects the buffer is held through a 10 s boot window (virtual time)
 * and afterwards dropped: transmitted(buf, 0, TK_FAIL), as upstream does.
 *
 * Deviations:
 * - Upstream drops OUT bytes that arrive with no receive pending or that
 *   overflow the pending receive. Here one packet is staged and further OUT
 *   packets are NAKed until a receive takes it, so the host's flow control
 *   holds and typed input is never lost.
 * - Receive completions are always reported from a deferred call (the UART
 *   HIL's rule), not from inside packet_out.
 * - Link events (hil/usb.h): losing VBUS leaves Connected, so held output is
 *   dropped rather than waiting for a host that is gone.
 * - GET_LINE_CODING is answered (upstream accepts it blindly).
 */
#include <string.h>

#include "cdc.h"
#include "container_of.h"

enum cdc_request {
    CDC_SET_LINE_CODING = 0x20,
    CDC_GET_LINE_CODING = 0x21,
    CDC_SET_CONTROL_LINE_STATE = 0x22,
    CDC_SEND_BREAK = 0x23,
};

/* Interface, CDC functional and endpoint descriptors (cdc.rs new()). */
/* clang-format off */
static const uint8_t cdc_function_descriptors[] = {
    /* interface 0: communication class, ACM, AT commands; 1 endpoint */
    9, TK_USB_DT_INTERFACE, 0, 0, 1, 0x02, 0x02, 0x01, 0,
    5, TK_USB_DT_CS_INTERFACE, 0x00, 0x10, 0x01, /* header, CDC 1.10 */
    5, TK_USB_DT_CS_INTERFACE, 0x01, 0x00, 0x01, /* call management: data interface 1 */
    4, TK_USB_DT_CS_INTERFACE, 0x02, 0x06,       /* ACM: line coding, break */
    5, TK_USB_DT_CS_INTERFACE, 0x06, 0x00, 0x01, /* union: 0 controls 1 */
    7, TK_USB_DT_ENDPOINT, 0x80 | TK_CDC_ENDPOINT_NOTIFY, TK_USB_INTERRUPT, 8, 0, 16,
    /* interface 1: CDC data; 2 endpoints */
    9, TK_USB_DT_INTERFACE, 1, 0, 2, 0x0a, 0x00, 0x00, 0,
    7, TK_USB_DT_ENDPOINT, 0x80 | TK_CDC_ENDPOINT_IN, TK_USB_BULK, TK_USB_MAX_PACKET, 0, 0,
    7, TK_USB_DT_ENDPOINT, TK_CDC_ENDPOINT_OUT, TK_USB_BULK, TK_USB_MAX_PACKET, 0, 0,
};
/* clang-format on */

static uint32_t ms_to_ticks(struct tk_alarm *a, uint32_t ms)
{
    return (uint32_t)((uint64_t)a->ops->frequency(a) * ms / 1000);
}

static void set_alarm_ms(struct tk_cdc_acm *cdc, uint32_t ms)
{
    cdc->alarm->ops->set_alarm(cdc->alarm, cdc->alarm->ops->now(cdc->alarm),
                               ms_to_ticks(cdc->alarm, ms));
}

/* cdc.rs set_connecting_state: only from Enumerated or Connecting. */
static void set_connecting(struct tk_cdc_acm *cdc, bool line_coding, bool line_state)
{
    if (cdc->state == TK_CDC_ENUMERATED) {
        cdc->line_coding_seen = cdc->line_state_seen = false;
        cdc->state = TK_CDC_CONNECTING;
    }
    if (cdc->state != TK_CDC_CONNECTING)
        return;
    cdc->line_coding_seen |= line_coding;
    cdc->line_state_seen |= line_state;
}

/* A transmission no host will take: report it dropped, later. */
static void drop_tx_later(struct tk_cdc_acm *cdc)
{
    if (cdc->tx_buf == NULL)
        return;
    cdc->tx_drop_pending = true;
    tk_deferred_call_schedule(cdc->kernel, &cdc->deferred);
}

/* Move staged OUT bytes into the receive; complete it (later) when full. */
static void rx_fill(struct tk_cdc_acm *cdc)
{
    if (cdc->rx_buf == NULL || cdc->rx_offset == cdc->rx_len)
        return;
    size_t n = cdc->rx_staged_end - cdc->rx_staged_start;
    if (n > cdc->rx_len - cdc->rx_offset)
        n = cdc->rx_len - cdc->rx_offset;
    memcpy(cdc->rx_buf + cdc->rx_offset, cdc->rx_staged + cdc->rx_staged_start, n);
    cdc->rx_offset += n;
    cdc->rx_staged_start += n;
    if (cdc->rx_offset == cdc->rx_len)
        tk_deferred_call_schedule(cdc->kernel, &cdc->deferred);
    if (cdc->rx_staged_start == cdc->rx_staged_end && cdc->out_nak) {
        cdc->out_nak = false;
        cdc->controller->ops->endpoint_resume_out(cdc->controller, TK_CDC_ENDPOINT_OUT);
    }
}

/* ---- endpoint 0: CDC class requests (called by the device stack) ---- */

static enum tk_usb_ctrl_setup_result cdc_class_setup(void *function, const struct tk_usb_setup *s,
                                                     const uint8_t **in_data, size_t *in_len)
{
    struct tk_cdc_acm *cdc = function;
    if ((s->request_type & TK_USB_RECIPIENT_MASK) != TK_USB_RECIP_INTERFACE || s->index != 0)
        return TK_USB_SETUP_ERR_INVALID_INTERFACE_INDEX;
    bool in = (s->request_type & TK_USB_DIR_IN) != 0;
    switch (s->request) {
    case CDC_SET_LINE_CODING:
        return !in && s->length == 7 ? TK_USB_SETUP_OK : TK_USB_SETUP_ERR_BAD_LENGTH;
    case CDC_GET_LINE_CODING: {
        if (!in)
            return TK_USB_SETUP_ERR_BAD_LENGTH;
        uint8_t *r = cdc->line_coding_reply;
        uint32_t baud = cdc->line_coding.baud_rate;
        r[0] = (uint8_t)baud, r[1] = (uint8_t)(baud >> 8), r[2] = (uint8_t)(baud >> 16);
        r[3] = (uint8_t)(baud >> 24), r[4] = cdc->line_coding.stop_bits;
        r[5] = cdc->line_coding.parity, r[6] = cdc->line_coding.data_bits;
        *in_data = r;
        *in_len = 7;
        return TK_USB_SETUP_OK;
    }
    case CDC_SET_CONTROL_LINE_STATE:
        if (in || s->length != 0)
            return TK_USB_SETUP_ERR_BAD_LENGTH;
        cdc->control_line_state = s->value;
        set_connecting(cdc, false, true);
        return TK_USB_SETUP_OK;
    case CDC_SEND_BREAK:
        if (in || s->length != 0)
            return TK_USB_SETUP_ERR_BAD_LENGTH;
        cdc->state = TK_CDC_ENUMERATED; /* cdc.rs: a break resets the connection */
        return TK_USB_SETUP_OK;
    default:
        return TK_USB_SETUP_ERR_NONSTANDARD_REQUEST;
    }
}

static void cdc_class_out(void *function, const struct tk_usb_setup *s, const uint8_t *data,
                          size_t len)
{
    struct tk_cdc_acm *cdc = function;
    if (s->request != CDC_SET_LINE_CODING || len < 7)
        return;
    cdc->line_coding = (struct tk_cdc_line_coding){
        .baud_rate = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                     (uint32_t)data[3] << 24,
        .stop_bits = data[4],
        .parity = data[5],
        .data_bits = data[6],
    };
    if (cdc->line_coding.baud_rate == TK_CDC_BAUD_CONNECT)
        set_connecting(cdc, true, false);
    if (cdc->line_coding.baud_rate == TK_CDC_BAUD_BOOTLOADER && cdc->host_initiated != NULL)
        cdc->host_initiated(cdc->host_initiated_ctx);
}

static const struct tk_usbc_function_ops cdc_function_ops = {
    .class_setup = cdc_class_setup,
    .class_out = cdc_class_out,
};

/* ---- hil::usb::Client ---- */

static void cdc_enable(struct tk_usb_client *c)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    struct tk_usb_controller *u = cdc->controller;
    tk_usbc_client_ctrl_enable(&cdc->ctrl);
    u->ops->endpoint_set_in_buffer(u, TK_CDC_ENDPOINT_IN, cdc->in_packet, sizeof cdc->in_packet);
    u->ops->endpoint_in_enable(u, TK_USB_BULK, TK_CDC_ENDPOINT_IN);
    u->ops->endpoint_set_out_buffer(u, TK_CDC_ENDPOINT_OUT, cdc->out_packet,
                                    sizeof cdc->out_packet);
    u->ops->endpoint_out_enable(u, TK_USB_BULK, TK_CDC_ENDPOINT_OUT);
    u->ops->endpoint_set_in_buffer(u, TK_CDC_ENDPOINT_NOTIFY, cdc->notify_packet,
                                   sizeof cdc->notify_packet);
    u->ops->endpoint_in_enable(u, TK_USB_INTERRUPT, TK_CDC_ENDPOINT_NOTIFY);
    cdc->state = TK_CDC_ENABLED;
    set_alarm_ms(cdc, TK_CDC_BUFFER_TIMEOUT_MS);
}

static void cdc_attach(struct tk_usb_client *c)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    tk_usbc_client_ctrl_attach(&cdc->ctrl);
    cdc->state = TK_CDC_ATTACHED;
}

static void cdc_bus_reset(struct tk_usb_client *c)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    tk_usbc_client_ctrl_bus_reset(&cdc->ctrl);
    cdc->state = TK_CDC_ENUMERATED;
}

static enum tk_usb_ctrl_setup_result cdc_ctrl_setup(struct tk_usb_client *c, unsigned endpoint)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    return tk_usbc_client_ctrl_setup(&cdc->ctrl, endpoint);
}

static enum tk_usb_result cdc_ctrl_in(struct tk_usb_client *c, unsigned endpoint, size_t *len,
                                      bool *last)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    return tk_usbc_client_ctrl_in(&cdc->ctrl, endpoint, len, last);
}

static enum tk_usb_result cdc_ctrl_out(struct tk_usb_client *c, unsigned endpoint, size_t len)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    return tk_usbc_client_ctrl_out(&cdc->ctrl, endpoint, len);
}

static void cdc_ctrl_status(struct tk_usb_client *c, unsigned endpoint)
{
    (void)c, (void)endpoint; /* ClientCtrl does nothing here either */
}

static void cdc_ctrl_status_complete(struct tk_usb_client *c, unsigned endpoint)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    tk_usbc_client_ctrl_status_complete(&cdc->ctrl, endpoint); /* runs class_out */
    if (cdc->state == TK_CDC_CONNECTING && cdc->line_coding_seen && cdc->line_state_seen) {
        cdc->state = TK_CDC_CONNECTING_DELAY;
        set_alarm_ms(cdc, TK_CDC_CONNECT_DELAY_MS);
    }
}

static enum tk_usb_result cdc_packet_in(struct tk_usb_client *c, enum tk_usb_transfer_type type,
                                        unsigned endpoint, size_t *len)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    if (type != TK_USB_BULK || endpoint != TK_CDC_ENDPOINT_IN || cdc->tx_buf == NULL)
        return TK_USB_DELAY; /* nothing to say on the notification endpoint */
    size_t remaining = cdc->tx_len - cdc->tx_offset;
    if (remaining == 0) {
        const uint8_t *buf = cdc->tx_buf;
        cdc->tx_buf = NULL;
        if (cdc->uart.client != NULL && cdc->uart.client->transmitted != NULL)
            cdc->uart.client->transmitted(cdc->uart.client, buf, cdc->tx_len, 0);
        return TK_USB_DELAY;
    }
    size_t n = remaining < sizeof cdc->in_packet ? remaining : sizeof cdc->in_packet;
    memcpy(cdc->in_packet, cdc->tx_buf + cdc->tx_offset, n);
    cdc->tx_offset += n;
    *len = n;
    return TK_USB_PACKET;
}

static enum tk_usb_result cdc_packet_out(struct tk_usb_client *c, enum tk_usb_transfer_type type,
                                         unsigned endpoint, size_t len)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    if (type != TK_USB_BULK || endpoint != TK_CDC_ENDPOINT_OUT)
        return TK_USB_PACKET; /* cdc.rs: other OUT packets are accepted and ignored */
    if (cdc->rx_staged_start != cdc->rx_staged_end) {
        cdc->out_nak = true; /* deviation: flow control instead of loss */
        return TK_USB_DELAY;
    }
    if (len > sizeof cdc->rx_staged)
        len = sizeof cdc->rx_staged;
    memcpy(cdc->rx_staged, cdc->out_packet, len);
    cdc->rx_staged_start = 0;
    cdc->rx_staged_end = len;
    rx_fill(cdc);
    return TK_USB_PACKET;
}

static void cdc_packet_transmitted(struct tk_usb_client *c, unsigned endpoint)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    if (endpoint != TK_CDC_ENDPOINT_IN || cdc->tx_buf == NULL)
        return;
    if (cdc->tx_offset < cdc->tx_len) {
        cdc->controller->ops->endpoint_resume_in(cdc->controller, TK_CDC_ENDPOINT_IN);
        return;
    }
    const uint8_t *buf = cdc->tx_buf;
    cdc->tx_buf = NULL;
    if (cdc->uart.client != NULL && cdc->uart.client->transmitted != NULL)
        cdc->uart.client->transmitted(cdc->uart.client, buf, cdc->tx_len, 0);
}

static void cdc_link_event(struct tk_usb_client *c, enum tk_usb_link_event event)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, usb_client);
    if (event != TK_USB_LINK_VBUS_OFF || cdc->state < TK_CDC_ATTACHED)
        return;
    cdc->state = TK_CDC_ATTACHED;
    if (!cdc->boot_period)
        drop_tx_later(cdc);
}

/* ---- hil::uart ---- */

static int cdc_transmit(struct tk_uart *u, const uint8_t *buf, size_t len)
{
    struct tk_cdc_acm *cdc = u->state;
    if (cdc->tx_buf != NULL)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    cdc->tx_buf = buf;
    cdc->tx_len = len;
    cdc->tx_offset = 0;
    if (cdc->state == TK_CDC_CONNECTED)
        cdc->controller->ops->endpoint_resume_in(cdc->controller, TK_CDC_ENDPOINT_IN);
    else if (!cdc->boot_period)
        drop_tx_later(cdc);
    /* else: held until a host connects or the boot window closes */
    return 0;
}

static int cdc_receive(struct tk_uart *u, uint8_t *buf, size_t len)
{
    struct tk_cdc_acm *cdc = u->state;
    if (cdc->rx_buf != NULL)
        return TK_BUSY;
    if (len == 0)
        return TK_SIZE;
    cdc->rx_buf = buf;
    cdc->rx_len = len;
    cdc->rx_offset = 0;
    rx_fill(cdc); /* a staged packet */
    return 0;
}

static int cdc_receive_abort(struct tk_uart *u)
{
    struct tk_cdc_acm *cdc = u->state;
    if (cdc->rx_buf == NULL)
        return TK_ALREADY;
    cdc->rx_abort_pending = true;
    tk_deferred_call_schedule(cdc->kernel, &cdc->deferred);
    return 0;
}

static const struct tk_uart_ops cdc_uart_ops = {
    .transmit = cdc_transmit,
    .receive = cdc_receive,
    .receive_abort = cdc_receive_abort,
};

/* Report finished or aborted receives and dropped transmissions. State is
 * cleared before each callback: clients start the next operation in it. */
static void cdc_deferred(struct tk_deferred_call *dc)
{
    struct tk_cdc_acm *cdc = dc->owner;
    struct tk_uart_client *client = cdc->uart.client;
    if (cdc->tx_drop_pending) {
        cdc->tx_drop_pending = false;
        const uint8_t *buf = cdc->tx_buf;
        cdc->tx_buf = NULL;
        if (buf != NULL && client != NULL && client->transmitted != NULL)
            client->transmitted(client, buf, 0, TK_FAIL);
    }
    if (cdc->rx_buf != NULL && (cdc->rx_abort_pending || cdc->rx_offset == cdc->rx_len)) {
        int rcode = cdc->rx_offset == cdc->rx_len ? 0 : TK_CANCEL;
        uint8_t *buf = cdc->rx_buf;
        cdc->rx_buf = NULL;
        cdc->rx_abort_pending = false;
        if (client != NULL && client->received != NULL)
            client->received(client, buf, cdc->rx_offset, rcode);
    }
}

/* The boot window closed, or the connect delay passed (cdc.rs alarm()). */
static void cdc_alarm_fired(struct tk_alarm_client *c)
{
    struct tk_cdc_acm *cdc = tk_container_of(c, struct tk_cdc_acm, alarm_client);
    cdc->boot_period = false;
    if (cdc->state == TK_CDC_CONNECTING_DELAY) {
        cdc->state = TK_CDC_CONNECTED;
        if (cdc->tx_buf != NULL)
            cdc->controller->ops->endpoint_resume_in(cdc->controller, TK_CDC_ENDPOINT_IN);
    } else if (cdc->state != TK_CDC_CONNECTED) {
        drop_tx_later(cdc);
    }
}

int tk_cdc_acm_init(struct tk_cdc_acm *cdc, struct tk_kernel *k,
                    struct tk_usb_controller *controller, struct tk_alarm *alarm,
                    const struct tk_usb_device_config *cfg)
{
    memset(cdc, 0, sizeof *cdc);
    cdc->kernel = k;
    cdc->controller = controller;
    cdc->alarm = alarm;
    cdc->boot_period = true;
    cdc->line_coding = (struct tk_cdc_line_coding){.baud_rate = 9600, .data_bits = 8};
    cdc->usb_client = (struct tk_usb_client){
        .enable = cdc_enable,
        .attach = cdc_attach,
        .bus_reset = cdc_bus_reset,
        .ctrl_setup = cdc_ctrl_setup,
        .ctrl_in = cdc_ctrl_in,
        .ctrl_out = cdc_ctrl_out,
        .ctrl_status = cdc_ctrl_status,
        .ctrl_status_complete = cdc_ctrl_status_complete,
        .packet_in = cdc_packet_in,
        .packet_out = cdc_packet_out,
        .packet_transmitted = cdc_packet_transmitted,
        .link_event = cdc_link_event,
    };
    cdc->uart = (struct tk_uart){.ops = &cdc_uart_ops, .state = cdc};
    cdc->alarm_client.fired = cdc_alarm_fired;
    cdc->deferred = (struct tk_deferred_call){.fn = cdc_deferred, .owner = cdc};
    int rc = tk_usbc_client_ctrl_init(&cdc->ctrl, controller, cfg, 0x02 /* CDC */,
                                      cdc_function_descriptors, sizeof cdc_function_descriptors, 2,
                                      &cdc_function_ops, cdc);
    if (rc != 0)
        return rc;
    controller->client = &cdc->usb_client;
    alarm->client = &cdc->alarm_client;
    return 0;
}
