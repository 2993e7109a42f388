/* The built-in USB host: Linux-style enumeration and a cdc-acm port.
 *
 * Owns the host end of one cable (usbc.h), the stream queues in both
 * directions and an optional pty (opened through uart_host.c). See
 * usb_hostmodel.h for the request order it copies from Linux.
 *
 *   device attaches --> enumerate --> open port (line state, line coding)
 *        --> poll bulk IN until NAK; again on each endpoint_ready(IN)
 *   write()/pty input --> [out queue] --64-byte packets--> bulk OUT
 *        (a NAK keeps the packet queued until endpoint_ready(OUT))
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "byte_queue-internal.h"
#include "container_of.h"
#include "uart-internal.h"
#include "usb_hostmodel.h"
#include "usbc_client_ctrl.h"

#define QUEUE_MAX (64 * 1024) /* stop reading the pty above this */

struct emu_usb_hostmodel {
    struct emu_usbc_host host; /* set as the controller's host */
    struct tk_kernel *kernel;
    struct emu_usbc *usbc;
    struct emu_usb_hostmodel_options options;
    struct emu_usb_device_info info;
    struct emu_usb_enum_step steps[EMU_USB_ENUM_STEPS_MAX];
    unsigned step_count;
    int enum_rc;
    bool enumerated;
    uint8_t bulk_in, bulk_out;      /* endpoint numbers of the CDC data interface */
    struct emu__byte_queue out, in; /* host->device, device->host */
    int pty_master, pty_slave;
    char pty_path[64];
    uint64_t dropped;
};

void emu_usb_setup_packet(uint8_t setup[8], uint8_t request_type, uint8_t request, uint16_t value,
                          uint16_t index, uint16_t length)
{
    setup[0] = request_type;
    setup[1] = request;
    setup[2] = (uint8_t)value, setup[3] = (uint8_t)(value >> 8);
    setup[4] = (uint8_t)index, setup[5] = (uint8_t)(index >> 8);
    setup[6] = (uint8_t)length, setup[7] = (uint8_t)(length >> 8);
}

/* Enumeration state shared by its steps. */
struct enumeration {
    struct emu_usbc *usbc;
    uint8_t address;
    struct emu_usb_enum_step *steps;
    unsigned count;
};

static int enum_control(struct enumeration *e, uint8_t request_type, uint8_t request,
                        uint16_t value, uint16_t index, uint8_t *data, uint16_t length, size_t *got)
{
    uint8_t setup[8];
    emu_usb_setup_packet(setup, request_type, request, value, index, length);
    int rc = emu_usbc_control(e->usbc, e->address, setup, data, got);
    if (e->steps != NULL && e->count < EMU_USB_ENUM_STEPS_MAX) {
        memcpy(e->steps[e->count].setup, setup, 8);
        e->steps[e->count].rc = rc;
    }
    e->count++;
    return rc;
}

static int get_descriptor(struct enumeration *e, uint8_t type, uint8_t index, uint16_t language,
                          uint8_t *data, uint16_t length, size_t *got)
{
    return enum_control(e, TK_USB_DIR_IN, TK_USB_REQ_GET_DESCRIPTOR, (uint16_t)(type << 8 | index),
                        language, data, length, got);
}

/* String `index` as ASCII into `out` ("" when the device has none). */
static int get_string(struct enumeration *e, uint8_t index, uint16_t language, char *out)
{
    uint8_t d[255];
    size_t got = 0;
    out[0] = '\0';
    if (index == 0)
        return 0;
    int rc = get_descriptor(e, TK_USB_DT_STRING, index, language, d, sizeof d, &got);
    if (rc != 0)
        return rc;
    if (got < 2 || d[1] != TK_USB_DT_STRING || d[0] > got || d[0] % 2 != 0)
        return -EPROTO;
    size_t n = 0;
    for (size_t i = 2; i + 1 < d[0] && n + 1 < EMU_USB_STRING_MAX; i += 2)
        out[n++] = d[i + 1] == 0 && d[i] >= 0x20 && d[i] < 0x7f ? (char)d[i] : '?';
    out[n] = '\0';
    return 0;
}

int emu_usb_enumerate(struct emu_usbc *u, uint8_t address, struct emu_usb_device_info *info,
                      struct emu_usb_enum_step *steps, unsigned *step_count)
{
    struct enumeration e = {.usbc = u, .address = 0, .steps = steps};
    uint8_t buf[255];
    size_t got = 0;
    int rc;
    memset(info, 0, sizeof *info);

    /* hub_port_init, "new scheme": reset, 64-byte device descriptor read
     * to learn bMaxPacketSize0, reset again, then SET_ADDRESS. */
    emu_usbc_bus_reset(u);
    rc = get_descriptor(&e, TK_USB_DT_DEVICE, 0, 0, buf, 64, &got);
    if (rc == 0 && (got < 8 || buf[1] != TK_USB_DT_DEVICE))
        rc = -EPROTO;
    if (rc != 0)
        goto done;
    emu_usbc_bus_reset(u);
    rc = enum_control(&e, 0, TK_USB_REQ_SET_ADDRESS, address, 0, NULL, 0, &got);
    if (rc != 0)
        goto done;
    e.address = address;
    info->address = address;

    /* usb_new_device: the full device descriptor, then the configuration. */
    rc = get_descriptor(&e, TK_USB_DT_DEVICE, 0, 0, info->device, 18, &got);
    if (rc == 0 && (got != 18 || info->device[0] != 18 || info->device[1] != TK_USB_DT_DEVICE))
        rc = -EPROTO;
    if (rc != 0)
        goto done;
    rc = get_descriptor(&e, TK_USB_DT_CONFIGURATION, 0, 0, info->config, 9, &got);
    if (rc == 0 && (got != 9 || info->config[1] != TK_USB_DT_CONFIGURATION))
        rc = -EPROTO;
    if (rc != 0)
        goto done;
    uint16_t total = (uint16_t)(info->config[2] | info->config[3] << 8);
    if (total < 9 || total > EMU_USB_CONFIG_MAX) {
        rc = -EPROTO;
        goto done;
    }
    rc = get_descriptor(&e, TK_USB_DT_CONFIGURATION, 0, 0, info->config, total, &got);
    if (rc == 0 && got != total)
        rc = -EPROTO;
    if (rc != 0)
        goto done;
    info->config_len = total;

    /* Strings: the language list, then product, manufacturer, serial. */
    rc = get_descriptor(&e, TK_USB_DT_STRING, 0, 0, buf, sizeof buf, &got);
    if (rc == 0 && (got < 4 || buf[1] != TK_USB_DT_STRING))
        rc = -EPROTO;
    if (rc != 0)
        goto done;
    info->language = (uint16_t)(buf[2] | buf[3] << 8);
    if ((rc = get_string(&e, info->device[15], info->language, info->product)) != 0 ||
        (rc = get_string(&e, info->device[14], info->language, info->manufacturer)) != 0 ||
        (rc = get_string(&e, info->device[16], info->language, info->serial)) != 0)
        goto done;

    rc = enum_control(&e, 0, TK_USB_REQ_SET_CONFIGURATION, info->config[5], 0, NULL, 0, &got);
done:
    if (step_count != NULL)
        *step_count = e.count < EMU_USB_ENUM_STEPS_MAX ? e.count : EMU_USB_ENUM_STEPS_MAX;
    return rc;
}

const uint8_t *emu_usb_find_descriptor(const struct emu_usb_device_info *info, uint8_t type,
                                       unsigned n)
{
    for (size_t off = 0; off + 2 <= info->config_len && info->config[off] >= 2;
         off += info->config[off]) {
        if (off + info->config[off] > info->config_len)
            return NULL;
        if (info->config[off + 1] == type && n-- == 0)
            return info->config + off;
    }
    return NULL;
}

void emu_usb_hostmodel_options_init(struct emu_usb_hostmodel_options *o)
{
    *o = (struct emu_usb_hostmodel_options){
        .announce_fd = 2, .baud = 115200, .address = 1, .open_port = true};
}

/* The bulk endpoints of the first interface of class CDC data (0x0a). */
static bool find_cdc_endpoints(struct emu_usb_hostmodel *h)
{
    h->bulk_in = h->bulk_out = 0;
    bool in_data = false;
    for (size_t off = 0; off + 2 <= h->info.config_len && h->info.config[off] >= 2;
         off += h->info.config[off]) {
        const uint8_t *d = h->info.config + off;
        if (d[1] == TK_USB_DT_INTERFACE && d[0] >= 9)
            in_data = d[5] == 0x0a;
        if (!in_data || d[1] != TK_USB_DT_ENDPOINT || d[0] < 7 || (d[3] & 3) != TK_USB_BULK)
            continue;
        if (d[2] & 0x80)
            h->bulk_in = d[2] & 0x0f;
        else
            h->bulk_out = d[2] & 0x0f;
    }
    return h->bulk_in != 0 && h->bulk_out != 0;
}

/* cdc-acm acm_port_activate: raise DTR and RTS, then set the line coding
 * (8N1 at the configured rate), both to the communication interface 0. */
static int open_port(struct emu_usb_hostmodel *h)
{
    uint8_t setup[8], coding[7];
    size_t got;
    uint32_t baud = h->options.baud;
    emu_usb_setup_packet(setup, TK_USB_TYPE_CLASS | TK_USB_RECIP_INTERFACE, 0x22, 0x3, 0, 0);
    int rc = emu_usbc_control(h->usbc, h->info.address, setup, NULL, &got);
    if (rc != 0)
        return rc;
    coding[0] = (uint8_t)baud, coding[1] = (uint8_t)(baud >> 8);
    coding[2] = (uint8_t)(baud >> 16), coding[3] = (uint8_t)(baud >> 24);
    coding[4] = 0, coding[5] = 0, coding[6] = 8;
    emu_usb_setup_packet(setup, TK_USB_TYPE_CLASS | TK_USB_RECIP_INTERFACE, 0x20, 0, 0, 7);
    return emu_usbc_control(h->usbc, h->info.address, setup, coding, &got);
}

/* Device bytes arrive: to the pty, or kept for emu_usb_hostmodel_read. */
static void deliver(struct emu_usb_hostmodel *h, const uint8_t *bytes, size_t len)
{
    if (h->pty_master < 0) {
        (void)emu__byte_queue_push(&h->in, bytes, len);
        return;
    }
    while (len > 0) {
        ssize_t n = write(h->pty_master, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            h->dropped += len; /* no one reads the pty: drop, as a UART would */
            return;
        }
        bytes += n;
        len -= (size_t)n;
    }
}

void emu_usb_hostmodel_poll_in(struct emu_usb_hostmodel *h)
{
    uint8_t packet[TK_USB_MAX_PACKET];
    size_t len;
    while (h->enumerated && emu_usbc_in(h->usbc, h->info.address, h->bulk_in, packet, &len) == 0)
        deliver(h, packet, len);
}

static void pump_out(struct emu_usb_hostmodel *h)
{
    while (h->enumerated && emu__byte_queue_len(&h->out) > 0) {
        size_t n = emu__byte_queue_len(&h->out);
        if (n > TK_USB_MAX_PACKET)
            n = TK_USB_MAX_PACKET;
        int rc =
            emu_usbc_out(h->usbc, h->info.address, h->bulk_out, emu__byte_queue_head(&h->out), n);
        if (rc == -EAGAIN)
            return;                      /* NAK: endpoint_ready(OUT) sends it again */
        emu__byte_queue_pop(&h->out, n); /* sent, or refused for good (STALL): drop it */
    }
}

static void on_attach(struct emu_usb_hostmodel *h)
{
    h->enum_rc = emu_usb_enumerate(h->usbc, h->options.address, &h->info, h->steps, &h->step_count);
    if (h->enum_rc != 0 || !find_cdc_endpoints(h))
        return;
    if (h->options.open_port && open_port(h) != 0)
        return;
    h->enumerated = true;
    emu_usb_hostmodel_poll_in(h);
    pump_out(h);
}

static void hostmodel_connection_changed(struct emu_usbc_host *host, bool attached)
{
    struct emu_usb_hostmodel *h = tk_container_of(host, struct emu_usb_hostmodel, host);
    h->enumerated = false;
    if (attached)
        on_attach(h);
}

static void hostmodel_endpoint_ready(struct emu_usbc_host *host, unsigned endpoint, bool in)
{
    struct emu_usb_hostmodel *h = tk_container_of(host, struct emu_usb_hostmodel, host);
    if (in && endpoint == h->bulk_in)
        emu_usb_hostmodel_poll_in(h);
    else if (!in && endpoint == h->bulk_out)
        pump_out(h);
}

struct emu_usb_hostmodel *emu_usb_hostmodel_new(struct tk_kernel *k, struct emu_usbc *u,
                                                const struct emu_usb_hostmodel_options *o,
                                                struct emu_err *err)
{
    struct emu_usb_hostmodel *h = calloc(1, sizeof *h);
    if (h == NULL) {
        emu_err_set(err, "usb: out of memory");
        return NULL;
    }
    h->kernel = k;
    h->usbc = u;
    h->options = *o;
    h->pty_master = h->pty_slave = -1;
    h->enum_rc = -ENODEV;
    h->host = (struct emu_usbc_host){.endpoint_ready = hostmodel_endpoint_ready,
                                     .connection_changed = hostmodel_connection_changed};
    if (o->pty) {
        const char *call = "";
        int rc = emu__uart_pty_open(&h->pty_master, &h->pty_slave, h->pty_path, sizeof h->pty_path,
                                    &call);
        if (rc != 0) {
            emu_err_set(err, "usb: %s: %s", call, strerror(-rc));
            free(h);
            return NULL;
        }
        if (o->announce_fd >= 0)
            dprintf(o->announce_fd, "tockemu: USB CDC-ACM on %s\n", h->pty_path);
    }
    emu_usbc_set_host(u, &h->host);
    emu_usbc_vbus(u, true);
    if (emu_usbc_is_attached(u))
        on_attach(h);
    return h;
}

void emu_usb_hostmodel_free(struct emu_usb_hostmodel *h)
{
    if (h == NULL)
        return;
    emu_usbc_set_host(h->usbc, NULL);
    if (h->pty_slave >= 0)
        close(h->pty_slave);
    if (h->pty_master >= 0)
        close(h->pty_master);
    emu__byte_queue_fini(&h->out);
    emu__byte_queue_fini(&h->in);
    free(h);
}

bool emu_usb_hostmodel_is_enumerated(const struct emu_usb_hostmodel *h)
{
    return h->enumerated;
}

const struct emu_usb_device_info *emu_usb_hostmodel_device(const struct emu_usb_hostmodel *h)
{
    return &h->info;
}

int emu_usb_hostmodel_enumeration(const struct emu_usb_hostmodel *h,
                                  const struct emu_usb_enum_step **steps, unsigned *count)
{
    *steps = h->steps;
    *count = h->step_count;
    return h->enum_rc;
}

int emu_usb_hostmodel_write(struct emu_usb_hostmodel *h, const uint8_t *bytes, size_t len)
{
    if (!emu__byte_queue_push(&h->out, bytes, len))
        return -ENOMEM;
    pump_out(h);
    return 0;
}

size_t emu_usb_hostmodel_read(struct emu_usb_hostmodel *h, uint8_t *buf, size_t cap)
{
    size_t n = emu__byte_queue_len(&h->in) < cap ? emu__byte_queue_len(&h->in) : cap;
    if (n == 0)
        return 0; /* an empty queue may have no storage yet: no memcpy from NULL */
    memcpy(buf, emu__byte_queue_head(&h->in), n);
    emu__byte_queue_pop(&h->in, n);
    return n;
}

void emu_usb_hostmodel_unplug(struct emu_usb_hostmodel *h)
{
    h->enumerated = false;
    emu_usbc_vbus(h->usbc, false);
}

void emu_usb_hostmodel_plug(struct emu_usb_hostmodel *h)
{
    emu_usbc_vbus(h->usbc, true);
    if (emu_usbc_is_attached(h->usbc))
        on_attach(h);
}

const char *emu_usb_hostmodel_pty_path(const struct emu_usb_hostmodel *h)
{
    return h->pty_master >= 0 ? h->pty_path : NULL;
}

int emu_usb_hostmodel_input_fd(const struct emu_usb_hostmodel *h)
{
    return h->pty_master >= 0 && emu__byte_queue_len(&h->out) < QUEUE_MAX ? h->pty_master : -1;
}

void emu_usb_hostmodel_input_ready(struct emu_usb_hostmodel *h)
{
    uint8_t buf[4096];
    ssize_t n = read(h->pty_master, buf, sizeof buf);
    if (n > 0)
        (void)emu_usb_hostmodel_write(h, buf, (size_t)n);
}
