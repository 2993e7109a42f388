/* USB device controller, device stack, CDC-ACM and usb_user (0x20005), seen
 * from the built-in host model: spec §8.10.
 *
 * Facts used (USB 2.0 ch. 9; tock/tock capsules/extra/src/usb @65608d71):
 * bmAttributes bit 7 is always 1, bit 6 self-powered, bit 5 remote wakeup;
 * upstream's default is self-powered without remote wakeup, max power 0.
 * CDC-ACM connects once the host set 115200 baud and the control line state,
 * 100 ms later; before that, output waits through a 10 s boot window and is
 * then dropped. Bulk packets are 64 bytes.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cdc.h"
#include "fake_hil.h"
#include "fixture.h"
#include "usb_hostmodel.h"
#include "usb_user.h"
#include "usbc.h"

#define ALARM_HZ 1000 /* one tick per millisecond */

struct env {
    struct tk_kernel k;
    struct fake_alarm alarm;
    struct emu_usbc *usbc;
    struct tk_cdc_acm cdc;
    struct tk_usb_user usb_user;
    struct emu_usb_hostmodel *host;
    struct tk_process *p;
    struct tk_uart_client uart_client;
    /* What the UART client saw. */
    unsigned transmitted_calls;
    size_t transmitted_len;
    int transmitted_rcode;
    uint8_t rx[512];
    size_t rx_len, rx_chunk;
    unsigned received_calls;
};

static void on_transmitted(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct env *e = (struct env *)((char *)c - offsetof(struct env, uart_client));
    (void)buf;
    e->transmitted_calls++;
    e->transmitted_len = len;
    e->transmitted_rcode = rcode;
}

static void on_received(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct env *e = (struct env *)((char *)c - offsetof(struct env, uart_client));
    (void)buf;
    ck_assert_int_eq(rcode, 0);
    e->received_calls++;
    e->rx_len += len;
    /* Keep reading in small pieces, as the UART mux does. */
    if (e->rx_len + e->rx_chunk <= sizeof e->rx)
        ck_assert_int_eq(tk_cdc_acm_uart(&e->cdc)->ops->receive(tk_cdc_acm_uart(&e->cdc),
                                                                e->rx + e->rx_len, e->rx_chunk),
                         0);
}

static struct env *env_new(const struct tk_usb_device_config *cfg)
{
    struct env *e = calloc(1, sizeof *e);
    ck_assert_ptr_nonnull(e);
    fx_kernel_init(&e->k);
    fake_alarm_init(&e->alarm, 32, ALARM_HZ);
    e->usbc = emu_usbc_new(&e->k);
    ck_assert_ptr_nonnull(e->usbc);
    struct tk_usb_device_config defaults;
    tk_usb_device_config_init(&defaults);
    ck_assert_int_eq(tk_cdc_acm_init(&e->cdc, &e->k, emu_usbc_device(e->usbc), &e->alarm.alarm,
                                     cfg != NULL ? cfg : &defaults),
                     0);
    e->uart_client =
        (struct tk_uart_client){.transmitted = on_transmitted, .received = on_received};
    tk_cdc_acm_uart(&e->cdc)->client = &e->uart_client;
    tk_usb_user_init(&e->usb_user, &e->cdc.usb_client);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->usb_user.driver), 0);
    e->p = fx_process_new(&e->k, "usbapp", 0);
    struct emu_usb_hostmodel_options o;
    emu_usb_hostmodel_options_init(&o);
    o.announce_fd = -1;
    struct emu_err err;
    e->host = emu_usb_hostmodel_new(&e->k, e->usbc, &o, &err);
    ck_assert_ptr_nonnull(e->host);
    return e;
}

static void env_free(struct env *e)
{
    emu_usb_hostmodel_free(e->host);
    fx_kernel_fini(&e->k);
    emu_usbc_free(e->usbc);
    free(e);
}

/* The app enables and attaches the function through 0x20005; the host
 * enumerates from the controller's deferred call. */
static void app_attaches(struct env *e)
{
    fx_assert_success(fx_command(&e->k, e->p, TK_DRIVER_NUM_USB_USER, 1, 0, 0));
    fake_run_deferred_all(&e->k);
}

/* ... and the connect delay passes. */
static void connect(struct env *e)
{
    app_attaches(e);
    ck_assert(emu_usb_hostmodel_is_enumerated(e->host));
    ck_assert_int_eq(e->cdc.state, TK_CDC_CONNECTING_DELAY);
    fake_alarm_fire(&e->alarm, e->alarm.now + TK_CDC_CONNECT_DELAY_MS);
    ck_assert(tk_cdc_acm_is_connected(&e->cdc));
}

static int control(struct env *e, uint8_t type, uint8_t request, uint16_t value, uint16_t index,
                   uint8_t *data, uint16_t length, size_t *got)
{
    uint8_t setup[8];
    size_t ignored;
    emu_usb_setup_packet(setup, type, request, value, index, length);
    return emu_usbc_control(e->usbc, emu_usbc_address(e->usbc), setup, data,
                            got != NULL ? got : &ignored);
}

START_TEST(usb_user_command_1_enables_attaches_and_upcalls)
{
    /* spec §8.10: cmd 0 S; cmd 1 S and upcall 0 (0, 0, 0) scheduled during
     * the command; unknown commands NOSUPPORT; no allows. */
    struct env *e = env_new(NULL);
    fx_assert_success(fx_command(&e->k, e->p, TK_DRIVER_NUM_USB_USER, 0, 0, 0));
    fx_assert_variant(
        fx_subscribe(&e->k, e->p, TK_DRIVER_NUM_USB_USER, 0, fx_upcall_fn(e->p, 0), 0),
        TK_RV_SUCCESS_U32_U32);
    ck_assert(!emu_usbc_is_attached(e->usbc));
    fx_assert_success(fx_command(&e->k, e->p, TK_DRIVER_NUM_USB_USER, 1, 0, 0));
    ck_assert(emu_usbc_is_attached(e->usbc));
    fake_expect_call(e->p, TK_DRIVER_NUM_USB_USER, 0, 0, 0, 0);
    fx_assert_failure(fx_command(&e->k, e->p, TK_DRIVER_NUM_USB_USER, 2, 0, 0), TK_NOSUPPORT);
    env_free(e);
}
END_TEST

START_TEST(host_model_enumerates_in_linux_order)
{
    /* spec §8.10: the function enumerates; request order of Linux's
     * hub_port_init and usb_new_device. */
    static const struct {
        uint8_t type, request;
        uint16_t value, length;
    } expected[] = {
        {0x80, 6, 0x0100, 64},  {0x00, 5, 1, 0},        {0x80, 6, 0x0100, 18},
        {0x80, 6, 0x0200, 9},   {0x80, 6, 0x0200, 67},  {0x80, 6, 0x0300, 255},
        {0x80, 6, 0x0302, 255}, {0x80, 6, 0x0301, 255}, {0x80, 6, 0x0303, 255},
        {0x00, 9, 1, 0},
    };
    struct env *e = env_new(NULL);
    app_attaches(e);
    ck_assert(emu_usb_hostmodel_is_enumerated(e->host));
    const struct emu_usb_enum_step *steps;
    unsigned count;
    ck_assert_int_eq(emu_usb_hostmodel_enumeration(e->host, &steps, &count), 0);
    ck_assert_uint_eq(count, sizeof expected / sizeof expected[0]);
    for (unsigned i = 0; i < count; i++) {
        struct tk_usb_setup s = tk_usb_setup_parse(steps[i].setup);
        ck_assert_uint_eq(s.request_type, expected[i].type);
        ck_assert_uint_eq(s.request, expected[i].request);
        ck_assert_uint_eq(s.value, expected[i].value);
        ck_assert_uint_eq(s.length, expected[i].length);
        ck_assert_int_eq(steps[i].rc, 0);
    }
    const struct emu_usb_device_info *d = emu_usb_hostmodel_device(e->host);
    ck_assert_uint_eq(emu_usbc_address(e->usbc), 1);
    ck_assert_uint_eq(d->device[4], 0x02); /* class CDC */
    ck_assert_uint_eq(d->device[8] | d->device[9] << 8, 0x6667);
    ck_assert_uint_eq(d->device[10] | d->device[11] << 8, 0xabcd);
    ck_assert_uint_eq(d->config_len, 67);
    ck_assert_uint_eq(d->config[4], 2); /* communication + data interfaces */
    ck_assert_str_eq(d->manufacturer, "Tock");
    ck_assert_str_eq(d->product, "tockemu CDC-ACM");
    ck_assert_uint_eq(d->language, 0x0409);
    /* Interfaces 0 (CDC ACM) and 1 (CDC data) and three endpoints. */
    const uint8_t *i0 = emu_usb_find_descriptor(d, 4, 0), *i1 = emu_usb_find_descriptor(d, 4, 1);
    ck_assert(i0 != NULL && i0[5] == 0x02 && i0[6] == 0x02);
    ck_assert(i1 != NULL && i1[5] == 0x0a);
    ck_assert_uint_eq(emu_usb_find_descriptor(d, 5, 0)[2], 0x84);
    ck_assert_uint_eq(emu_usb_find_descriptor(d, 5, 1)[2], 0x82);
    ck_assert_uint_eq(emu_usb_find_descriptor(d, 5, 2)[2], 0x03);
    ck_assert_ptr_null(emu_usb_find_descriptor(d, 5, 3));
    /* Configured, and the port opened at 115200 8N1 with DTR|RTS. */
    uint8_t b[7];
    size_t got;
    ck_assert_int_eq(control(e, 0x80, 8, 0, 0, b, 1, &got), 0);
    ck_assert_uint_eq(got, 1);
    ck_assert_uint_eq(b[0], 1);
    ck_assert_uint_eq(e->cdc.line_coding.baud_rate, 115200);
    ck_assert_uint_eq(e->cdc.control_line_state, 3);
    ck_assert_int_eq(control(e, 0xa1, 0x21, 0, 0, b, 7, &got), 0); /* GET_LINE_CODING */
    ck_assert_uint_eq(got, 7);
    ck_assert_uint_eq(b[0] | b[1] << 8 | b[2] << 16, 115200);
    env_free(e);
}
END_TEST

START_TEST(default_attributes_are_self_powered_without_remote_wakeup)
{
    /* descriptors.rs: ConfigurationAttributes default (true, false). */
    struct env *e = env_new(NULL);
    app_attaches(e);
    const struct emu_usb_device_info *d = emu_usb_hostmodel_device(e->host);
    ck_assert_uint_eq(d->config[7], 0xc0);
    ck_assert_uint_eq(d->config[8], 0);
    uint8_t status[2];
    size_t got;
    ck_assert_int_eq(control(e, 0x80, 0, 0, 0, status, 2, &got), 0); /* GET_STATUS */
    ck_assert_uint_eq(status[0], 1);                                 /* self powered */
    /* No remote wakeup support: SET_FEATURE(DEVICE_REMOTE_WAKEUP) stalls. */
    ck_assert_int_eq(control(e, 0x00, 3, 1, 0, NULL, 0, NULL), -EPIPE);
    env_free(e);
}
END_TEST

START_TEST(attribute_changes_show_in_descriptors)
{
    /* spec §8.10: the descriptors follow the board's settings. */
    struct tk_usb_device_config cfg;
    tk_usb_device_config_init(&cfg);
    cfg.self_powered = false;
    cfg.remote_wakeup = true;
    cfg.max_power = 250; /* 500 mA */
    cfg.vendor_id = 0x1209;
    cfg.product_id = 0x0001;
    cfg.product = "Bus powered";
    struct env *e = env_new(&cfg);
    app_attaches(e);
    const struct emu_usb_device_info *d = emu_usb_hostmodel_device(e->host);
    ck_assert_uint_eq(d->config[7], 0xa0);
    ck_assert_uint_eq(d->config[8], 250);
    ck_assert_uint_eq(d->device[8] | d->device[9] << 8, 0x1209);
    ck_assert_str_eq(d->product, "Bus powered");
    uint8_t status[2];
    ck_assert_int_eq(control(e, 0x80, 0, 0, 0, status, 2, NULL), 0);
    ck_assert_uint_eq(status[0], 0); /* bus powered, wakeup not enabled yet */
    ck_assert_int_eq(control(e, 0x00, 3, 1, 0, NULL, 0, NULL), 0);
    ck_assert_int_eq(control(e, 0x80, 0, 0, 0, status, 2, NULL), 0);
    ck_assert_uint_eq(status[0], 2);
    env_free(e);
}
END_TEST

START_TEST(bulk_data_flows_both_ways)
{
    /* spec §8.10: 64-byte bulk packets carry the stream each way. */
    struct env *e = env_new(NULL);
    connect(e);
    struct tk_uart *u = tk_cdc_acm_uart(&e->cdc);
    uint8_t out[200], got[256];
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (uint8_t)(i * 7);
    ck_assert_int_eq(u->ops->transmit(u, out, sizeof out), 0);
    ck_assert_int_eq(u->ops->transmit(u, out, 1), TK_BUSY);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->transmitted_calls, 1);
    ck_assert_uint_eq(e->transmitted_len, sizeof out);
    ck_assert_uint_eq(emu_usb_hostmodel_read(e->host, got, sizeof got), sizeof out);
    ck_assert_mem_eq(got, out, sizeof out);

    /* Host to device, read 5 bytes at a time: nothing lost, in order. */
    e->rx_chunk = 5;
    ck_assert_int_eq(u->ops->receive(u, e->rx, 5), 0);
    ck_assert_int_eq(emu_usb_hostmodel_write(e->host, out, 150), 0);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->rx_len, 150);
    ck_assert_mem_eq(e->rx, out, 150);
    env_free(e);
}
END_TEST

START_TEST(out_packets_wait_for_a_receive)
{
    /* Deviation from cdc.rs (file comment of cdc.c): with no receive
     * pending one packet is staged and the next is NAKed, not lost. */
    struct env *e = env_new(NULL);
    connect(e);
    uint8_t data[100];
    memset(data, 'x', sizeof data);
    ck_assert_int_eq(emu_usbc_out(e->usbc, 1, TK_CDC_ENDPOINT_OUT, data, 64), 0);
    ck_assert_int_eq(emu_usbc_out(e->usbc, 1, TK_CDC_ENDPOINT_OUT, data, 36), -EAGAIN);
    struct tk_uart *u = tk_cdc_acm_uart(&e->cdc);
    e->rx_chunk = 64;
    ck_assert_int_eq(u->ops->receive(u, e->rx, 64), 0);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->rx_len, 64);
    ck_assert_int_eq(emu_usbc_out(e->usbc, 1, TK_CDC_ENDPOINT_OUT, data, 36), 0);
    env_free(e);
}
END_TEST

START_TEST(output_before_a_host_is_dropped_after_the_boot_window)
{
    /* spec §8.10: TX is silently dropped (but completes) when no host is
     * connected after the 10 000 ms boot buffering window. */
    struct env *e = env_new(NULL);
    emu_usb_hostmodel_unplug(e->host); /* no host on the cable */
    app_attaches(e);
    struct tk_uart *u = tk_cdc_acm_uart(&e->cdc);
    uint8_t out[10] = "held";
    ck_assert_int_eq(u->ops->transmit(u, out, sizeof out), 0);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->transmitted_calls, 0); /* held during the window */
    fake_alarm_fire(&e->alarm, TK_CDC_BUFFER_TIMEOUT_MS);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->transmitted_calls, 1);
    ck_assert_uint_eq(e->transmitted_len, 0);
    ck_assert_int_eq(e->transmitted_rcode, TK_FAIL);
    /* Later output completes at once, dropped. */
    ck_assert_int_eq(u->ops->transmit(u, out, sizeof out), 0);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->transmitted_calls, 2);
    env_free(e);
}
END_TEST

START_TEST(detach_and_reattach_enumerate_again)
{
    /* spec §8.10: detaching removes the device; attaching again makes the
     * host enumerate it afresh. */
    struct env *e = env_new(NULL);
    connect(e);
    struct tk_usb_controller *c = emu_usbc_device(e->usbc);
    c->ops->detach(c);
    fake_run_deferred_all(&e->k);
    ck_assert(!emu_usb_hostmodel_is_enumerated(e->host));
    uint8_t b[18];
    ck_assert_int_eq(control(e, 0x80, 6, 0x0100, 0, b, 18, NULL), -ENODEV);
    c->ops->attach(c);
    fake_run_deferred_all(&e->k);
    ck_assert(emu_usb_hostmodel_is_enumerated(e->host));
    ck_assert_uint_eq(emu_usbc_address(e->usbc), 1);
    /* Unplugging the cable (VBUS off) is a link event the function sees. */
    emu_usb_hostmodel_unplug(e->host);
    ck_assert_int_eq(e->cdc.state, TK_CDC_ATTACHED);
    emu_usb_hostmodel_plug(e->host);
    ck_assert(emu_usb_hostmodel_is_enumerated(e->host));
    env_free(e);
}
END_TEST

START_TEST(bus_reset_mid_transfer_resumes_after_reconnect)
{
    /* spec §8.10: a bus reset drops the connection; the transmission in
     * progress continues once the host connects again, nothing repeated. */
    struct env *e = env_new(NULL);
    connect(e);
    struct tk_uart *u = tk_cdc_acm_uart(&e->cdc);
    uint8_t out[200], got[256], packet[64];
    size_t n;
    for (size_t i = 0; i < sizeof out; i++)
        out[i] = (uint8_t)i;
    ck_assert_int_eq(u->ops->transmit(u, out, sizeof out), 0);
    /* The host takes one packet, then resets the bus before the rest. */
    ck_assert_int_eq(emu_usbc_in(e->usbc, 1, TK_CDC_ENDPOINT_IN, packet, &n), 0);
    ck_assert_uint_eq(n, 64);
    emu_usbc_bus_reset(e->usbc);
    ck_assert_uint_eq(emu_usbc_address(e->usbc), 0);
    ck_assert_int_eq(e->cdc.state, TK_CDC_ENUMERATED);
    fake_run_deferred_all(&e->k); /* the model's poll: address 1 is gone */
    ck_assert_uint_eq(emu_usb_hostmodel_read(e->host, got, sizeof got), 0);
    emu_usb_hostmodel_plug(e->host); /* re-enumerate and open the port */
    fake_alarm_fire(&e->alarm, e->alarm.now + TK_CDC_CONNECT_DELAY_MS);
    fake_run_deferred_all(&e->k);
    ck_assert_uint_eq(e->transmitted_calls, 1);
    ck_assert_uint_eq(e->transmitted_len, sizeof out);
    ck_assert_uint_eq(emu_usb_hostmodel_read(e->host, got, sizeof got), sizeof out - 64);
    ck_assert_mem_eq(got, out + 64, sizeof out - 64);
    ck_assert_mem_eq(packet, out, 64);
    env_free(e);
}
END_TEST

START_TEST(bad_requests_stall_or_fail)
{
    /* spec §8.10: requests the device does not know end in a STALL. */
    struct env *e = env_new(NULL);
    connect(e);
    uint8_t b[255];
    memset(b, 0, sizeof b);
    ck_assert_int_eq(control(e, 0xc0, 0x42, 0, 0, b, 3, NULL), -EPIPE);         /* vendor */
    ck_assert_int_eq(control(e, 0x80, 6, 0x0600, 0, b, 10, NULL), -EPIPE);      /* qualifier */
    ck_assert_int_eq(control(e, 0x80, 6, 0x0309, 0x409, b, 255, NULL), -EPIPE); /* string 9 */
    ck_assert_int_eq(control(e, 0x80, 6, 0x0301, 0x407, b, 255, NULL), -EPIPE); /* language */
    ck_assert_int_eq(control(e, 0x80, 6, 0x0700, 0, b, 8, NULL), -EPIPE);       /* type 7 */
    ck_assert_int_eq(control(e, 0x80, 6, 0x0201, 0, b, 9, NULL), -EPIPE);       /* config 1 */
    ck_assert_int_eq(control(e, 0x00, 9, 2, 0, NULL, 0, NULL), -EPIPE);         /* config 2 */
    ck_assert_int_eq(control(e, 0x21, 0x20, 0, 0, b, 6, NULL), -EPIPE);         /* short coding */
    ck_assert_int_eq(control(e, 0x21, 0x20, 0, 5, b, 7, NULL), -EPIPE);         /* interface 5 */
    ck_assert_int_eq(control(e, 0x21, 0x7f, 0, 0, NULL, 0, NULL), -EPIPE);      /* class 0x7f */
    ck_assert_int_eq(control(e, 0x00, 5, 200, 0, NULL, 0, NULL), -EPIPE);       /* address 200 */
    ck_assert_uint_eq(emu_usbc_address(e->usbc), 1);
    size_t n;
    ck_assert_int_eq(emu_usbc_in(e->usbc, 1, 5, b, &n), -EPIPE); /* not enabled */
    ck_assert_int_eq(emu_usbc_in(e->usbc, 1, 9, b, &n), -EPIPE); /* no such endpoint */
    ck_assert_int_eq(emu_usbc_in(e->usbc, 1, TK_CDC_ENDPOINT_NOTIFY, b, &n), -EAGAIN); /* NAK */
    ck_assert_int_eq(emu_usbc_out(e->usbc, 1, TK_CDC_ENDPOINT_OUT, b, 65), -EMSGSIZE);
    ck_assert_int_eq(emu_usbc_out(e->usbc, 1, TK_CDC_ENDPOINT_IN, b, 1), -EPIPE);   /* IN only */
    ck_assert_int_eq(emu_usbc_out(e->usbc, 7, TK_CDC_ENDPOINT_OUT, b, 1), -ENODEV); /* address */
    /* Still working afterwards. */
    ck_assert_int_eq(control(e, 0x80, 6, 0x0100, 0, b, 18, NULL), 0);
    env_free(e);
}
END_TEST

static void count_call(void *ctx)
{
    (*(unsigned *)ctx)++;
}

START_TEST(line_coding_1200_calls_the_bootloader_hook_and_does_not_connect)
{
    /* spec §8.10: host baud rate 1200 can trigger a board "bootloader"
     * hook; only 115200 counts towards connecting. */
    struct env *e = env_new(NULL);
    unsigned calls = 0;
    e->cdc.host_initiated = count_call;
    e->cdc.host_initiated_ctx = &calls;
    app_attaches(e);
    uint8_t coding[7] = {0xb0, 0x04, 0, 0, 0, 0, 8}; /* 1200 8N1 */
    emu_usbc_bus_reset(e->usbc);                     /* start over: Enumerated */
    uint8_t setup[8];
    size_t got;
    emu_usb_setup_packet(setup, 0x21, 0x20, 0, 0, 7);
    ck_assert_int_eq(emu_usbc_control(e->usbc, 0, setup, coding, &got), 0);
    ck_assert_uint_eq(calls, 1);
    emu_usb_setup_packet(setup, 0x21, 0x22, 3, 0, 0);
    ck_assert_int_eq(emu_usbc_control(e->usbc, 0, setup, NULL, &got), 0);
    ck_assert_int_eq(e->cdc.state, TK_CDC_CONNECTING); /* line state only */
    env_free(e);
}
END_TEST

START_TEST(suspend_silences_the_device_until_resume)
{
    /* hil/usb.h link events: a suspended device answers nothing. */
    struct env *e = env_new(NULL);
    connect(e);
    uint8_t b[18];
    emu_usbc_suspend(e->usbc);
    ck_assert_int_eq(control(e, 0x80, 6, 0x0100, 0, b, 18, NULL), -ENODEV);
    emu_usbc_resume(e->usbc);
    ck_assert_int_eq(control(e, 0x80, 6, 0x0100, 0, b, 18, NULL), 0);
    env_free(e);
}
END_TEST

Suite *usb_suite(void)
{
    Suite *s = suite_create("usb");
    TCase *tc = tcase_create("usb");
    tcase_add_test(tc, usb_user_command_1_enables_attaches_and_upcalls);
    tcase_add_test(tc, host_model_enumerates_in_linux_order);
    tcase_add_test(tc, default_attributes_are_self_powered_without_remote_wakeup);
    tcase_add_test(tc, attribute_changes_show_in_descriptors);
    tcase_add_test(tc, bulk_data_flows_both_ways);
    tcase_add_test(tc, out_packets_wait_for_a_receive);
    tcase_add_test(tc, output_before_a_host_is_dropped_after_the_boot_window);
    tcase_add_test(tc, detach_and_reattach_enumerate_again);
    tcase_add_test(tc, bus_reset_mid_transfer_resumes_after_reconnect);
    tcase_add_test(tc, bad_requests_stall_or_fail);
    tcase_add_test(tc, line_coding_1200_calls_the_bootloader_hook_and_does_not_connect);
    tcase_add_test(tc, suspend_silences_the_device_until_resume);
    suite_add_tcase(s, tc);
    return s;
}
