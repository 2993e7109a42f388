/* Lend demo capsule: lends a kernel buffer to an app for one upcall.
 *
 * tockemu's own, no upstream counterpart (@65608d71 has no capsule that
 * lends kernel memory; issue 12, tock/tock PR 2875, RFC 4370). It exists so
 * the kernel's lending (emu/kernel/lend.c) and its policies can be tried
 * from a real app; the board has it only with `--sharing lend`.
 *
 * Syscall interface, driver 0xE0000:
 *
 *   command | arg0 | result
 *   --------+------+--------------------------------------------------------
 *   0       | -    | S
 *   1       | len  | lend the first `len` bytes of the capsule's buffer: S,
 *           |      | then upcall 0; F(SIZE) 0 or more than the buffer or the
 *           |      | host's lend area, F(BUSY) a loan is queued or held,
 *           |      | F(NOSUPPORT) the host has no lend area
 *   other   |      | F(NOSUPPORT)
 *
 *   upcall 0: (address, len, 0): the lent bytes, readable at `address`
 *             until the app yields again
 *
 * The buffer holds "lent by the kernel: " followed by the bytes 0..255
 * repeating, so an app can check what it read.
 */
#include <string.h>

#include "container_of.h"
#include "lend_demo.h"

enum lend_upcall { LEND_UP_LENT = 0, LEND_UP_COUNT };
enum lend_command { LEND_CMD_EXISTS = 0, LEND_CMD_LEND = 1 };

static struct tk_cmd_return lend_command(struct tk_driver *d, struct tk_process *p,
                                         uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_lend_demo *demo = tk_container_of(d, struct tk_lend_demo, driver);
    (void)arg1;
    switch (command) {
    case LEND_CMD_EXISTS:
        return tk_cmd_success();
    case LEND_CMD_LEND: {
        int err = 0;
        if (tk_grant_enter(d, p, &err) == NULL)
            return tk_cmd_failure((enum tk_errorcode)err);
        if (arg0 > sizeof demo->buffer)
            return tk_cmd_failure(TK_SIZE);
        return tk_cmd_from_status(tk_lend_upcall(d, p, LEND_UP_LENT, demo->buffer, arg0));
    }
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

static const struct tk_driver_ops tk_lend_demo_ops = {
    .command = lend_command,
    .has_grant = true,
    .upcall_count = LEND_UP_COUNT,
};

void tk_lend_demo_init(struct tk_lend_demo *demo)
{
    static const char head[] = "lent by the kernel: ";
    memset(demo, 0, sizeof *demo);
    memcpy(demo->buffer, head, sizeof head - 1);
    for (size_t i = sizeof head - 1; i < sizeof demo->buffer; i++)
        demo->buffer[i] = (uint8_t)(i - (sizeof head - 1));
    demo->driver.number = TK_DRIVER_NUM_LEND_DEMO;
    demo->driver.ops = &tk_lend_demo_ops;
}
