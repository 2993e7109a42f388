/* End to end: position-independent apps placed by tockemu, each app's RAM
 * budget, and the exact end of its flash (issue 11 parts 4-6).
 *
 * Real apps (tests/apps/pie, hello, blink) in forked children. libtock-host
 * links every app as a static PIE that relocates itself at start, so one TBF
 * runs at whatever flash address tockemu gives it; its RAM follows at flash +
 * 0x20000000 (x86-64 code reaches its data PC-relative).
 */
#include <check.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "appload.h"
#include "e2e.h"
#include "process.h"
#include "tbf.h"
#include "tbf_write.h"

enum { RAM_OFFSET = 0x20000000, PAGE = 4096, RUNTIME_FOOTPRINT_MAX = 16 * 1024 };

/* The header of a built app's TBF, parsed by the kernel's parser. */
static struct tk_tbf_header built_header(const char *app, void **bytes, size_t *len)
{
    char *path = e2e_app(app);
    *bytes = e2e_read_file(path, len);
    g_free(path);
    struct tk_tbf_lengths lengths;
    struct tk_tbf_header h;
    ck_assert_int_eq(tk_tbf_parse_lengths(*bytes, *len, &lengths, NULL), TK_TBF_OK);
    ck_assert_int_eq(tk_tbf_parse_header(*bytes, lengths.header_size, lengths.version, &h, NULL),
                     TK_TBF_OK);
    return h;
}

/* "flash 0x... ram 0x..." lines of pie_where, in output order. */
static unsigned where_lines(const char *out, unsigned long long flash[], unsigned long long ram[],
                            unsigned max)
{
    unsigned n = 0;
    for (const char *at = strstr(out, "flash "); at != NULL && n < max;
         at = strstr(at + 1, "flash ")) {
        if (sscanf(at, "flash %llx ram %llx", &flash[n], &ram[n]) == 2)
            n++;
    }
    return n;
}

/* spec §6.3: an app without a Fixed addresses TLV may be placed anywhere;
 * libtock-host's builds carry none, and say where their RAM goes. */
START_TEST(built_tbfs_have_no_fixed_addresses)
{
    static const char *const apps[] = {"hello", "pie_where", "blink", "lth_hello"};
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
        void *bytes;
        size_t len;
        struct tk_tbf_header h = built_header(apps[i], &bytes, &len);
        ck_assert_msg(!h.has_fixed_addresses, "%s has a Fixed addresses TLV", apps[i]);
        ck_assert_uint_eq(tk_tbf_fixed_address_flash(&h), TK_TBF_NOT_FIXED);
        g_free(bytes);
    }
}
END_TEST

/* spec §6.5: the same TBF twice is two processes at two flash addresses;
 * both run, their relocated pointers work, and each RAM follows its flash. */
START_TEST(one_tbf_runs_twice_at_two_addresses)
{
    struct e2e_result r = e2e_run("@pie_where", "@pie_where", NULL);
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
    unsigned long long flash[2], ram[2];
    ck_assert_uint_eq(where_lines(r.out, flash, ram, 2), 2);
    ck_assert_uint_ne(flash[0], flash[1]);
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(flash[i] % PAGE, 0);
        ck_assert_uint_eq(ram[i], flash[i] + RAM_OFFSET);
    }
    ck_assert_int_eq(e2e_count_lines(r.out, "relocated string, function 42"), 2);
    e2e_result_free(&r);
}
END_TEST

/* Apps built separately run together in any order: tockemu places them one
 * after another as given, and no two RAM regions meet. */
START_TEST(separately_built_apps_run_in_any_order)
{
    static const char *const orders[][3] = {
        {"@hello", "@pie_where", "@pie_budget"},
        {"@pie_budget", "@pie_where", "@hello"},
        {"@pie_where", "@hello", "@pie_budget"},
    };
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        struct e2e_result r = e2e_run(orders[i][0], orders[i][1], orders[i][2], NULL);
        ck_assert_msg(r.status == 0, "order %zu: %d: %s", i, r.status, r.err);
        ck_assert_int_eq(e2e_count_lines(r.out, "Hello, World!"), 1);
        ck_assert_int_eq(e2e_count_lines(r.out, "relocated string, function 42"), 1);
        ck_assert_int_eq(e2e_count_lines(r.out, "malloc(512) succeeded"), 1);
        e2e_result_free(&r);
    }
}
END_TEST

/* spec §6.5: TBFs with fixed flash addresses that overlap cannot both be
 * placed; the message says what to do. */
START_TEST(fixed_address_overlap_says_how_to_fix_it)
{
    struct emu_tbf_header h = {
        .total_size = 2 * PAGE,
        .flags = TK_TBF_FLAG_ENABLED,
        .protected_trailer_size = 0,
        .binary_end_offset = 2 * PAGE,
        .package_name = "fixed",
        .has_fixed_addresses = true,
        .fixed_ram = 0x60000000u,
        .fixed_flash = 0x40000000u + PAGE,
    };
    GByteArray *tbf = g_byte_array_new();
    size_t header_size;
    ck_assert_int_eq(emu_tbf_header_encode(&h, tbf, &header_size, NULL), 0);
    h.protected_trailer_size = (uint32_t)(PAGE - header_size);
    g_byte_array_set_size(tbf, 0);
    ck_assert_int_eq(emu_tbf_header_encode(&h, tbf, NULL, NULL), 0);
    g_byte_array_set_size(tbf, 2 * PAGE);
    memset(tbf->data + header_size, 0, 2 * PAGE - header_size);
    char *path = e2e_temp_file(tbf->data, tbf->len);
    struct e2e_result r = e2e_run(path, path, NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, "linked for fixed flash addresses that overlap; rebuild one "
                                "position-independent") != NULL,
                  "%s", r.err);
    e2e_result_free(&r);
    unlink(path);
    g_free(path);
    g_byte_array_unref(tbf);
}
END_TEST

/* spec §5.6: ProcessStandard::create asks the MPU for the TBF's minimum RAM
 * plus the kernel-owned top, and the nRF52840-DK's Cortex-M MPU
 * (arch/cortex-m/src/mpu.rs allocate_app_memory_region) allocates the next
 * power of two of at least 512 bytes, twice that when the app's first
 * subregion (a sixteenth) would reach the kernel's part. Facts: */
START_TEST(mpu_allocates_the_next_power_of_two)
{
    ck_assert_uint_eq(emu_mpu_allocation_size(8192, 0, 1000), 8192);
    ck_assert_uint_eq(emu_mpu_allocation_size(8193, 0, 1000), 16384);
    ck_assert_uint_eq(emu_mpu_allocation_size(100, 0, 50), 512);
    /* lua-hello built for a Cortex-M4 asks 7360 bytes (2240 of .got, .data
     * and .bss, stack 3072, heaps 1024 + 1024); the board's kernel part is
     * over 832 bytes (grant pointers, 10 tasks, the process struct). */
    ck_assert_uint_eq(emu_mpu_allocation_size(7360 + 1000, 32, 1000), 16384);
    /* 512 bytes: subregions of 32; the SVC frame's 32 bytes need two, which
     * reach past 512 - 490: doubled. */
    ck_assert_uint_eq(emu_mpu_allocation_size(512, 32, 490), 1024);
    ck_assert_uint_eq(emu_mpu_allocation_size(512, 32, 400), 512);
    ck_assert_uint_eq(emu_mpu_allocation_size(20000, 4000, 1000), 32768);
}
END_TEST

/* spec §5.6, §10.17: a process gets the RAM the board's MPU allocates for
 * its TBF's minimum RAM plus the kernel's part (the next power of two, at
 * least a 4 KiB host page), and its break can grow up to the kernel break,
 * into that rounding's slack, and not one byte past it. With APP_HEAP_SIZE
 * 1024, malloc(100000) still fails, as libtock-c's malloc_test02 expects, and
 * a small allocation works. */
START_TEST(app_gets_the_ram_the_mpu_allocates_for_its_tbf)
{
    void *bytes;
    size_t len;
    struct tk_tbf_header h = built_header("pie_budget", &bytes, &len);
    g_free(bytes);
    uint64_t asked = (uint64_t)tk_tbf_minimum_ram_size(&h) + tk_process_kernel_memory_size();
    uint64_t want = PAGE;
    while (want < asked)
        want *= 2;
    ck_assert_uint_lt(want, 100000); /* so that malloc(100000) must fail */
    struct e2e_result r = e2e_run("@pie_budget", NULL);
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
    char line[64];
    snprintf(line, sizeof line, "ram %llu", (unsigned long long)want);
    ck_assert_msg(e2e_count_lines(r.out, line) == 1, "want '%s':\n%s", line, r.out);
    ck_assert_int_eq(e2e_count_lines(r.out, "malloc(100000) failed"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "malloc(512) succeeded"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "brk past the grant start refused"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "brk to the grant start ok"), 1);
    /* The grant start: the allocation less the kernel's top and the grants
     * of the drivers the app used (console, at most a few hundred bytes),
     * past the minimum RAM the TBF asked for. */
    const char *g = strstr(r.out, "\ngrant start ");
    ck_assert_ptr_nonnull(g);
    unsigned long long grant = strtoull(g + strlen("\ngrant start "), NULL, 10);
    ck_assert_uint_le(grant, want - tk_process_kernel_memory_size());
    ck_assert_uint_gt(grant, want - tk_process_kernel_memory_size() - 1024);
    ck_assert_uint_gt(grant, tk_tbf_minimum_ram_size(&h));
    e2e_result_free(&r);
}
END_TEST

/* Issue 11: the runtime's own part of an app's RAM (musl's and
 * libtock-host's data, the stack cushion for musl's printf) is at most
 * 16 KiB. hello is built with libtock-c's defaults (STACK_SIZE 2048,
 * APP_HEAP_SIZE 1024, KERNEL_HEAP_SIZE 1024) and has no data of its own:
 * the rest of its minimum RAM is the runtime's. It still prints. */
START_TEST(runtime_footprint_is_at_most_16_kib)
{
    void *bytes;
    size_t len;
    struct tk_tbf_header h = built_header("hello", &bytes, &len);
    g_free(bytes);
    uint32_t asked = 2048 + 1024 + 1024;
    uint32_t min_ram = tk_tbf_minimum_ram_size(&h);
    ck_assert_uint_gt(min_ram, asked);
    fprintf(stderr, "runtime footprint: %u bytes of app RAM\n", min_ram - asked);
    ck_assert_uint_le(min_ram - asked, RUNTIME_FOOTPRINT_MAX);
    struct e2e_result r = e2e_run("@hello", NULL);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
}
END_TEST

/* spec §5.2: a read one byte past the app's flash is a memory protection
 * violation. tockbin ends every TBF on a page and tockemu places it on one,
 * so the host MPU's pages fit exactly. */
START_TEST(read_one_byte_past_flash_faults)
{
    void *bytes;
    size_t len;
    struct tk_tbf_header h = built_header("pie_flash_end", &bytes, &len);
    g_free(bytes);
    ck_assert_uint_eq(h.total_size % PAGE, 0);
    /* After another app, so that flash continues past its end. */
    struct e2e_result r = e2e_run("@pie_flash_end", "@hello", NULL);
    ck_assert_msg(strstr(r.out, "last byte ") != NULL, "%s\n%s", r.out, r.err);
    const char *expect = strstr(r.out, "expect: ");
    ck_assert_msg(expect != NULL, "%s", r.out);
    char *want = g_strdup_printf("tockemu: app 'pie_flash_end' faulted: %.*s",
                                 (int)strcspn(expect + 8, "\n"), expect + 8);
    ck_assert_msg(strstr(r.err, want) != NULL, "want '%s' in:\n%s", want, r.err);
    ck_assert_ptr_null(strstr(r.out, "past the end"));
    g_free(want);
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_pie_suite(void)
{
    Suite *s = suite_create("e2e_pie");
    TCase *tc = tcase_create("e2e_pie");
    tcase_add_test(tc, built_tbfs_have_no_fixed_addresses);
    tcase_add_test(tc, one_tbf_runs_twice_at_two_addresses);
    tcase_add_test(tc, separately_built_apps_run_in_any_order);
    tcase_add_test(tc, fixed_address_overlap_says_how_to_fix_it);
    tcase_add_test(tc, mpu_allocates_the_next_power_of_two);
    tcase_add_test(tc, app_gets_the_ram_the_mpu_allocates_for_its_tbf);
    tcase_add_test(tc, runtime_footprint_is_at_most_16_kib);
    tcase_add_test(tc, read_one_byte_past_flash_faults);
    suite_add_tcase(s, tc);
    return s;
}
