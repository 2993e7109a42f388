/* USB HIL: a device controller and the client (device stack) it drives.
 *
 * Mirrors tock/tock kernel/src/hil/usb.rs @65608d71 (UsbController, Client
 * and their result enums). Like upstream, the controller calls the client
 * synchronously for each transaction the host starts (setup, data, status,
 * IN and OUT packets) and the client answers through the result values, using
 * the endpoint buffers it lent the controller.
 *
 *   host --SETUP--> controller --ctrl_setup--> client (parses ctrl buffer)
 *   host --IN-----> controller --ctrl_in-----> client fills ctrl buffer
 *   host --OUT----> controller --ctrl_out----> client reads ctrl buffer
 *   host --status-> controller --ctrl_status, ctrl_status_complete
 *   bulk/interrupt: packet_in / packet_out; a client that answered DELAY
 *   calls endpoint_resume_in/out once it has data or room again.
 *
 * Deviation: upstream reports no link events besides bus_reset (tock/tock
 * issue 4011). This HIL adds link_event(): VBUS on/off (cable), suspend and
 * resume, so a function can stop transmitting to a host that went away.
 */
#ifndef TK_HIL_USB_H
#define TK_HIL_USB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Endpoints 0..TK_USB_ENDPOINTS-1; 0 is the control endpoint. */
#define TK_USB_ENDPOINTS 8
/* Full-speed maximum packet size for control and bulk endpoints. */
#define TK_USB_MAX_PACKET 64

enum tk_usb_transfer_type {
    TK_USB_CONTROL = 0,
    TK_USB_ISOCHRONOUS = 1,
    TK_USB_BULK = 2,
    TK_USB_INTERRUPT = 3,
};

enum tk_usb_speed { TK_USB_FULL_SPEED, TK_USB_LOW_SPEED };

/* hil::usb::CtrlSetupResult. Anything but OK and OK_SET_ADDRESS makes the
 * controller STALL the transfer. */
enum tk_usb_ctrl_setup_result {
    TK_USB_SETUP_OK,
    TK_USB_SETUP_OK_SET_ADDRESS,
    TK_USB_SETUP_ERR_BAD_LENGTH,
    TK_USB_SETUP_ERR_NO_PARSE,
    TK_USB_SETUP_ERR_NONSTANDARD_REQUEST,
    TK_USB_SETUP_ERR_UNRECOGNIZED_DESCRIPTOR_TYPE,
    TK_USB_SETUP_ERR_UNRECOGNIZED_REQUEST_TYPE,
    TK_USB_SETUP_ERR_NO_DEVICE_QUALIFIER,
    TK_USB_SETUP_ERR_INVALID_DEVICE_INDEX,
    TK_USB_SETUP_ERR_INVALID_CONFIGURATION_INDEX,
    TK_USB_SETUP_ERR_INVALID_INTERFACE_INDEX,
    TK_USB_SETUP_ERR_INVALID_STRING_INDEX,
    TK_USB_SETUP_ERR_GENERIC,
};

/* Packet / Delay / Error answers of ctrl_in, ctrl_out, packet_in and
 * packet_out (CtrlInResult, CtrlOutResult (HALTED = ERROR), InResult,
 * OutResult). DELAY is a NAK: the host retries later. ERROR is a STALL. */
enum tk_usb_result { TK_USB_PACKET, TK_USB_DELAY, TK_USB_ERROR };

/* Link events upstream lacks (see the file comment). */
enum tk_usb_link_event {
    TK_USB_LINK_VBUS_ON,  /* a host powered the port (cable in) */
    TK_USB_LINK_VBUS_OFF, /* the host went away (cable out, detach) */
    TK_USB_LINK_SUSPEND,  /* 3 ms of bus idle: the host suspended us */
    TK_USB_LINK_RESUME,   /* resume signalling after a suspend */
};

struct tk_usb_controller;

struct tk_usb_client {
    /* Called by the function's owner (usb_user), not by the controller:
     * enable the controller and endpoints; attach (pull-up on). */
    void (*enable)(struct tk_usb_client *c);
    void (*attach)(struct tk_usb_client *c);
    /* The host reset the bus: address 0, unconfigured. */
    void (*bus_reset)(struct tk_usb_client *c);
    /* A SETUP packet is in the control buffer of `endpoint`. */
    enum tk_usb_ctrl_setup_result (*ctrl_setup)(struct tk_usb_client *c, unsigned endpoint);
    /* The host wants the next data-stage packet: TK_USB_PACKET with *len
     * bytes in the control buffer and *last set on the final one. */
    enum tk_usb_result (*ctrl_in)(struct tk_usb_client *c, unsigned endpoint, size_t *len,
                                  bool *last);
    /* A data-stage packet of `len` bytes is in the control buffer. */
    enum tk_usb_result (*ctrl_out)(struct tk_usb_client *c, unsigned endpoint, size_t len);
    /* The status stage began, and ended. */
    void (*ctrl_status)(struct tk_usb_client *c, unsigned endpoint);
    void (*ctrl_status_complete)(struct tk_usb_client *c, unsigned endpoint);
    /* The host polls an IN endpoint: TK_USB_PACKET with *len bytes in its
     * IN buffer (0 is a zero-length packet). */
    enum tk_usb_result (*packet_in)(struct tk_usb_client *c, enum tk_usb_transfer_type type,
                                    unsigned endpoint, size_t *len);
    /* `len` bytes arrived in the OUT buffer. TK_USB_PACKET: consumed. */
    enum tk_usb_result (*packet_out)(struct tk_usb_client *c, enum tk_usb_transfer_type type,
                                     unsigned endpoint, size_t len);
    /* The host acknowledged the last IN packet of `endpoint`. */
    void (*packet_transmitted)(struct tk_usb_client *c, unsigned endpoint);
    /* Deviation (see the file comment); may be NULL. */
    void (*link_event)(struct tk_usb_client *c, enum tk_usb_link_event event);
};

struct tk_usb_controller_ops {
    /* Lend the controller an endpoint's buffer (>= TK_USB_MAX_PACKET bytes,
     * kept until the controller is gone). Endpoint numbers >= TK_USB_ENDPOINTS
     * are ignored. */
    void (*endpoint_set_ctrl_buffer)(struct tk_usb_controller *u, uint8_t *buf, size_t len);
    void (*endpoint_set_in_buffer)(struct tk_usb_controller *u, unsigned endpoint, uint8_t *buf,
                                   size_t len);
    void (*endpoint_set_out_buffer)(struct tk_usb_controller *u, unsigned endpoint, uint8_t *buf,
                                    size_t len);
    void (*enable_as_device)(struct tk_usb_controller *u, enum tk_usb_speed speed);
    /* Pull-up on / off: the host sees a device appear / go away. */
    void (*attach)(struct tk_usb_controller *u);
    void (*detach)(struct tk_usb_controller *u);
    /* Remember the address from SET_ADDRESS; it takes effect at
     * enable_address (after the status stage), as USB requires. */
    void (*set_address)(struct tk_usb_controller *u, uint16_t address);
    void (*enable_address)(struct tk_usb_controller *u);
    void (*endpoint_in_enable)(struct tk_usb_controller *u, enum tk_usb_transfer_type type,
                               unsigned endpoint);
    void (*endpoint_out_enable)(struct tk_usb_controller *u, enum tk_usb_transfer_type type,
                                unsigned endpoint);
    void (*endpoint_in_out_enable)(struct tk_usb_controller *u, enum tk_usb_transfer_type type,
                                   unsigned endpoint);
    /* The client has data (IN) or room (OUT) again after a DELAY. */
    void (*endpoint_resume_in)(struct tk_usb_controller *u, unsigned endpoint);
    void (*endpoint_resume_out)(struct tk_usb_controller *u, unsigned endpoint);
};

struct tk_usb_controller {
    const struct tk_usb_controller_ops *ops;
    struct tk_usb_client *client;
    void *state; /* the implementation's */
};

#endif
