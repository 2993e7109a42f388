/* The in-process transport: memory regions, code callbacks, replay scripts.
 *
 * Checks emu/process/inproc.h against the contract of `struct
 * tk_process_ops` (emu/kernel/process.h) and the memory layout the forked
 * transport gives (spec §5.6): RAM at the requested fixed address, flash
 * holding the TBF with the entry point its header names (spec §1.8, §6.2),
 * guard pages on both sides, and a code callback or a script that the
 * kernel loop drives.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inproc.h"
#include "tbf.h"
#include "kernel/tbf_builder.h"

/* Above the forked transport's RAM slots (host.h), so nothing else is here. */
#define FIXED_RAM 0x7e000000ull

static struct tk_syscall call(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return (struct tk_syscall){class_id, {a0, a1, a2, a3}};
}

START_TEST(inproc_ram_is_mapped_at_the_requested_fixed_address)
{
    /* spec §5.6: RAM is [memory_start, memory_start + memory_len), here at the
     * address a TBF's fixed-address TLV would name, as the forked transport
     * maps it; the break starts at the offset asked for. */
    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct emu_inproc_options o = {.name = "fixed",
                                   .memory_start = FIXED_RAM,
                                   .memory_len = 5000,
                                   .initial_break_offset = 4096,
                                   .ram_fill = 0x5a};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->memory_start, FIXED_RAM);
    ck_assert_uint_eq(p->memory_len, 8192); /* rounded up to pages */
    ck_assert_uint_eq(p->app_break, FIXED_RAM + 4096);
    ck_assert_str_eq(p->name, "fixed");
    ck_assert_uint_eq(((uint8_t *)(uintptr_t)FIXED_RAM)[8191], 0x5a);
    ck_assert_uint_eq(emu_inproc_counts(p)->starts, 1);
    ck_assert(emu_inproc_is_inproc(p));
    tk_kernel_fini(&k);
}
END_TEST

START_TEST(inproc_taken_fixed_address_is_refused_and_nothing_created)
{
    /* A second process asking for the same RAM gets -EEXIST and an error
     * line naming it; the kernel's process table is unchanged. */
    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct emu_inproc_options o = {.name = "one", .memory_start = FIXED_RAM};
    ck_assert_ptr_nonnull(emu_inproc_process_new(&k, &o, NULL, NULL));
    struct emu_err err = {""};
    int rc = 0;
    o.name = "two";
    ck_assert_ptr_null(emu_inproc_process_new(&k, &o, &rc, &err));
    ck_assert_int_lt(rc, 0);
    ck_assert_ptr_nonnull(strstr(err.msg, "two: cannot map its RAM at 0x7e000000"));
    ck_assert_uint_eq(k.process_count, 1);
    tk_kernel_fini(&k);
}
END_TEST

START_TEST(inproc_tbf_flash_gives_entry_point_short_id_and_bytes)
{
    /* spec §1.8, §6.2: flash holds the TBF; init_pc = TBF start + the
     * header size + the Program header's init offset; ShortId from its TLV; the copy is
     * byte-identical and the process cannot be given more than the object. */
    uint8_t buf[512];
    struct tbf_builder b;
    tb_begin(&b, buf, sizeof buf, 1);
    tb_program(&b, 0x80, 0, 0x1000, 0x100, 1);
    tb_name(&b, "tbfapp");
    tb_short_id(&b, 0x1234);
    tb_end_header(&b, sizeof buf);
    struct tk_tbf_object obj = {.data = buf, .len = sizeof buf, .verdict = TK_LOAD_OK};
    struct tk_tbf_error e;
    ck_assert_int_eq(tk_tbf_parse_header(buf, b.hdr, 2, &obj.header, &e), TK_TBF_OK);

    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct emu_inproc_options o = {.name = "tbfapp", .tbf = &obj};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_ne(p->flash_start, (uint64_t)(uintptr_t)buf);
    ck_assert_int_eq(memcmp((void *)(uintptr_t)p->flash_start, buf, sizeof buf), 0);
    ck_assert_uint_eq(p->flash_len, sizeof buf);
    ck_assert_uint_eq(p->init_pc, p->flash_start + b.hdr + 0x80);
    ck_assert_uint_eq(p->short_id, 0x1234);
    tk_kernel_fini(&k);

    tk_kernel_init(&k, NULL);
    o.tbf_in_place = true;
    p = emu_inproc_process_new(&k, &o, NULL, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p->flash_start, (uint64_t)(uintptr_t)buf);
    tk_kernel_fini(&k);
}
END_TEST

START_TEST(inproc_script_runs_in_order_under_the_kernel_loop_then_exits)
{
    /* spec §1.8, §1.3, §5.4: the first switch delivers the init call; each
     * return reaches the code as the next resume; after the script the code
     * exits with code 0 and the run ends with every process terminated. */
    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct tk_syscall calls[] = {
        call(TK_CLASS_COMMAND, 0x7777, 0, 0, 0), /* no such driver */
        call(TK_CLASS_MEMOP, 1, 256, 0, 0),      /* sbrk */
    };
    struct emu_inproc_script script = {calls, 2, 0};
    struct emu_inproc_options o = {
        .name = "s", .code = emu_inproc_script_code, .code_ctx = &script};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(script.next, 2);
    ck_assert_uint_eq(emu_inproc_counts(p)->switches, 3);
    const struct tk_resume *last = emu_inproc_last_resume(p);
    ck_assert_int_eq(last->kind, TK_RESUME_RETURN);
    ck_assert_uint_eq(last->ret.reg[0], TK_RV_SUCCESS_U32); /* sbrk: the old break */
    ck_assert_uint_eq(last->ret.reg[1], p->memory_start);
    ck_assert_int_eq(p->state, TK_STATE_TERMINATED);
    ck_assert_int_eq(p->completion, TK_COMPLETION_CODE);
    ck_assert_uint_eq(p->completion_code, 0);
    ck_assert_uint_eq(p->syscall_count, 3);
    tk_kernel_fini(&k);
}
END_TEST

START_TEST(inproc_direct_syscall_returns_what_the_kernel_wrote)
{
    /* spec §1.3, §1.6: a command to a missing driver is Failure(NODEVICE);
     * Yield-Wait writes nothing. */
    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct emu_inproc_options o = {.name = "d"};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    struct tk_syscall sc = call(TK_CLASS_COMMAND, 0x7777, 1, 0, 0);
    struct tk_syscall_return r = emu_inproc_syscall(&k, p, &sc);
    ck_assert_uint_eq(r.reg[0], TK_RV_FAILURE);
    ck_assert_uint_eq(r.reg[1], TK_NODEVICE);
    sc = call(TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0);
    r = emu_inproc_syscall(&k, p, &sc);
    ck_assert_uint_eq(r.written, 0);
    tk_kernel_fini(&k);
}
END_TEST

static void fault_at_once(void *ctx, struct tk_process *p, const struct tk_resume *resume,
                          struct tk_trap *trap)
{
    (void)p, (void)resume;
    unsigned *calls = ctx;
    (*calls)++;
    trap->kind = TK_TRAP_FAULT;
    trap->fault.kind = TK_FAULT_MEMORY;
}

START_TEST(inproc_code_fault_goes_through_the_fault_policy)
{
    /* spec §5.3: a fault the code reports is handled by the policy (Stop:
     * the process is Faulted, its context stopped, never run again). */
    struct tk_kernel k;
    struct tk_kernel_config config = {.fault_policy = TK_FAULT_POLICY_STOP};
    tk_kernel_init(&k, &config);
    unsigned calls = 0;
    struct emu_inproc_options o = {.name = "f", .code = fault_at_once, .code_ctx = &calls};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    ck_assert_int_eq(tk_kernel_run(&k), 0);
    ck_assert_uint_eq(calls, 1);
    ck_assert_int_eq(p->state, TK_STATE_FAULTED);
    ck_assert_uint_eq(emu_inproc_counts(p)->stops, 1);
    tk_kernel_fini(&k);
}
END_TEST

/* True if `addr` lies in a mapping nobody may read or write ("---p" in
 * /proc/self/maps). Read from the map rather than probed, so that no signal
 * is raised (Check's no-fork mode) and memcheck sees no access to report. */
static bool is_inaccessible(uint64_t addr)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    ck_assert_ptr_nonnull(maps);
    char line[512];
    bool inaccessible = false;
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long long start, end;
        char perms[5];
        if (sscanf(line, "%llx-%llx %4s", &start, &end, perms) == 3 && addr >= start &&
            addr < end) {
            inaccessible = perms[0] == '-' && perms[1] == '-';
            break;
        }
    }
    fclose(maps);
    return inaccessible;
}

START_TEST(inproc_ram_and_flash_have_guard_pages_on_both_sides)
{
    /* A kernel access one byte outside process RAM or flash must fault at
     * once (the fuzzers rely on it), not land in another mapping. */
    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct emu_inproc_options o = {.name = "g", .memory_len = 4096};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    ck_assert(!is_inaccessible(p->memory_start));
    ck_assert(!is_inaccessible(p->memory_start + p->memory_len - 1));
    ck_assert(is_inaccessible(p->memory_start - 1));
    ck_assert(is_inaccessible(p->memory_start + p->memory_len));
    ck_assert(!is_inaccessible(p->flash_start + p->flash_len - 1));
    ck_assert(is_inaccessible(p->flash_start - 1));
    ck_assert(is_inaccessible(p->flash_start + p->flash_len));
    tk_kernel_fini(&k);
}
END_TEST

Suite *process_inproc_suite(void)
{
    Suite *s = suite_create("process_inproc");
    TCase *t = tcase_create("inproc");
    tcase_add_test(t, inproc_ram_is_mapped_at_the_requested_fixed_address);
    tcase_add_test(t, inproc_taken_fixed_address_is_refused_and_nothing_created);
    tcase_add_test(t, inproc_tbf_flash_gives_entry_point_short_id_and_bytes);
    tcase_add_test(t, inproc_script_runs_in_order_under_the_kernel_loop_then_exits);
    tcase_add_test(t, inproc_direct_syscall_returns_what_the_kernel_wrote);
    tcase_add_test(t, inproc_code_fault_goes_through_the_fault_policy);
    tcase_add_test(t, inproc_ram_and_flash_have_guard_pages_on_both_sides);
    suite_add_tcase(s, t);
    return s;
}
