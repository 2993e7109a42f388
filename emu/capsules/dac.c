/* DAC capsule: userspace drives one analog output channel.
 *
 * Mirrors tock/tock capsules/extra/src/dac.rs @65608d71.
 *
 * Syscall interface, driver 0x6:
 *
 *   command | arg0  | result
 *   --------+-------+---------------------------------------------------
 *   0       |       | S (driver exists)
 *   1       |       | S: initialise and enable (a no-op: setting enables)
 *   2       | value | the DAC's set_value: S, or F(its error)
 *   other   |       | F(NOSUPPORT)
 *
 * Subscribe: none. Allow: none. Like the LED capsule it has no grant, so
 * the kernel answers every subscribe and allow with NOMEM (spec §10.6).
 */
#include "dac.h"

static struct tk_cmd_return dac_command(struct tk_driver *drv, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_dac_driver *d = drv->state;
    (void)p, (void)arg1;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return tk_cmd_success();
    case 2:
        return tk_cmd_from_status(d->dac->ops->set_value(d->dac, arg0));
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct tk_driver_ops dac_ops = {
    .command = dac_command,
    .has_grant = false,
};

void tk_dac_driver_init(struct tk_dac_driver *d, struct tk_dac *dac)
{
    *d = (struct tk_dac_driver){
        .driver = {.number = TK_DRIVER_NUM_DAC, .ops = &dac_ops, .state = d},
        .dac = dac,
    };
}
