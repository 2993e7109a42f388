/* syscalls: the syscall rules of spec §1-§4, checked from a real app.
 *
 * Each check prints "ok <name>" or "FAIL <name>: <why>"; tests/e2e runs the
 * app and expects an "ok" line per name. Everything crosses the real channel
 * in a forked child; the kernel-level suites check the same rules in
 * process.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libtock/tock.h>

/* The runtime's raw entry, for what libtock-c's API cannot express (an
 * exit number other than 0/1). */
void lth__syscall(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t ret[4]);

#define CHECK(name, cond, ...)                                                                     \
    do {                                                                                           \
        if (cond)                                                                                  \
            printf("ok %s\n", name);                                                               \
        else {                                                                                     \
            printf("FAIL %s: ", name);                                                             \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

enum { ALARM = 0, CONSOLE = 1, LED = 2, READ_ONLY_STATE = 9, MISSING = 0x7777 };

static int upcalls_run;
static int last_arg;
static void count_upcall(int a, int b, int c, void *ud)
{
    (void)b, (void)c, (void)ud;
    upcalls_run++;
    last_arg = a;
}
static void other_upcall(int a, int b, int c, void *ud)
{
    (void)a, (void)b, (void)c, (void)ud;
    upcalls_run += 100;
}

static uint8_t rw_buffer[64];
static const char ro_in_flash[] = "read-only data in flash";

static void commands(void)
{
    syscall_return_t r = command(MISSING, 0, 0, 0);
    CHECK("command_missing_driver_nodevice", r.type == TOCK_SYSCALL_FAILURE && r.data[0] == 11,
          "type %d data %u", r.type, r.data[0]);
    r = command(CONSOLE, 0, 0, 0);
    CHECK("command_exists_success", r.type == TOCK_SYSCALL_SUCCESS, "type %d", r.type);
    r = command(CONSOLE, 99, 0, 0);
    CHECK("command_unknown_nosupport", r.type == TOCK_SYSCALL_FAILURE && r.data[0] == 10,
          "type %d data %u", r.type, r.data[0]);
    r = command(LED, 0, 0, 0);
    CHECK("command_led_count_is_success_u32", r.type == TOCK_SYSCALL_SUCCESS_U32, "type %d",
          r.type);
    r = command(ALARM, 1, 0, 0);
    CHECK("command_alarm_frequency_u32", r.type == TOCK_SYSCALL_SUCCESS_U32 && r.data[0] > 0,
          "type %d freq %u", r.type, r.data[0]);
}

static void subscribes(void)
{
    subscribe_return_t s = subscribe(MISSING, 0, count_upcall, (void *)0x1234);
    CHECK("subscribe_missing_driver_returns_passed_pair",
          !s.success && s.status == 11 && s.callback == count_upcall &&
              s.userdata == (void *)0x1234,
          "success %d status %d", s.success, s.status);
    s = subscribe(MISSING, 0, (subscribe_upcall *)(uintptr_t)0x10, NULL);
    CHECK("subscribe_bad_pointer_inval_before_driver", !s.success && s.status == 6,
          "success %d status %d", s.success, s.status);
    s = subscribe(ALARM, 0, count_upcall, (void *)1);
    CHECK("subscribe_first_returns_null_pair",
          s.success && s.callback == NULL && s.userdata == NULL, "success %d", s.success);
    s = subscribe(ALARM, 0, other_upcall, (void *)2);
    CHECK("subscribe_swap_returns_previous",
          s.success && s.callback == count_upcall && s.userdata == (void *)1, "success %d",
          s.success);
    s = subscribe(ALARM, 0, NULL, (void *)3);
    CHECK("subscribe_null_upcall_succeeds", s.success && s.callback == other_upcall, "success %d",
          s.success);
    s = subscribe(ALARM, 0, NULL, NULL);
    CHECK("subscribe_null_keeps_userdata", s.success && s.userdata == (void *)3, "ud %p",
          s.userdata);
    s = subscribe(CONSOLE, 3, count_upcall, NULL);
    CHECK("subscribe_number_out_of_range_nosupport", !s.success && s.status == 10, "status %d",
          s.status);
    s = subscribe(LED, 0, count_upcall, NULL);
    CHECK("subscribe_driver_without_grant_nomem", !s.success && s.status == 9, "status %d",
          s.status);
}

static void allows(void)
{
    allow_rw_return_t a = allow_readwrite(CONSOLE, 1, (void *)(uintptr_t)0xdead0001, 0);
    CHECK("allow_zero_length_any_address", a.success, "status %d", a.status);
    a = allow_readwrite(CONSOLE, 1, rw_buffer, sizeof rw_buffer);
    CHECK("allow_zero_length_pointer_returned_verbatim",
          a.success && a.ptr == (void *)(uintptr_t)0xdead0001 && a.size == 0, "ptr %p", a.ptr);
    a = allow_readwrite(CONSOLE, 1, NULL, 0);
    CHECK("allow_swap_returns_previous", a.success && a.ptr == rw_buffer && a.size == 64,
          "ptr %p size %zu", a.ptr, a.size);
    a = allow_readwrite(CONSOLE, 1, (void *)ro_in_flash, 8);
    CHECK("allow_rw_outside_ram_inval", !a.success && a.status == 6, "status %d", a.status);
    a = allow_readwrite(CONSOLE, 2, rw_buffer, 4);
    CHECK("allow_rw_number_out_of_range_nosupport", !a.success && a.status == 10, "status %d",
          a.status);
    a = allow_readwrite(MISSING, 0, rw_buffer, 4);
    CHECK("allow_rw_missing_driver_nodevice", !a.success && a.status == 11, "status %d", a.status);
    a = allow_readwrite(LED, 0, rw_buffer, 4);
    CHECK("allow_rw_driver_without_grant_nomem", !a.success && a.status == 9, "status %d",
          a.status);
    /* printf uses console RO allow 1 itself, so no output between these. */
    allow_ro_return_t ro_flash = allow_readonly(CONSOLE, 1, ro_in_flash, sizeof ro_in_flash);
    allow_ro_return_t ro_header = allow_readonly(CONSOLE, 1, tock_app_flash_begins_at(), 8);
    allow_ro_return_t ro_swap = allow_readonly(CONSOLE, 1, NULL, 0);
    CHECK("allow_ro_in_flash_accepted", ro_flash.success, "status %d", ro_flash.status);
    CHECK("allow_ro_in_protected_header_inval", !ro_header.success && ro_header.status == 6,
          "status %d", ro_header.status);
    CHECK("allow_ro_swap_returns_previous", ro_swap.success && ro_swap.ptr == ro_in_flash, "ptr %p",
          ro_swap.ptr);
    allow_userspace_r_return_t ur = allow_userspace_read(CONSOLE, 0, rw_buffer, 4);
    CHECK("allow_ur_unsupported_driver_nosupport", !ur.success && ur.status == 10, "status %d",
          ur.status);

    /* The one driver with a userspace-readable allow (spec §8.7): the kernel
     * writes the switch count into it before each switch into this app. */
    static uint32_t ros[4];
    ur = allow_userspace_read(READ_ONLY_STATE, 0, ros, sizeof ros);
    uint32_t before = ros[0];
    yield_no_wait();
    CHECK("allow_ur_read_only_state_refreshed", ur.success && ros[0] > before,
          "success %d count %u -> %u", ur.success, before, ros[0]);
    ur = allow_userspace_read(READ_ONLY_STATE, 0, NULL, 0);
    CHECK("allow_ur_swap_returns_previous", ur.success && ur.ptr == ros && ur.size == sizeof ros,
          "ptr %p", ur.ptr);
}

static void memops(void)
{
    uintptr_t ram_start = (uintptr_t)tock_app_memory_begins_at();
    uintptr_t ram_end = (uintptr_t)tock_app_memory_ends_at();
    uintptr_t grant = (uintptr_t)tock_app_grant_begins_at();
    uintptr_t flash_start = (uintptr_t)tock_app_flash_begins_at();
    uintptr_t flash_end = (uintptr_t)tock_app_flash_ends_at();
    memop_return_t brk0 = memop(1, 0);
    CHECK("memop_layout_ordered",
          ram_start < brk0.data && brk0.data <= grant && grant < ram_end && flash_start < flash_end,
          "ram %lx..%lx brk %lx grant %lx", (unsigned long)ram_start, (unsigned long)ram_end,
          (unsigned long)brk0.data, (unsigned long)grant);
    CHECK("memop_globals_in_ram",
          (uintptr_t)rw_buffer >= ram_start && (uintptr_t)rw_buffer < brk0.data, "rw_buffer %p",
          (void *)rw_buffer);
    CHECK("memop_no_writeable_regions", tock_app_number_writeable_flash_regions() == 0, "%d",
          tock_app_number_writeable_flash_regions());
    memop_return_t m = memop(8, 0);
    CHECK("memop_region_start_missing_fail", m.status == 1, "status %d", m.status);
    m = memop(12, 0);
    CHECK("memop_unknown_nosupport", m.status == 10, "status %d", m.status);
    m = memop(0, ram_end + 4096);
    CHECK("memop_brk_past_end_nomem", m.status == 9, "status %d", m.status);

    /* Growth is zero-filled: dirty the new bytes, shrink, grow again. */
    uintptr_t old = memop(1, 256).data;
    memset((void *)old, 0xA5, 256);
    memop(1, -256);
    memop(1, 256);
    int zero = 1;
    for (int i = 0; i < 256; i++)
        zero &= ((uint8_t *)old)[i] == 0;
    CHECK("memop_sbrk_growth_zero_filled", zero, "stale bytes after regrowth");

    /* Allow high-water mark: an allow of the new bytes pins the break. */
    allow_rw_return_t a = allow_readwrite(CONSOLE, 1, (void *)old, 256);
    m = memop(1, -256);
    CHECK("memop_brk_below_allow_high_water_nomem", a.success && m.status == 9, "status %d",
          m.status);
    a = allow_readwrite(CONSOLE, 1, NULL, 0);
    m = memop(1, -256);
    CHECK("memop_high_water_survives_unallow", m.status == 9, "status %d", m.status);
}

static void yields(void)
{
    CHECK("yield_no_wait_empty_returns_0", yield_no_wait() == 0, "returned 1");

    /* An alarm with dt = 0 fires during the command (spec §8.1). */
    upcalls_run = 0;
    subscribe_return_t s = subscribe(ALARM, 0, count_upcall, NULL);
    syscall_return_t r = command(ALARM, 5, 0, 0);
    int flag = yield_no_wait();
    CHECK("yield_no_wait_runs_queued_upcall",
          s.success && r.type == TOCK_SYSCALL_SUCCESS_U32 && flag == 1 && upcalls_run == 1,
          "flag %d upcalls %d", flag, upcalls_run);

    /* Subscribe purges queued function calls of that upcall id (§2.7). */
    upcalls_run = 0;
    r = command(ALARM, 5, 0, 0);
    s = subscribe(ALARM, 0, other_upcall, NULL);
    flag = yield_no_wait();
    CHECK("subscribe_purges_queued_upcalls", flag == 0 && upcalls_run == 0, "flag %d upcalls %d",
          flag, upcalls_run);

    /* Null upcall: the event is queued anyway and Yield-WaitFor gets it. */
    s = subscribe(ALARM, 0, NULL, NULL);
    r = command(ALARM, 5, 0, 0);
    uint32_t expiry = r.data[0];
    yield_waitfor_return_t w = yield_wait_for(ALARM, 0);
    CHECK("yield_wait_for_null_upcall_returns_args", w.data1 == expiry && w.data2 == 0,
          "data1 %u expiry %u", w.data1, expiry);

    /* Yield-WaitFor does not run the registered function. */
    upcalls_run = 0;
    s = subscribe(ALARM, 0, count_upcall, NULL);
    r = command(ALARM, 5, 0, 0);
    w = yield_wait_for(ALARM, 0);
    CHECK("yield_wait_for_skips_callback", upcalls_run == 0, "upcalls %d", upcalls_run);

    /* The queue holds 10 tasks; more are dropped silently (§10.41). */
    upcalls_run = 0;
    for (int i = 0; i < 12; i++)
        r = command(ALARM, 5, 0, 0);
    while (yield_no_wait())
        ;
    CHECK("upcall_queue_holds_ten", upcalls_run == 10, "ran %d", upcalls_run);

    /* A Yield-Wait returns after exactly one upcall ran. */
    upcalls_run = 0;
    r = command(ALARM, 5, 0, 0);
    r = command(ALARM, 5, 0, 0);
    yield();
    CHECK("yield_wait_runs_one_upcall", upcalls_run == 1, "ran %d", upcalls_run);
    yield();
    s = subscribe(ALARM, 0, NULL, NULL);
    (void)s;
}

/* Low-level debug (spec §8.6): output lines name the app and the values. */
static void low_level_debug(void)
{
    syscall_return_t r = command(8, 2, 0x1234, 0);
    CHECK("low_level_debug_print_success", r.type == TOCK_SYSCALL_SUCCESS, "type %d", r.type);
    r = command(8, 3, 0xab, 0xcd);
    r = command(8, 1, 0x2, 0);
}

static void exits(void)
{
    uint64_t ret[4];
    lth__syscall(6, 2, 0, 0, 0, ret);
    CHECK("exit_bad_number_nosupport_and_continues",
          (uint32_t)ret[0] == TOCK_SYSCALL_FAILURE && (uint32_t)ret[1] == 10, "variant %u error %u",
          (unsigned)ret[0], (unsigned)ret[1]);
}

int main(void)
{
    commands();
    subscribes();
    allows();
    memops();
    yields();
    low_level_debug();
    exits();
    printf("done\n");
    return 0;
}
