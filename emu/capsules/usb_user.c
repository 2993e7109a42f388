/* USB user capsule: an app asks for the USB function to be enabled and
 * attached.
 *
 * Mirrors tock/tock capsules/extra/src/usb/usb_user.rs @65608d71
 * (UsbSyscallDriver); spec §8.10.
 *
 * Syscall interface, driver 0x20005:
 *
 *   command | result
 *   --------+-------------------------------------------------------------
 *   0       | S
 *   1       | S: enable and attach the function, then upcall 0; F(BUSY)
 *           | if this process already has a request waiting; grant entry
 *           | failure (NOMEM)
 *   other   | F(NOSUPPORT)
 *
 * Subscribe 0: (0 = OK, 0, 0) once the request was served. As upstream,
 * the request is served at once (enable and attach are synchronous), so the
 * upcall is scheduled during the command. No allows.
 */
#include "container_of.h"
#include "usb_user.h"

enum usb_user_upcall { USB_USER_UPCALL_DONE, USB_USER_UPCALL_COUNT };

struct usb_user_app {
    bool awaiting; /* Some(Request::EnableAndAttach) */
};

/* usb_user.rs serve_waiting_apps: the first waiting process in slot order.
 * Requests finish inside this call, so none is ever in progress here
 * (upstream's serving_app is never set). */
static void serve_waiting_apps(struct tk_usb_user *uu)
{
    unsigned slot = 0;
    void *data;
    struct tk_process *p;
    while ((p = tk_grant_next(&uu->driver, &slot, &data)) != NULL) {
        struct usb_user_app *app = data;
        if (!app->awaiting)
            continue;
        uu->usbc_client->enable(uu->usbc_client);
        uu->usbc_client->attach(uu->usbc_client);
        (void)tk_upcall_schedule(&uu->driver, p, USB_USER_UPCALL_DONE, 0, 0, 0);
        app->awaiting = false;
        break;
    }
}

/* Command 1. */
static struct tk_cmd_return enable_and_attach(struct tk_usb_user *uu, struct tk_process *p)
{
    int err = 0;
    struct usb_user_app *app = tk_grant_enter(&uu->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(err);
    if (app->awaiting)
        return tk_cmd_failure(TK_BUSY); /* one request per process */
    app->awaiting = true;
    serve_waiting_apps(uu);
    return tk_cmd_success();
}

static struct tk_cmd_return usb_user_command(struct tk_driver *d, struct tk_process *p,
                                             uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_usb_user *uu = d->state;
    (void)arg0, (void)arg1;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return enable_and_attach(uu, p);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct tk_driver_ops usb_user_ops = {
    .command = usb_user_command,
    .has_grant = true,
    .grant_size = sizeof(struct usb_user_app),
    .upcall_count = USB_USER_UPCALL_COUNT,
};

void tk_usb_user_init(struct tk_usb_user *uu, struct tk_usb_client *client)
{
    *uu = (struct tk_usb_user){
        .driver = {.number = TK_DRIVER_NUM_USB_USER, .ops = &usb_user_ops, .state = uu},
        .usbc_client = client,
    };
}
