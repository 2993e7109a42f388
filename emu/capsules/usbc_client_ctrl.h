/* USB device stack: descriptors and standard requests on endpoint 0.
 *
 * Mirrors tock/tock capsules/extra/src/usb/usbc_client_ctrl.rs (ClientCtrl)
 * and descriptors.rs @65608d71. A USB function (cdc.c) owns one of these,
 * hands it every endpoint-0 callback it does not handle itself, and gives it
 * the function's interface, class and endpoint descriptors.
 */
#ifndef TK_CAPSULE_USBC_CLIENT_CTRL_H
#define TK_CAPSULE_USBC_CLIENT_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "errorcode.h"
#include "hil/usb.h"

/* USB standard request and descriptor numbers (USB 2.0 §9.4, table 9-5). */
enum tk_usb_request {
    TK_USB_REQ_GET_STATUS = 0,
    TK_USB_REQ_CLEAR_FEATURE = 1,
    TK_USB_REQ_SET_FEATURE = 3,
    TK_USB_REQ_SET_ADDRESS = 5,
    TK_USB_REQ_GET_DESCRIPTOR = 6,
    TK_USB_REQ_SET_DESCRIPTOR = 7,
    TK_USB_REQ_GET_CONFIGURATION = 8,
    TK_USB_REQ_SET_CONFIGURATION = 9,
    TK_USB_REQ_GET_INTERFACE = 10,
    TK_USB_REQ_SET_INTERFACE = 11,
};
enum tk_usb_descriptor_type {
    TK_USB_DT_DEVICE = 1,
    TK_USB_DT_CONFIGURATION = 2,
    TK_USB_DT_STRING = 3,
    TK_USB_DT_INTERFACE = 4,
    TK_USB_DT_ENDPOINT = 5,
    TK_USB_DT_DEVICE_QUALIFIER = 6,
    TK_USB_DT_CS_INTERFACE = 0x24,
};
/* bmRequestType fields. */
#define TK_USB_DIR_IN          0x80
#define TK_USB_TYPE_MASK       0x60
#define TK_USB_TYPE_STANDARD   0x00
#define TK_USB_TYPE_CLASS      0x20
#define TK_USB_RECIPIENT_MASK  0x1f
#define TK_USB_RECIP_DEVICE    0
#define TK_USB_RECIP_INTERFACE 1
#define TK_USB_RECIP_ENDPOINT  2
/* Feature selectors. */
#define TK_USB_FEATURE_ENDPOINT_HALT        0
#define TK_USB_FEATURE_DEVICE_REMOTE_WAKEUP 1
/* bmAttributes of the configuration descriptor (descriptors.rs
 * ConfigurationAttributes): bit 7 always set. */
#define TK_USB_CONFIG_ATTR_ONE           0x80
#define TK_USB_CONFIG_ATTR_SELF_POWERED  0x40
#define TK_USB_CONFIG_ATTR_REMOTE_WAKEUP 0x20

#define TK_USB_STRING_MAX     126 /* UTF-16 units in one string descriptor */
#define TK_USB_FUNCTION_MAX   192 /* bytes of function descriptors */
#define TK_USB_LANGUAGE_EN_US 0x0409

/* A SETUP packet, decoded (descriptors.rs SetupData). */
struct tk_usb_setup {
    uint8_t request_type, request;
    uint16_t value, index, length;
};
/* Decode the 8 bytes at `buf` (little-endian fields). */
struct tk_usb_setup tk_usb_setup_parse(const uint8_t *buf);

/* What the descriptors say about the device; a board option or file sets
 * it (the board, from its options). */
struct tk_usb_device_config {
    uint16_t vendor_id, product_id, device_release; /* idVendor, idProduct, bcdDevice */
    /* ConfigurationAttributes::new(is_self_powered, supports_remote_wakeup) */
    bool self_powered, remote_wakeup;
    uint8_t max_power; /* bMaxPower, in 2 mA units */
    /* String descriptors 1..3 (ASCII; at most TK_USB_STRING_MAX chars). */
    const char *manufacturer, *product, *serial;
};
/* Upstream's defaults: VID:PID 6667:abcd, bcdDevice 0x0001,
 * ConfigurationAttributes::default() = (self_powered true, remote_wakeup
 * false), max power 0. */
void tk_usb_device_config_init(struct tk_usb_device_config *cfg);

/* The class-specific half of endpoint 0: the function's answer to a class
 * request, called by tk_usbc_client_ctrl_setup. Returns TK_USB_SETUP_OK
 * having set *in_data and *in_len (IN) or expecting ctrl_out data (OUT), or an
 * error (STALL). */
struct tk_usbc_function_ops {
    enum tk_usb_ctrl_setup_result (*class_setup)(void *function, const struct tk_usb_setup *setup,
                                                 const uint8_t **in_data, size_t *in_len);
    /* The data stage of an OUT class request (all of it, up to 64 bytes). */
    void (*class_out)(void *function, const struct tk_usb_setup *setup, const uint8_t *data,
                      size_t len);
};

struct tk_usbc_client_ctrl {
    struct tk_usb_controller *controller;
    const struct tk_usbc_function_ops *function_ops;
    void *function;
    struct tk_usb_device_config config;
    uint8_t ctrl_buffer[TK_USB_MAX_PACKET]; /* lent to the controller */
    uint8_t device_descriptor[18];
    uint8_t configuration_descriptor[9 + TK_USB_FUNCTION_MAX];
    size_t configuration_len;
    uint8_t string_descriptor[2 + 2 * TK_USB_STRING_MAX];
    uint8_t reply[2]; /* GET_STATUS / GET_CONFIGURATION answers */
    /* Endpoint-0 state: the setup in progress and its data stage. */
    enum { TK_USBC_IDLE, TK_USBC_IN, TK_USBC_OUT, TK_USBC_SET_ADDRESS } state;
    struct tk_usb_setup setup;
    const uint8_t *in_data;
    size_t in_len, in_offset;
    uint8_t out_data[TK_USB_MAX_PACKET];
    size_t out_len;
    uint8_t configuration; /* SET_CONFIGURATION value; 0 = unconfigured */
    bool remote_wakeup_enabled;
};

/* Build the descriptors from `cfg` and the function's descriptors
 * (`function_len` <= TK_USB_FUNCTION_MAX bytes of interface, class and
 * endpoint descriptors for `interfaces` interfaces), for a device of class
 * `device_class`. Returns 0, or TK_SIZE (nothing usable) if the function's
 * descriptors do not fit. */
int tk_usbc_client_ctrl_init(struct tk_usbc_client_ctrl *cc, struct tk_usb_controller *controller,
                             const struct tk_usb_device_config *cfg, uint8_t device_class,
                             const uint8_t *function, size_t function_len, uint8_t interfaces,
                             const struct tk_usbc_function_ops *function_ops, void *function_obj);

/* The endpoint-0 half of hil::usb::Client; the function forwards to these. */
void tk_usbc_client_ctrl_enable(struct tk_usbc_client_ctrl *cc);
void tk_usbc_client_ctrl_attach(struct tk_usbc_client_ctrl *cc);
void tk_usbc_client_ctrl_bus_reset(struct tk_usbc_client_ctrl *cc);
enum tk_usb_ctrl_setup_result tk_usbc_client_ctrl_setup(struct tk_usbc_client_ctrl *cc,
                                                        unsigned endpoint);
enum tk_usb_result tk_usbc_client_ctrl_in(struct tk_usbc_client_ctrl *cc, unsigned endpoint,
                                          size_t *len, bool *last);
enum tk_usb_result tk_usbc_client_ctrl_out(struct tk_usbc_client_ctrl *cc, unsigned endpoint,
                                           size_t len);
void tk_usbc_client_ctrl_status_complete(struct tk_usbc_client_ctrl *cc, unsigned endpoint);

#endif
