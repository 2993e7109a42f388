/* USB/IP server, driven by a C client over a real loopback socket, by the
 * Linux `usbip list` tool, and checked by tshark's USB/IP dissector: spec
 * §8.10.
 *
 * Facts used (Linux Documentation/usb/usbip_protocol.rst): version 0x0111;
 * OP_REQ_DEVLIST 0x8005 -> OP_REP_DEVLIST 0x0005 (count, 312-byte devices,
 * 4 bytes per interface); OP_REQ_IMPORT 0x8003 + 32-byte busid ->
 * OP_REP_IMPORT 0x0003; CMD_SUBMIT 1 / RET_SUBMIT 3 and CMD_UNLINK 2 /
 * RET_UNLINK 4 with 48-byte headers; devid = busnum << 16 | devnum; status
 * is a negative errno (-EPIPE for a STALL, -ECONNRESET for an unlinked
 * URB, 0 when the URB to unlink had already completed).
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cdc.h"
#include "fake_hil.h"
#include "fixture.h"
#include "usb_hostmodel.h"
#include "usb_user.h"
#include "usbc.h"
#include "usbip.h"
#include "usbip_client.h"

#define DEVID       (1u << 16 | 1u)
#define PUMP_ROUNDS 400 /* bound on server rounds per exchange (poll waits <= 50 ms) */

struct env {
    struct tk_kernel k;
    struct fake_alarm alarm;
    struct emu_usbc *usbc;
    struct tk_cdc_acm cdc;
    struct emu_usbip *server;
    struct tk_uart_client uart_client;
    size_t transmitted_len;
    uint8_t rx[256];
    size_t rx_len;
};

static void on_transmitted(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct env *e = (struct env *)((char *)c - offsetof(struct env, uart_client));
    (void)buf, (void)rcode;
    e->transmitted_len += len;
}

static void on_received(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct env *e = (struct env *)((char *)c - offsetof(struct env, uart_client));
    (void)buf, (void)rcode;
    e->rx_len += len;
}

static struct env *env_new(void)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    fake_alarm_init(&e->alarm, 32, 1000);
    e->usbc = emu_usbc_new(&e->k);
    struct tk_usb_device_config cfg;
    tk_usb_device_config_init(&cfg);
    ck_assert_int_eq(
        tk_cdc_acm_init(&e->cdc, &e->k, emu_usbc_device(e->usbc), &e->alarm.alarm, &cfg), 0);
    e->uart_client =
        (struct tk_uart_client){.transmitted = on_transmitted, .received = on_received};
    tk_cdc_acm_uart(&e->cdc)->client = &e->uart_client;
    struct emu_usbip_options o = {.address = "127.0.0.1", .port = 0, .announce_fd = -1};
    struct emu_err err;
    e->server = emu_usbip_new(&e->k, e->usbc, &o, &err);
    ck_assert_msg(e->server != NULL, "%s", err.msg);
    /* The board's function attaches; the server enumerates it. */
    e->cdc.usb_client.enable(&e->cdc.usb_client);
    e->cdc.usb_client.attach(&e->cdc.usb_client);
    fake_run_deferred_all(&e->k);
    return e;
}

static void env_free(struct env *e)
{
    emu_usbip_free(e->server);
    fx_kernel_fini(&e->k);
    emu_usbc_free(e->usbc);
    free(e);
}

/* Serve until `c` has `want` bytes in `buf` (or closed); with `c` NULL,
 * until the server has nothing left to do. Returns the bytes received, or
 * -1 when `c` closed with fewer. */
static ssize_t pump(struct env *e, struct usbip_client *c, uint8_t *buf, size_t want)
{
    size_t have = 0;
    for (unsigned round = 0; round < PUMP_ROUNDS; round++) {
        struct pollfd fds[8];
        unsigned n = emu_usbip_poll_fds(e->server, fds, 8);
        int ready = poll(fds, n, c == NULL ? 0 : 50);
        if (ready > 0)
            emu_usbip_poll_ready(e->server, fds, n);
        fake_run_deferred_all(&e->k);
        if (c == NULL) {
            if (ready <= 0)
                return 0;
            continue;
        }
        while (have < want) {
            ssize_t r = usbip_client_recv(c, buf + have, want - have);
            if (r == 0)
                return have == want ? (ssize_t)have : -1;
            if (r < 0)
                break;
            have += (size_t)r;
        }
        if (have == want)
            return (ssize_t)have;
    }
    return -1;
}

/* True once the server closed `c` (reading end of file). */
static bool closed_by_server(struct env *e, struct usbip_client *c)
{
    uint8_t b[64];
    for (unsigned round = 0; round < PUMP_ROUNDS; round++) {
        pump(e, NULL, NULL, 0);
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        (void)poll(&pfd, 1, 50);
        ssize_t r = usbip_client_recv(c, b, sizeof b);
        if (r == 0)
            return true;
    }
    return false;
}

static void connect_client(struct env *e, struct usbip_client *c, struct usbip_pcap *pcap)
{
    ck_assert_int_eq(usbip_client_connect(c, emu_usbip_port(e->server), pcap), 0);
}

static void op_request(uint8_t *h, uint16_t code)
{
    usbip_put16(h, 0x0111);
    usbip_put16(h + 2, code);
    usbip_put32(h + 4, 0);
}

static void import(struct env *e, struct usbip_client *c, struct usbip_pcap *pcap)
{
    uint8_t req[40] = {0}, rep[8 + 312];
    connect_client(e, c, pcap);
    op_request(req, 0x8003);
    strcpy((char *)req + 8, "1-1");
    usbip_client_send(c, req, sizeof req);
    ck_assert_int_eq(pump(e, c, rep, sizeof rep), sizeof rep);
    ck_assert_uint_eq(usbip_get16(rep + 2), 0x0003);
    ck_assert_uint_eq(usbip_get32(rep + 4), 0);
    ck_assert_str_eq((char *)rep + 8 + 256, "1-1");
}

/* Submit and wait for RET_SUBMIT; returns its status; IN data into `in`. */
static int32_t submit(struct env *e, struct usbip_client *c, uint32_t seq, uint32_t devid,
                      uint32_t direction, uint32_t ep, const uint8_t *setup, const void *out,
                      uint32_t length, uint8_t *in, uint32_t *actual)
{
    uint8_t h[48];
    usbip_cmd_submit(h, seq, devid, direction, ep, length, setup);
    usbip_client_send(c, h, sizeof h);
    if (direction == 0 && length > 0)
        usbip_client_send(c, out, length);
    uint8_t r[48];
    ck_assert_int_eq(pump(e, c, r, sizeof r), sizeof r);
    ck_assert_uint_eq(usbip_get32(r), 3);
    ck_assert_uint_eq(usbip_get32(r + 4), seq);
    int32_t status = (int32_t)usbip_get32(r + 20);
    uint32_t n = usbip_get32(r + 24);
    if (actual != NULL)
        *actual = n;
    if (direction == 1 && status == 0 && n > 0)
        ck_assert_int_eq(pump(e, c, in, n), n);
    return status;
}

static int32_t control(struct env *e, struct usbip_client *c, uint32_t seq, uint8_t type,
                       uint8_t request, uint16_t value, uint16_t index, uint8_t *data,
                       uint16_t length, uint32_t *actual)
{
    uint8_t setup[8];
    emu_usb_setup_packet(setup, type, request, value, index, length);
    bool in = (type & 0x80) != 0;
    return submit(e, c, seq, DEVID, in ? 1 : 0, 0, setup, data, length, data, actual);
}

START_TEST(devlist_names_the_device_and_its_interfaces)
{
    /* spec §8.10: the CDC-ACM device, interfaces 02/02/01 and 0a/00/00. */
    struct env *e = env_new();
    struct usbip_client c;
    uint8_t req[8], rep[12 + 312 + 8];
    connect_client(e, &c, NULL);
    op_request(req, 0x8005);
    usbip_client_send(&c, req, sizeof req);
    ck_assert_int_eq(pump(e, &c, rep, sizeof rep), sizeof rep);
    ck_assert_uint_eq(usbip_get16(rep), 0x0111);
    ck_assert_uint_eq(usbip_get16(rep + 2), 0x0005);
    ck_assert_uint_eq(usbip_get32(rep + 8), 1);
    const uint8_t *d = rep + 12;
    ck_assert_str_eq((const char *)d + 256, "1-1");
    ck_assert_uint_eq(usbip_get32(d + 288), 1);      /* busnum */
    ck_assert_uint_eq(usbip_get32(d + 292), 1);      /* devnum */
    ck_assert_uint_eq(usbip_get16(d + 300), 0x6667); /* idVendor */
    ck_assert_uint_eq(usbip_get16(d + 302), 0xabcd); /* idProduct */
    ck_assert_uint_eq(d[306], 0x02);                 /* bDeviceClass */
    ck_assert_uint_eq(d[309], 1);                    /* bConfigurationValue */
    ck_assert_uint_eq(d[311], 2);                    /* bNumInterfaces */
    const uint8_t *i = rep + 12 + 312;
    ck_assert(i[0] == 0x02 && i[1] == 0x02 && i[2] == 0x01);
    ck_assert(i[4] == 0x0a && i[5] == 0x00 && i[6] == 0x00);
    ck_assert(closed_by_server(e, &c)); /* one request per connection */
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

START_TEST(imported_device_answers_control_and_bulk_urbs)
{
    /* spec §8.10: descriptors over URBs, the port opened as cdc-acm does,
     * then bulk data both ways. */
    struct env *e = env_new();
    struct usbip_client c;
    import(e, &c, NULL);
    uint8_t buf[128];
    uint32_t actual;
    ck_assert_int_eq(control(e, &c, 1, 0x80, 6, 0x0100, 0, buf, 18, &actual), 0);
    ck_assert_uint_eq(actual, 18);
    ck_assert_uint_eq(buf[1], 1);
    ck_assert_int_eq(control(e, &c, 2, 0x00, 9, 1, 0, NULL, 0, NULL), 0); /* SET_CONFIGURATION */
    ck_assert_int_eq(control(e, &c, 3, 0x21, 0x22, 3, 0, NULL, 0, NULL), 0);
    uint8_t coding[7] = {0x00, 0xc2, 0x01, 0x00, 0, 0, 8}; /* 115200 8N1 */
    ck_assert_int_eq(control(e, &c, 4, 0x21, 0x20, 0, 0, coding, 7, NULL), 0);
    fake_alarm_fire(&e->alarm, e->alarm.now + TK_CDC_CONNECT_DELAY_MS);
    ck_assert(tk_cdc_acm_is_connected(&e->cdc));

    /* Device to host: an IN URB larger than the data returns what came. */
    struct tk_uart *u = tk_cdc_acm_uart(&e->cdc);
    static const uint8_t hello[] = "hello over usbip";
    ck_assert_int_eq(u->ops->transmit(u, hello, sizeof hello), 0);
    ck_assert_int_eq(submit(e, &c, 5, DEVID, 1, 2, NULL, NULL, 128, buf, &actual), 0);
    ck_assert_uint_eq(actual, sizeof hello);
    ck_assert_mem_eq(buf, hello, sizeof hello);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->transmitted_len, sizeof hello);

    /* Host to device: 100 bytes in two packets. */
    uint8_t data[100];
    memset(data, 'q', sizeof data);
    ck_assert_int_eq(u->ops->receive(u, e->rx, 100), 0);
    ck_assert_int_eq(submit(e, &c, 6, DEVID, 0, 3, NULL, data, 100, NULL, &actual), 0);
    ck_assert_uint_eq(actual, 100);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->rx_len, 100);
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

START_TEST(pending_urbs_complete_later_or_unlink)
{
    /* usbip_protocol.rst: a NAKed URB stays pending; UNLINK of a pending URB
     * answers -ECONNRESET, of an unknown or finished one 0. */
    struct env *e = env_new();
    struct usbip_client c;
    import(e, &c, NULL);
    uint8_t h[48], r[48], buf[64];
    /* The notification endpoint never has data: its URB stays pending. */
    usbip_cmd_submit(h, 10, DEVID, 1, 4, 8, NULL);
    usbip_client_send(&c, h, sizeof h);
    /* A bulk IN URB waits too, until the device has something. */
    usbip_cmd_submit(h, 11, DEVID, 1, 2, 64, NULL);
    usbip_client_send(&c, h, sizeof h);
    pump(e, NULL, NULL, 0);
    e->cdc.state = TK_CDC_CONNECTED; /* skip the line setup: not under test */
    struct tk_uart *u = tk_cdc_acm_uart(&e->cdc);
    ck_assert_int_eq(u->ops->transmit(u, (const uint8_t *)"late", 4), 0);
    ck_assert_int_eq(pump(e, &c, r, sizeof r), sizeof r);
    ck_assert_uint_eq(usbip_get32(r), 3);
    ck_assert_uint_eq(usbip_get32(r + 4), 11);
    ck_assert_uint_eq(usbip_get32(r + 24), 4);
    ck_assert_int_eq(pump(e, &c, buf, 4), 4);
    ck_assert_mem_eq(buf, "late", 4);

    memset(h, 0, sizeof h);
    usbip_put32(h, 2);
    usbip_put32(h + 4, 12);
    usbip_put32(h + 20, 10); /* unlink URB 10 */
    usbip_client_send(&c, h, sizeof h);
    ck_assert_int_eq(pump(e, &c, r, sizeof r), sizeof r);
    ck_assert_uint_eq(usbip_get32(r), 4);
    ck_assert_uint_eq(usbip_get32(r + 4), 12);
    ck_assert_int_eq((int32_t)usbip_get32(r + 20), -ECONNRESET);
    usbip_put32(h + 4, 13);
    usbip_put32(h + 20, 99); /* no such URB */
    usbip_client_send(&c, h, sizeof h);
    ck_assert_int_eq(pump(e, &c, r, sizeof r), sizeof r);
    ck_assert_int_eq((int32_t)usbip_get32(r + 20), 0);
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

START_TEST(refused_urbs_complete_with_an_error)
{
    /* spec §8.10: unknown requests STALL (-EPIPE); bad lengths, devices and
     * endpoints end in an error status; the session goes on. */
    struct env *e = env_new();
    struct usbip_client c;
    import(e, &c, NULL);
    uint8_t buf[64] = {0}, setup[8];
    ck_assert_int_eq(control(e, &c, 1, 0xc0, 0x42, 0, 0, buf, 4, NULL), -EPIPE); /* vendor */
    ck_assert_int_eq(control(e, &c, 2, 0x80, 6, 0x0600, 0, buf, 10, NULL), -EPIPE);
    /* wLength larger than the URB's buffer. */
    emu_usb_setup_packet(setup, 0x80, 6, 0x0100, 0, 64);
    ck_assert_int_eq(submit(e, &c, 3, DEVID, 1, 0, setup, NULL, 8, buf, NULL), -EINVAL);
    ck_assert_int_eq(submit(e, &c, 4, DEVID + 5, 1, 2, NULL, NULL, 8, buf, NULL), -ENODEV);
    ck_assert_int_eq(submit(e, &c, 5, DEVID, 1, 9, NULL, NULL, 8, buf, NULL), -EPIPE);
    ck_assert_int_eq(submit(e, &c, 6, DEVID, 0, 2, NULL, buf, 8, NULL, NULL), -EPIPE);
    /* Still serving. */
    ck_assert_int_eq(control(e, &c, 7, 0x80, 6, 0x0100, 0, buf, 18, NULL), 0);
    ck_assert_uint_eq(emu_usbip_protocol_errors(e->server), 0);
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

/* Malformed streams: each closes the connection; the server lives on. */
static const struct {
    const char *what;
    bool imported;
    uint8_t bytes[48];
    size_t len;
} malformed[] = {
    {"unknown op code", false, {0x01, 0x11, 0x80, 0x99}, 8},
    {"wrong version", false, {0x01, 0x06, 0x80, 0x05}, 8},
    {"unknown URB command", true, {0, 0, 0, 7}, 48},
    {"negative transfer length", true, {0, 0, 0, 1, [24] = 0xff, 0xff, 0xff, 0xf0}, 48},
    {"transfer length over 64 KiB", true, {0, 0, 0, 1, [24] = 0x00, 0x10, 0x00, 0x01}, 48},
    {"isochronous packets", true, {0, 0, 0, 1, [15] = 1, [35] = 3}, 48},
    {"direction 2", true, {0, 0, 0, 1, [15] = 2}, 48},
};

START_TEST(malformed_requests_close_the_connection)
{
    /* spec §8.10: malformed requests end in an error, nothing crashes. */
    struct env *e = env_new();
    struct usbip_client c;
    if (malformed[_i].imported)
        import(e, &c, NULL);
    else
        connect_client(e, &c, NULL);
    usbip_client_send(&c, malformed[_i].bytes, malformed[_i].len);
    ck_assert_msg(closed_by_server(e, &c), "%s: still open", malformed[_i].what);
    ck_assert_uint_eq(emu_usbip_protocol_errors(e->server), 1);
    usbip_client_close(&c);
    /* A new client is served, and can import again. */
    import(e, &c, NULL);
    uint8_t buf[18];
    ck_assert_int_eq(control(e, &c, 1, 0x80, 6, 0x0100, 0, buf, 18, NULL), 0);
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

START_TEST(client_leaving_mid_urb_loses_only_its_urbs)
{
    /* spec §8.10: a client that disconnects mid-URB (half a header, or OUT
     * data cut short, or URBs pending) breaks nothing. */
    struct env *e = env_new();
    struct usbip_client c;
    uint8_t h[48], data[30] = {0};
    import(e, &c, NULL);
    usbip_cmd_submit(h, 1, DEVID, 1, 2, 64, NULL); /* pending IN */
    usbip_client_send(&c, h, sizeof h);
    usbip_cmd_submit(h, 2, DEVID, 0, 3, 100, NULL); /* OUT, 30 of 100 bytes */
    usbip_client_send(&c, h, sizeof h);
    usbip_client_send(&c, data, sizeof data);
    pump(e, NULL, NULL, 0);
    usbip_client_close(&c);
    pump(e, NULL, NULL, 0);
    import(e, &c, NULL);
    usbip_client_send(&c, h, 20); /* half a header */
    pump(e, NULL, NULL, 0);
    usbip_client_close(&c);
    pump(e, NULL, NULL, 0);
    /* A second importer is refused while one holds the device. */
    struct usbip_client other;
    import(e, &c, NULL);
    uint8_t req[40] = {0}, rep[8];
    connect_client(e, &other, NULL);
    op_request(req, 0x8003);
    strcpy((char *)req + 8, "1-1");
    usbip_client_send(&other, req, sizeof req);
    ck_assert_int_eq(pump(e, &other, rep, sizeof rep), sizeof rep);
    ck_assert_uint_eq(usbip_get32(rep + 4), 1); /* ST_NA */
    usbip_client_close(&other);
    uint8_t buf[18];
    ck_assert_int_eq(control(e, &c, 3, 0x80, 6, 0x0100, 0, buf, 18, NULL), 0);
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

START_TEST(detach_fails_pending_urbs_and_reattach_is_exported_again)
{
    /* spec §8.10: detach and re-attach over USB/IP. */
    struct env *e = env_new();
    struct usbip_client c;
    import(e, &c, NULL);
    uint8_t h[48], r[48];
    usbip_cmd_submit(h, 1, DEVID, 1, 2, 64, NULL);
    usbip_client_send(&c, h, sizeof h);
    pump(e, NULL, NULL, 0);
    struct tk_usb_controller *u = emu_usbc_device(e->usbc);
    u->ops->detach(u);
    ck_assert_int_eq(pump(e, &c, r, sizeof r), sizeof r);
    ck_assert_int_eq((int32_t)usbip_get32(r + 20), -ESHUTDOWN);
    ck_assert(closed_by_server(e, &c));
    usbip_client_close(&c);
    u->ops->attach(u);
    fake_run_deferred_all(&e->k);
    import(e, &c, NULL);
    usbip_client_close(&c);
    env_free(e);
}
END_TEST

/* Run `cmd` while serving; its stdout into `out`. Returns its exit status. */
static int run_tool(struct env *e, const char *cmd, char *out, size_t cap)
{
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    size_t len = 0;
    for (unsigned round = 0; round < PUMP_ROUNDS * 4; round++) {
        struct pollfd fds[9];
        unsigned n = emu_usbip_poll_fds(e->server, fds, 8);
        fds[n] = (struct pollfd){.fd = fileno(f), .events = POLLIN};
        if (poll(fds, n + 1, 50) <= 0)
            continue;
        emu_usbip_poll_ready(e->server, fds, n);
        if (fds[n].revents) {
            char chunk[4096];
            ssize_t r = read(fileno(f), chunk, sizeof chunk);
            if (r <= 0)
                break;
            size_t keep = (size_t)r < cap - 1 - len ? (size_t)r : cap - 1 - len;
            memcpy(out + len, chunk, keep); /* the rest is read and dropped */
            len += keep;
        }
    }
    out[len] = '\0';
    return pclose(f);
}

START_TEST(linux_usbip_list_shows_the_device)
{
    /* spec §8.10: `usbip list -r 127.0.0.1` lists the device and its
     * interfaces. Skipped where the usbip tool is missing. */
    if (access("/usr/sbin/usbip", X_OK) != 0)
        return;
    struct env *e = env_new();
    char cmd[128], out[4096];
    snprintf(cmd, sizeof cmd, "/usr/sbin/usbip --tcp-port %u list -r 127.0.0.1 2>&1",
             emu_usbip_port(e->server));
    int status = run_tool(e, cmd, out, sizeof out);
    ck_assert_msg(status == 0, "usbip list failed: %s", out);
    ck_assert_msg(strstr(out, "1-1: ") != NULL, "no device: %s", out);
    ck_assert_msg(strstr(out, "6667:abcd") != NULL, "no IDs: %s", out);
    ck_assert_msg(strstr(out, "0 - Communications / Abstract (modem) / AT-commands") != NULL ||
                      strstr(out, "0 - Communications") != NULL,
                  "no interface 0: %s", out);
    ck_assert_msg(strstr(out, "1 - CDC Data") != NULL, "no interface 1: %s", out);
    env_free(e);
}
END_TEST

START_TEST(tshark_decodes_a_recorded_exchange)
{
    /* spec §8.10: tshark's USB/IP dissector reads a whole exchange (devlist,
     * import, control, bulk, unlink) without a malformed packet. Skipped
     * where tshark is missing. */
    if (access("/usr/bin/tshark", X_OK) != 0)
        return;
    const char *path = TOCKEMU_BUILD_ROOT "/tests/usbip-exchange.pcap";
    struct env *e = env_new();
    struct usbip_pcap pcap;
    ck_assert_int_eq(usbip_pcap_open(&pcap, path), 0);
    struct usbip_client c;
    uint8_t req[8], rep[12 + 312 + 8], buf[128];
    connect_client(e, &c, &pcap);
    op_request(req, 0x8005);
    usbip_client_send(&c, req, sizeof req);
    ck_assert_int_eq(pump(e, &c, rep, sizeof rep), sizeof rep);
    usbip_client_close(&c);
    import(e, &c, &pcap);
    ck_assert_int_eq(control(e, &c, 1, 0x80, 6, 0x0100, 0, buf, 18, NULL), 0);
    ck_assert_int_eq(control(e, &c, 2, 0x80, 6, 0x0200, 0, buf, 67, NULL), 0);
    ck_assert_int_eq(control(e, &c, 3, 0xc0, 0x42, 0, 0, buf, 4, NULL), -EPIPE);
    ck_assert_int_eq(submit(e, &c, 4, DEVID, 0, 3, NULL, "typed", 5, NULL, NULL), 0);
    uint8_t h[48];
    usbip_cmd_submit(h, 5, DEVID, 1, 4, 8, NULL);
    usbip_client_send(&c, h, sizeof h);
    memset(h, 0, sizeof h);
    usbip_put32(h, 2);
    usbip_put32(h + 4, 6);
    usbip_put32(h + 8, DEVID);
    usbip_put32(h + 20, 5);
    usbip_client_send(&c, h, sizeof h);
    ck_assert_int_eq(pump(e, &c, h, sizeof h), sizeof h);
    usbip_client_close(&c);
    usbip_pcap_close(&pcap);

    static char out[1 << 20];
    char cmd[512];
    /* Wireshark dissects port 3240 as USB/IP only when told to. */
    snprintf(cmd, sizeof cmd, "tshark -r %s -d tcp.port==3240,usbip -V 2>/dev/null", path);
    int status = run_tool(e, cmd, out, sizeof out);
    ck_assert_msg(status == 0, "tshark failed: %.500s", out);
    ck_assert_msg(strstr(out, "USBIP Protocol") != NULL, "not decoded as USB/IP: %.2000s", out);
    ck_assert_msg(strstr(out, "Malformed") == NULL, "malformed: %.2000s", strstr(out, "Malformed"));
    ck_assert_msg(strstr(out, "Expert Info (Error") == NULL, "error: %.2000s",
                  strstr(out, "Expert Info (Error"));
    ck_assert_msg(strstr(out, "OP_CMD_UNLINK") != NULL, "no unlink decoded");
    ck_assert_msg(strstr(out, "GET DESCRIPTOR") != NULL, "no control request decoded");
    env_free(e);
}
END_TEST

Suite *usbip_suite(void)
{
    Suite *s = suite_create("usbip");
    TCase *tc = tcase_create("usbip");
    tcase_add_test(tc, devlist_names_the_device_and_its_interfaces);
    tcase_add_test(tc, imported_device_answers_control_and_bulk_urbs);
    tcase_add_test(tc, pending_urbs_complete_later_or_unlink);
    tcase_add_test(tc, refused_urbs_complete_with_an_error);
    tcase_add_loop_test(tc, malformed_requests_close_the_connection, 0,
                        sizeof malformed / sizeof malformed[0]);
    tcase_add_test(tc, client_leaving_mid_urb_loses_only_its_urbs);
    tcase_add_test(tc, detach_fails_pending_urbs_and_reattach_is_exported_again);
    tcase_add_test(tc, linux_usbip_list_shows_the_device);
    tcase_add_test(tc, tshark_decodes_a_recorded_exchange);
    suite_add_tcase(s, tc);
    return s;
}
