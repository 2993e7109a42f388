/* The board's USB port: options, descriptor settings, and the assembly of
 * controller, CDC-ACM function, usb_user driver and host side (see usb.h).
 *
 * Mirrors how a Tock board's main.rs wires CdcAcm over its chip's USB
 * controller (e.g. tock/tock boards/nordic/nrf52840dk @65608d71), with the
 * host side the emulator adds: the built-in host model on a pty, or the
 * USB/IP server.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_alarm.h"
#include "usb.h"
#include "usb_hostmodel.h"
#include "usb_user.h"
#include "usbc.h"
#include "usbip.h"
#include "cdc.h"

struct emu_usb {
    struct emu_usbc *usbc;
    struct emu_alarm *alarm; /* the CDC function's own alarm */
    struct tk_cdc_acm cdc;
    struct tk_usb_user usb_user;
    struct emu_usb_options options; /* the strings the descriptors point at */
    struct emu_usb_hostmodel *hostmodel;
    struct emu_usbip *usbip;
};

/* ---- options ---- */

void emu_usb_options_init(struct emu_usb_options *o)
{
    memset(o, 0, sizeof *o);
    tk_usb_device_config_init(&o->device);
    snprintf(o->manufacturer, sizeof o->manufacturer, "%s", o->device.manufacturer);
    snprintf(o->product, sizeof o->product, "%s", o->device.product);
    snprintf(o->serial, sizeof o->serial, "%s", o->device.serial);
    o->device.manufacturer = o->manufacturer;
    o->device.product = o->product;
    o->device.serial = o->serial;
    snprintf(o->usbip_address, sizeof o->usbip_address, "127.0.0.1");
    o->usbip_port = EMU_USBIP_DEFAULT_PORT;
}

static int parse_number(const char *key, const char *value, unsigned long max, unsigned long *out,
                        struct emu_err *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(value, &end, 0);
    if (value[0] == '\0' || value[0] == '-' || *end != '\0' || errno != 0 || v > max) {
        emu_err_set(err, "usb: %s=%s: expected a number from 0 to %lu", key, value, max);
        return -EINVAL;
    }
    *out = v;
    return 0;
}

static int parse_bool(const char *key, const char *value, bool *out, struct emu_err *err)
{
    if (strcmp(value, "true") == 0 || strcmp(value, "yes") == 0 || strcmp(value, "1") == 0)
        *out = true;
    else if (strcmp(value, "false") == 0 || strcmp(value, "no") == 0 || strcmp(value, "0") == 0)
        *out = false;
    else {
        emu_err_set(err, "usb: %s=%s: expected true or false", key, value);
        return -EINVAL;
    }
    return 0;
}

static int parse_string(const char *key, const char *value, char *out, struct emu_err *err)
{
    size_t n = strlen(value);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)value[i] < 0x20 || (unsigned char)value[i] > 0x7e)
            n = 0;
    if (n == 0 || n > TK_USB_STRING_MAX) {
        emu_err_set(err, "usb: %s: expected 1 to %d printable ASCII characters", key,
                    TK_USB_STRING_MAX);
        return -EINVAL;
    }
    memcpy(out, value, n + 1);
    return 0;
}

int emu_usb_options_set(struct emu_usb_options *o, const char *key, const char *value,
                        struct emu_err *err)
{
    struct tk_usb_device_config *d = &o->device;
    unsigned long v = 0;
    int rc;
    o->enabled = true;
    if (strcmp(key, "vendor-id") == 0 || strcmp(key, "product-id") == 0 ||
        strcmp(key, "device-release") == 0) {
        if ((rc = parse_number(key, value, 0xffff, &v, err)) != 0)
            return rc;
        uint16_t *field = key[0] == 'v'   ? &d->vendor_id
                          : key[0] == 'p' ? &d->product_id
                                          : &d->device_release;
        *field = (uint16_t)v;
        return 0;
    }
    if (strcmp(key, "self-powered") == 0)
        return parse_bool(key, value, &d->self_powered, err);
    if (strcmp(key, "remote-wakeup") == 0)
        return parse_bool(key, value, &d->remote_wakeup, err);
    if (strcmp(key, "max-power-ma") == 0) {
        /* bMaxPower counts 2 mA units; USB 2.0 allows at most 500 mA. */
        if ((rc = parse_number(key, value, 500, &v, err)) != 0)
            return rc;
        if (v % 2 != 0) {
            emu_err_set(err, "usb: max-power-ma=%s: expected an even number (2 mA units)", value);
            return -EINVAL;
        }
        d->max_power = (uint8_t)(v / 2);
        return 0;
    }
    if (strcmp(key, "manufacturer") == 0)
        return parse_string(key, value, o->manufacturer, err);
    if (strcmp(key, "product") == 0)
        return parse_string(key, value, o->product, err);
    if (strcmp(key, "serial") == 0)
        return parse_string(key, value, o->serial, err);
    emu_err_set(err,
                "usb: unknown setting '%s' (vendor-id, product-id, device-release, self-powered, "
                "remote-wakeup, max-power-ma, manufacturer, product, serial)",
                key);
    return -EINVAL;
}

int emu_usb_options_load(struct emu_usb_options *o, const char *path, struct emu_err *err)
{
    GKeyFile *kf = g_key_file_new();
    GError *gerr = NULL;
    int rc = 0;
    if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
        emu_err_set(err, "%s: %s", path, gerr->message);
        rc = -EINVAL;
        goto done;
    }
    gchar **keys = g_key_file_get_keys(kf, "usb", NULL, &gerr);
    if (keys == NULL) {
        emu_err_set(err, "%s: no [usb] group", path);
        rc = -EINVAL;
        goto done;
    }
    for (gchar **k = keys; *k != NULL && rc == 0; k++) {
        gchar *value = g_key_file_get_string(kf, "usb", *k, NULL);
        struct emu_err e;
        rc = emu_usb_options_set(o, *k, value != NULL ? value : "", &e);
        if (rc != 0)
            emu_err_set(err, "%s: %s", path, e.msg);
        g_free(value);
    }
    g_strfreev(keys);
done:
    if (gerr != NULL)
        g_error_free(gerr);
    g_key_file_free(kf);
    return rc;
}

/* --usb=none|pty|usbip[:PORT]|usbip:ADDR:PORT */
static int parse_host(struct emu_usb_options *o, const char *value, struct emu_err *err)
{
    unsigned long port = EMU_USBIP_DEFAULT_PORT;
    o->enabled = true;
    if (strcmp(value, "none") == 0) {
        o->host = EMU_USB_HOST_NONE;
        return 0;
    }
    if (strcmp(value, "pty") == 0) {
        o->host = EMU_USB_HOST_PTY;
        return 0;
    }
    if (strncmp(value, "usbip", 5) != 0 || (value[5] != '\0' && value[5] != ':'))
        goto bad;
    o->host = EMU_USB_HOST_USBIP;
    if (value[5] == '\0')
        return 0;
    const char *rest = value + 6, *colon = strrchr(rest, ':');
    if (colon != NULL) {
        size_t n = (size_t)(colon - rest);
        if (n == 0 || n >= sizeof o->usbip_address)
            goto bad;
        memcpy(o->usbip_address, rest, n);
        o->usbip_address[n] = '\0';
        rest = colon + 1;
    }
    struct emu_err ignored;
    if (parse_number("port", rest, 65535, &port, &ignored) != 0)
        goto bad;
    o->usbip_port = (uint16_t)port;
    return 0;
bad:
    emu_err_set(err, "--usb %s: expected none, pty, usbip, usbip:PORT or usbip:ADDRESS:PORT",
                value);
    return -EINVAL;
}

static gboolean option_callback(const gchar *name, const gchar *value, gpointer data,
                                GError **error)
{
    struct emu_usb_options *o = data;
    struct emu_err e;
    int rc = 0;
    if (strcmp(name, "--usb") == 0) {
        rc = parse_host(o, value, &e);
    } else if (strcmp(name, "--usb-config") == 0) {
        rc = emu_usb_options_load(o, value, &e);
    } else if (strcmp(name, "--usb-set") == 0) {
        const char *eq = strchr(value, '=');
        if (eq == NULL) {
            emu_err_set(&e, "--usb-set %s: expected KEY=VALUE", value);
            rc = -EINVAL;
        } else {
            char key[32];
            snprintf(key, sizeof key, "%.*s", (int)(eq - value), value);
            rc = emu_usb_options_set(o, key, eq + 1, &e);
        }
    } else { /* --usb-console */
        o->enabled = o->console = true;
    }
    if (rc != 0) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s", e.msg);
        return FALSE;
    }
    return TRUE;
}

static const GOptionEntry usb_entries[] = {
    {"usb", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_callback,
     "Give the board a USB CDC-ACM device, with this host: none, pty (built-in host, serial "
     "port on a new pty), usbip[:PORT] (USB/IP server on 127.0.0.1, default port 3240), "
     "usbip:ADDRESS:PORT",
     "HOST"},
    {"usb-console", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, (gpointer)option_callback,
     "Move the console UART to the USB CDC-ACM device (as Tock's CDC console)", NULL},
    {"usb-config", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_callback,
     "USB descriptor settings from group [usb] of FILE (keys as for --usb-set)", "FILE"},
    {"usb-set", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)option_callback,
     "One USB descriptor setting: vendor-id, product-id, device-release, self-powered, "
     "remote-wakeup, max-power-ma, manufacturer, product, serial (repeatable)",
     "KEY=VALUE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

GOptionGroup *emu_usb_option_group(struct emu_usb_options *o)
{
    GOptionGroup *group = g_option_group_new("usb", "USB device:", "Show USB options", o, NULL);
    g_option_group_add_entries(group, usb_entries);
    return group;
}

/* ---- the port ---- */

struct emu_usb *emu_usb_new(struct tk_kernel *k, const struct emu_usb_options *o,
                            struct emu_err *err)
{
    struct emu_usb *u = calloc(1, sizeof *u);
    if (u == NULL) {
        emu_err_set(err, "usb: out of memory");
        return NULL;
    }
    u->options = *o;
    u->options.device.manufacturer = u->options.manufacturer;
    u->options.device.product = u->options.product;
    u->options.device.serial = u->options.serial;
    u->usbc = emu_usbc_new(k);
    u->alarm = emu_alarm_new(k);
    if (u->usbc == NULL || u->alarm == NULL) {
        emu_err_set(err, "usb: out of memory");
        goto fail;
    }
    if (tk_cdc_acm_init(&u->cdc, k, emu_usbc_device(u->usbc), emu_alarm_device(u->alarm),
                        &u->options.device) != 0) {
        emu_err_set(err, "usb: the descriptors do not fit");
        goto fail;
    }
    tk_usb_user_init(&u->usb_user, &u->cdc.usb_client);
    /* A CDC console is up from boot, as a board's main.rs enables it. */
    if (o->console) {
        u->cdc.usb_client.enable(&u->cdc.usb_client);
        u->cdc.usb_client.attach(&u->cdc.usb_client);
    }
    if (o->host == EMU_USB_HOST_PTY) {
        struct emu_usb_hostmodel_options ho;
        emu_usb_hostmodel_options_init(&ho);
        ho.pty = true;
        u->hostmodel = emu_usb_hostmodel_new(k, u->usbc, &ho, err);
        if (u->hostmodel == NULL)
            goto fail;
    } else if (o->host == EMU_USB_HOST_USBIP) {
        struct emu_usbip_options so = {
            .address = u->options.usbip_address, .port = o->usbip_port, .announce_fd = 2};
        u->usbip = emu_usbip_new(k, u->usbc, &so, err);
        if (u->usbip == NULL)
            goto fail;
    }
    return u;
fail:
    emu_usb_free(u);
    return NULL;
}

void emu_usb_free(struct emu_usb *u)
{
    if (u == NULL)
        return;
    emu_usb_hostmodel_free(u->hostmodel);
    emu_usbip_free(u->usbip);
    emu_alarm_free(u->alarm);
    emu_usbc_free(u->usbc);
    free(u);
}

struct tk_driver *emu_usb_driver(struct emu_usb *u)
{
    return &u->usb_user.driver;
}

struct tk_uart *emu_usb_uart(struct emu_usb *u)
{
    return tk_cdc_acm_uart(&u->cdc);
}

unsigned emu_usb_poll_fds(struct emu_usb *u, struct pollfd *fds, unsigned max)
{
    if (u->usbip != NULL)
        return emu_usbip_poll_fds(u->usbip, fds, max);
    int fd = u->hostmodel != NULL ? emu_usb_hostmodel_input_fd(u->hostmodel) : -1;
    if (fd < 0 || max == 0)
        return 0;
    fds[0] = (struct pollfd){.fd = fd, .events = POLLIN};
    return 1;
}

void emu_usb_poll_ready(struct emu_usb *u, const struct pollfd *fds, unsigned count)
{
    if (u->usbip != NULL)
        emu_usbip_poll_ready(u->usbip, fds, count);
    else if (u->hostmodel != NULL && count > 0 && fds[0].revents != 0)
        emu_usb_hostmodel_input_ready(u->hostmodel);
}

bool emu_usb_input_possible(const struct emu_usb *u)
{
    return u->usbip != NULL || u->hostmodel != NULL;
}
