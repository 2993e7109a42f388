/* IPC Identifier: the opaque 64-bit handle of the revised IPC capsules.
 *
 * Mirrors tock/tock capsules/core/src/ipc/ipc_identifier.rs on the
 * dev/ipc-initial branch (PR 5015; not in @65608d71). The low half is the
 * ProcessId, the high half the ShortId (0 for LocallyUnique), so an
 * identifier changes whenever its process restarts. Forgeable by design
 * (the reference text, §2.1).
 */
#ifndef TK_CAPSULE_IPC_IDENTIFIER_H
#define TK_CAPSULE_IPC_IDENTIFIER_H

#include <stdint.h>

#include "driver.h"

static inline uint64_t tk_ipc_identifier(const struct tk_process *p)
{
    return (uint64_t)p->short_id << 32 | p->id;
}

static inline uint64_t tk_ipc_identifier_from_halves(uint32_t lower, uint32_t upper)
{
    return (uint64_t)upper << 32 | lower;
}

/* The process whose identifier is `id`, or NULL (none: it restarted,
 * or never was). O(n) over process slots; n <= TK_MAX_PROCESSES. */
static inline struct tk_process *tk_ipc_identifier_process(struct tk_kernel *k, uint64_t id)
{
    struct tk_process *p = tk_kernel_process_by_id(k, (uint32_t)id);
    return p != NULL && tk_ipc_identifier(p) == id ? p : NULL;
}

#endif
