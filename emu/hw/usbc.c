/* USB device controller model: runs host transactions against the device
 * stack.
 *
 * Implements hil/usb.h (see usbc.h). It owns the endpoint table, the device
 * address, the pull-up/VBUS/suspend state and one deferred call that tells
 * the host about resumed endpoints and attach/detach.
 *
 *   Detached --attach()--> Attached (default address 0)
 *   Attached --bus reset--> address 0 --SET_ADDRESS + status--> address n
 *   Attached --suspend--> Suspended --resume--> Attached
 *   any --detach()--> Detached; VBUS off --> address 0, link event
 *
 * A control transfer is modelled whole (setup, data packets, status) since
 * the device stack answers each stage at once; bulk and interrupt transfers
 * are single packets so the host side decides how to build URBs from them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "usbc.h"

struct usbc_endpoint {
    uint8_t *in_buf, *out_buf;
    size_t in_len, out_len;
    int in_type, out_type; /* enum tk_usb_transfer_type, or -1: disabled */
};

struct emu_usbc {
    struct tk_usb_controller controller; /* the HIL device */
    struct tk_kernel *kernel;
    struct emu_usbc_host *host;
    struct tk_deferred_call deferred;
    struct usbc_endpoint endpoints[TK_USB_ENDPOINTS];
    bool enabled, attached, vbus, suspended;
    uint8_t address, pending_address;
    /* Reported from the deferred call. */
    uint16_t ready_in, ready_out; /* endpoint bit masks */
    bool connection_change;
};

static struct emu_usbc *of(struct tk_usb_controller *c)
{
    return c->state;
}

static void usbc_notify(struct tk_deferred_call *dc)
{
    struct emu_usbc *u = dc->owner;
    bool change = u->connection_change;
    uint16_t in = u->ready_in, out = u->ready_out;
    u->connection_change = false;
    u->ready_in = u->ready_out = 0;
    if (u->host == NULL)
        return;
    if (change && u->host->connection_changed != NULL)
        u->host->connection_changed(u->host, u->attached);
    for (unsigned ep = 0; ep < TK_USB_ENDPOINTS && u->host->endpoint_ready != NULL; ep++) {
        if (in & (1u << ep))
            u->host->endpoint_ready(u->host, ep, true);
        if (out & (1u << ep))
            u->host->endpoint_ready(u->host, ep, false);
    }
}

static void set_ctrl_buffer(struct tk_usb_controller *c, uint8_t *buf, size_t len)
{
    struct usbc_endpoint *ep = &of(c)->endpoints[0];
    ep->in_buf = ep->out_buf = buf;
    ep->in_len = ep->out_len = len;
}

static void set_in_buffer(struct tk_usb_controller *c, unsigned endpoint, uint8_t *buf, size_t len)
{
    if (endpoint >= TK_USB_ENDPOINTS)
        return;
    of(c)->endpoints[endpoint].in_buf = buf;
    of(c)->endpoints[endpoint].in_len = len;
}

static void set_out_buffer(struct tk_usb_controller *c, unsigned endpoint, uint8_t *buf, size_t len)
{
    if (endpoint >= TK_USB_ENDPOINTS)
        return;
    of(c)->endpoints[endpoint].out_buf = buf;
    of(c)->endpoints[endpoint].out_len = len;
}

static void enable_as_device(struct tk_usb_controller *c, enum tk_usb_speed speed)
{
    (void)speed; /* full speed only: the model has no timing */
    of(c)->enabled = true;
}

static void set_attached(struct emu_usbc *u, bool attached)
{
    if (u->attached == attached)
        return;
    u->attached = attached;
    u->address = 0;
    u->connection_change = true;
    tk_deferred_call_schedule(u->kernel, &u->deferred);
}

static void attach(struct tk_usb_controller *c)
{
    if (of(c)->enabled)
        set_attached(of(c), true);
}

static void detach(struct tk_usb_controller *c)
{
    set_attached(of(c), false);
}

static void set_address(struct tk_usb_controller *c, uint16_t address)
{
    of(c)->pending_address = (uint8_t)(address & 0x7f);
}

static void enable_address(struct tk_usb_controller *c)
{
    of(c)->address = of(c)->pending_address;
}

static void in_enable(struct tk_usb_controller *c, enum tk_usb_transfer_type type,
                      unsigned endpoint)
{
    if (endpoint < TK_USB_ENDPOINTS)
        of(c)->endpoints[endpoint].in_type = (int)type;
}

static void out_enable(struct tk_usb_controller *c, enum tk_usb_transfer_type type,
                       unsigned endpoint)
{
    if (endpoint < TK_USB_ENDPOINTS)
        of(c)->endpoints[endpoint].out_type = (int)type;
}

static void in_out_enable(struct tk_usb_controller *c, enum tk_usb_transfer_type type,
                          unsigned endpoint)
{
    in_enable(c, type, endpoint);
    out_enable(c, type, endpoint);
}

static void resume(struct emu_usbc *u, unsigned endpoint, bool in)
{
    if (endpoint >= TK_USB_ENDPOINTS)
        return;
    if (in)
        u->ready_in |= (uint16_t)(1u << endpoint);
    else
        u->ready_out |= (uint16_t)(1u << endpoint);
    tk_deferred_call_schedule(u->kernel, &u->deferred);
}

static void resume_in(struct tk_usb_controller *c, unsigned endpoint)
{
    resume(of(c), endpoint, true);
}

static void resume_out(struct tk_usb_controller *c, unsigned endpoint)
{
    resume(of(c), endpoint, false);
}

static const struct tk_usb_controller_ops usbc_ops = {
    .endpoint_set_ctrl_buffer = set_ctrl_buffer,
    .endpoint_set_in_buffer = set_in_buffer,
    .endpoint_set_out_buffer = set_out_buffer,
    .enable_as_device = enable_as_device,
    .attach = attach,
    .detach = detach,
    .set_address = set_address,
    .enable_address = enable_address,
    .endpoint_in_enable = in_enable,
    .endpoint_out_enable = out_enable,
    .endpoint_in_out_enable = in_out_enable,
    .endpoint_resume_in = resume_in,
    .endpoint_resume_out = resume_out,
};

struct emu_usbc *emu_usbc_new(struct tk_kernel *k)
{
    struct emu_usbc *u = calloc(1, sizeof *u);
    if (u == NULL)
        return NULL;
    u->controller = (struct tk_usb_controller){.ops = &usbc_ops, .state = u};
    u->kernel = k;
    u->deferred = (struct tk_deferred_call){.fn = usbc_notify, .owner = u};
    for (unsigned i = 0; i < TK_USB_ENDPOINTS; i++)
        u->endpoints[i].in_type = u->endpoints[i].out_type = -1;
    return u;
}

void emu_usbc_free(struct emu_usbc *u)
{
    free(u);
}

struct tk_usb_controller *emu_usbc_device(struct emu_usbc *u)
{
    return &u->controller;
}

void emu_usbc_set_host(struct emu_usbc *u, struct emu_usbc_host *host)
{
    u->host = host;
}

bool emu_usbc_is_attached(const struct emu_usbc *u)
{
    return u->attached;
}

uint8_t emu_usbc_address(const struct emu_usbc *u)
{
    return u->address;
}

static void link_event(struct emu_usbc *u, enum tk_usb_link_event event)
{
    struct tk_usb_client *c = u->controller.client;
    if (c != NULL && c->link_event != NULL)
        c->link_event(c, event);
}

void emu_usbc_vbus(struct emu_usbc *u, bool on)
{
    if (u->vbus == on)
        return;
    u->vbus = on;
    u->suspended = false;
    if (!on)
        u->address = 0;
    link_event(u, on ? TK_USB_LINK_VBUS_ON : TK_USB_LINK_VBUS_OFF);
}

void emu_usbc_bus_reset(struct emu_usbc *u)
{
    if (!u->attached || !u->vbus)
        return;
    u->address = 0;
    u->suspended = false;
    struct tk_usb_client *c = u->controller.client;
    if (c != NULL && c->bus_reset != NULL)
        c->bus_reset(c);
}

void emu_usbc_suspend(struct emu_usbc *u)
{
    if (!u->attached || !u->vbus || u->suspended)
        return;
    u->suspended = true;
    link_event(u, TK_USB_LINK_SUSPEND);
}

void emu_usbc_resume(struct emu_usbc *u)
{
    if (!u->suspended)
        return;
    u->suspended = false;
    link_event(u, TK_USB_LINK_RESUME);
}

/* Whether a device answers at `address` at all. */
static bool answers(const struct emu_usbc *u, uint8_t address)
{
    return u->attached && u->vbus && !u->suspended && u->controller.client != NULL &&
           address == u->address;
}

/* The IN data stage: packets until the last one, a short one, or wLength. */
static int control_in(struct emu_usbc *u, struct usbc_endpoint *ep0, uint8_t *data, size_t want,
                      size_t *len)
{
    struct tk_usb_client *c = u->controller.client;
    *len = 0;
    while (*len < want) {
        size_t n = 0;
        bool last = false;
        enum tk_usb_result r = c->ctrl_in(c, 0, &n, &last);
        if (r == TK_USB_DELAY)
            return -EAGAIN;
        if (r != TK_USB_PACKET || n > ep0->in_len)
            return -EPIPE;
        if (n > want - *len)
            n = want - *len; /* the host never takes more than wLength */
        memcpy(data + *len, ep0->in_buf, n);
        *len += n;
        if (last || n < ep0->in_len)
            break;
    }
    return 0;
}

static int control_out(struct emu_usbc *u, struct usbc_endpoint *ep0, const uint8_t *data,
                       size_t len)
{
    struct tk_usb_client *c = u->controller.client;
    for (size_t done = 0; done < len;) {
        size_t n = len - done < ep0->out_len ? len - done : ep0->out_len;
        memcpy(ep0->out_buf, data + done, n);
        enum tk_usb_result r = c->ctrl_out(c, 0, n);
        if (r == TK_USB_DELAY)
            return -EAGAIN;
        if (r != TK_USB_PACKET)
            return -EPIPE;
        done += n;
    }
    return 0;
}

int emu_usbc_control(struct emu_usbc *u, uint8_t address, const uint8_t setup[8], uint8_t *data,
                     size_t *len)
{
    struct usbc_endpoint *ep0 = &u->endpoints[0];
    struct tk_usb_client *c = u->controller.client;
    *len = 0;
    if (!answers(u, address))
        return -ENODEV;
    if (ep0->out_buf == NULL || ep0->out_len < 8 || ep0->in_type != TK_USB_CONTROL)
        return -EPIPE;
    memcpy(ep0->out_buf, setup, 8);
    size_t want = (size_t)(setup[6] | setup[7] << 8);
    enum tk_usb_ctrl_setup_result sr = c->ctrl_setup(c, 0);
    if (sr != TK_USB_SETUP_OK && sr != TK_USB_SETUP_OK_SET_ADDRESS)
        return -EPIPE;
    int rc = 0;
    if (setup[0] & 0x80)
        rc = want > 0 ? control_in(u, ep0, data, want, len) : 0;
    else
        rc = want > 0 ? control_out(u, ep0, data, want) : 0;
    if (rc != 0)
        return rc;
    c->ctrl_status(c, 0);
    c->ctrl_status_complete(c, 0);
    return 0;
}

int emu_usbc_in(struct emu_usbc *u, uint8_t address, unsigned endpoint, uint8_t *buf, size_t *len)
{
    *len = 0;
    if (!answers(u, address))
        return -ENODEV;
    if (endpoint == 0 || endpoint >= TK_USB_ENDPOINTS)
        return -EPIPE;
    struct usbc_endpoint *ep = &u->endpoints[endpoint];
    if (ep->in_type < 0 || ep->in_buf == NULL)
        return -EPIPE;
    struct tk_usb_client *c = u->controller.client;
    size_t n = 0;
    enum tk_usb_result r = c->packet_in(c, (enum tk_usb_transfer_type)ep->in_type, endpoint, &n);
    if (r == TK_USB_DELAY)
        return -EAGAIN;
    if (r != TK_USB_PACKET || n > ep->in_len || n > TK_USB_MAX_PACKET)
        return -EPIPE;
    memcpy(buf, ep->in_buf, n);
    *len = n;
    c->packet_transmitted(c, endpoint); /* the host's ACK */
    return 0;
}

int emu_usbc_out(struct emu_usbc *u, uint8_t address, unsigned endpoint, const uint8_t *buf,
                 size_t len)
{
    if (!answers(u, address))
        return -ENODEV;
    if (endpoint == 0 || endpoint >= TK_USB_ENDPOINTS)
        return -EPIPE;
    struct usbc_endpoint *ep = &u->endpoints[endpoint];
    if (ep->out_type < 0 || ep->out_buf == NULL)
        return -EPIPE;
    if (len > ep->out_len)
        return -EMSGSIZE; /* babble */
    memcpy(ep->out_buf, buf, len);
    struct tk_usb_client *c = u->controller.client;
    enum tk_usb_result r = c->packet_out(c, (enum tk_usb_transfer_type)ep->out_type, endpoint, len);
    if (r == TK_USB_DELAY)
        return -EAGAIN;
    return r == TK_USB_PACKET ? 0 : -EPIPE;
}

int emu_usbc_endpoint_type(const struct emu_usbc *u, unsigned endpoint, bool in)
{
    if (endpoint >= TK_USB_ENDPOINTS)
        return -1;
    return in ? u->endpoints[endpoint].in_type : u->endpoints[endpoint].out_type;
}
