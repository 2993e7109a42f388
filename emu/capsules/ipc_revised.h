/* The revised IPC proposed upstream (tock/tock PR 5015, text PR 5016).
 *
 * Four capsules, each a plain driver the board registers only when its
 * revised-IPC option is on: the string-name Registry (0xA0000), the
 * package-name Registry (0xA0001), the Relay Request (0xA0010) and the
 * Relay Message with sender allowlists (0xA0011, a number of tockemu's:
 * upstream has none yet). Their interfaces are in their .c
 * files; what had to be decided where the text is silent is in docs/sharing.md.
 */
#ifndef TK_CAPSULE_IPC_REVISED_H
#define TK_CAPSULE_IPC_REVISED_H

#include "driver.h"

/* Set `d` up as the Registry / the Relay with its default number. */
void tk_ipc_registry_init(struct tk_driver *d);
void tk_ipc_registry_string_init(struct tk_driver *d);
void tk_ipc_relay_init(struct tk_driver *d);
void tk_ipc_relay_message_init(struct tk_driver *d);

/* What both relay drivers keep of an app's allows: whether each buffer was
 * ever allowed (their INVAL rule). The first member of each one's grant, so
 * that one allow_swapped serves both (ipc_relay_message.c). */
struct tk_ipc_relay_allows {
    bool send_allowed, receive_allowed;
};
void tk_ipc_relay_allow_swapped(struct tk_driver *d, struct tk_process *p, bool read_only,
                                uint32_t number, uint64_t prev_addr, uint64_t prev_len);

#endif
