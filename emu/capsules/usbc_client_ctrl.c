/* USB device stack: serves descriptors and standard requests on endpoint 0.
 *
 * Mirrors tock/tock capsules/extra/src/usb/usbc_client_ctrl.rs (ClientCtrl)
 * and descriptors.rs @65608d71.
 *
 * Endpoint-0 states (one control transfer at a time):
 *
 *   IDLE --setup IN--> IN --ctrl_in...last--> (status) --complete--> IDLE
 *   IDLE --setup OUT-> OUT --ctrl_out...----> (status) --complete--> IDLE
 *   IDLE --SET_ADDRESS--> SET_ADDRESS --complete: enable_address--> IDLE
 *
 * Requests served: GET_DESCRIPTOR (device, configuration, string; a device
 * qualifier is refused: full speed only), SET_ADDRESS, SET_CONFIGURATION.
 * Deviations: upstream accepts every class or vendor request blindly (and
 * answers IN ones with three debug bytes); here class requests go to the
 * function and the rest STALL, so a host sees which requests exist. Upstream
 * also lacks GET_STATUS, GET_CONFIGURATION, GET/SET_INTERFACE and the remote
 * wakeup feature; Linux and usbip ask for some of them, so they are served.
 */
#include <string.h>

#include "usbc_client_ctrl.h"

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

struct tk_usb_setup tk_usb_setup_parse(const uint8_t *buf)
{
    return (struct tk_usb_setup){
        .request_type = buf[0],
        .request = buf[1],
        .value = (uint16_t)(buf[2] | buf[3] << 8),
        .index = (uint16_t)(buf[4] | buf[5] << 8),
        .length = (uint16_t)(buf[6] | buf[7] << 8),
    };
}

void tk_usb_device_config_init(struct tk_usb_device_config *cfg)
{
    *cfg = (struct tk_usb_device_config){
        .vendor_id = 0x6667,
        .product_id = 0xabcd,
        .device_release = 0x0001,
        .self_powered = true,
        .remote_wakeup = false,
        .max_power = 0,
        .manufacturer = "Tock",
        .product = "tockemu CDC-ACM",
        .serial = "0",
    };
}

static void build_device_descriptor(struct tk_usbc_client_ctrl *cc, uint8_t device_class)
{
    uint8_t *d = cc->device_descriptor;
    d[0] = 18;
    d[1] = TK_USB_DT_DEVICE;
    put_u16(d + 2, 0x0200); /* bcdUSB 2.0, descriptors.rs default */
    d[4] = device_class;
    d[5] = 0; /* subclass */
    d[6] = 0; /* protocol */
    d[7] = TK_USB_MAX_PACKET;
    put_u16(d + 8, cc->config.vendor_id);
    put_u16(d + 10, cc->config.product_id);
    put_u16(d + 12, cc->config.device_release);
    d[14] = 1; /* iManufacturer */
    d[15] = 2; /* iProduct */
    d[16] = 3; /* iSerialNumber */
    d[17] = 1; /* one configuration */
}

int tk_usbc_client_ctrl_init(struct tk_usbc_client_ctrl *cc, struct tk_usb_controller *controller,
                             const struct tk_usb_device_config *cfg, uint8_t device_class,
                             const uint8_t *function, size_t function_len, uint8_t interfaces,
                             const struct tk_usbc_function_ops *function_ops, void *function_obj)
{
    memset(cc, 0, sizeof *cc);
    if (function_len > TK_USB_FUNCTION_MAX)
        return TK_SIZE;
    cc->controller = controller;
    cc->config = *cfg;
    cc->function_ops = function_ops;
    cc->function = function_obj;
    build_device_descriptor(cc, device_class);

    uint8_t *c = cc->configuration_descriptor;
    cc->configuration_len = 9 + function_len;
    c[0] = 9;
    c[1] = TK_USB_DT_CONFIGURATION;
    put_u16(c + 2, (uint16_t)cc->configuration_len);
    c[4] = interfaces;
    c[5] = 1; /* bConfigurationValue */
    c[6] = 0; /* no string */
    c[7] = (uint8_t)(TK_USB_CONFIG_ATTR_ONE |
                     (cfg->self_powered ? TK_USB_CONFIG_ATTR_SELF_POWERED : 0) |
                     (cfg->remote_wakeup ? TK_USB_CONFIG_ATTR_REMOTE_WAKEUP : 0));
    c[8] = cfg->max_power;
    memcpy(c + 9, function, function_len);
    return 0;
}

void tk_usbc_client_ctrl_enable(struct tk_usbc_client_ctrl *cc)
{
    struct tk_usb_controller *u = cc->controller;
    u->ops->endpoint_set_ctrl_buffer(u, cc->ctrl_buffer, sizeof cc->ctrl_buffer);
    u->ops->enable_as_device(u, TK_USB_FULL_SPEED);
    u->ops->endpoint_in_out_enable(u, TK_USB_CONTROL, 0);
}

void tk_usbc_client_ctrl_attach(struct tk_usbc_client_ctrl *cc)
{
    cc->controller->ops->attach(cc->controller);
}

void tk_usbc_client_ctrl_bus_reset(struct tk_usbc_client_ctrl *cc)
{
    cc->state = TK_USBC_IDLE;
    cc->configuration = 0;
    cc->remote_wakeup_enabled = false;
}

/* String descriptor `index` (0: the language list) into string_descriptor. */
static enum tk_usb_ctrl_setup_result string_descriptor(struct tk_usbc_client_ctrl *cc,
                                                       uint8_t index, uint16_t language)
{
    uint8_t *s = cc->string_descriptor;
    if (index == 0) {
        s[0] = 4;
        s[1] = TK_USB_DT_STRING;
        put_u16(s + 2, TK_USB_LANGUAGE_EN_US);
        cc->in_data = s;
        cc->in_len = 4;
        return TK_USB_SETUP_OK;
    }
    const char *strings[] = {cc->config.manufacturer, cc->config.product, cc->config.serial};
    if (index > 3 || language != TK_USB_LANGUAGE_EN_US || strings[index - 1] == NULL)
        return TK_USB_SETUP_ERR_INVALID_STRING_INDEX;
    const char *text = strings[index - 1];
    size_t n = strlen(text);
    if (n > TK_USB_STRING_MAX)
        n = TK_USB_STRING_MAX;
    s[0] = (uint8_t)(2 + 2 * n);
    s[1] = TK_USB_DT_STRING;
    for (size_t i = 0; i < n; i++)
        put_u16(s + 2 + 2 * i, (uint8_t)text[i]);
    cc->in_data = s;
    cc->in_len = 2 + 2 * n;
    return TK_USB_SETUP_OK;
}

static enum tk_usb_ctrl_setup_result get_descriptor(struct tk_usbc_client_ctrl *cc,
                                                    const struct tk_usb_setup *s)
{
    uint8_t type = (uint8_t)(s->value >> 8), index = (uint8_t)s->value;
    switch (type) {
    case TK_USB_DT_DEVICE:
        if (index != 0)
            return TK_USB_SETUP_ERR_INVALID_DEVICE_INDEX;
        cc->in_data = cc->device_descriptor;
        cc->in_len = sizeof cc->device_descriptor;
        return TK_USB_SETUP_OK;
    case TK_USB_DT_CONFIGURATION:
        if (index != 0)
            return TK_USB_SETUP_ERR_INVALID_CONFIGURATION_INDEX;
        cc->in_data = cc->configuration_descriptor;
        cc->in_len = cc->configuration_len;
        return TK_USB_SETUP_OK;
    case TK_USB_DT_STRING:
        return string_descriptor(cc, index, s->index);
    case TK_USB_DT_DEVICE_QUALIFIER:
        return TK_USB_SETUP_ERR_NO_DEVICE_QUALIFIER; /* full speed only */
    default:
        return TK_USB_SETUP_ERR_UNRECOGNIZED_DESCRIPTOR_TYPE;
    }
}

/* A one- or two-byte IN answer from `reply`. */
static enum tk_usb_ctrl_setup_result reply(struct tk_usbc_client_ctrl *cc, uint8_t b0, uint8_t b1,
                                           size_t len)
{
    cc->reply[0] = b0;
    cc->reply[1] = b1;
    cc->in_data = cc->reply;
    cc->in_len = len;
    return TK_USB_SETUP_OK;
}

static enum tk_usb_ctrl_setup_result device_request(struct tk_usbc_client_ctrl *cc,
                                                    const struct tk_usb_setup *s)
{
    struct tk_usb_controller *u = cc->controller;
    switch (s->request) {
    case TK_USB_REQ_GET_DESCRIPTOR:
        return get_descriptor(cc, s);
    case TK_USB_REQ_SET_ADDRESS:
        if (s->value > 127 || s->length != 0)
            return TK_USB_SETUP_ERR_GENERIC;
        /* The address takes effect after the status stage. */
        u->ops->set_address(u, s->value);
        cc->state = TK_USBC_SET_ADDRESS;
        return TK_USB_SETUP_OK_SET_ADDRESS;
    case TK_USB_REQ_SET_CONFIGURATION:
        if (s->value > 1)
            return TK_USB_SETUP_ERR_INVALID_CONFIGURATION_INDEX;
        cc->configuration = (uint8_t)s->value;
        return TK_USB_SETUP_OK;
    case TK_USB_REQ_GET_CONFIGURATION:
        return reply(cc, cc->configuration, 0, 1);
    case TK_USB_REQ_GET_STATUS:
        return reply(
            cc, (uint8_t)((cc->config.self_powered ? 1 : 0) | (cc->remote_wakeup_enabled ? 2 : 0)),
            0, 2);
    case TK_USB_REQ_SET_FEATURE:
    case TK_USB_REQ_CLEAR_FEATURE:
        /* Only a device that says it supports remote wakeup may enable it. */
        if (s->value != TK_USB_FEATURE_DEVICE_REMOTE_WAKEUP || !cc->config.remote_wakeup)
            return TK_USB_SETUP_ERR_GENERIC;
        cc->remote_wakeup_enabled = s->request == TK_USB_REQ_SET_FEATURE;
        return TK_USB_SETUP_OK;
    default:
        return TK_USB_SETUP_ERR_UNRECOGNIZED_REQUEST_TYPE;
    }
}

static enum tk_usb_ctrl_setup_result standard_request(struct tk_usbc_client_ctrl *cc,
                                                      const struct tk_usb_setup *s)
{
    switch (s->request_type & TK_USB_RECIPIENT_MASK) {
    case TK_USB_RECIP_DEVICE:
        return device_request(cc, s);
    case TK_USB_RECIP_INTERFACE:
        if (s->index >= cc->configuration_descriptor[4])
            return TK_USB_SETUP_ERR_INVALID_INTERFACE_INDEX;
        if (s->request == TK_USB_REQ_GET_STATUS)
            return reply(cc, 0, 0, 2);
        if (s->request == TK_USB_REQ_GET_INTERFACE)
            return reply(cc, 0, 0, 1);
        if (s->request == TK_USB_REQ_SET_INTERFACE && s->value == 0)
            return TK_USB_SETUP_OK; /* one alternate setting each */
        return TK_USB_SETUP_ERR_UNRECOGNIZED_REQUEST_TYPE;
    case TK_USB_RECIP_ENDPOINT:
        /* Endpoints never halt on their own, so clearing a halt is a no-op. */
        if (s->request == TK_USB_REQ_GET_STATUS)
            return reply(cc, 0, 0, 2);
        if (s->request == TK_USB_REQ_CLEAR_FEATURE && s->value == TK_USB_FEATURE_ENDPOINT_HALT)
            return TK_USB_SETUP_OK;
        return TK_USB_SETUP_ERR_UNRECOGNIZED_REQUEST_TYPE;
    default:
        return TK_USB_SETUP_ERR_GENERIC;
    }
}

enum tk_usb_ctrl_setup_result tk_usbc_client_ctrl_setup(struct tk_usbc_client_ctrl *cc,
                                                        unsigned endpoint)
{
    if (endpoint != 0)
        return TK_USB_SETUP_ERR_INVALID_DEVICE_INDEX; /* only the default pipe */
    struct tk_usb_setup s = tk_usb_setup_parse(cc->ctrl_buffer);
    cc->setup = s;
    cc->state = TK_USBC_IDLE;
    cc->in_data = NULL;
    cc->in_len = cc->in_offset = cc->out_len = 0;

    enum tk_usb_ctrl_setup_result r;
    switch (s.request_type & TK_USB_TYPE_MASK) {
    case TK_USB_TYPE_STANDARD:
        r = standard_request(cc, &s);
        break;
    case TK_USB_TYPE_CLASS:
        if (cc->function_ops == NULL || cc->function_ops->class_setup == NULL)
            return TK_USB_SETUP_ERR_NONSTANDARD_REQUEST;
        r = cc->function_ops->class_setup(cc->function, &s, &cc->in_data, &cc->in_len);
        break;
    default:
        return TK_USB_SETUP_ERR_NONSTANDARD_REQUEST;
    }
    if (r == TK_USB_SETUP_OK_SET_ADDRESS)
        return r;
    if (r != TK_USB_SETUP_OK) {
        cc->state = TK_USBC_IDLE;
        return r;
    }
    if (s.request_type & TK_USB_DIR_IN) {
        /* Never more than the host asked for (USB 2.0 §9.3.5). */
        if (cc->in_len > s.length)
            cc->in_len = s.length;
        cc->state = TK_USBC_IN;
    } else if (s.length > 0) {
        if (s.length > sizeof cc->out_data)
            return TK_USB_SETUP_ERR_BAD_LENGTH;
        cc->state = TK_USBC_OUT;
    }
    return TK_USB_SETUP_OK;
}

enum tk_usb_result tk_usbc_client_ctrl_in(struct tk_usbc_client_ctrl *cc, unsigned endpoint,
                                          size_t *len, bool *last)
{
    if (endpoint != 0 || cc->state != TK_USBC_IN)
        return TK_USB_ERROR;
    size_t n = cc->in_len - cc->in_offset;
    if (n > sizeof cc->ctrl_buffer)
        n = sizeof cc->ctrl_buffer;
    if (n > 0)
        memcpy(cc->ctrl_buffer, cc->in_data + cc->in_offset, n);
    cc->in_offset += n;
    *len = n;
    *last = cc->in_offset == cc->in_len;
    return TK_USB_PACKET;
}

enum tk_usb_result tk_usbc_client_ctrl_out(struct tk_usbc_client_ctrl *cc, unsigned endpoint,
                                           size_t len)
{
    if (endpoint != 0 || cc->state != TK_USBC_OUT || len > sizeof cc->out_data - cc->out_len)
        return TK_USB_ERROR; /* Halted */
    memcpy(cc->out_data + cc->out_len, cc->ctrl_buffer, len);
    cc->out_len += len;
    return TK_USB_PACKET;
}

void tk_usbc_client_ctrl_status_complete(struct tk_usbc_client_ctrl *cc, unsigned endpoint)
{
    if (endpoint != 0)
        return;
    if (cc->state == TK_USBC_SET_ADDRESS)
        cc->controller->ops->enable_address(cc->controller);
    /* A class OUT request acts once its data stage is all there. */
    if (cc->state == TK_USBC_OUT && cc->function_ops != NULL &&
        cc->function_ops->class_out != NULL &&
        (cc->setup.request_type & TK_USB_TYPE_MASK) == TK_USB_TYPE_CLASS)
        cc->function_ops->class_out(cc->function, &cc->setup, cc->out_data, cc->out_len);
    cc->state = TK_USBC_IDLE;
}
