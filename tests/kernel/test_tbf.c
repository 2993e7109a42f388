/* Suite tbf: TBF lengths, header TLVs, post-parse checks, scan, footers.
 *
 * Spec §6 (Tock Binary Format) and §10 items 25-31. Every rejection path of
 * §6.5 and §6.6 has its own test asserting the exact error.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "loader.h"
#include "tbf.h"
#include "tbf_builder.h"

/* The worked example of spec §6.2, byte for byte. */
static const uint8_t worked_example[60] = {
    0x02, 0x00, 0x3c, 0x00, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x7b, 0x40,
    0x6e, 0x09, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
    0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x03, 0x00, 0x05, 0x00, 0x62, 0x6c, 0x69, 0x6e, 0x6b, 0x00, 0x00, 0x00,
};

/* Assert the kernel-style spelling of an error. */
static void assert_text(const struct tk_tbf_error *e, const char *want)
{
    char text[160];
    tk_tbf_error_format(e, text, sizeof text);
    ck_assert_str_eq(text, want);
}

/* Parse `buf` as header of its own header_size; returns the error code. */
static enum tk_tbf_err parse(const uint8_t *buf, struct tk_tbf_header *h, struct tk_tbf_error *e)
{
    size_t header_size = (size_t)buf[2] | ((size_t)buf[3] << 8);
    return tk_tbf_parse_header(buf, header_size, 2, h, e);
}

/* ---- Lengths (spec §6.5, discovery table) ------------------------------------ */

START_TEST(lengths_fewer_than_8_bytes_is_not_enough_flash)
{
    /* spec §6.5: < 8 bytes of app flash left -> NotEnoughFlash. */
    struct tk_tbf_lengths l;
    struct tk_tbf_error e;
    ck_assert_int_eq(tk_tbf_parse_lengths(worked_example, 7, &l, &e), TK_TBF_NOT_ENOUGH_FLASH);
    ck_assert_int_eq(e.code, TK_TBF_NOT_ENOUGH_FLASH);
}
END_TEST

START_TEST(lengths_version_other_than_2_is_unable_to_parse)
{
    /* spec §6.5: erased flash (0xFFFF) ends the app list. */
    uint8_t erased[8];
    struct tk_tbf_lengths l;
    memset(erased, 0xFF, sizeof erased);
    ck_assert_int_eq(tk_tbf_parse_lengths(erased, 8, &l, NULL), TK_TBF_UNABLE_TO_PARSE);
    erased[0] = 1, erased[1] = 0;
    ck_assert_int_eq(tk_tbf_parse_lengths(erased, 8, &l, NULL), TK_TBF_UNABLE_TO_PARSE);
}
END_TEST

START_TEST(lengths_header_size_below_16_or_above_total_is_invalid_header)
{
    /* spec §6.5 row 3: InvalidHeader carries total_size so the loader can skip. */
    uint8_t buf[8] = {2, 0, 15, 0, 0x00, 0x08, 0, 0};
    struct tk_tbf_lengths l;
    struct tk_tbf_error e;
    ck_assert_int_eq(tk_tbf_parse_lengths(buf, 8, &l, &e), TK_TBF_INVALID_HEADER);
    ck_assert_uint_eq(e.a, 0x800);
    assert_text(&e, "InvalidHeader(2048)");
    tb_put16(buf + 2, 0x801);
    ck_assert_int_eq(tk_tbf_parse_lengths(buf, 8, &l, &e), TK_TBF_INVALID_HEADER);
    tb_put16(buf + 2, 0x800);
    ck_assert_int_eq(tk_tbf_parse_lengths(buf, 8, &l, &e), TK_TBF_OK);
    ck_assert_uint_eq(l.header_size, 0x800);
    ck_assert_uint_eq(l.total_size, 0x800);
}
END_TEST

/* ---- Header ------------------------------------------------------------------- */

START_TEST(worked_example_checksum_is_0x6e407b0b)
{
    /* spec §6.2 worked example: 60 bytes, checksum 0x6e407b0b. */
    struct tk_tbf_header h;
    uint8_t built[0x400];
    struct tbf_builder b;
    ck_assert_uint_eq(tk_tbf_checksum(worked_example, 60), 0x6e407b0b);
    ck_assert_int_eq(parse(worked_example, &h, NULL), TK_TBF_OK);
    ck_assert(h.is_app && tk_tbf_is_enabled(&h));
    ck_assert_uint_eq(h.checksum, 0x6e407b0b);
    ck_assert_uint_eq(h.total_size, 0x400);
    ck_assert(h.has_program && !h.has_main);
    ck_assert_uint_eq(tk_tbf_minimum_ram_size(&h), 0x1000);
    ck_assert_uint_eq(tk_tbf_binary_end(&h), 0x300);
    ck_assert_uint_eq(tk_tbf_binary_version(&h), 1);
    ck_assert(h.has_kernel_version && h.kernel_major == 2 && h.kernel_minor == 0);
    ck_assert_uint_eq(h.package_name_len, 5);
    ck_assert(memcmp(h.package_name, "blink", 5) == 0);

    /* The builder produces the same bytes. */
    tb_begin(&b, built, sizeof built, TK_TBF_FLAG_ENABLED);
    tb_program(&b, 0, 0, 0x1000, 0x300, 1);
    tb_kernel_version(&b, 2, 0);
    tb_name(&b, "blink");
    tb_end_header(&b, 0x400);
    ck_assert(memcmp(built, worked_example, sizeof worked_example) == 0);
}
END_TEST

START_TEST(checksum_mismatch_reports_stored_and_computed)
{
    /* spec §6.5: ChecksumMismatch(stored, computed), object skipped. */
    uint8_t buf[60];
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    memcpy(buf, worked_example, sizeof buf);
    buf[12] ^= 1;
    ck_assert_int_eq(parse(buf, &h, &e), TK_TBF_CHECKSUM_MISMATCH);
    ck_assert_uint_eq(e.a, 0x6e407b0a);
    ck_assert_uint_eq(e.b, 0x6e407b0b);
    assert_text(&e, "TbfHeaderParseFailure(ChecksumMismatch(1849719562, 1849719563))");
}
END_TEST

START_TEST(checksum_ignores_trailing_partial_word)
{
    /* spec §6.2: a header_size that is not a multiple of 4 leaves its last
     * bytes out of the XOR. */
    uint8_t buf[64];
    memcpy(buf, worked_example, 60);
    buf[60] = 0xAA, buf[61] = 0xBB;
    ck_assert_uint_eq(tk_tbf_checksum(buf, 62), tk_tbf_checksum(buf, 60));
    ck_assert_uint_eq(tk_tbf_checksum(buf, 63), tk_tbf_checksum(buf, 60));
    ck_assert_uint_ne(tk_tbf_checksum(buf, 64), tk_tbf_checksum(buf, 60));
}
END_TEST

START_TEST(version_0_header_is_unsupported_version_0)
{
    /* spec §6.5: an InvalidHeader object is parsed as version 0. */
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    ck_assert_int_eq(tk_tbf_parse_header(worked_example, 0, 0, &h, &e), TK_TBF_UNSUPPORTED_VERSION);
    ck_assert_uint_eq(e.a, 0);
    assert_text(&e, "TbfHeaderParseFailure(UnsupportedVersion(0))");
}
END_TEST

START_TEST(header_slice_shorter_than_16_is_internal_error)
{
    /* TbfHeaderV2Base::try_from needs 16 bytes (spec §6.2). */
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    ck_assert_int_eq(tk_tbf_parse_header(worked_example, 15, 2, &h, &e),
                     TK_TBF_PARSE_INTERNAL_ERROR);
    assert_text(&e, "TbfHeaderParseFailure(InternalError)");
}
END_TEST

START_TEST(tlv_header_past_header_size_is_not_enough_flash)
{
    /* spec §6.5: a TLV header that does not fit in header_size. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    b.hdr += 2; /* 2 stray bytes: not a whole TLV header */
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, &e), TK_TBF_PARSE_NOT_ENOUGH_FLASH);
    assert_text(&e, "TbfHeaderParseFailure(NotEnoughFlash)");
}
END_TEST

START_TEST(tlv_value_past_header_size_is_not_enough_flash)
{
    /* spec §6.5: the value of a known TLV must be inside header_size. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_tlv_raw(&b, TK_TBF_TLV_PACKAGE_NAME, 12, 8);
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_PARSE_NOT_ENOUGH_FLASH);
    /* Unknown types are not read, but their padded length is still skipped. */
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_tlv_raw(&b, 77, 12, 8);
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_PARSE_NOT_ENOUGH_FLASH);
}
END_TEST

START_TEST(tlv_padding_must_fit_inside_header_size)
{
    /* spec §10.29: name "blink" (5 bytes) needs 3 padding bytes in the header. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_name(&b, "blink");
    b.hdr -= 3; /* header ends right after the value */
    tb_end_header(&b, 64);
    ck_assert_uint_eq(b.hdr, 16 + 4 + 5);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_PARSE_NOT_ENOUGH_FLASH);
    b.hdr += 3;
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
}
END_TEST

/* Wrong lengths of the fixed-size TLVs: {type, bad length}. */
static const uint16_t bad_lengths[][2] = {
    {TK_TBF_TLV_MAIN, 11},
    {TK_TBF_TLV_MAIN, 16},
    {TK_TBF_TLV_PROGRAM, 16},
    {TK_TBF_TLV_PROGRAM, 24},
    {TK_TBF_TLV_WRITEABLE_FLASH_REGIONS, 12},
    {TK_TBF_TLV_FIXED_ADDRESSES, 4},
    {TK_TBF_TLV_KERNEL_VERSION, 8},
    {TK_TBF_TLV_SHORT_ID, 8},
};

START_TEST(wrong_tlv_length_is_bad_tlv_entry_of_its_type)
{
    /* spec §6.5: Main != 12 -> BadTlvEntry(1), Program != 20 -> 9, writeable
     * regions not a multiple of 8 -> 2, fixed addresses != 8 -> 5, kernel
     * version != 4 -> 8, ShortId != 4 -> 10. */
    uint8_t buf[96], zeros[24] = {0};
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    char want[64];
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_tlv(&b, bad_lengths[_i][0], zeros, bad_lengths[_i][1]);
    tb_end_header(&b, sizeof buf);
    ck_assert_int_eq(parse(buf, &h, &e), TK_TBF_BAD_TLV_ENTRY);
    ck_assert_uint_eq(e.a, bad_lengths[_i][0]);
    snprintf(want, sizeof want, "TbfHeaderParseFailure(BadTlvEntry(%u))", bad_lengths[_i][0]);
    assert_text(&e, want);
}
END_TEST

START_TEST(bad_length_is_reported_before_bounds)
{
    /* spec §6.5: parse.rs checks the exact length before slicing the value: a short
     * Program TLV at the very end of the header is BadTlvEntry, not
     * NotEnoughFlash. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_tlv_raw(&b, TK_TBF_TLV_PROGRAM, 40, 0);
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, &e), TK_TBF_BAD_TLV_ENTRY);
    ck_assert_uint_eq(e.a, 9);
}
END_TEST

static const char *const bad_names[] = {
    "\xff",     "\xc0\x80", "\xed\xa0\x80",     "\xf5\x80\x80\x80",
    "\xe2\x82", "ab\x80",   "\xf0\x80\x80\x80", "\xf4\x90\x80\x80",
};

START_TEST(package_name_not_utf8_is_bad_process_name)
{
    /* spec §6.5: str::from_utf8 fails -> BadProcessName (overlongs,
     * surrogates, > U+10FFFF, truncated and stray continuation bytes). */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_name(&b, bad_names[_i]);
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, &e), TK_TBF_BAD_PROCESS_NAME);
    assert_text(&e, "TbfHeaderParseFailure(BadProcessName)");
}
END_TEST

START_TEST(package_name_multibyte_utf8_is_accepted_and_missing_name_is_empty)
{
    /* spec §6.5: any valid UTF-8 is a name; no name TLV is the empty name. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    const char *name = "h\xc3\xa9llo\xe2\x82\xac\xf0\x9f\x98\x80";
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_name(&b, name);
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(h.package_name_len, strlen(name));
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_kernel_version(&b, 2, 0);
    tb_end_header(&b, 64);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(h.package_name_len, 0);
}
END_TEST

START_TEST(unknown_reserved_and_zero_fill_tlvs_are_skipped)
{
    /* spec §6.3: unknown types (PIC option 1 = 4 included), bit-15 types and
     * zero fill (type 0 / length 0) are skipped. */
    uint8_t buf[128], junk[7] = {1, 2, 3, 4, 5, 6, 7};
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_tlv(&b, TK_TBF_TLV_PIC_OPTION1, junk, 7);
    tb_tlv(&b, 0x8001, junk, 3);
    tb_tlv(&b, 77, junk, 0);
    tb_name(&b, "x");
    b.hdr += 8; /* zero fill: two type-0, length-0 TLVs */
    tb_end_header(&b, 128);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert(h.is_app);
    ck_assert_uint_eq(h.package_name_len, 1);
}
END_TEST

START_TEST(only_first_main_and_program_are_parsed)
{
    /* spec §6.4: later duplicates are skipped without a length check. */
    uint8_t buf[128], zeros[8] = {0};
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_program(&b, 1, 2, 3, 100, 7);
    tb_main(&b, 9, 9, 9);
    tb_tlv(&b, TK_TBF_TLV_PROGRAM, zeros, 8);
    tb_tlv(&b, TK_TBF_TLV_MAIN, zeros, 4);
    tb_end_header(&b, 128);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(h.program.binary_end_offset, 100);
    ck_assert_uint_eq(h.program.version, 7);
    ck_assert_uint_eq(h.main.init_fn_offset, 9);
}
END_TEST

START_TEST(program_wins_over_main_and_entry_omits_trailer)
{
    /* spec §6.4, §10.26: Program is used when present; entry = header_size +
     * init_fn_offset, app start = header_size + protected trailer. */
    uint8_t buf[128];
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_main(&b, 0x40, 0x80, 0x2000);
    tb_program(&b, 0x10, 0x20, 0x3000, 0x70, 5);
    tb_end_header(&b, 128);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(h.header_size, 16 + 16 + 24);
    ck_assert_uint_eq(tk_tbf_init_fn_offset(&h), 56 + 0x10);
    ck_assert_uint_eq(tk_tbf_protected_size(&h), 56 + 0x20);
    ck_assert_uint_eq(tk_tbf_app_start_offset(&h), 56 + 0x20);
    ck_assert_uint_eq(tk_tbf_minimum_ram_size(&h), 0x3000);
    ck_assert_uint_eq(tk_tbf_binary_end(&h), 0x70);
    ck_assert_uint_eq(tk_tbf_binary_version(&h), 5);
}
END_TEST

START_TEST(main_only_has_binary_end_total_size_and_version_0)
{
    /* spec §6.4: without Program, binary_end = total_size, version 0. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_main(&b, 0x40, 0x8, 0x2000);
    tb_end_header(&b, 0x800);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(tk_tbf_binary_end(&h), 0x800);
    ck_assert_uint_eq(tk_tbf_binary_version(&h), 0);
    ck_assert_uint_eq(tk_tbf_init_fn_offset(&h), 32 + 0x40);
    ck_assert_uint_eq(tk_tbf_protected_size(&h), 32 + 0x8);
}
END_TEST

START_TEST(no_main_no_program_is_an_app_with_entry_0)
{
    /* spec §10.27: TLVs but no Main/Program -> an app, entry 0, protected 0. */
    uint8_t buf[64];
    struct tbf_builder b;
    struct tk_tbf_header h;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_name(&b, "np");
    tb_end_header(&b, 0x200);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert(h.is_app);
    ck_assert_uint_eq(tk_tbf_init_fn_offset(&h), 0);
    ck_assert_uint_eq(tk_tbf_protected_size(&h), 0);
    ck_assert_uint_eq(tk_tbf_minimum_ram_size(&h), 0);
    ck_assert_uint_eq(tk_tbf_binary_end(&h), 0x200);
}
END_TEST

START_TEST(header_of_exactly_16_bytes_is_padding)
{
    /* spec §10.27 and post-parse check 1: Padding comes before anything. */
    uint8_t buf[16];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    tb_begin(&b, buf, sizeof buf, 0);
    tb_end_header(&b, 0x100);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert(!h.is_app);
    ck_assert_uint_eq(tk_tbf_binary_end(&h), 0);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e), TK_TBF_PADDING);
    assert_text(&e, "Padding");
}
END_TEST

START_TEST(optional_tlvs_are_read_with_their_none_values)
{
    /* spec §6.3: fixed addresses 0xFFFFFFFF = not fixed; ShortId 0 = none;
     * writeable regions n x {offset, size}. */
    uint8_t buf[128], regions[16];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_flash_region r;
    tb_put32(regions, 0x100), tb_put32(regions + 4, 0x40);
    tb_put32(regions + 8, 0x200), tb_put32(regions + 12, 0x80);
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_fixed_addresses(&b, 0x20001000, TK_TBF_NOT_FIXED);
    tb_short_id(&b, 0);
    tb_tlv(&b, TK_TBF_TLV_WRITEABLE_FLASH_REGIONS, regions, 16);
    tb_end_header(&b, 0x400);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(tk_tbf_fixed_address_ram(&h), 0x20001000);
    ck_assert_uint_eq(tk_tbf_fixed_address_flash(&h), TK_TBF_NOT_FIXED);
    ck_assert(h.has_short_id);
    ck_assert_uint_eq(tk_tbf_short_id(&h), 0);
    ck_assert_uint_eq(tk_tbf_writeable_flash_region_count(&h), 2);
    ck_assert(tk_tbf_writeable_flash_region(&h, 1, &r));
    ck_assert_uint_eq(r.offset, 0x200);
    ck_assert_uint_eq(r.size, 0x80);
    ck_assert(!tk_tbf_writeable_flash_region(&h, 2, &r));
    ck_assert_uint_eq(r.size, 0);
}
END_TEST

/* ---- Post-parse checks (spec §6.5, ProcessBinary::create) ------------------------ */

static void app_header(uint8_t *buf, size_t cap, uint32_t flags, int major, int minor,
                       uint32_t binary_end, uint32_t total, struct tk_tbf_header *h)
{
    struct tbf_builder b;
    tb_begin(&b, buf, cap, flags);
    tb_program(&b, 0, 0, 0x100, binary_end, 0);
    if (major >= 0)
        tb_kernel_version(&b, (uint16_t)major, (uint16_t)minor);
    tb_end_header(&b, total);
    ck_assert_int_eq(parse(buf, h, NULL), TK_TBF_OK);
}

START_TEST(disabled_app_is_not_enabled_process)
{
    /* spec §6.5 post-parse check 2, before the kernel version is looked at. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    app_header(buf, sizeof buf, TK_TBF_FLAG_STICKY, -1, 0, 0x80, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e), TK_TBF_NOT_ENABLED_PROCESS);
    assert_text(&e, "NotEnabledProcess");
}
END_TEST

START_TEST(kernel_version_must_be_major_2_minor_at_most_3)
{
    /* Post-parse check 3 and spec §10.25. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    app_header(buf, sizeof buf, 1, 3, 0, 0x80, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e),
                     TK_TBF_INCOMPATIBLE_KERNEL_VERSION);
    assert_text(&e, "IncompatibleKernelVersion(Some((3, 0)))");
    app_header(buf, sizeof buf, 1, 2, 4, 0x80, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e),
                     TK_TBF_INCOMPATIBLE_KERNEL_VERSION);
    assert_text(&e, "IncompatibleKernelVersion(Some((2, 4)))");
    app_header(buf, sizeof buf, 1, 2, 3, 0x80, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e), TK_TBF_OK);
}
END_TEST

START_TEST(missing_kernel_version_is_rejected_when_required)
{
    /* spec §10.25: the loader passes require_kernel_version = true. */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    app_header(buf, sizeof buf, 1, -1, 0, 0x80, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e),
                     TK_TBF_INCOMPATIBLE_KERNEL_VERSION);
    assert_text(&e, "IncompatibleKernelVersion(None)");
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, false, &e), TK_TBF_OK);
}
END_TEST

START_TEST(binary_end_past_total_size_is_not_enough_flash)
{
    /* spec §6.5 post-parse check 4 (it stops the scan, see the scan tests). */
    uint8_t buf[256];
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    app_header(buf, sizeof buf, 1, 2, 0, 0x101, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e), TK_TBF_NOT_ENOUGH_FLASH);
    assert_text(&e, "NotEnoughFlash");
    app_header(buf, sizeof buf, 1, 2, 0, 0x100, 0x100, &h);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0, true, &e), TK_TBF_OK);
}
END_TEST

START_TEST(fixed_flash_address_must_equal_start_plus_protected_size)
{
    /* spec §6.5 post-parse check 5: IncorrectFlashAddress(actual, expected). */
    uint8_t buf[256];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_error e;
    tb_begin(&b, buf, sizeof buf, 1);
    tb_program(&b, 0, 0x10, 0x100, 0x80, 0);
    tb_kernel_version(&b, 2, 0);
    /* header: 16 base + 24 Program + 8 KernelVersion + 12 FixedAddresses */
    tb_fixed_addresses(&b, TK_TBF_NOT_FIXED, 0x40000000 + 60 + 0x10);
    tb_end_header(&b, 0x100);
    ck_assert_int_eq(parse(buf, &h, NULL), TK_TBF_OK);
    ck_assert_uint_eq(tk_tbf_protected_size(&h), 60 + 0x10);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0x40000000, true, &e), TK_TBF_OK);
    ck_assert_int_eq(tk_tbf_check_binary(&h, 0x100, 0x40000100, true, &e),
                     TK_TBF_INCORRECT_FLASH_ADDRESS);
    ck_assert_uint_eq(e.a, 0x4000014c);
    ck_assert_uint_eq(e.b, 0x4000004c);
    assert_text(&e, "IncorrectFlashAddress(0x4000014c, 0x4000004c)");
}
END_TEST

/* ---- Scanning app flash (spec §6.5, §10.28) ------------------------------------- */

#define MAX_OBJECTS 8

struct scan_log {
    unsigned n;
    struct tk_tbf_object obj[MAX_OBJECTS];
    unsigned stop_after; /* return false after this many (0 = never) */
};

static bool record(void *ctx, const struct tk_tbf_object *obj)
{
    struct scan_log *log = ctx;
    ck_assert_uint_lt(log->n, MAX_OBJECTS);
    log->obj[log->n++] = *obj;
    return log->stop_after == 0 || log->n < log->stop_after;
}

static void scan(const uint8_t *flash, size_t len, struct scan_log *log)
{
    memset(log->obj, 0, sizeof log->obj);
    log->n = 0;
    ck_assert_uint_eq(tk_tbf_scan(flash, len, 0x40000, record, log), log->n);
}

START_TEST(scan_loads_back_to_back_objects_and_stops_below_8_bytes)
{
    /* spec §6.1: object N+1 starts at N + total_size; < 8 bytes ends. */
    uint8_t flash[0x205];
    struct tbf_builder b;
    struct scan_log log = {0};
    tb_app(&b, flash, 0x100, "a", 0x80, 0x100, 0);
    tb_app(&b, flash + 0x100, 0x100, "b", 0x80, 0x100, 0);
    memset(flash + 0x200, 0, 5);
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 3);
    ck_assert_int_eq(log.obj[0].verdict, TK_LOAD_OK);
    ck_assert_int_eq(log.obj[1].verdict, TK_LOAD_OK);
    ck_assert_uint_eq(log.obj[1].offset, 0x100);
    ck_assert_uint_eq(log.obj[1].address, 0x40100);
    ck_assert_int_eq(log.obj[2].verdict, TK_LOAD_STOP);
    ck_assert_int_eq(log.obj[2].error.code, TK_TBF_NOT_ENOUGH_FLASH);
}
END_TEST

START_TEST(scan_erased_flash_stops_with_header_not_found)
{
    /* spec §6.5: version != 2 -> TbfHeaderNotFound, stop. */
    uint8_t flash[64];
    struct scan_log log = {0};
    memset(flash, 0xFF, sizeof flash);
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_int_eq(log.obj[0].verdict, TK_LOAD_STOP);
    ck_assert_int_eq(log.obj[0].error.code, TK_TBF_TBF_HEADER_NOT_FOUND);
    assert_text(&log.obj[0].error, "TbfHeaderNotFound(UnableToParse)");
}
END_TEST

START_TEST(scan_invalid_header_skips_total_size_and_continues)
{
    /* spec §6.5 row 3: UnsupportedVersion(0), skip total_size bytes. */
    uint8_t flash[0x200];
    struct tbf_builder b;
    struct scan_log log = {0};
    tb_app(&b, flash, 0x100, "a", 0x80, 0x100, 0);
    tb_put16(flash + 2, 15);
    tb_app(&b, flash + 0x100, 0x100, "b", 0x80, 0x100, 0);
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 3);
    ck_assert_int_eq(log.obj[0].verdict, TK_LOAD_SKIP);
    ck_assert_int_eq(log.obj[0].initial_error, TK_TBF_INVALID_HEADER);
    assert_text(&log.obj[0].error, "TbfHeaderParseFailure(UnsupportedVersion(0))");
    ck_assert_int_eq(log.obj[1].verdict, TK_LOAD_OK);
}
END_TEST

START_TEST(scan_total_size_zero_stops_instead_of_spinning)
{
    /* spec §6.5, §10.28: the reference loader would never advance. */
    uint8_t flash[64] = {2, 0, 16, 0, 0, 0, 0, 0};
    struct scan_log log = {0};
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_int_eq(log.obj[0].verdict, TK_LOAD_STOP);
    ck_assert_int_eq(log.obj[0].error.code, TK_TBF_TOTAL_SIZE_ZERO);
    assert_text(&log.obj[0].error, "TotalSizeZero");
}
END_TEST

START_TEST(scan_total_size_past_flash_stops_with_not_enough_flash)
{
    /* spec §6.5: total_size > remaining flash -> NotEnoughFlash, stop. */
    uint8_t flash[0x100];
    struct tbf_builder b;
    struct scan_log log = {0};
    tb_app(&b, flash, sizeof flash, "a", 0x80, 0x101, 0);
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_int_eq(log.obj[0].verdict, TK_LOAD_STOP);
    ck_assert_int_eq(log.obj[0].error.code, TK_TBF_NOT_ENOUGH_FLASH);
    ck_assert(!log.obj[0].has_header);
}
END_TEST

START_TEST(scan_binary_end_past_total_size_stops_every_later_object)
{
    /* spec §10.28: this NotEnoughFlash ends discovery, unlike other defects. */
    uint8_t flash[0x200];
    struct tbf_builder b;
    struct scan_log log = {0};
    tb_app(&b, flash, 0x100, "a", 0x180, 0x100, 0);
    tb_app(&b, flash + 0x100, 0x100, "b", 0x80, 0x100, 0);
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 1);
    ck_assert_int_eq(log.obj[0].verdict, TK_LOAD_STOP);
    ck_assert(log.obj[0].has_header);
    ck_assert_int_eq(log.obj[0].error.code, TK_TBF_NOT_ENOUGH_FLASH);
}
END_TEST

START_TEST(scan_skips_parse_failures_padding_and_disabled_objects)
{
    /* spec §6.5: TbfHeaderParseFailure, Padding, NotEnabledProcess,
     * IncompatibleKernelVersion and IncorrectFlashAddress skip one object. */
    uint8_t flash[0x500];
    struct tbf_builder b;
    struct scan_log log = {0};
    tb_app(&b, flash, 0x100, "a", 0x80, 0x100, 0);
    flash[12] ^= 0xFF; /* checksum */
    tb_begin(&b, flash + 0x100, 0x100, 0);
    tb_end_header(&b, 0x100); /* padding */
    tb_app(&b, flash + 0x200, 0x100, "c", 0x80, 0x100, 0);
    flash[0x208] = 0; /* disabled */
    tb_fix_checksum(&b);
    tb_begin(&b, flash + 0x300, 0x100, 1);
    tb_program(&b, 0, 0, 0, 0x80, 0);
    tb_fixed_addresses(&b, TK_TBF_NOT_FIXED, 0x1234);
    tb_kernel_version(&b, 2, 1);
    tb_end_header(&b, 0x100);
    tb_app(&b, flash + 0x400, 0x100, "e", 0x80, 0x100, 0);
    scan(flash, sizeof flash, &log);
    ck_assert_uint_eq(log.n, 6);
    ck_assert_int_eq(log.obj[0].error.code, TK_TBF_CHECKSUM_MISMATCH);
    ck_assert_int_eq(log.obj[1].error.code, TK_TBF_PADDING);
    ck_assert_int_eq(log.obj[2].error.code, TK_TBF_NOT_ENABLED_PROCESS);
    ck_assert_int_eq(log.obj[3].error.code, TK_TBF_INCORRECT_FLASH_ADDRESS);
    for (unsigned i = 0; i < 4; i++)
        ck_assert_int_eq(log.obj[i].verdict, TK_LOAD_SKIP);
    ck_assert_int_eq(log.obj[4].verdict, TK_LOAD_OK);
    ck_assert_int_eq(log.obj[5].verdict, TK_LOAD_STOP);
}
END_TEST

START_TEST(scan_ends_when_the_callback_says_so)
{
    /* The caller stops a scan (e.g. no process slot left, spec §6.5). */
    uint8_t flash[0x200];
    struct tbf_builder b;
    struct scan_log log = {.stop_after = 1};
    tb_app(&b, flash, 0x100, "a", 0x80, 0x100, 0);
    tb_app(&b, flash + 0x100, 0x100, "b", 0x80, 0x100, 0);
    log.n = 0;
    ck_assert_uint_eq(tk_tbf_scan(flash, sizeof flash, 0, record, &log), 1);
    ck_assert_str_eq(tk_load_verdict_name(log.obj[0].verdict), "load");
}
END_TEST

/* ---- Footers (spec §6.6) -------------------------------------------------------- */

/* An app with binary_end 0x40 and total `total`, footers to be written. */
static void footer_app(struct tbf_builder *b, uint8_t *buf, size_t cap, uint32_t total,
                       struct tk_tbf_header *h)
{
    tb_app(b, buf, cap, "f", 0x40, total, 0);
    ck_assert_int_eq(parse(buf, h, NULL), TK_TBF_OK);
}

START_TEST(footers_are_chained_without_4_byte_alignment)
{
    /* spec §10.30: the next footer starts at current + 4 + length. */
    uint8_t buf[0x100], sha[32];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_footer f;
    struct tk_tbf_footer_iter it;
    struct tk_tbf_error e;
    memset(sha, 0xAB, sizeof sha);
    footer_app(&b, buf, sizeof buf, 0x100, &h);
    size_t at = tb_footer(&b, 0x40, TK_TBF_TLV_CREDENTIALS, 5, TK_TBF_CREDENTIAL_RESERVED, NULL, 0);
    ck_assert_uint_eq(at, 0x49);
    at = tb_footer(&b, at, TK_TBF_TLV_CREDENTIALS, 4 + 32 + 3, TK_TBF_CREDENTIAL_SHA256, sha, 32);
    tb_footer(&b, at, TK_TBF_TLV_CREDENTIALS, (uint16_t)(0x100 - at - 4),
              TK_TBF_CREDENTIAL_RESERVED, NULL, 0);

    tk_tbf_footer_iter_init(&it, buf, sizeof buf, &h);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, &e), TK_TBF_OK);
    ck_assert_uint_eq(f.offset, 0x40);
    ck_assert_uint_eq(f.tlv_length, 5);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, &e), TK_TBF_OK);
    ck_assert_uint_eq(f.index, 1);
    ck_assert_uint_eq(f.offset, 0x49);
    ck_assert_int_eq(f.format, TK_TBF_CREDENTIAL_SHA256);
    ck_assert_uint_eq(f.data_len, 32); /* the 3 extra bytes are ignored */
    ck_assert(memcmp(f.data, sha, 32) == 0);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, &e), TK_TBF_OK);
    ck_assert_uint_eq(f.offset, 0x49 + 4 + 39);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, &e), TK_TBF_PAST_LAST_FOOTER);
    ck_assert_int_eq(e.cause, TK_TBF_PARSE_NOT_ENOUGH_FLASH);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, &e), TK_TBF_PAST_LAST_FOOTER);
}
END_TEST

/* Each way a footer walk ends: {type, length, format, end, cause, cause_a}. */
static const struct footer_end_case {
    uint16_t type, length;
    uint32_t format;
    enum tk_tbf_err end, cause;
    uint32_t cause_a;
    const char *text;
} footer_ends[] = {
    {TK_TBF_TLV_MAIN, 12, 0, TK_TBF_BAD_FOOTER, TK_TBF_BAD_TLV_ENTRY, 1,
     "BadFooter(BadTlvEntry(1))"},
    {4, 12, 0, TK_TBF_BAD_FOOTER, TK_TBF_BAD_TLV_ENTRY, 129, "BadFooter(BadTlvEntry(129))"},
    {TK_TBF_TLV_CREDENTIALS, 8, 0xA, TK_TBF_BAD_FOOTER, TK_TBF_BAD_TLV_ENTRY, 128,
     "BadFooter(BadTlvEntry(128))"},
    {TK_TBF_TLV_CREDENTIALS, 3, 0, TK_TBF_BAD_FOOTER, TK_TBF_PARSE_INTERNAL_ERROR, 0,
     "BadFooter(InternalError)"},
    {TK_TBF_TLV_CREDENTIALS, 0xBD, 0, TK_TBF_PAST_LAST_FOOTER, TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0,
     "PastLastFooter(NotEnoughFlash)"},
    {TK_TBF_TLV_CREDENTIALS, 4 + 31, TK_TBF_CREDENTIAL_SHA256, TK_TBF_PAST_LAST_FOOTER,
     TK_TBF_PARSE_NOT_ENOUGH_FLASH, 0, "PastLastFooter(NotEnoughFlash)"},
};

START_TEST(footer_walk_ends_for_each_reason)
{
    /* spec §6.6: non-128 type (unknown types report 129, the kernel's
     * Unknown discriminant), unknown format, length < 4, value past the end,
     * value shorter than 4 + data. */
    const struct footer_end_case *c = &footer_ends[_i];
    uint8_t buf[0x100];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_footer f;
    struct tk_tbf_footer_iter it;
    struct tk_tbf_error e;
    footer_app(&b, buf, sizeof buf, 0x100, &h);
    tb_footer(&b, 0x40, c->type, c->length, c->format, NULL, 0);
    tk_tbf_footer_iter_init(&it, buf, sizeof buf, &h);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, &e), c->end);
    ck_assert_int_eq(e.code, c->end);
    ck_assert_int_eq(e.cause, c->cause);
    ck_assert_uint_eq(e.cause_a, c->cause_a);
    assert_text(&e, c->text);
}
END_TEST

START_TEST(fewer_than_4_footer_bytes_end_past_last_footer)
{
    /* spec §6.6: < 4 bytes left -> end; no footers at all when binary_end = total. */
    uint8_t buf[0x43];
    struct tbf_builder b;
    struct tk_tbf_header h;
    struct tk_tbf_footer f;
    struct tk_tbf_footer_iter it;
    footer_app(&b, buf, sizeof buf, sizeof buf, &h);
    tk_tbf_footer_iter_init(&it, buf, sizeof buf, &h);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &f, NULL), TK_TBF_PAST_LAST_FOOTER);
    ck_assert_uint_eq(it.pos, 0x40);
}
END_TEST

START_TEST(integrity_region_is_offset_0_to_binary_end)
{
    /* spec §6.7, §10.31: starts at 0, checksum word included, footers out. */
    uint8_t buf[0x100];
    struct tbf_builder b;
    struct tk_tbf_header h;
    footer_app(&b, buf, sizeof buf, 0x100, &h);
    struct tk_tbf_region r = tk_tbf_integrity_region(buf, &h);
    ck_assert_ptr_eq(r.data, buf);
    ck_assert_uint_eq(r.len, 0x40);
}
END_TEST

START_TEST(error_names_match_the_kernel)
{
    /* The kernel's own names (tock-tbf Debug output, spec §6.5). */
    ck_assert_str_eq(tk_tbf_err_name(TK_TBF_OK), "Ok");
    ck_assert_str_eq(tk_tbf_err_name(TK_TBF_INVALID_HEADER), "InvalidHeader");
    ck_assert_str_eq(tk_tbf_err_name(TK_TBF_INCOMPATIBLE_KERNEL_VERSION),
                     "IncompatibleKernelVersion");
    ck_assert_str_eq(tk_tbf_err_name(TK_TBF_ERR_COUNT), "Unknown");
    ck_assert_str_eq(tk_tbf_credential_format_name(TK_TBF_CREDENTIAL_ECDSA_NIST_P256),
                     "EcdsaNistP256");
    ck_assert_ptr_null(tk_tbf_credential_format_name(0xA));
    ck_assert_int_eq(tk_tbf_credential_data_len(TK_TBF_CREDENTIAL_RSA4096_KEY), 1024);
    ck_assert_int_eq(tk_tbf_credential_data_len(7), -1);
}
END_TEST

Suite *tbf_suite(void)
{
    Suite *s = suite_create("tbf");
    TCase *t = tcase_create("lengths");
    tcase_add_test(t, lengths_fewer_than_8_bytes_is_not_enough_flash);
    tcase_add_test(t, lengths_version_other_than_2_is_unable_to_parse);
    tcase_add_test(t, lengths_header_size_below_16_or_above_total_is_invalid_header);
    suite_add_tcase(s, t);

    t = tcase_create("header");
    tcase_add_test(t, worked_example_checksum_is_0x6e407b0b);
    tcase_add_test(t, checksum_mismatch_reports_stored_and_computed);
    tcase_add_test(t, checksum_ignores_trailing_partial_word);
    tcase_add_test(t, version_0_header_is_unsupported_version_0);
    tcase_add_test(t, header_slice_shorter_than_16_is_internal_error);
    tcase_add_test(t, tlv_header_past_header_size_is_not_enough_flash);
    tcase_add_test(t, tlv_value_past_header_size_is_not_enough_flash);
    tcase_add_test(t, tlv_padding_must_fit_inside_header_size);
    tcase_add_loop_test(t, wrong_tlv_length_is_bad_tlv_entry_of_its_type, 0,
                        sizeof bad_lengths / sizeof bad_lengths[0]);
    tcase_add_test(t, bad_length_is_reported_before_bounds);
    tcase_add_loop_test(t, package_name_not_utf8_is_bad_process_name, 0,
                        sizeof bad_names / sizeof bad_names[0]);
    tcase_add_test(t, package_name_multibyte_utf8_is_accepted_and_missing_name_is_empty);
    tcase_add_test(t, unknown_reserved_and_zero_fill_tlvs_are_skipped);
    tcase_add_test(t, only_first_main_and_program_are_parsed);
    tcase_add_test(t, program_wins_over_main_and_entry_omits_trailer);
    tcase_add_test(t, main_only_has_binary_end_total_size_and_version_0);
    tcase_add_test(t, no_main_no_program_is_an_app_with_entry_0);
    tcase_add_test(t, header_of_exactly_16_bytes_is_padding);
    tcase_add_test(t, optional_tlvs_are_read_with_their_none_values);
    suite_add_tcase(s, t);

    t = tcase_create("checks");
    tcase_add_test(t, disabled_app_is_not_enabled_process);
    tcase_add_test(t, kernel_version_must_be_major_2_minor_at_most_3);
    tcase_add_test(t, missing_kernel_version_is_rejected_when_required);
    tcase_add_test(t, binary_end_past_total_size_is_not_enough_flash);
    tcase_add_test(t, fixed_flash_address_must_equal_start_plus_protected_size);
    suite_add_tcase(s, t);

    t = tcase_create("scan");
    tcase_add_test(t, scan_loads_back_to_back_objects_and_stops_below_8_bytes);
    tcase_add_test(t, scan_erased_flash_stops_with_header_not_found);
    tcase_add_test(t, scan_invalid_header_skips_total_size_and_continues);
    tcase_add_test(t, scan_total_size_zero_stops_instead_of_spinning);
    tcase_add_test(t, scan_total_size_past_flash_stops_with_not_enough_flash);
    tcase_add_test(t, scan_binary_end_past_total_size_stops_every_later_object);
    tcase_add_test(t, scan_skips_parse_failures_padding_and_disabled_objects);
    tcase_add_test(t, scan_ends_when_the_callback_says_so);
    suite_add_tcase(s, t);

    t = tcase_create("footers");
    tcase_add_test(t, footers_are_chained_without_4_byte_alignment);
    tcase_add_loop_test(t, footer_walk_ends_for_each_reason, 0,
                        sizeof footer_ends / sizeof footer_ends[0]);
    tcase_add_test(t, fewer_than_4_footer_bytes_end_past_last_footer);
    tcase_add_test(t, integrity_region_is_offset_0_to_binary_end);
    tcase_add_test(t, error_names_match_the_kernel);
    suite_add_tcase(s, t);
    return s;
}
