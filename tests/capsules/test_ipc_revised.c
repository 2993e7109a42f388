/* Revised IPC tests: both Registries, the Relay Request and the Relay Message.
 *
 * The proposal's reference text (tock/tock PR 5016 §2-§4) and its capsules
 * (PR 5015, capsules/core/src/ipc/), not yet in the kernel the spec follows.
 * Facts the tests rest on: an IPC identifier is ProcessId (low 32 bits) and
 * ShortId (high); registry upcall 0 is (status, 0, 0) and upcall 1 is
 * (status, id low, id high); relay upcall 0 is the client's (status,
 * length, 0), upcall 1 the server's (client id low, high, 0); relay RO
 * allow 0 is what a process sends, RW allow 0 where it receives. The Relay
 * Message has no upstream interface (tockemu's, docs/sharing.md); what the
 * text fixes: a chunk is [sender id u64][length u32][bytes], appended to a
 * StreamingProcessSlice (u16 version 0, u16 flags big-endian with exceeded
 * bit 0 and halt bit 1, u32 offset, data from byte 8).
 */
#include <check.h>
#include <string.h>

#include "fixture.h"
#include "ipc_revised.h"

#define REGISTRY 0xA0001
#define STRINGS  0xA0000
#define RELAY    0xA0010
#define MESSAGE  0xA0011

enum { SERVER, CLIENT, OTHER, PROCS };

struct bench {
    struct tk_kernel k;
    struct tk_driver registry, strings, relay, message;
    struct tk_process *p[PROCS];
};

static void bench_init(struct bench *b)
{
    static const char *const names[PROCS] = {"server", "client", "other"};
    fx_kernel_init(&b->k);
    tk_ipc_registry_init(&b->registry);
    tk_ipc_registry_string_init(&b->strings);
    tk_ipc_relay_init(&b->relay);
    tk_ipc_relay_message_init(&b->message);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->registry), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->strings), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->relay), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->message), 0);
    for (unsigned i = 0; i < PROCS; i++)
        b->p[i] = fx_process_new(&b->k, names[i], 0);
}

static uint64_t id_of(const struct tk_process *p)
{
    return (uint64_t)p->short_id << 32 | p->id;
}

/* Pop the head task of `p`; it must be upcall `number` of `driver`. */
static struct tk_task pop_upcall(struct tk_process *p, uint32_t driver, uint32_t number)
{
    struct tk_task t;
    ck_assert_msg(fx_pop_task(p, &t), "no upcall queued");
    ck_assert_uint_eq(t.id.driver, driver);
    ck_assert_uint_eq(t.id.subscribe, number);
    return t;
}

static void allow_name(struct bench *b, struct tk_process *p, const char *name)
{
    memcpy(fx_ram(p, 0), name, strlen(name));
    fx_allow_ro(&b->k, p, REGISTRY, 0, fx_addr(p, 0), strlen(name));
}

START_TEST(registry_discovers_registered_service_by_package_name)
{
    /* PR 5016 §3.1: register under the TBF package name; discovery answers
     * in upcall 1 with the service's identifier. */
    struct bench b;
    bench_init(&b);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], REGISTRY, 1, 0, 0));
    struct tk_task t = pop_upcall(b.p[SERVER], REGISTRY, 0);
    ck_assert_uint_eq(t.arg[0], 0);
    allow_name(&b, b.p[CLIENT], "server");
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], REGISTRY, 2, 0, 0));
    t = pop_upcall(b.p[CLIENT], REGISTRY, 1);
    ck_assert_uint_eq(t.arg[0], 0);
    ck_assert_uint_eq(t.arg[1] | t.arg[2] << 32, id_of(b.p[SERVER]));
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(registry_unregistered_or_unknown_is_nodevice_upcall)
{
    /* PR 5016 §3: discovery of a process that did not register, or of no
     * such name, succeeds as a command and says NODEVICE in its upcall. */
    struct bench b;
    bench_init(&b);
    allow_name(&b, b.p[CLIENT], "server");
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], REGISTRY, 2, 0, 0));
    ck_assert_uint_eq(pop_upcall(b.p[CLIENT], REGISTRY, 1).arg[0], TK_NODEVICE);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], REGISTRY, 1, 0, 0));
    allow_name(&b, b.p[CLIENT], "serv");
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], REGISTRY, 2, 0, 0));
    ck_assert_uint_eq(pop_upcall(b.p[CLIENT], REGISTRY, 1).arg[0], TK_NODEVICE);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(registry_restart_forgets_registration_and_changes_identifier)
{
    /* PR 5016 §2: an identifier names one process instance; after a
     * restart the service is unregistered until it registers again, and
     * then under a new identifier. */
    struct bench b;
    bench_init(&b);
    fx_command(&b.k, b.p[SERVER], REGISTRY, 1, 0, 0);
    uint64_t old = id_of(b.p[SERVER]);
    tk_process_try_restart(b.p[SERVER], TK_COMPLETION_CODE, 0);
    allow_name(&b, b.p[CLIENT], "server");
    fx_command(&b.k, b.p[CLIENT], REGISTRY, 2, 0, 0);
    ck_assert_uint_eq(pop_upcall(b.p[CLIENT], REGISTRY, 1).arg[0], TK_NODEVICE);
    ck_assert_uint_ne(id_of(b.p[SERVER]), old);
    fx_kernel_fini(&b.k);
}
END_TEST

/* Allow a 20-byte name to the string-name Registry: `name`, zero-padded,
 * at RAM offset 64 of `p` (`len` bytes of it). */
static void allow_string(struct bench *b, struct tk_process *p, const char *name, size_t len)
{
    memset(fx_ram(p, 64), 0, 20);
    memcpy(fx_ram(p, 64), name, strlen(name));
    fx_allow_ro(&b->k, p, STRINGS, 0, fx_addr(p, 64), len);
}

START_TEST(string_registry_discovers_name_the_service_chose)
{
    /* PR 5016 §3.2: a service registers a 20-byte name of its choosing (not
     * its package name); discovery of those 20 bytes answers in upcall 1
     * with its identifier. */
    struct bench b;
    bench_init(&b);
    allow_string(&b, b.p[SERVER], "org.test.echo", 20);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], STRINGS, 1, 0, 0));
    ck_assert_uint_eq(pop_upcall(b.p[SERVER], STRINGS, 0).arg[0], 0);
    allow_string(&b, b.p[CLIENT], "org.test.echo", 20);
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], STRINGS, 2, 0, 0));
    struct tk_task t = pop_upcall(b.p[CLIENT], STRINGS, 1);
    ck_assert_uint_eq(t.arg[0], 0);
    ck_assert_uint_eq(t.arg[1] | t.arg[2] << 32, id_of(b.p[SERVER]));
    /* The package name means nothing to this registry. */
    allow_string(&b, b.p[CLIENT], "server", 20);
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], STRINGS, 2, 0, 0));
    ck_assert_uint_eq(pop_upcall(b.p[CLIENT], STRINGS, 1).arg[0], TK_NODEVICE);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(string_registry_name_must_be_20_nonzero_bytes_and_allowed)
{
    /* PR 5015 ipc_registry_string_name.rs: never allowed INVAL, not exactly
     * 20 bytes SIZE, all zero (the unregistered default) INVAL, for both
     * commands; no upcall then. */
    struct bench b;
    bench_init(&b);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], STRINGS, 1, 0, 0), TK_INVAL);
    allow_string(&b, b.p[SERVER], "short", 5);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], STRINGS, 1, 0, 0), TK_SIZE);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], STRINGS, 2, 0, 0), TK_SIZE);
    allow_string(&b, b.p[SERVER], "", 20);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], STRINGS, 1, 0, 0), TK_INVAL);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], STRINGS, 2, 0, 0), TK_INVAL);
    struct tk_task t;
    ck_assert(!fx_pop_task(b.p[SERVER], &t));
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(string_registry_first_come_first_served_until_restart)
{
    /* PR 5015: a name held by another process is ALREADY; the holder may
     * re-register (itself is skipped); a restart frees the name, and the
     * caller itself is never what it discovers. */
    struct bench b;
    bench_init(&b);
    allow_string(&b, b.p[SERVER], "svc", 20);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], STRINGS, 1, 0, 0));
    fx_assert_success(fx_command(&b.k, b.p[SERVER], STRINGS, 1, 0, 0));
    allow_string(&b, b.p[OTHER], "svc", 20);
    fx_assert_failure(fx_command(&b.k, b.p[OTHER], STRINGS, 1, 0, 0), TK_ALREADY);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], STRINGS, 2, 0, 0));
    pop_upcall(b.p[SERVER], STRINGS, 0);
    pop_upcall(b.p[SERVER], STRINGS, 0);
    ck_assert_uint_eq(pop_upcall(b.p[SERVER], STRINGS, 1).arg[0], TK_NODEVICE);
    tk_process_try_restart(b.p[SERVER], TK_COMPLETION_CODE, 0);
    fx_assert_success(fx_command(&b.k, b.p[OTHER], STRINGS, 1, 0, 0));
    allow_string(&b, b.p[CLIENT], "svc", 20);
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], STRINGS, 2, 0, 0));
    struct tk_task t = pop_upcall(b.p[CLIENT], STRINGS, 1);
    ck_assert_uint_eq(t.arg[1] | t.arg[2] << 32, id_of(b.p[OTHER]));
    fx_kernel_fini(&b.k);
}
END_TEST

/* Server takes requests; client allows `request` to send and 16 bytes at
 * RAM offset 256 to receive; server allows `receive_len` bytes at 256. */
static void relay_setup(struct bench *b, const char *request, size_t receive_len)
{
    struct tk_process *s = b->p[SERVER], *c = b->p[CLIENT];
    fx_assert_success(fx_command(&b->k, s, RELAY, 0x20, 0, 0));
    memcpy(fx_ram(c, 0), request, strlen(request));
    fx_allow_ro(&b->k, c, RELAY, 0, fx_addr(c, 0), strlen(request));
    fx_allow_rw(&b->k, c, RELAY, 0, fx_addr(c, 256), 16);
    fx_allow_rw(&b->k, s, RELAY, 0, fx_addr(s, 256), receive_len);
}

static struct tk_syscall_return send_request(struct bench *b, struct tk_process *c,
                                             const struct tk_process *server)
{
    uint64_t id = id_of(server);
    return fx_command(&b->k, c, RELAY, 0x10, (uint32_t)id, (uint32_t)(id >> 32));
}

START_TEST(relay_request_and_response_are_copied_once)
{
    /* PR 5016 §4.1: request = client RO -> server RW, response = server RO
     * -> client RW; the server learns the client's identifier. */
    struct bench b;
    bench_init(&b);
    relay_setup(&b, "ping", 16);
    fx_assert_success(send_request(&b, b.p[CLIENT], b.p[SERVER]));
    struct tk_task t = pop_upcall(b.p[SERVER], RELAY, 1);
    ck_assert_uint_eq(t.arg[0] | t.arg[1] << 32, id_of(b.p[CLIENT]));
    struct tk_syscall_return r = fx_command(&b.k, b.p[SERVER], RELAY, 0x22, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U64);
    ck_assert_uint_eq((uint32_t)r.reg[1], 4);
    ck_assert_uint_eq(r.reg[2] | r.reg[3] << 32, id_of(b.p[CLIENT]));
    ck_assert_mem_eq(fx_ram(b.p[SERVER], 256), "ping", 4);
    memcpy(fx_ram(b.p[SERVER], 0), "pong!", 5);
    fx_allow_ro(&b.k, b.p[SERVER], RELAY, 0, fx_addr(b.p[SERVER], 0), 5);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], RELAY, 0x24, 0, 0));
    t = pop_upcall(b.p[CLIENT], RELAY, 0);
    ck_assert_uint_eq(t.arg[0], 0);
    ck_assert_uint_eq(t.arg[1], 5);
    ck_assert_mem_eq(fx_ram(b.p[CLIENT], 256), "pong!", 5);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_truncated_request_is_size_with_client_id)
{
    /* PR 5016 §4.1: a request longer than the server's buffer is copied as
     * far as it fits and reported as SIZE, with the client's identifier. */
    struct bench b;
    bench_init(&b);
    relay_setup(&b, "too long", 3);
    send_request(&b, b.p[CLIENT], b.p[SERVER]);
    struct tk_syscall_return r = fx_command(&b.k, b.p[SERVER], RELAY, 0x22, 0, 0);
    fx_assert_variant(r, TK_RV_FAILURE_U64);
    ck_assert_uint_eq((uint32_t)r.reg[1], TK_SIZE);
    ck_assert_uint_eq(r.reg[2] | r.reg[3] << 32, id_of(b.p[CLIENT]));
    ck_assert_mem_eq(fx_ram(b.p[SERVER], 256), "too", 3);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_client_rules)
{
    /* PR 5016 §4.1: one outstanding request (ALREADY); a server that does
     * not take requests is UNINSTALLED; an unknown identifier NODEVICE;
     * cancel answers CANCEL in the upcall, then there is nothing to cancel. */
    struct bench b;
    bench_init(&b);
    fx_assert_failure(send_request(&b, b.p[CLIENT], b.p[OTHER]), TK_NODEVICE);
    fx_command(&b.k, b.p[OTHER], RELAY, 0, 0, 0);
    fx_assert_failure(send_request(&b, b.p[CLIENT], b.p[OTHER]), TK_NODEVICE);
    fx_command(&b.k, b.p[OTHER], RELAY, 0x21, 0, 0); /* a grant, not taking requests */
    fx_assert_failure(send_request(&b, b.p[CLIENT], b.p[OTHER]), TK_UNINSTALLED);
    relay_setup(&b, "x", 16);
    fx_assert_success(send_request(&b, b.p[CLIENT], b.p[SERVER]));
    fx_assert_failure(send_request(&b, b.p[CLIENT], b.p[SERVER]), TK_ALREADY);
    fx_assert_success(fx_command(&b.k, b.p[CLIENT], RELAY, 0x11, 0, 0));
    ck_assert_uint_eq(pop_upcall(b.p[CLIENT], RELAY, 0).arg[0], TK_CANCEL);
    fx_assert_failure(fx_command(&b.k, b.p[CLIENT], RELAY, 0x11, 0, 0), TK_INVAL);
    /* The cancelled request is gone for the server too. */
    struct tk_syscall_return r = fx_command(&b.k, b.p[SERVER], RELAY, 0x22, 0, 0);
    fx_assert_variant(r, TK_RV_FAILURE_U64);
    ck_assert_uint_eq((uint32_t)r.reg[1], TK_NODEVICE);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_disable_fails_waiting_clients)
{
    /* PR 5015 disable_requests: every client waiting on the server gets
     * UNINSTALLED in its response upcall. */
    struct bench b;
    bench_init(&b);
    relay_setup(&b, "x", 16);
    send_request(&b, b.p[CLIENT], b.p[SERVER]);
    fx_assert_success(fx_command(&b.k, b.p[SERVER], RELAY, 0x21, 0, 0));
    ck_assert_uint_eq(pop_upcall(b.p[CLIENT], RELAY, 0).arg[0], TK_UNINSTALLED);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_serves_waiting_clients_round_robin)
{
    /* PR 5016 §1.3: requests SHOULD be taken round robin across clients
     * (the reference code takes the last match; docs/sharing.md). */
    struct bench b;
    bench_init(&b);
    relay_setup(&b, "c", 16);
    memcpy(fx_ram(b.p[OTHER], 0), "o", 1);
    fx_allow_ro(&b.k, b.p[OTHER], RELAY, 0, fx_addr(b.p[OTHER], 0), 1);
    fx_allow_rw(&b.k, b.p[OTHER], RELAY, 0, fx_addr(b.p[OTHER], 256), 16);
    fx_allow_ro(&b.k, b.p[SERVER], RELAY, 0, 0, 0);
    for (unsigned round = 0; round < 2; round++) {
        send_request(&b, b.p[CLIENT], b.p[SERVER]);
        send_request(&b, b.p[OTHER], b.p[SERVER]);
        for (unsigned i = 0; i < 2; i++) {
            struct tk_syscall_return r = fx_command(&b.k, b.p[SERVER], RELAY, 0x22, 0, 0);
            fx_assert_variant(r, TK_RV_SUCCESS_U32_U64);
            /* slot 1 (client) first, then slot 2 (other), every round */
            ck_assert_uint_eq(r.reg[2] | r.reg[3] << 32, id_of(b.p[CLIENT + i]));
            fx_assert_success(fx_command(&b.k, b.p[SERVER], RELAY, 0x24, 0, 0));
        }
    }
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_response_to_restarted_client_is_nodevice)
{
    /* PR 5016 §4.1: a response whose client is gone is dropped (NODEVICE);
     * the restarted client has a new identifier and no request. */
    struct bench b;
    bench_init(&b);
    relay_setup(&b, "x", 16);
    send_request(&b, b.p[CLIENT], b.p[SERVER]);
    fx_command(&b.k, b.p[SERVER], RELAY, 0x22, 0, 0);
    tk_process_try_restart(b.p[CLIENT], TK_COMPLETION_CODE, 0);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], RELAY, 0x24, 0, 0), TK_NODEVICE);
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], RELAY, 0x24, 0, 0), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

/* Relay Message. The receiver (SERVER here) allows a StreamingProcessSlice
 * of `len` bytes at RAM offset 512, header version 0, flags 0 (or `flags`),
 * offset 0; the sender (CLIENT) allows `text` to send. */
static void message_setup(struct bench *b, size_t len, uint8_t flags, const char *text)
{
    struct tk_process *r = b->p[SERVER], *c = b->p[CLIENT];
    memset(fx_ram(r, 512), 0, len);
    ((uint8_t *)fx_ram(r, 512))[3] = flags;
    fx_allow_rw(&b->k, r, MESSAGE, 0, fx_addr(r, 512), len);
    memcpy(fx_ram(c, 0), text, strlen(text));
    fx_allow_ro(&b->k, c, MESSAGE, 0, fx_addr(c, 0), strlen(text));
}

static struct tk_syscall_return message_cmd(struct bench *b, struct tk_process *p, uint32_t cmd,
                                            const struct tk_process *about)
{
    uint64_t id = id_of(about);
    return fx_command(&b->k, p, MESSAGE, cmd, (uint32_t)id, (uint32_t)(id >> 32));
}

static uint32_t slice_offset(struct bench *b)
{
    uint32_t offset;
    memcpy(&offset, (uint8_t *)fx_ram(b->p[SERVER], 512) + 4, sizeof offset);
    return offset;
}

START_TEST(relay_message_appends_chunks_with_sender_id_and_length)
{
    /* PR 5016 §4.2: a message is appended to the receiver's
     * StreamingProcessSlice, prefixed with the sender's identifier and its
     * length; the receiver's upcall names the sender. */
    struct bench b;
    bench_init(&b);
    message_setup(&b, 64, 0, "hello");
    fx_assert_success(message_cmd(&b, b.p[SERVER], 1, b.p[CLIENT]));
    fx_assert_success(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]));
    fx_assert_success(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]));
    ck_assert_uint_eq(slice_offset(&b), 2 * (12 + 5));
    const uint8_t *data = (const uint8_t *)fx_ram(b.p[SERVER], 512) + 8;
    for (unsigned i = 0; i < 2; i++) {
        uint64_t id;
        uint32_t len;
        memcpy(&id, data + i * 17, sizeof id);
        memcpy(&len, data + i * 17 + 8, sizeof len);
        ck_assert_uint_eq(id, id_of(b.p[CLIENT]));
        ck_assert_uint_eq(len, 5);
        ck_assert_int_eq(memcmp(data + i * 17 + 12, "hello", 5), 0);
    }
    struct tk_task t = pop_upcall(b.p[SERVER], MESSAGE, 0);
    ck_assert_uint_eq(t.arg[0], 0);
    ck_assert_uint_eq(t.arg[1] | t.arg[2] << 32, id_of(b.p[CLIENT]));
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_message_only_allowlisted_senders_get_through)
{
    /* PR 5016 §4.2: receivers keep an allowlist of the identifiers enabled
     * to send to them. Unlisted: NOACK and nothing written. Listing twice
     * is ALREADY, removing an unlisted one INVAL, the list holds 8. */
    struct bench b;
    bench_init(&b);
    message_setup(&b, 64, 0, "x");
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_NOACK);
    fx_assert_success(message_cmd(&b, b.p[SERVER], 1, b.p[OTHER]));
    fx_assert_failure(message_cmd(&b, b.p[SERVER], 1, b.p[OTHER]), TK_ALREADY);
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_NOACK);
    fx_assert_success(message_cmd(&b, b.p[SERVER], 1, b.p[CLIENT]));
    fx_assert_success(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]));
    fx_assert_success(message_cmd(&b, b.p[SERVER], 2, b.p[CLIENT]));
    fx_assert_failure(message_cmd(&b, b.p[SERVER], 2, b.p[CLIENT]), TK_INVAL);
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_NOACK);
    ck_assert_uint_eq(slice_offset(&b), 12 + 1);
    for (uint32_t i = 0; i < 7; i++)
        fx_assert_success(fx_command(&b.k, b.p[SERVER], MESSAGE, 1, 1000 + i, 0));
    fx_assert_failure(fx_command(&b.k, b.p[SERVER], MESSAGE, 1, 2000, 0), TK_NOMEM);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_message_that_does_not_fit_sets_exceeded_and_says_size)
{
    /* streaming_process_slice.rs: a chunk without room sets the exceeded
     * flag and is not written; PR 5016 §4.2: the receiver's next upcall
     * says so. With halt and exceeded set nothing more is written. A
     * header of another version is INVAL. */
    struct bench b;
    bench_init(&b);
    message_setup(&b, 8 + 12 + 10, 0, "0123456789");
    fx_assert_success(message_cmd(&b, b.p[SERVER], 1, b.p[CLIENT]));
    fx_assert_success(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]));
    pop_upcall(b.p[SERVER], MESSAGE, 0);
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_SIZE);
    ck_assert_uint_eq(((uint8_t *)fx_ram(b.p[SERVER], 512))[3], 1); /* exceeded */
    ck_assert_uint_eq(slice_offset(&b), 22);
    ck_assert_uint_eq(pop_upcall(b.p[SERVER], MESSAGE, 0).arg[0], TK_SIZE);
    message_setup(&b, 64, 3, "y"); /* halt and exceeded */
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_SIZE);
    ck_assert_uint_eq(slice_offset(&b), 0);
    message_setup(&b, 64, 0, "y");
    ((uint8_t *)fx_ram(b.p[SERVER], 512))[0] = 1; /* version 1 */
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_INVAL);
    fx_kernel_fini(&b.k);
}
END_TEST

START_TEST(relay_message_allowlist_names_process_instances)
{
    /* PR 5016 §2: identifiers change at restart. A restarted sender is not
     * on the list under its new identifier (NOACK); a restarted receiver
     * cannot be reached under its old one (NODEVICE) and lists nobody. */
    struct bench b;
    bench_init(&b);
    message_setup(&b, 64, 0, "z");
    fx_assert_success(message_cmd(&b, b.p[SERVER], 1, b.p[CLIENT]));
    tk_process_try_restart(b.p[CLIENT], TK_COMPLETION_CODE, 0);
    message_setup(&b, 64, 0, "z");
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_NOACK);
    fx_assert_success(message_cmd(&b, b.p[SERVER], 1, b.p[CLIENT]));
    uint64_t old = id_of(b.p[SERVER]);
    tk_process_try_restart(b.p[SERVER], TK_COMPLETION_CODE, 0);
    fx_assert_failure(
        fx_command(&b.k, b.p[CLIENT], MESSAGE, 0x10, (uint32_t)old, (uint32_t)(old >> 32)),
        TK_NODEVICE);
    message_setup(&b, 64, 0, "z");
    fx_assert_failure(message_cmd(&b, b.p[CLIENT], 0x10, b.p[SERVER]), TK_NOACK);
    fx_kernel_fini(&b.k);
}
END_TEST

Suite *ipc_revised_suite(void)
{
    Suite *s = suite_create("ipc_revised");
    TCase *tc = tcase_create("registry");
    tcase_add_test(tc, registry_discovers_registered_service_by_package_name);
    tcase_add_test(tc, registry_unregistered_or_unknown_is_nodevice_upcall);
    tcase_add_test(tc, registry_restart_forgets_registration_and_changes_identifier);
    tcase_add_test(tc, string_registry_discovers_name_the_service_chose);
    tcase_add_test(tc, string_registry_name_must_be_20_nonzero_bytes_and_allowed);
    tcase_add_test(tc, string_registry_first_come_first_served_until_restart);
    suite_add_tcase(s, tc);
    TCase *relay = tcase_create("relay");
    tcase_add_test(relay, relay_request_and_response_are_copied_once);
    tcase_add_test(relay, relay_truncated_request_is_size_with_client_id);
    tcase_add_test(relay, relay_client_rules);
    tcase_add_test(relay, relay_disable_fails_waiting_clients);
    tcase_add_test(relay, relay_serves_waiting_clients_round_robin);
    tcase_add_test(relay, relay_response_to_restarted_client_is_nodevice);
    tcase_add_test(relay, relay_message_appends_chunks_with_sender_id_and_length);
    tcase_add_test(relay, relay_message_only_allowlisted_senders_get_through);
    tcase_add_test(relay, relay_message_that_does_not_fit_sets_exceeded_and_says_size);
    tcase_add_test(relay, relay_message_allowlist_names_process_instances);
    suite_add_tcase(s, relay);
    return s;
}
