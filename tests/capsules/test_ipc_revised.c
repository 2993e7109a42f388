/* Revised IPC tests: the package-name Registry and the Relay Request.
 *
 * The proposal's reference text (tock/tock PR 5016 §2-§4) and its capsules
 * (PR 5015, capsules/core/src/ipc/), not yet in the kernel the spec follows.
 * Facts the tests rest on: an IPC identifier is ProcessId (low 32 bits) and
 * ShortId (high); registry upcall 0 is (status, 0, 0) and upcall 1 is
 * (status, id low, id high); relay upcall 0 is the client's (status,
 * length, 0), upcall 1 the server's (client id low, high, 0); relay RO
 * allow 0 is what a process sends, RW allow 0 where it receives.
 */
#include <check.h>
#include <string.h>

#include "fixture.h"
#include "ipc_revised.h"

#define REGISTRY 0xA0001
#define RELAY    0xA0010

enum { SERVER, CLIENT, OTHER, PROCS };

struct bench {
    struct tk_kernel k;
    struct tk_driver registry, relay;
    struct tk_process *p[PROCS];
};

static void bench_init(struct bench *b)
{
    static const char *const names[PROCS] = {"server", "client", "other"};
    fx_kernel_init(&b->k);
    tk_ipc_registry_init(&b->registry);
    tk_ipc_relay_init(&b->relay);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->registry), 0);
    ck_assert_int_eq(tk_kernel_add_driver(&b->k, &b->relay), 0);
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

Suite *ipc_revised_suite(void)
{
    Suite *s = suite_create("ipc_revised");
    TCase *tc = tcase_create("registry");
    tcase_add_test(tc, registry_discovers_registered_service_by_package_name);
    tcase_add_test(tc, registry_unregistered_or_unknown_is_nodevice_upcall);
    tcase_add_test(tc, registry_restart_forgets_registration_and_changes_identifier);
    suite_add_tcase(s, tc);
    TCase *relay = tcase_create("relay");
    tcase_add_test(relay, relay_request_and_response_are_copied_once);
    tcase_add_test(relay, relay_truncated_request_is_size_with_client_id);
    tcase_add_test(relay, relay_client_rules);
    tcase_add_test(relay, relay_disable_fails_waiting_clients);
    tcase_add_test(relay, relay_serves_waiting_clients_round_robin);
    tcase_add_test(relay, relay_response_to_restarted_client_is_nodevice);
    suite_add_tcase(s, relay);
    return s;
}
