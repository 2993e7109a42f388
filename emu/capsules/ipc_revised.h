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

#endif
