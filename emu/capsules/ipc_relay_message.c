/* IPC Relay Message, driver 0xA0011: one-way messages to receivers that allowlist senders.
 *
 * Follows the reference text of tock/tock PR 5016 §4.2 (the Relay Message is
 * "still in progress" there; PR 5015 lists it as planned and has no code, so
 * no syscall interface exists upstream and this one is tockemu's, see
 * docs/sharing.md). Not in @65608d71. Built only with the revised-IPC board
 * option. What the text does fix: a sender's message is copied once, from
 * its allowed buffer, and appended to the receiver's StreamingProcessSlice;
 * each message is prefixed with the sender's IPC identifier and the
 * message length; a receiver keeps an allowlist of the identifiers that may
 * send to it; a message that does not fit is reported in the receiver's
 * next upcall.
 *
 *   command | arg0, arg1      | result
 *   --------+-----------------+---------------------------------------------------
 *   0       | -               | S
 *   1       | sender id lo,hi | receiver: allow that sender: S; F(ALREADY) listed;
 *           |                 | F(NOMEM) the list is full (ALLOWLIST_LEN)
 *   2       | sender id lo,hi | receiver: remove it: S; F(INVAL) not listed
 *   0x10    | receiver id lo,hi| sender: append RO allow 0 as one chunk to the
 *           |                 | receiver's RW allow 0: S and upcall 0 on the
 *           |                 | receiver (0, sender id lo, hi); F(NODEVICE) no
 *           |                 | such receiver (restarted, or no grant); F(NOACK)
 *           |                 | the sender is not on its allowlist; F(INVAL) the
 *           |                 | sender's RO allow 0 or the receiver's RW allow 0
 *           |                 | never made, or the slice's header is not version
 *           |                 | 0 with clear reserved flags; F(SIZE) no room: the
 *           |                 | slice's exceeded flag is set and the receiver gets
 *           |                 | upcall 0 (SIZE, sender id lo, hi)
 *   other   |                 | F(NOSUPPORT)
 *
 *   upcall 0: receiver, a message arrived or did not fit (status, sender
 *             id low, high)
 *   RO allow 0: the message a process sends
 *   RW allow 0: the StreamingProcessSlice a process receives into
 *
 * A chunk is [sender identifier: u64][message length: u32][message], native
 * endianness, unaligned, appended at the slice's offset
 * (kernel/src/utilities/streaming_process_slice.rs @65608d71: a u16
 * version, u16 flags big-endian with exceeded bit 0 and halt bit 1, a u32
 * offset, then data; with halt and exceeded set nothing more is written).
 *
 * The allowlist holds identifiers, so it names process instances: a sender
 * that restarts has a new identifier and must be allowed again, and a
 * receiver that restarts starts with an empty list (its grant goes).
 */
#include <string.h>

#include "ipc_identifier.h"
#include "ipc_revised.h"

enum { ALLOWLIST_LEN = 8 }; /* the text gives no size; a fixed grant */

enum message_upcall { MESSAGE_UP_RECEIVED = 0, MESSAGE_UP_COUNT };
enum message_allow_ro { MESSAGE_RO_SEND = 0, MESSAGE_RO_COUNT };
enum message_allow_rw { MESSAGE_RW_RECEIVE = 0, MESSAGE_RW_COUNT };
enum message_command {
    MESSAGE_CMD_EXISTS = 0,
    MESSAGE_CMD_ALLOW_SENDER = 1,
    MESSAGE_CMD_REMOVE_SENDER = 2,
    MESSAGE_CMD_SEND = 0x10,
};

/* StreamingProcessSlice version 0. */
enum {
    SLICE_FLAGS = 2,
    SLICE_OFFSET = 4,
    SLICE_DATA = 8,
    SLICE_EXCEEDED = 1u << 0,
    SLICE_HALT = 1u << 1,
    CHUNK_HEADER = sizeof(uint64_t) + sizeof(uint32_t),
};

struct message_app {
    struct tk_ipc_relay_allows allows; /* first: tk_ipc_relay_allow_swapped */
    uint64_t allowed[ALLOWLIST_LEN];
    unsigned allowed_count;
};

/* Append [id][len][bytes] to the streaming slice `s`: 0, INVAL (bad
 * header), SIZE (no room: exceeded set). */
static int slice_append(struct tk_buffer s, uint64_t id, const void *bytes, uint32_t len)
{
    if (s.len < SLICE_DATA)
        return TK_SIZE;
    uint8_t *b = s.ptr;
    uint16_t version;
    uint32_t offset;
    memcpy(&version, b, sizeof version);
    memcpy(&offset, b + SLICE_OFFSET, sizeof offset);
    unsigned flags = (unsigned)b[SLICE_FLAGS] << 8 | b[SLICE_FLAGS + 1];
    if (version != 0 || (flags & ~(unsigned)(SLICE_EXCEEDED | SLICE_HALT)) != 0)
        return TK_INVAL;
    if ((flags & SLICE_HALT) && (flags & SLICE_EXCEEDED))
        return TK_SIZE;
    size_t room = s.len - SLICE_DATA;
    if (offset > room || room - offset < CHUNK_HEADER + (size_t)len) {
        b[SLICE_FLAGS + 1] = (uint8_t)(flags | SLICE_EXCEEDED);
        return TK_SIZE;
    }
    uint8_t *chunk = b + SLICE_DATA + offset;
    memcpy(chunk, &id, sizeof id);
    memcpy(chunk + sizeof id, &len, sizeof len);
    memmove(chunk + CHUNK_HEADER, bytes, len);
    offset += CHUNK_HEADER + len;
    memcpy(b + SLICE_OFFSET, &offset, sizeof offset);
    return 0;
}

/* Index of `id` in `app`'s allowlist, or ALLOWLIST_LEN. */
static unsigned listed_at(const struct message_app *app, uint64_t id)
{
    for (unsigned i = 0; i < app->allowed_count; i++)
        if (app->allowed[i] == id)
            return i;
    return ALLOWLIST_LEN;
}

static struct tk_cmd_return message_allow_sender(struct message_app *app, uint64_t id)
{
    if (listed_at(app, id) != ALLOWLIST_LEN)
        return tk_cmd_failure(TK_ALREADY);
    if (app->allowed_count == ALLOWLIST_LEN)
        return tk_cmd_failure(TK_NOMEM);
    app->allowed[app->allowed_count++] = id;
    return tk_cmd_success();
}

static struct tk_cmd_return message_remove_sender(struct message_app *app, uint64_t id)
{
    unsigned i = listed_at(app, id);
    if (i == ALLOWLIST_LEN)
        return tk_cmd_failure(TK_INVAL);
    app->allowed[i] = app->allowed[--app->allowed_count];
    return tk_cmd_success();
}

static struct tk_cmd_return message_send(struct tk_driver *d, struct tk_process *p,
                                         const struct message_app *app, uint64_t receiver_id)
{
    struct tk_process *r = tk_ipc_identifier_process(d->kernel, receiver_id);
    struct message_app *to = r != NULL ? tk_grant_get(d, r) : NULL;
    if (to == NULL)
        return tk_cmd_failure(TK_NODEVICE);
    uint64_t me = tk_ipc_identifier(p);
    if (listed_at(to, me) == ALLOWLIST_LEN)
        return tk_cmd_failure(TK_NOACK);
    if (!app->allows.send_allowed || !to->allows.receive_allowed)
        return tk_cmd_failure(TK_INVAL);
    struct tk_buffer message = tk_allow_ro_get(d, p, MESSAGE_RO_SEND);
    if (message.len > UINT32_MAX)
        return tk_cmd_failure(TK_SIZE);
    int rc = slice_append(tk_allow_rw_get(d, r, MESSAGE_RW_RECEIVE), me, message.ptr,
                          (uint32_t)message.len);
    if (rc == TK_INVAL)
        return tk_cmd_failure(TK_INVAL);
    tk_upcall_schedule(d, r, MESSAGE_UP_RECEIVED, (uint32_t)rc, (uint32_t)me, (uint32_t)(me >> 32));
    return rc == 0 ? tk_cmd_success() : tk_cmd_failure(TK_SIZE);
}

static struct tk_cmd_return message_command(struct tk_driver *d, struct tk_process *p,
                                            uint32_t command, uint32_t arg0, uint32_t arg1)
{
    if (command == MESSAGE_CMD_EXISTS)
        return tk_cmd_success();
    int err = 0;
    struct message_app *app = tk_grant_enter(d, p, &err);
    if (app == NULL)
        return tk_cmd_failure((enum tk_errorcode)err);
    uint64_t id = tk_ipc_identifier_from_halves(arg0, arg1);
    switch (command) {
    case MESSAGE_CMD_ALLOW_SENDER:
        return message_allow_sender(app, id);
    case MESSAGE_CMD_REMOVE_SENDER:
        return message_remove_sender(app, id);
    case MESSAGE_CMD_SEND:
        return message_send(d, p, app, id);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* Remember that a buffer was allowed at all (the INVAL rule above); the
 * request relay's grant starts with the same record. */
void tk_ipc_relay_allow_swapped(struct tk_driver *d, struct tk_process *p, bool read_only,
                                uint32_t number, uint64_t prev_addr, uint64_t prev_len)
{
    (void)number;
    (void)prev_addr;
    (void)prev_len;
    struct tk_ipc_relay_allows *allows = tk_grant_get(d, p);
    if (allows == NULL)
        return;
    if (read_only)
        allows->send_allowed = true;
    else
        allows->receive_allowed = true;
}

static const struct tk_driver_ops tk_ipc_relay_message_ops = {
    .command = message_command,
    .allow_swapped = tk_ipc_relay_allow_swapped,
    .has_grant = true,
    .grant_size = sizeof(struct message_app),
    .upcall_count = MESSAGE_UP_COUNT,
    .allow_ro_count = MESSAGE_RO_COUNT,
    .allow_rw_count = MESSAGE_RW_COUNT,
};

void tk_ipc_relay_message_init(struct tk_driver *d)
{
    memset(d, 0, sizeof *d);
    d->number = TK_DRIVER_NUM_IPC_RELAY_MESSAGE;
    d->ops = &tk_ipc_relay_message_ops;
}
