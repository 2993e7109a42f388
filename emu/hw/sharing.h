/* Board options for sharing between apps (issue 12): which experimental
 * drivers exist and which lending and re-sharing policies the kernel uses.
 *
 * One command-line option, `--sharing LIST`, a comma-separated list of:
 *
 *   ipc-revised              the revised IPC: Registries 0xA0000 (string
 *                            name) and 0xA0001, Relays 0xA0010 (request)
 *                            and 0xA0011 (message)
 *   lend                     the lend demo capsule 0xE0000
 *   lend-onward=deny|revoke|keep   allowing lent memory onward (lend.c)
 *   lend-limit=TIME          fault an app holding a loan this long (0: never)
 *   reshare=deny|allow|copy  IPC re-sharing of memory an app was shown (ipc.c)
 *
 * docs/sharing.md says what each gives.
 */
#ifndef EMU_HW_SHARING_H
#define EMU_HW_SHARING_H

#include <stdbool.h>
#include <stdint.h>

#include "emu_err.h"
#include "ipc.h"
#include "kernel.h"

struct emu_sharing_options {
    bool revised_ipc;
    bool lend_demo;
    enum tk_lend_onward lend_onward;
    uint64_t lend_limit_ns;
    enum tk_ipc_reshare reshare;
};

/* Apply the items of `list` to `o` (zeroed first by the caller: Tock's
 * behaviour, no extra drivers). Returns 0, or -EINVAL with `err` naming the
 * item and what was expected; `o` may then be partly set. */
int emu_sharing_options_parse(struct emu_sharing_options *o, const char *list, struct emu_err *err);

#endif
