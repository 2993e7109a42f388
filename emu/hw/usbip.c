/* USB/IP server: the usbip protocol over the socket side in usbip_host.c.
 *
 * Owns the listener, up to EMU_USBIP_CONNECTIONS_MAX connections (their
 * byte queues and pending URBs) and the descriptors learned when the device
 * attached. All integers on the wire are big-endian.
 *
 *   connection: OP state --OP_REQ_DEVLIST--> reply, close
 *                        --OP_REQ_IMPORT(busid 1-1)--> reply, URB state
 *               URB state: CMD_SUBMIT -> RET_SUBMIT (now, or when the
 *                          endpoint is resumed); CMD_UNLINK -> RET_UNLINK
 *
 * A URB becomes transactions: endpoint 0 one control transfer; bulk and
 * interrupt IN packets until the buffer is full or a short packet; OUT in
 * 64-byte packets. A NAK leaves the URB pending, in order per endpoint,
 * until the device resumes the endpoint.
 *
 * Errors: a malformed header (unknown command or opcode, wrong version, a
 * transfer length outside 0..EMU_USBIP_TRANSFER_MAX, isochronous packets)
 * closes the connection, as Linux's usbipd and stub driver do; a
 * well-formed URB the device refuses completes with a negative errno
 * status (-EPIPE for a STALL). A client that disconnects mid-message or
 * with URBs pending just loses them.
 *
 * Deviations: an IN URB completes on a NAK once it holds some data (a real
 * host waits for a short packet or a full buffer; the CDC function sends no
 * zero-length packets, so its stream would stall). SET_ADDRESS in a URB is
 * acknowledged and not forwarded: the exporting host owns the address, and
 * vhci-hcd never forwards it either.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byte_queue-internal.h"
#include "container_of.h"
#include "usb_hostmodel.h"
#include "usbc_client_ctrl.h"
#include "usbip-internal.h"
#include "usbip.h"

enum {
    USBIP_VERSION = 0x0111,
    OP_REQ_DEVLIST = 0x8005,
    OP_REP_DEVLIST = 0x0005,
    OP_REQ_IMPORT = 0x8003,
    OP_REP_IMPORT = 0x0003,
    CMD_SUBMIT = 1,
    CMD_UNLINK = 2,
    RET_SUBMIT = 3,
    RET_UNLINK = 4,
    OP_HEADER = 8,
    URB_HEADER = 48,
    BUSID_SIZE = 32,
    PATH_SIZE = 256,
    DEVICE_SIZE = 312, /* struct usbip_usb_device */
    USB_SPEED_FULL = 2,
    BUSNUM = 1,
    ST_OK = 0,
    ST_NA = 1,
    DIR_OUT = 0,
    DIR_IN = 1,
};

struct urb {
    uint32_t seqnum, direction, endpoint;
    uint8_t setup[8];
    uint8_t *data; /* `length` bytes: OUT data, or the IN buffer */
    size_t length, done;
    struct urb *next;
};

struct connection {
    int fd;        /* -1: slot free */
    bool importer; /* past OP_REQ_IMPORT: URBs from here on */
    bool close_when_sent;
    struct emu__byte_queue in, out;
    struct urb *pending; /* FIFO */
};

struct emu_usbip {
    struct emu_usbc_host host; /* set as the controller's host */
    struct tk_kernel *kernel;
    struct emu_usbc *usbc;
    int listen_fd;
    uint16_t port;
    struct emu_usb_device_info info;
    bool enumerated;
    struct connection connections[EMU_USBIP_CONNECTIONS_MAX];
    unsigned protocol_errors;
};

/* ---- byte helpers ---- */

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

/* ---- connections ---- */

static void free_urbs(struct connection *c)
{
    while (c->pending != NULL) {
        struct urb *u = c->pending;
        c->pending = u->next;
        free(u->data);
        free(u);
    }
}

static void connection_close(struct connection *c)
{
    if (c->fd < 0)
        return;
    emu__usbip_close(c->fd);
    free_urbs(c);
    emu__byte_queue_fini(&c->in);
    emu__byte_queue_fini(&c->out);
    *c = (struct connection){.fd = -1};
}

static void protocol_error(struct emu_usbip *s, struct connection *c)
{
    s->protocol_errors++;
    connection_close(c);
}

/* Send what the socket takes; close on error or when asked to after a reply. */
static void connection_flush(struct connection *c)
{
    while (c->fd >= 0 && emu__byte_queue_len(&c->out) > 0) {
        ssize_t n =
            emu__usbip_write(c->fd, emu__byte_queue_head(&c->out), emu__byte_queue_len(&c->out));
        if (n == -EAGAIN)
            return;
        if (n <= 0) {
            connection_close(c);
            return;
        }
        emu__byte_queue_pop(&c->out, (size_t)n);
    }
    if (c->fd >= 0 && c->close_when_sent)
        connection_close(c);
}

static void send_bytes(struct connection *c, const uint8_t *bytes, size_t len)
{
    /* Out of memory: drop the client (once the caller is done with it), not
     * the emulator. */
    if (!emu__byte_queue_push(&c->out, bytes, len))
        c->close_when_sent = true;
}

/* ---- OP messages ---- */

static uint32_t devid(const struct emu_usbip *s)
{
    return (uint32_t)BUSNUM << 16 | s->info.address;
}

/* struct usbip_usb_device (312 bytes). */
static void put_device(const struct emu_usbip *s, uint8_t *d)
{
    const uint8_t *dev = s->info.device, *cfg = s->info.config;
    memset(d, 0, DEVICE_SIZE);
    snprintf((char *)d, PATH_SIZE, "/sys/devices/platform/tockemu/usb%d/%s", BUSNUM,
             EMU_USBIP_BUSID);
    snprintf((char *)d + PATH_SIZE, BUSID_SIZE, "%s", EMU_USBIP_BUSID);
    uint8_t *p = d + PATH_SIZE + BUSID_SIZE;
    put32(p, BUSNUM);
    put32(p + 4, s->info.address);
    put32(p + 8, USB_SPEED_FULL);
    put16(p + 12, (uint16_t)(dev[8] | dev[9] << 8));
    put16(p + 14, (uint16_t)(dev[10] | dev[11] << 8));
    put16(p + 16, (uint16_t)(dev[12] | dev[13] << 8));
    p[18] = dev[4], p[19] = dev[5], p[20] = dev[6];
    p[21] = cfg[5]; /* the configuration set at enumeration */
    p[22] = dev[17];
    p[23] = cfg[4];
}

static void put_op_header(uint8_t *h, uint16_t code, uint32_t status)
{
    put16(h, USBIP_VERSION);
    put16(h + 2, code);
    put32(h + 4, status);
}

static void reply_devlist(struct emu_usbip *s, struct connection *c)
{
    uint8_t h[OP_HEADER + 4 + DEVICE_SIZE];
    put_op_header(h, OP_REP_DEVLIST, ST_OK);
    put32(h + OP_HEADER, s->enumerated ? 1 : 0);
    send_bytes(c, h, OP_HEADER + 4);
    if (s->enumerated) {
        put_device(s, h);
        send_bytes(c, h, DEVICE_SIZE);
        for (unsigned i = 0; i < s->info.config[4]; i++) {
            const uint8_t *d = emu_usb_find_descriptor(&s->info, TK_USB_DT_INTERFACE, i);
            uint8_t entry[4] = {0};
            if (d != NULL)
                entry[0] = d[5], entry[1] = d[6], entry[2] = d[7];
            send_bytes(c, entry, sizeof entry);
        }
    }
    c->close_when_sent = true; /* usbipd answers one request per connection */
}

static bool importer_exists(const struct emu_usbip *s)
{
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX; i++)
        if (s->connections[i].fd >= 0 && s->connections[i].importer)
            return true;
    return false;
}

static void reply_import(struct emu_usbip *s, struct connection *c, const uint8_t *busid)
{
    uint8_t h[OP_HEADER + DEVICE_SIZE];
    bool ok = s->enumerated && !importer_exists(s) &&
              strncmp((const char *)busid, EMU_USBIP_BUSID, BUSID_SIZE) == 0;
    put_op_header(h, OP_REP_IMPORT, ok ? ST_OK : ST_NA);
    if (!ok) {
        send_bytes(c, h, OP_HEADER);
        c->close_when_sent = true;
        return;
    }
    put_device(s, h + OP_HEADER);
    send_bytes(c, h, sizeof h);
    c->importer = true;
}

/* One OP request at the head of c->in; false if more bytes are needed. */
static bool handle_op(struct emu_usbip *s, struct connection *c)
{
    const uint8_t *m = emu__byte_queue_head(&c->in);
    size_t have = emu__byte_queue_len(&c->in);
    if (have < OP_HEADER)
        return false;
    uint16_t version = get16(m), code = get16(m + 2);
    if (version != USBIP_VERSION || (code != OP_REQ_DEVLIST && code != OP_REQ_IMPORT)) {
        protocol_error(s, c);
        return false;
    }
    if (code == OP_REQ_DEVLIST) {
        emu__byte_queue_pop(&c->in, OP_HEADER);
        reply_devlist(s, c);
        return true;
    }
    if (have < OP_HEADER + BUSID_SIZE)
        return false;
    emu__byte_queue_pop(&c->in, OP_HEADER + BUSID_SIZE);
    reply_import(s, c, m + OP_HEADER);
    return true;
}

/* ---- URBs ---- */

static void ret_submit(struct connection *c, const struct urb *u, int status, size_t actual)
{
    uint8_t h[URB_HEADER] = {0};
    put32(h, RET_SUBMIT);
    put32(h + 4, u->seqnum);
    put32(h + 20, (uint32_t)status);
    put32(h + 24, (uint32_t)actual);
    send_bytes(c, h, sizeof h);
    if (u->direction == DIR_IN && status == 0 && actual > 0)
        send_bytes(c, u->data, actual);
}

static int control_urb(struct emu_usbip *s, struct urb *u, size_t *actual)
{
    struct tk_usb_setup setup = tk_usb_setup_parse(u->setup);
    bool in = (setup.request_type & TK_USB_DIR_IN) != 0;
    if (setup.length > u->length || in != (u->direction == DIR_IN))
        return -EINVAL; /* the setup packet and the URB disagree */
    if (setup.request_type == 0 && setup.request == TK_USB_REQ_SET_ADDRESS) {
        *actual = 0;
        return 0; /* see the file comment */
    }
    int rc = emu_usbc_control(s->usbc, s->info.address, u->setup, u->data, actual);
    if (rc == 0 && !in)
        *actual = setup.length;
    return rc;
}

/* Try to finish `u`: returns -EAGAIN (still pending) or its status, with
 * *actual set. */
static int run_urb(struct emu_usbip *s, struct urb *u, size_t *actual)
{
    if (u->endpoint == 0)
        return control_urb(s, u, actual);
    uint8_t packet[TK_USB_MAX_PACKET];
    size_t n;
    int rc = 0;
    if (u->direction == DIR_IN) {
        while (u->done < u->length) {
            rc = emu_usbc_in(s->usbc, s->info.address, u->endpoint, packet, &n);
            if (rc != 0)
                break;
            if (n > u->length - u->done) {
                rc = -EOVERFLOW; /* babble: more than the buffer holds */
                break;
            }
            memcpy(u->data + u->done, packet, n);
            u->done += n;
            if (n < TK_USB_MAX_PACKET)
                break; /* a short packet ends the transfer */
        }
        if (rc == -EAGAIN && u->done > 0)
            rc = 0; /* deviation: see the file comment */
    } else {
        do {
            n = u->length - u->done < TK_USB_MAX_PACKET ? u->length - u->done : TK_USB_MAX_PACKET;
            rc = emu_usbc_out(s->usbc, s->info.address, u->endpoint, u->data + u->done, n);
            if (rc == 0)
                u->done += n;
        } while (rc == 0 && u->done < u->length);
    }
    *actual = u->done;
    return rc;
}

static bool endpoint_busy(const struct connection *c, uint32_t endpoint, uint32_t direction)
{
    for (const struct urb *u = c->pending; u != NULL; u = u->next)
        if (u->endpoint == endpoint && (endpoint == 0 || u->direction == direction))
            return true;
    return false;
}

static void enqueue(struct connection *c, struct urb *u)
{
    struct urb **tail = &c->pending;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = u;
}

/* Run the pending URBs of one endpoint in order until one stays pending. */
static void retry_endpoint(struct emu_usbip *s, struct connection *c, uint32_t endpoint,
                           uint32_t direction)
{
    struct urb **link = &c->pending;
    while (*link != NULL) {
        struct urb *u = *link;
        if (u->endpoint != endpoint || (endpoint != 0 && u->direction != direction)) {
            link = &u->next;
            continue;
        }
        size_t actual = 0;
        int rc = run_urb(s, u, &actual);
        if (rc == -EAGAIN)
            return;
        *link = u->next;
        ret_submit(c, u, rc, actual);
        free(u->data);
        free(u);
    }
}

static bool submit(struct emu_usbip *s, struct connection *c, const uint8_t *m)
{
    uint32_t direction = get32(m + 12), endpoint = get32(m + 16);
    uint32_t length = get32(m + 24), packets = get32(m + 32);
    if (direction > DIR_IN || length > EMU_USBIP_TRANSFER_MAX ||
        (packets != 0 && packets != 0xffffffffu)) {
        protocol_error(s, c); /* the stream cannot be followed past this */
        return false;
    }
    size_t size = URB_HEADER + (direction == DIR_OUT ? length : 0);
    if (emu__byte_queue_len(&c->in) < size)
        return false;
    struct urb *u = calloc(1, sizeof *u);
    uint8_t *data = malloc(length > 0 ? length : 1);
    if (u == NULL || data == NULL) {
        free(u);
        free(data);
        protocol_error(s, c);
        return false;
    }
    *u = (struct urb){.seqnum = get32(m + 4),
                      .direction = direction,
                      .endpoint = endpoint,
                      .data = data,
                      .length = length};
    memcpy(u->setup, m + 40, 8);
    if (direction == DIR_OUT)
        memcpy(data, m + URB_HEADER, length);
    emu__byte_queue_pop(&c->in, size);

    int rc = -EAGAIN;
    size_t actual = 0;
    if (get32(m + 8) != devid(s) || !s->enumerated)
        rc = -ENODEV;
    else if (endpoint >= TK_USB_ENDPOINTS)
        rc = -EPIPE;
    else if (endpoint_busy(c, endpoint, direction))
        rc = -EAGAIN; /* behind earlier URBs of this endpoint */
    else
        rc = run_urb(s, u, &actual);
    if (rc == -EAGAIN) {
        enqueue(c, u);
        return true;
    }
    ret_submit(c, u, rc, actual);
    free(u->data);
    free(u);
    return true;
}

static void unlink_urb(struct connection *c, const uint8_t *m)
{
    uint32_t seqnum = get32(m + 4), victim = get32(m + 20);
    int status = 0; /* already completed (usbip_protocol.rst) */
    for (struct urb **link = &c->pending; *link != NULL; link = &(*link)->next) {
        struct urb *u = *link;
        if (u->seqnum != victim)
            continue;
        *link = u->next;
        free(u->data);
        free(u);
        status = -ECONNRESET;
        break;
    }
    uint8_t h[URB_HEADER] = {0};
    put32(h, RET_UNLINK);
    put32(h + 4, seqnum);
    put32(h + 20, (uint32_t)status);
    send_bytes(c, h, sizeof h);
    emu__byte_queue_pop(&c->in, URB_HEADER);
}

/* One URB command at the head of c->in; false if more bytes are needed or
 * the connection was closed. */
static bool handle_urb(struct emu_usbip *s, struct connection *c)
{
    if (emu__byte_queue_len(&c->in) < URB_HEADER)
        return false;
    const uint8_t *m = emu__byte_queue_head(&c->in);
    switch (get32(m)) {
    case CMD_SUBMIT:
        return submit(s, c, m);
    case CMD_UNLINK:
        unlink_urb(c, m);
        return true;
    default:
        protocol_error(s, c);
        return false;
    }
}

static void connection_read(struct emu_usbip *s, struct connection *c)
{
    uint8_t buf[4096];
    ssize_t n = emu__usbip_read(c->fd, buf, sizeof buf);
    if (n == -EAGAIN)
        return;
    if (n <= 0 || !emu__byte_queue_push(&c->in, buf, (size_t)n)) {
        connection_close(c); /* gone, possibly mid-message: drop what it sent */
        return;
    }
    while (c->fd >= 0 && !c->close_when_sent && (c->importer ? handle_urb(s, c) : handle_op(s, c)))
        ;
    connection_flush(c);
}

/* ---- the host side of the cable ---- */

static void usbip_connection_changed(struct emu_usbc_host *host, bool attached)
{
    struct emu_usbip *s = tk_container_of(host, struct emu_usbip, host);
    s->enumerated = false;
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX; i++) {
        struct connection *c = &s->connections[i];
        if (c->fd < 0 || !c->importer)
            continue;
        /* The device went away under the importer: fail its URBs and end
         * the session, as the stub driver does on disconnect. */
        for (struct urb *u = c->pending; u != NULL; u = u->next)
            ret_submit(c, u, -ESHUTDOWN, 0);
        free_urbs(c);
        c->close_when_sent = true;
        connection_flush(c);
    }
    if (attached)
        s->enumerated = emu_usb_enumerate(s->usbc, 1, &s->info, NULL, NULL) == 0;
}

static void usbip_endpoint_ready(struct emu_usbc_host *host, unsigned endpoint, bool in)
{
    struct emu_usbip *s = tk_container_of(host, struct emu_usbip, host);
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX; i++) {
        struct connection *c = &s->connections[i];
        if (c->fd < 0 || !c->importer)
            continue;
        retry_endpoint(s, c, endpoint, in ? DIR_IN : DIR_OUT);
        connection_flush(c);
    }
}

struct emu_usbip *emu_usbip_new(struct tk_kernel *k, struct emu_usbc *u,
                                const struct emu_usbip_options *o, struct emu_err *err)
{
    const char *address = o->address != NULL ? o->address : "127.0.0.1";
    struct emu_usbip *s = calloc(1, sizeof *s);
    if (s == NULL) {
        emu_err_set(err, "usbip: out of memory");
        return NULL;
    }
    const char *call = "";
    int fd = emu__usbip_listen(address, o->port, &s->port, &call);
    if (fd < 0) {
        emu_err_set(err, "usbip: %s %s:%u: %s", call, address, o->port, strerror(-fd));
        free(s);
        return NULL;
    }
    s->listen_fd = fd;
    s->kernel = k;
    s->usbc = u;
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX; i++)
        s->connections[i].fd = -1;
    s->host = (struct emu_usbc_host){.endpoint_ready = usbip_endpoint_ready,
                                     .connection_changed = usbip_connection_changed};
    if (o->announce_fd >= 0)
        dprintf(o->announce_fd,
                "tockemu: USB/IP server on %s:%u (usbip --tcp-port %u list -r %s)\n", address,
                s->port, s->port, address);
    emu_usbc_set_host(u, &s->host);
    emu_usbc_vbus(u, true);
    if (emu_usbc_is_attached(u))
        usbip_connection_changed(&s->host, true);
    return s;
}

void emu_usbip_free(struct emu_usbip *s)
{
    if (s == NULL)
        return;
    emu_usbc_set_host(s->usbc, NULL);
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX; i++)
        connection_close(&s->connections[i]);
    emu__usbip_close(s->listen_fd);
    free(s);
}

uint16_t emu_usbip_port(const struct emu_usbip *s)
{
    return s->port;
}

unsigned emu_usbip_protocol_errors(const struct emu_usbip *s)
{
    return s->protocol_errors;
}

unsigned emu_usbip_poll_fds(struct emu_usbip *s, struct pollfd *fds, unsigned max)
{
    unsigned n = 0;
    if (n < max)
        fds[n++] = (struct pollfd){.fd = s->listen_fd, .events = POLLIN};
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX && n < max; i++) {
        struct connection *c = &s->connections[i];
        if (c->fd >= 0)
            fds[n++] = (struct pollfd){
                .fd = c->fd,
                .events = (short)(POLLIN | (emu__byte_queue_len(&c->out) > 0 ? POLLOUT : 0))};
    }
    return n;
}

static void accept_connection(struct emu_usbip *s)
{
    int fd = emu__usbip_accept(s->listen_fd);
    if (fd < 0)
        return;
    for (unsigned i = 0; i < EMU_USBIP_CONNECTIONS_MAX; i++) {
        if (s->connections[i].fd < 0) {
            s->connections[i] = (struct connection){.fd = fd};
            return;
        }
    }
    emu__usbip_close(fd); /* full: the client sees the connection close */
}

void emu_usbip_poll_ready(struct emu_usbip *s, const struct pollfd *fds, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (fds[i].revents == 0)
            continue;
        if (fds[i].fd == s->listen_fd) {
            accept_connection(s);
            continue;
        }
        for (unsigned j = 0; j < EMU_USBIP_CONNECTIONS_MAX; j++) {
            struct connection *c = &s->connections[j];
            if (c->fd != fds[i].fd)
                continue;
            if (fds[i].revents & POLLOUT)
                connection_flush(c);
            if (c->fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                connection_read(s, c);
        }
    }
}
