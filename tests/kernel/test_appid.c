/* Suite appid: CRC-32/POSIX, ShortIds, assigners, uniqueness, storage
 * permissions and the TBF-header syscall filter.
 *
 * Spec §7.1, §7.4-§7.6, §1.7 and §10 items 33-35.
 */
#include <check.h>
#include <string.h>

#include "appid.h"
#include "errorcode.h"
#include "tbf.h"
#include "tbf_builder.h"

/* ---- CRC-32/POSIX and ShortIds (spec §7.4, §7.1) ------------------------------- */

static const struct {
    const char *text;
    uint32_t crc;
} crc_vectors[] = {
    {"", 0xFFFFFFFF},      {"a", 0x579B24DF},         {"hello", 0x5E21DEA1},
    {"blink", 0x1D19E248}, {"123456789", 0x765E7680},
};

START_TEST(crc32_posix_matches_the_spec_vectors)
{
    /* spec §7.4: poly 0x04C11DB7, init 0, no reflection, final XOR. */
    const char *t = crc_vectors[_i].text;
    ck_assert_uint_eq(tk_crc32_posix((const uint8_t *)t, strlen(t)), crc_vectors[_i].crc);
}
END_TEST

START_TEST(locally_unique_never_equals_anything)
{
    /* spec §7.1, §10.33: LocallyUnique != LocallyUnique; Fixed by value. */
    char text[32];
    ck_assert(!tk_short_id_equal(0, 0));
    ck_assert(!tk_short_id_equal(0, 5));
    ck_assert(tk_short_id_equal(5, 5));
    ck_assert(!tk_short_id_equal(5, 6));
    tk_short_id_format(0, text, sizeof text);
    ck_assert_str_eq(text, "Unique");
    tk_short_id_format(0xabc, text, sizeof text);
    ck_assert_str_eq(text, "0xabc      ");
}
END_TEST

/* ---- Assigners (spec §7.4) ------------------------------------------------------- */

/* One binary: an app named `name` with `version` and an optional ShortId TLV. */
struct test_binary {
    uint8_t buf[128];
    struct tk_tbf_header header;
    struct tk_checked_binary checked;
};

static void make_binary(struct test_binary *t, const char *name, uint32_t version,
                        uint32_t short_id)
{
    struct tbf_builder b;
    tb_begin(&b, t->buf, sizeof t->buf, TK_TBF_FLAG_ENABLED);
    tb_program(&b, 0, 0, 0x100, 0x80, version);
    tb_kernel_version(&b, 2, 0);
    tb_name(&b, name);
    if (short_id != 0)
        tb_short_id(&b, short_id);
    tb_end_header(&b, 0x80);
    ck_assert_int_eq(tk_tbf_parse_header(t->buf, b.hdr, 2, &t->header, NULL), TK_TBF_OK);
    t->checked = (struct tk_checked_binary){.header = &t->header};
}

START_TEST(assigners_give_their_short_ids)
{
    /* spec §7.4 table. */
    struct test_binary t;
    make_binary(&t, "blink", 0, 0x1234);
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_NONE, &t.checked), 0);
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_SIMULATED, &t.checked), 0);
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_NAMES, &t.checked), 0x1D19E248);
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_TBF_HEADER, &t.checked), 0x1234);
    /* No accepted credential: metadata 0xF in the top nibble. */
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_NAME_METADATA, &t.checked), 0xFD19E248);
    t.checked.has_credential = true;
    t.checked.credential = (struct tk_check_result){TK_CHECK_ACCEPT, true, 0x2};
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_NAME_METADATA, &t.checked), 0x2D19E248);
}
END_TEST

START_TEST(tbf_header_assigner_without_short_id_is_locally_unique)
{
    /* spec §7.4: ShortId TLV 0 or absent -> LocallyUnique. */
    struct test_binary t;
    make_binary(&t, "x", 0, 0);
    ck_assert_uint_eq(tk_appid_short_id(TK_APPID_TBF_HEADER, &t.checked), 0);
}
END_TEST

START_TEST(same_identifier_follows_the_assigner)
{
    /* spec §7.4 column "same-identity test". */
    struct test_binary a, b, c;
    make_binary(&a, "blink", 0, 7);
    make_binary(&b, "blink", 1, 7);
    make_binary(&c, "other", 1, 7);
    ck_assert(!tk_appid_same_identifier(TK_APPID_NONE, &a.checked, &b.checked));
    ck_assert(tk_appid_same_identifier(TK_APPID_SIMULATED, &a.checked, &b.checked));
    ck_assert(!tk_appid_same_identifier(TK_APPID_SIMULATED, &a.checked, &c.checked));
    ck_assert(tk_appid_same_identifier(TK_APPID_NAMES, &a.checked, &b.checked));
    ck_assert(!tk_appid_same_identifier(TK_APPID_NAMES, &a.checked, &c.checked));
    ck_assert(!tk_appid_same_identifier(TK_APPID_TBF_HEADER, &a.checked, &c.checked));
}
END_TEST

/* ---- Uniqueness at load time (spec §7.5) ----------------------------------------- */

#define SELECT_MAX 4

static void select_binaries(enum tk_appid_assigner assigner, struct test_binary *t, unsigned n,
                            const struct tk_appid_process *procs, unsigned nprocs,
                            struct tk_appid_decision *out)
{
    struct tk_checked_binary bins[SELECT_MAX];
    for (unsigned i = 0; i < n; i++)
        bins[i] = t[i].checked;
    tk_appid_select(assigner, bins, n, procs, nprocs, out);
}

START_TEST(higher_version_wins_wherever_it_is_in_flash)
{
    /* spec §7.5, §10.34: a strictly greater version blocks a lower one. */
    struct test_binary t[3];
    struct tk_appid_decision d[3];
    make_binary(&t[0], "blink", 1, 0);
    make_binary(&t[1], "blink", 3, 0);
    make_binary(&t[2], "blink", 2, 0);
    select_binaries(TK_APPID_NAMES, t, 3, NULL, 0, d);
    ck_assert(!d[0].load);
    ck_assert(!d[0].by_process);
    ck_assert_uint_eq(d[0].by, 1);
    ck_assert(d[1].load);
    ck_assert(!d[2].load); /* blocked by the loaded version 3 */
    ck_assert_uint_eq(d[2].by, 1);
}
END_TEST

START_TEST(equal_versions_first_in_flash_wins)
{
    /* spec §10.34: on a tie the first loads and then blocks the rest. */
    struct test_binary t[2];
    struct tk_appid_decision d[2];
    make_binary(&t[0], "blink", 2, 0);
    make_binary(&t[1], "blink", 2, 0);
    select_binaries(TK_APPID_NAMES, t, 2, NULL, 0, d);
    ck_assert(d[0].load);
    ck_assert(!d[1].load);
    ck_assert_uint_eq(d[1].by, 0);
}
END_TEST

START_TEST(locally_unique_short_ids_never_block)
{
    /* spec §10.33: with () or a TBF-header assigner and no ShortIds, the same
     * app twice (even at different versions) loads twice. */
    struct test_binary t[2];
    struct tk_appid_decision d[2];
    make_binary(&t[0], "blink", 1, 0);
    make_binary(&t[1], "blink", 2, 0);
    select_binaries(TK_APPID_NONE, t, 2, NULL, 0, d);
    ck_assert(d[0].load && d[1].load);
    select_binaries(TK_APPID_TBF_HEADER, t, 2, NULL, 0, d);
    ck_assert(d[0].load && d[1].load);
}
END_TEST

START_TEST(equal_fixed_short_ids_block_across_names)
{
    /* spec §7.5: the same ShortId blocks even with different names. */
    struct test_binary t[2];
    struct tk_appid_decision d[2];
    make_binary(&t[0], "one", 1, 42);
    make_binary(&t[1], "two", 1, 42);
    select_binaries(TK_APPID_TBF_HEADER, t, 2, NULL, 0, d);
    ck_assert(d[0].load);
    ck_assert(!d[1].load);
}
END_TEST

START_TEST(a_loaded_process_blocks_whatever_its_version)
{
    /* spec §7.5: an already-loaded process with the same identifier or ShortId
     * blocks, even a newer binary. */
    struct test_binary t[1];
    struct tk_appid_decision d[1];
    struct tk_appid_process running = {(const uint8_t *)"blink", 5, 0x1D19E248};
    make_binary(&t[0], "blink", 9, 0);
    select_binaries(TK_APPID_NAMES, t, 1, &running, 1, d);
    ck_assert(!d[0].load);
    ck_assert(d[0].by_process);
    ck_assert_uint_eq(d[0].by, 0);
    /* The simulated assigner compares names, not ShortIds. */
    running.short_id = 0;
    select_binaries(TK_APPID_SIMULATED, t, 1, &running, 1, d);
    ck_assert(!d[0].load);
    select_binaries(TK_APPID_NONE, t, 1, &running, 1, d);
    ck_assert(d[0].load);
}
END_TEST

/* ---- Storage permissions (spec §7.6) --------------------------------------------- */

/* A header with a Storage Permissions TLV: write_id, reads, modifies. */
static void storage_header(uint8_t *buf, size_t cap, uint32_t write_id, const uint32_t *reads,
                           uint16_t nreads, const uint32_t *modifies, uint16_t nmodifies,
                           size_t cut, struct tk_tbf_header *h)
{
    uint8_t tlv[256];
    size_t len = 0;
    struct tbf_builder b;
    tb_put32(tlv, write_id);
    tb_put16(tlv + 4, nreads);
    len = 6;
    for (unsigned i = 0; i < nreads; i++, len += 4)
        tb_put32(tlv + len, reads[i]);
    tb_put16(tlv + len, nmodifies);
    len += 2;
    for (unsigned i = 0; i < nmodifies; i++, len += 4)
        tb_put32(tlv + len, modifies[i]);
    tb_begin(&b, buf, cap, TK_TBF_FLAG_ENABLED);
    tb_kernel_version(&b, 2, 0);
    tb_tlv(&b, TK_TBF_TLV_STORAGE_PERMISSIONS, tlv, (uint16_t)(len - cut));
    tb_end_header(&b, (uint32_t)cap);
    ck_assert_int_eq(tk_tbf_parse_header(buf, b.hdr, 2, h, NULL), TK_TBF_OK);
}

START_TEST(tbf_header_storage_writes_under_the_short_id)
{
    /* spec §10.35: the TLV's write_id only enables writing; the stored id is
     * the ShortId. Own records are not readable unless listed; 0 never is. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_storage_permissions p;
    uint32_t reads[] = {0, 7, 9}, modifies[] = {9};
    storage_header(buf, sizeof buf, 0x55, reads, 3, modifies, 1, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 0x1234, &h);
    ck_assert(p.valid);
    ck_assert_uint_eq(p.write_id, 0x1234);
    ck_assert(!p.read_modify_self);
    ck_assert(tk_storage_can_read(&p, 7));
    ck_assert(tk_storage_can_read(&p, 9));
    ck_assert(!tk_storage_can_read(&p, 0));
    ck_assert(!tk_storage_can_read(&p, 0x1234));
    ck_assert(tk_storage_can_modify(&p, 9));
    ck_assert(!tk_storage_can_modify(&p, 7));
}
END_TEST

START_TEST(tbf_header_storage_write_id_0_may_not_write)
{
    /* spec §7.6: write allowed iff the TLV's write_id != 0. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_storage_permissions p;
    storage_header(buf, sizeof buf, 0, NULL, 0, NULL, 0, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 0x1234, &h);
    ck_assert(p.valid);
    ck_assert_uint_eq(p.write_id, 0);
}
END_TEST

START_TEST(tbf_header_storage_needs_fixed_short_id_and_a_valid_tlv)
{
    /* spec §7.6, §6.5: LocallyUnique, > 8 ids or a truncated TLV -> null. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_storage_permissions p;
    uint32_t nine[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    storage_header(buf, sizeof buf, 1, nine, 2, NULL, 0, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 0, &h);
    ck_assert(!p.valid);
    ck_assert(!tk_storage_can_read(&p, 1));
    storage_header(buf, sizeof buf, 1, nine, 9, NULL, 0, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 5, &h);
    ck_assert(!p.valid);
    storage_header(buf, sizeof buf, 1, NULL, 0, nine, 9, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 5, &h);
    ck_assert(!p.valid);
    storage_header(buf, sizeof buf, 1, nine, 2, NULL, 0, 1, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 5, &h);
    ck_assert(!p.valid);
    storage_header(buf, sizeof buf, 1, nine, 8, nine, 8, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER, 5, &h);
    ck_assert(p.valid);
    ck_assert_uint_eq(p.read_count, 8);
}
END_TEST

START_TEST(individual_storage_is_own_id_only)
{
    /* spec §7.6: IndividualStoragePermissions. */
    struct tk_storage_permissions p;
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_INDIVIDUAL, 0x77, NULL);
    ck_assert(p.valid);
    ck_assert_uint_eq(p.write_id, 0x77);
    ck_assert(tk_storage_can_read(&p, 0x77));
    ck_assert(tk_storage_can_modify(&p, 0x77));
    ck_assert(!tk_storage_can_read(&p, 0x78));
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_INDIVIDUAL, 0, NULL);
    ck_assert(!p.valid);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_NULL, 0x77, NULL);
    ck_assert(!p.valid);
    ck_assert(!tk_storage_can_modify(&p, 0x77));
}
END_TEST

START_TEST(tbf_header_else_individual_storage_uses_the_tlv_when_there)
{
    /* spec §7.6: a board's policy (nrf52840dk-test-invs's
     * InvsStoragePermissions): the TLV's permissions when the TBF has one,
     * else its own records only; LocallyUnique gets nothing either way. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_storage_permissions p;
    storage_header(buf, sizeof buf, 0, NULL, 0, NULL, 0, 0, &h);
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER_ELSE_INDIVIDUAL, 0x77, &h);
    ck_assert(p.valid);
    ck_assert_uint_eq(p.write_id, 0);
    ck_assert(!tk_storage_can_read(&p, 0x77));
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER_ELSE_INDIVIDUAL, 0x77, NULL);
    ck_assert(p.valid);
    ck_assert_uint_eq(p.write_id, 0x77);
    ck_assert(tk_storage_can_read(&p, 0x77));
    ck_assert(tk_storage_can_modify(&p, 0x77));
    ck_assert(!tk_storage_can_read(&p, 0x78));
    tk_storage_permissions_init(&p, TK_STORAGE_POLICY_TBF_HEADER_ELSE_INDIVIDUAL, 0, NULL);
    ck_assert(!p.valid);
}
END_TEST

/* ---- Permissions TLV syscall filter (spec §1.7) ---------------------------------- */

struct perm_entry {
    uint32_t driver, offset;
    uint64_t mask;
};

/* A header whose Permissions TLV lists `n` entries, `cut` bytes short. */
static void perms_header(uint8_t *buf, size_t cap, const struct perm_entry *e, uint16_t n,
                         size_t cut, struct tk_permissions *perms, struct tk_tbf_header *h)
{
    uint8_t tlv[2 + 4 * 16];
    struct tbf_builder b;
    tb_put16(tlv, n);
    for (unsigned i = 0; i < n; i++) {
        tb_put32(tlv + 2 + 16 * i, e[i].driver);
        tb_put32(tlv + 6 + 16 * i, e[i].offset);
        tb_put32(tlv + 10 + 16 * i, (uint32_t)e[i].mask);
        tb_put32(tlv + 14 + 16 * i, (uint32_t)(e[i].mask >> 32));
    }
    tb_begin(&b, buf, cap, TK_TBF_FLAG_ENABLED);
    tb_tlv(&b, TK_TBF_TLV_PERMISSIONS, tlv, (uint16_t)(2 + 16 * n - cut));
    tb_end_header(&b, (uint32_t)cap);
    ck_assert_int_eq(tk_tbf_parse_header(buf, b.hdr, 2, h, NULL), TK_TBF_OK);
    tk_permissions_init(perms, h);
}

static struct tk_syscall call(uint32_t class_id, uint32_t driver, uint32_t number)
{
    return (struct tk_syscall){class_id, {driver, number, 0, 0}};
}

static int filter(const struct tk_permissions *p, uint32_t class_id, uint32_t driver,
                  uint32_t number)
{
    struct tk_syscall sc = call(class_id, driver, number);
    return tk_permissions_filter(p, &sc);
}

START_TEST(no_permissions_tlv_allows_everything)
{
    /* spec §1.7: no TLV -> everything allowed. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_permissions p;
    tb_begin(&b, buf, sizeof buf, 1);
    tb_kernel_version(&b, 2, 0);
    tb_end_header(&b, 64);
    ck_assert_int_eq(tk_tbf_parse_header(buf, b.hdr, 2, &h, NULL), TK_TBF_OK);
    tk_permissions_init(&p, &h);
    ck_assert_int_eq(tk_permissions_query(&p, 1, 0, NULL), TK_PERMS_NONE_AT_ALL);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 5), 0);
    ck_assert_int_eq(filter(NULL, TK_CLASS_COMMAND, 1, 5), 0);
}
END_TEST

START_TEST(command_needs_its_bit_at_offset_n_div_64)
{
    /* spec §1.7: command n allowed iff bit n % 64 of the entry at n / 64. */
    uint8_t buf[128];
    struct tk_tbf_header h;
    struct tk_permissions p;
    struct perm_entry e[] = {{1, 0, 1u << 3}, {1, 1, 1}};
    perms_header(buf, sizeof buf, e, 2, 0, &p, &h);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 3), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 4), TK_NODEVICE);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 64), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 65), TK_NODEVICE);
    /* Entries for the driver but none at offset 2 -> mask 0. */
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 128), TK_NODEVICE);
}
END_TEST

START_TEST(driver_without_entry_is_nodevice_for_all_but_yield_memop_exit)
{
    /* spec §1.7: TLV present, no entry for the driver -> NODEVICE for
     * Subscribe, Command and the Allows; Yield, Memop and Exit pass. */
    uint8_t buf[128];
    struct tk_tbf_header h;
    struct tk_permissions p;
    struct perm_entry e[] = {{1, 0, ~0ull}};
    perms_header(buf, sizeof buf, e, 1, 0, &p, &h);
    const uint32_t refused[] = {TK_CLASS_SUBSCRIBE, TK_CLASS_COMMAND, TK_CLASS_ALLOW_RW,
                                TK_CLASS_ALLOW_RO, TK_CLASS_ALLOW_UR};
    for (unsigned i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ck_assert_int_eq(filter(&p, refused[i], 2, 0), TK_NODEVICE);
    ck_assert_int_eq(filter(&p, TK_CLASS_YIELD, 2, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_MEMOP, 2, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_EXIT, 2, 0), 0);
}
END_TEST

START_TEST(subscribe_and_allow_pass_with_any_entry_for_the_driver)
{
    /* spec §1.7: an entry (even at another offset: mask 0) lets Subscribe and
     * Allow through. */
    uint8_t buf[128];
    struct tk_tbf_header h;
    struct tk_permissions p;
    struct perm_entry e[] = {{3, 1, 0}};
    perms_header(buf, sizeof buf, e, 1, 0, &p, &h);
    ck_assert_int_eq(filter(&p, TK_CLASS_SUBSCRIBE, 3, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_ALLOW_RW, 3, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_ALLOW_RO, 3, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_ALLOW_UR, 3, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 3, 0), TK_NODEVICE);
}
END_TEST

START_TEST(truncated_permissions_tlv_allows_everything)
{
    /* spec §6.5 quirk, §10.29: a truncated entry list -> NoPermsAtAll. */
    uint8_t buf[128];
    struct tk_tbf_header h;
    struct tk_permissions p;
    struct perm_entry e[] = {{1, 0, 1}, {2, 0, 1}};
    perms_header(buf, sizeof buf, e, 2, 1, &p, &h);
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 9, 0), 0);
    ck_assert_int_eq(filter(&p, TK_CLASS_SUBSCRIBE, 9, 0), 0);
    /* A match found before the truncated entry still counts (the kernel
     * stops at the first match). */
    ck_assert_int_eq(filter(&p, TK_CLASS_COMMAND, 1, 1), TK_NODEVICE);
    ck_assert_str_eq(tk_command_permissions_name(tk_permissions_query(&p, 9, 0, NULL)),
                     "NoPermsAtAll");
}
END_TEST

START_TEST(kernel_filter_reads_the_process_permissions)
{
    /* spec §1.5 step 2 hook: tk_kernel.filter. */
    uint8_t buf[128];
    struct tk_tbf_header h;
    struct tk_permissions p;
    struct tk_process proc;
    struct tk_syscall sc = call(TK_CLASS_COMMAND, 7, 0);
    struct perm_entry e[] = {{1, 0, 1}};
    perms_header(buf, sizeof buf, e, 1, 0, &p, &h);
    memset(&proc, 0, sizeof proc);
    ck_assert_int_eq(tk_permissions_kernel_filter(NULL, &proc, &sc), 0);
    proc.permissions = &p;
    ck_assert_int_eq(tk_permissions_kernel_filter(NULL, &proc, &sc), TK_NODEVICE);
}
END_TEST

Suite *appid_suite(void)
{
    Suite *s = suite_create("appid");
    TCase *t = tcase_create("ids");
    tcase_add_loop_test(t, crc32_posix_matches_the_spec_vectors, 0,
                        sizeof crc_vectors / sizeof crc_vectors[0]);
    tcase_add_test(t, locally_unique_never_equals_anything);
    tcase_add_test(t, assigners_give_their_short_ids);
    tcase_add_test(t, tbf_header_assigner_without_short_id_is_locally_unique);
    tcase_add_test(t, same_identifier_follows_the_assigner);
    suite_add_tcase(s, t);

    t = tcase_create("uniqueness");
    tcase_add_test(t, higher_version_wins_wherever_it_is_in_flash);
    tcase_add_test(t, equal_versions_first_in_flash_wins);
    tcase_add_test(t, locally_unique_short_ids_never_block);
    tcase_add_test(t, equal_fixed_short_ids_block_across_names);
    tcase_add_test(t, a_loaded_process_blocks_whatever_its_version);
    suite_add_tcase(s, t);

    t = tcase_create("storage");
    tcase_add_test(t, tbf_header_storage_writes_under_the_short_id);
    tcase_add_test(t, tbf_header_storage_write_id_0_may_not_write);
    tcase_add_test(t, tbf_header_storage_needs_fixed_short_id_and_a_valid_tlv);
    tcase_add_test(t, individual_storage_is_own_id_only);
    tcase_add_test(t, tbf_header_else_individual_storage_uses_the_tlv_when_there);
    suite_add_tcase(s, t);

    t = tcase_create("filter");
    tcase_add_test(t, no_permissions_tlv_allows_everything);
    tcase_add_test(t, command_needs_its_bit_at_offset_n_div_64);
    tcase_add_test(t, driver_without_entry_is_nodevice_for_all_but_yield_memop_exit);
    tcase_add_test(t, subscribe_and_allow_pass_with_any_entry_for_the_driver);
    tcase_add_test(t, truncated_permissions_tlv_allows_everything);
    tcase_add_test(t, kernel_filter_reads_the_process_permissions);
    suite_add_tcase(s, t);
    return s;
}
