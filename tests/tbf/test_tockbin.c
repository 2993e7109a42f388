/* tockbin and its library: TBF writing, credentials, and the CLI on bad input.
 *
 * Spec §6 (TBF layout, checksum, footers, integrity region) and §7.3
 * (checkers). Everything written is read back with the kernel's own parser
 * (emu/kernel/tbf.h), so writer and reader must agree. The host ELF is built
 * in memory (fake_elf) so that its layout does not depend on the compiler.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "kernel/tbf_builder.h"
#include "loader.h"
#include "tbf.h"
#include "tbf_inspect.h"
#include "credentials.h"
#include "tbf_sign.h"
#include "tbf_write.h"

#define TOCKBIN TOCKEMU_BUILD_ROOT "/emu/tools/tockbin"

/* ---- A host ELF, built in memory ----------------------------------------
 *
 *   file offset   what                       address
 *   0x0000        ELF header, 2 PT_LOADs     FLASH + 4096 (first PT_LOAD)
 *   0x0100        "code" (entry)             FLASH + 4096 + 0x100
 *   0x1000        .wfr.store (256 B)         FLASH + 4096 + 0x1000
 *   0x1100        .data (64 B; memsz 8 KiB)  RAM + 4096 (after the stack)
 *   0x1200        .symtab, .strtab, .shstrtab, section headers
 */
enum {
    FAKE_FLASH = 0x40000000,
    FAKE_RAM = 0x48000000,
    FAKE_ENTRY_OFFSET = 0x100,
    FAKE_WFR_OFFSET = 0x1000,
    FAKE_WFR_SIZE = 256,
    FAKE_DATA_OFFSET = 0x1100,
    FAKE_DATA_SIZE = 64,
    FAKE_STACK = 4096,
    FAKE_DATA_MEMSZ = 8192,
    FAKE_SYMTAB = 0x1200,
    FAKE_STRTAB = 0x1240,
    FAKE_SHSTRTAB = 0x1260,
    FAKE_SHDRS = 0x1300,
    FAKE_SECTIONS = 7,
    FAKE_SIZE = FAKE_SHDRS + FAKE_SECTIONS * sizeof(Elf64_Shdr),
};

static const char fake_strtab[] = "\0__lth_ram_start";
static const char fake_shstrtab[] = "\0.text\0.wfr.store\0.data\0.symtab\0.strtab\0.shstrtab";

/* Index of `name` in fake_shstrtab. */
static Elf64_Word shstr(const char *name)
{
    for (size_t i = 1; i < sizeof fake_shstrtab; i += strlen(fake_shstrtab + i) + 1)
        if (strcmp(fake_shstrtab + i, name) == 0)
            return (Elf64_Word)i;
    ck_abort_msg("no section name %s", name);
    return 0;
}

static void fake_section(uint8_t *elf, unsigned index, const char *name, Elf64_Word type,
                         Elf64_Off offset, Elf64_Xword size, Elf64_Word link, Elf64_Xword entsize)
{
    const Elf64_Shdr sh = {.sh_name = shstr(name),
                           .sh_type = type,
                           .sh_offset = offset,
                           .sh_size = size,
                           .sh_link = link,
                           .sh_entsize = entsize};
    memcpy(elf + FAKE_SHDRS + index * sizeof sh, &sh, sizeof sh);
}

/* The ELF drawn above; `with_symbol` false leaves __lth_ram_start out. */
static GByteArray *fake_elf(bool with_symbol)
{
    GByteArray *b = g_byte_array_new();
    g_byte_array_set_size(b, FAKE_SIZE);
    uint8_t *elf = b->data;
    memset(elf, 0, FAKE_SIZE);

    const Elf64_Ehdr eh = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = FAKE_FLASH + EMU_TBF_PROTECTED_SIZE + FAKE_ENTRY_OFFSET,
        .e_phoff = sizeof(Elf64_Ehdr),
        .e_shoff = FAKE_SHDRS,
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = 2,
        .e_shentsize = sizeof(Elf64_Shdr),
        .e_shnum = FAKE_SECTIONS,
        .e_shstrndx = FAKE_SECTIONS - 1,
    };
    const Elf64_Phdr ph[2] = {
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_X,
         .p_offset = 0,
         .p_vaddr = FAKE_FLASH + EMU_TBF_PROTECTED_SIZE,
         .p_filesz = FAKE_DATA_OFFSET,
         .p_memsz = FAKE_DATA_OFFSET,
         .p_align = 4096},
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_W,
         .p_offset = FAKE_DATA_OFFSET,
         .p_vaddr = FAKE_RAM + FAKE_STACK,
         .p_filesz = FAKE_DATA_SIZE,
         .p_memsz = FAKE_DATA_MEMSZ,
         .p_align = 4096},
    };
    memcpy(elf, &eh, sizeof eh);
    memcpy(elf + eh.e_phoff, ph, sizeof ph);
    memset(elf + FAKE_ENTRY_OFFSET, 0xc3, 16);
    for (unsigned i = 0; i < FAKE_WFR_SIZE; i++)
        elf[FAKE_WFR_OFFSET + i] = (uint8_t)i;

    const Elf64_Sym sym = {.st_name = 1, .st_shndx = SHN_ABS, .st_value = FAKE_RAM};
    memcpy(elf + FAKE_SYMTAB + sizeof sym, &sym, sizeof sym);
    memcpy(elf + FAKE_STRTAB, fake_strtab, sizeof fake_strtab);
    memcpy(elf + FAKE_SHSTRTAB, fake_shstrtab, sizeof fake_shstrtab);

    fake_section(elf, 1, ".text", SHT_PROGBITS, FAKE_ENTRY_OFFSET, 16, 0, 0);
    fake_section(elf, 2, ".wfr.store", SHT_PROGBITS, FAKE_WFR_OFFSET, FAKE_WFR_SIZE, 0, 0);
    fake_section(elf, 3, ".data", SHT_PROGBITS, FAKE_DATA_OFFSET, FAKE_DATA_SIZE, 0, 0);
    fake_section(elf, 4, ".symtab", SHT_SYMTAB, FAKE_SYMTAB, (with_symbol ? 2 : 1) * sizeof sym, 5,
                 sizeof sym);
    fake_section(elf, 5, ".strtab", SHT_STRTAB, FAKE_STRTAB, sizeof fake_strtab, 0, 0);
    fake_section(elf, 6, ".shstrtab", SHT_STRTAB, FAKE_SHSTRTAB, sizeof fake_shstrtab, 0, 0);
    return b;
}

/* A TBF from fake_elf with the default options and package name "blink". */
static GByteArray *fake_tbf(uint32_t footer_space)
{
    struct emu_tbf_create_options o;
    struct emu_err err;
    emu_tbf_create_options_init(&o);
    o.header.package_name = "blink";
    o.footer_space = footer_space;
    o.exact_footer_space = true;
    GByteArray *elf = fake_elf(true);
    GByteArray *tbf = g_byte_array_new();
    ck_assert_msg(emu_tbf_create_from_elf(elf->data, elf->len, "fake.elf", &o, tbf, &err) == 0,
                  "%s", err.msg);
    g_byte_array_unref(elf);
    return tbf;
}

/* Parse `tbf` with the kernel's parser and check it would load at
 * FAKE_FLASH; returns the header (pointers into tbf). */
static struct tk_tbf_header parse_ok(const GByteArray *tbf)
{
    struct tk_tbf_lengths lengths;
    struct tk_tbf_header h;
    ck_assert_int_eq(tk_tbf_parse_lengths(tbf->data, tbf->len, &lengths, NULL), TK_TBF_OK);
    ck_assert_uint_eq(lengths.total_size, tbf->len);
    ck_assert_int_eq(tk_tbf_parse_header(tbf->data, lengths.header_size, lengths.version, &h, NULL),
                     TK_TBF_OK);
    ck_assert_int_eq(tk_tbf_check_binary(&h, tbf->len, FAKE_FLASH, true, NULL), TK_TBF_OK);
    return h;
}

/* ---- §6.2 worked example, byte for byte --------------------------------- */

START_TEST(tbf_worked_example_encodes_byte_exact)
{
    /* spec §6.2: Program + KernelVersion 2.0 + name "blink", 60 bytes. */
    static const uint8_t golden[60] = {
        0x02, 0x00, 0x3c, 0x00, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0b, 0x7b, 0x40,
        0x6e, 0x09, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00, 0x02,
        0x00, 0x00, 0x00, 0x03, 0x00, 0x05, 0x00, 0x62, 0x6c, 0x69, 0x6e, 0x6b, 0x00, 0x00, 0x00,
    };
    const struct emu_tbf_header h = {
        .total_size = 0x400,
        .flags = TK_TBF_FLAG_ENABLED,
        .minimum_ram_size = 0x1000,
        .binary_end_offset = 0x300,
        .version = 1,
        .has_kernel_version = true,
        .kernel_major = 2,
        .kernel_minor = 0,
        .package_name = "blink",
    };
    GByteArray *out = g_byte_array_new();
    size_t header_size = 0;
    ck_assert_int_eq(emu_tbf_header_encode(&h, out, &header_size, NULL), 0);
    ck_assert_uint_eq(header_size, sizeof golden);
    ck_assert_uint_eq(out->len, sizeof golden);
    ck_assert_mem_eq(out->data, golden, sizeof golden);
    ck_assert_uint_eq(tk_tbf_checksum(out->data, out->len), 0x6e407b0bu);
    g_byte_array_unref(out);
}
END_TEST

/* ---- create ------------------------------------------------------------- */

START_TEST(create_fields_round_trip_through_parser)
{
    /* spec §6.1-§6.5, §1.8: every field written reads back, and the object
     * passes the loader's checks at FLASH_START. */
    static const struct emu_tbf_permission perms[] = {{1, 0, 0x3}, {0x50000, 1, ~0ull}};
    static const uint32_t reads[] = {7, 9}, modifies[] = {11};
    static const struct emu_tbf_wfr extra = {0x2000, 0x40};
    struct emu_tbf_create_options o;
    struct emu_err err;
    emu_tbf_create_options_init(&o);
    o.header.package_name = "roundtrip";
    o.header.version = 42;
    o.header.flags = TK_TBF_FLAG_ENABLED | TK_TBF_FLAG_STICKY;
    o.header.has_short_id = true;
    o.header.short_id = 0x12345678;
    o.header.permissions = perms;
    o.header.permission_count = 2;
    o.header.has_storage_permissions = true;
    o.header.storage_write_id = 5;
    o.header.storage_read_ids = reads;
    o.header.storage_read_count = 2;
    o.header.storage_modify_ids = modifies;
    o.header.storage_modify_count = 1;
    o.header.wfrs = &extra;
    o.header.wfr_count = 1;
    GByteArray *elf = fake_elf(true), *tbf = g_byte_array_new();
    ck_assert_msg(emu_tbf_create_from_elf(elf->data, elf->len, "fake.elf", &o, tbf, &err) == 0,
                  "%s", err.msg);
    const struct tk_tbf_header h = parse_ok(tbf);

    ck_assert_uint_eq(h.flags, TK_TBF_FLAG_ENABLED | TK_TBF_FLAG_STICKY);
    ck_assert_uint_eq(h.header_size + h.program.protected_trailer_size, EMU_TBF_PROTECTED_SIZE);
    ck_assert_uint_eq(tk_tbf_app_start_offset(&h), EMU_TBF_PROTECTED_SIZE);
    ck_assert_uint_eq(FAKE_FLASH + tk_tbf_init_fn_offset(&h),
                      FAKE_FLASH + EMU_TBF_PROTECTED_SIZE + FAKE_ENTRY_OFFSET);
    ck_assert_uint_eq(tk_tbf_minimum_ram_size(&h), FAKE_STACK + FAKE_DATA_MEMSZ);
    ck_assert_uint_eq(tk_tbf_binary_end(&h), EMU_TBF_PROTECTED_SIZE + FAKE_SIZE);
    /* The default footer grows to end the TBF on a page (issue 11: the flash
     * end is exact when the app is placed page-aligned). */
    ck_assert_uint_eq(h.total_size % 4096, 0);
    ck_assert_uint_ge(h.total_size, tk_tbf_binary_end(&h) + EMU_TBF_DEFAULT_FOOTER_SPACE);
    ck_assert_uint_lt(h.total_size, tk_tbf_binary_end(&h) + EMU_TBF_DEFAULT_FOOTER_SPACE + 4096);
    ck_assert_uint_eq(tk_tbf_binary_version(&h), 42);
    ck_assert_uint_eq(h.package_name_len, strlen("roundtrip"));
    ck_assert_mem_eq(h.package_name, "roundtrip", h.package_name_len);
    ck_assert(h.has_kernel_version);
    ck_assert_uint_eq(h.kernel_major, 2);
    ck_assert_uint_eq(h.kernel_minor, 3);
    ck_assert_uint_eq(tk_tbf_fixed_address_ram(&h), FAKE_RAM);
    ck_assert_uint_eq(tk_tbf_fixed_address_flash(&h), FAKE_FLASH + EMU_TBF_PROTECTED_SIZE);
    ck_assert_uint_eq(tk_tbf_short_id(&h), 0x12345678);
    ck_assert_mem_eq(tbf->data + EMU_TBF_PROTECTED_SIZE, elf->data, elf->len);

    /* Writeable flash regions: --wfr first, then the .wfr.* section. */
    struct tk_flash_region region;
    ck_assert_uint_eq(tk_tbf_writeable_flash_region_count(&h), 2);
    ck_assert(tk_tbf_writeable_flash_region(&h, 0, &region));
    ck_assert_uint_eq(region.offset, extra.offset);
    ck_assert_uint_eq(region.size, extra.size);
    ck_assert(tk_tbf_writeable_flash_region(&h, 1, &region));
    ck_assert_uint_eq(region.offset, EMU_TBF_PROTECTED_SIZE + FAKE_WFR_OFFSET);
    ck_assert_uint_eq(region.size, FAKE_WFR_SIZE);

    struct tk_permissions p;
    uint64_t mask;
    tk_permissions_init(&p, &h);
    ck_assert_int_eq(tk_permissions_query(&p, 1, 0, &mask), TK_PERMS_MASK);
    ck_assert_uint_eq(mask, 0x3);
    ck_assert_int_eq(tk_permissions_query(&p, 0x50000, 1, &mask), TK_PERMS_MASK);
    ck_assert(mask == ~0ull);
    ck_assert_int_eq(tk_permissions_query(&p, 2, 0, &mask), TK_PERMS_NONE_THIS_DRIVER);

    struct tk_tbf_storage_ids ids;
    ck_assert(tk_tbf_storage_ids(&h, &ids));
    ck_assert_uint_eq(ids.write_id, 5);
    ck_assert_uint_eq(ids.read_count, 2);
    ck_assert_uint_eq(ids.read_ids[1], 9);
    ck_assert_uint_eq(ids.modify_count, 1);
    ck_assert_uint_eq(ids.modify_ids[0], 11);

    /* spec §6.6: the footer area is one Reserved credential to total_size. */
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer footer;
    tk_tbf_footer_iter_init(&it, tbf->data, tbf->len, &h);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &footer, NULL), TK_TBF_OK);
    ck_assert_int_eq(footer.format, TK_TBF_CREDENTIAL_RESERVED);
    ck_assert_uint_eq(footer.offset + 4 + footer.tlv_length, tbf->len);
    ck_assert_int_eq(tk_tbf_footer_next(&it, &footer, NULL), TK_TBF_PAST_LAST_FOOTER);
    g_byte_array_unref(elf);
    g_byte_array_unref(tbf);
}
END_TEST

/* The ways a host ELF can be unusable, each with the message's key words. */
static const struct {
    const char *what;
    size_t offset; /* byte of the fake ELF to patch, 0 = none */
    uint8_t value;
    bool with_symbol;
    const char *message;
} bad_elves[] = {
    {"not ELF", 1, 'X', true, "fake.elf: not an ELF file"},
    {"32-bit", EI_CLASS, ELFCLASS32, true, "fake.elf: not a little-endian x86-64 ELF64"},
    {"PIE not linked at 0", offsetof(Elf64_Ehdr, e_type), ET_DYN, true,
     "position-independent, but its first PT_LOAD is at 0x"},
    {"shared object type", offsetof(Elf64_Ehdr, e_type), ET_REL, true, "not ET_EXEC or ET_DYN"},
    {"text not at offset 0", sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_offset), 0x10, true,
     "first PT_LOAD at file offset 0x10"},
    {"flash not aligned", sizeof(Elf64_Ehdr) + offsetof(Elf64_Phdr, p_vaddr), 0x80, true,
     "4096-aligned"},
    {"no RAM start", 0, 0, false, "no symbol __lth_ram_start"},
};

START_TEST(create_rejects_unusable_elf_naming_it)
{
    /* Style §3.2: the error names the input and the reason; out unchanged. */
    struct emu_tbf_create_options o;
    struct emu_err err = {""};
    emu_tbf_create_options_init(&o);
    GByteArray *elf = fake_elf(bad_elves[_i].with_symbol), *tbf = g_byte_array_new();
    if (bad_elves[_i].offset != 0)
        elf->data[bad_elves[_i].offset] = bad_elves[_i].value;
    ck_assert_int_eq(emu_tbf_create_from_elf(elf->data, elf->len, "fake.elf", &o, tbf, &err),
                     -EINVAL);
    ck_assert_msg(strstr(err.msg, bad_elves[_i].message) != NULL, "%s: got '%s'",
                  bad_elves[_i].what, err.msg);
    ck_assert_msg(strncmp(err.msg, "fake.elf: ", 10) == 0, "%s", err.msg);
    ck_assert_uint_eq(tbf->len, 0);
    g_byte_array_unref(elf);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(create_rejects_bad_footer_space)
{
    /* spec §6.6: a footer is at least 8 bytes and its length field is a
     * u16; total_size stays a multiple of 4. */
    static const uint32_t bad[] = {4, 7, 10, 65540, 70000};
    struct emu_tbf_create_options o;
    GByteArray *elf = fake_elf(true), *tbf = g_byte_array_new();
    emu_tbf_create_options_init(&o);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        struct emu_err err = {""};
        o.footer_space = bad[i];
        ck_assert_int_eq(emu_tbf_create_from_elf(elf->data, elf->len, "fake.elf", &o, tbf, &err),
                         -EINVAL);
        ck_assert_msg(strstr(err.msg, "fake.elf: footer space") == err.msg, "%s", err.msg);
        ck_assert_uint_eq(tbf->len, 0);
    }
    g_byte_array_unref(elf);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(create_survives_corrupted_elves)
{
    /* Style §3.2: a user file never crashes the tool. Deterministic
     * mutations (fixed seed) of the header tables and string tables; each
     * either builds a TBF the parser accepts or fails with a message. */
    GRand *rand = g_rand_new_with_seed(0x7b0c);
    struct emu_tbf_create_options o;
    emu_tbf_create_options_init(&o);
    for (unsigned round = 0; round < 3000; round++) {
        GByteArray *elf = fake_elf(true), *tbf = g_byte_array_new();
        struct emu_err err = {""};
        for (unsigned k = 0; k < 1 + round % 4; k++) {
            const bool tables = g_rand_boolean(rand);
            const size_t at = tables ? (size_t)g_rand_int_range(rand, 0, 0x100)
                                     : (size_t)g_rand_int_range(rand, FAKE_SYMTAB, FAKE_SIZE);
            elf->data[at] = (uint8_t)g_rand_int(rand);
        }
        if (round % 7 == 0)
            g_byte_array_set_size(elf, (guint)g_rand_int_range(rand, 0, FAKE_SIZE));
        if (emu_tbf_create_from_elf(elf->data, elf->len, "fake.elf", &o, tbf, &err) == 0) {
            struct tk_tbf_lengths lengths;
            struct tk_tbf_header h;
            ck_assert_int_eq(tk_tbf_parse_lengths(tbf->data, tbf->len, &lengths, NULL), TK_TBF_OK);
            ck_assert_int_eq(
                tk_tbf_parse_header(tbf->data, lengths.header_size, lengths.version, &h, NULL),
                TK_TBF_OK);
        } else {
            ck_assert_msg(strncmp(err.msg, "fake.elf: ", 10) == 0, "%s", err.msg);
            ck_assert_uint_eq(tbf->len, 0);
        }
        g_byte_array_unref(elf);
        g_byte_array_unref(tbf);
    }
    g_rand_free(rand);
}
END_TEST

/* ---- sign, verify, strip ------------------------------------------------- */

/* One credential kind: its format and, for signatures, the key to make. */
static const struct {
    uint32_t format;
    const char *key_type; /* NULL for hashes */
    size_t rsa_bits;
} kinds[] = {
    {TK_TBF_CREDENTIAL_SHA256, NULL, 0},          {TK_TBF_CREDENTIAL_SHA384, NULL, 0},
    {TK_TBF_CREDENTIAL_SHA512, NULL, 0},          {TK_TBF_CREDENTIAL_ECDSA_NIST_P256, "EC", 0},
    {TK_TBF_CREDENTIAL_RSA3072_KEY, "RSA", 3072}, {TK_TBF_CREDENTIAL_RSA4096_KEY, "RSA", 4096},
};

static EVP_PKEY *key_new(unsigned kind)
{
    if (kinds[kind].key_type == NULL)
        return NULL;
    EVP_PKEY *key = kinds[kind].rsa_bits != 0
                        ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", kinds[kind].rsa_bits)
                        : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    ck_assert_ptr_nonnull(key);
    return key;
}

/* The verdict on footer `index` of `tbf` with `key` as the only key. */
static enum tk_check_kind check_footer(const GByteArray *tbf, unsigned index, EVP_PKEY *key,
                                       uint32_t *format)
{
    const struct tk_tbf_header h = parse_ok(tbf);
    const struct tk_tbf_region region = tk_tbf_integrity_region(tbf->data, &h);
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer footer;
    tk_tbf_footer_iter_init(&it, tbf->data, tbf->len, &h);
    for (unsigned i = 0; i <= index; i++)
        ck_assert_int_eq(tk_tbf_footer_next(&it, &footer, NULL), TK_TBF_OK);
    if (format != NULL)
        *format = footer.format;
    /* The kernel's checkers, as tockemu's loader and tockbin verify use them. */
    struct emu_credentials credentials;
    struct emu_err err;
    ck_assert_int_eq(emu_credentials_init(&credentials, NULL, NULL, NULL, &err), 0);
    if (key != NULL)
        ck_assert_msg(emu_credentials_add_key(&credentials, key, "key", &err) == 0, "%s", err.msg);
    return emu_credentials_check_footer(&credentials, &footer, region).kind;
}

static void sign_ok(GByteArray *tbf, uint32_t format, EVP_PKEY *key, bool replace)
{
    struct emu_err err;
    ck_assert_msg(emu_tbf_sign(tbf, "app.tbf", format, key, replace, &err) == 0, "%s", err.msg);
}

START_TEST(sign_carves_reserved_space_and_verifies_accept)
{
    /* spec §6.6/§6.7: the credential replaces part of the Reserved footer,
     * so total_size and the integrity region stay byte-identical. */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    GByteArray *before = g_byte_array_new();
    g_byte_array_append(before, tbf->data, tbf->len);
    const struct tk_tbf_header h = parse_ok(before);
    const uint32_t binary_end = tk_tbf_binary_end(&h);
    EVP_PKEY *key = key_new(_i);
    uint32_t format;

    sign_ok(tbf, kinds[_i].format, key, false);
    ck_assert_uint_eq(tbf->len, before->len);
    ck_assert_mem_eq(tbf->data, before->data, binary_end);
    ck_assert_int_eq(check_footer(tbf, 0, key, &format), TK_CHECK_ACCEPT);
    ck_assert_uint_eq(format, kinds[_i].format);
    ck_assert_int_eq(check_footer(tbf, 1, key, &format), TK_CHECK_PASS);
    ck_assert_uint_eq(format, TK_TBF_CREDENTIAL_RESERVED);

    /* A tampered binary: a hash is Reject, a signature merely Pass. */
    tbf->data[EMU_TBF_PROTECTED_SIZE + FAKE_ENTRY_OFFSET] ^= 1;
    ck_assert_int_eq(check_footer(tbf, 0, key, NULL),
                     kinds[_i].key_type == NULL ? TK_CHECK_REJECT : TK_CHECK_PASS);
    tbf->data[EMU_TBF_PROTECTED_SIZE + FAKE_ENTRY_OFFSET] ^= 1;

    /* strip gives back the unsigned object, byte for byte. */
    struct emu_err err;
    ck_assert_msg(emu_tbf_strip(tbf, "app.tbf", &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(tbf->len, before->len);
    ck_assert_mem_eq(tbf->data, before->data, before->len);
    EVP_PKEY_free(key);
    g_byte_array_unref(before);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(signature_with_wrong_key_is_pass)
{
    /* spec §7.3 AppCheckerSignature: no key verifies → Pass, not Reject. */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    const unsigned kind = 3 + (unsigned)_i; /* ECDSA, RSA 3072 */
    EVP_PKEY *key = key_new(kind), *other = key_new(kind);
    sign_ok(tbf, kinds[kind].format, key, false);
    ck_assert_int_eq(check_footer(tbf, 0, other, NULL), TK_CHECK_PASS);
    /* With no key at all, RSA checks the footer's own modulus (integrity,
     * as emu/kernel/appid.c's RSA checker does); ECDSA cannot. */
    ck_assert_int_eq(check_footer(tbf, 0, NULL, NULL),
                     kinds[kind].rsa_bits != 0 ? TK_CHECK_ACCEPT : TK_CHECK_PASS);
    ck_assert_int_eq(check_footer(tbf, 0, key, NULL), TK_CHECK_ACCEPT);
    EVP_PKEY_free(key);
    EVP_PKEY_free(other);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(resign_with_replace_keeps_integrity_region)
{
    /* spec §6.7: --replace drops old credentials first, so the region the
     * new one covers is the one the first one covered. */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    GByteArray *before = g_byte_array_new();
    g_byte_array_append(before, tbf->data, tbf->len);
    EVP_PKEY *key = key_new(3);
    sign_ok(tbf, TK_TBF_CREDENTIAL_SHA256, NULL, false);
    sign_ok(tbf, TK_TBF_CREDENTIAL_SHA512, NULL, false);
    ck_assert_int_eq(check_footer(tbf, 1, NULL, NULL), TK_CHECK_ACCEPT);
    sign_ok(tbf, TK_TBF_CREDENTIAL_ECDSA_NIST_P256, key, true);

    uint32_t format;
    const struct tk_tbf_header h = parse_ok(tbf);
    ck_assert_uint_eq(tbf->len, before->len);
    ck_assert_mem_eq(tbf->data, before->data, tk_tbf_binary_end(&h));
    ck_assert_int_eq(check_footer(tbf, 0, key, &format), TK_CHECK_ACCEPT);
    ck_assert_uint_eq(format, TK_TBF_CREDENTIAL_ECDSA_NIST_P256);
    ck_assert_int_eq(check_footer(tbf, 1, NULL, &format), TK_CHECK_PASS);
    ck_assert_uint_eq(format, TK_TBF_CREDENTIAL_RESERVED);
    EVP_PKEY_free(key);
    g_byte_array_unref(before);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(sign_without_room_grows_only_when_no_credential_is_left)
{
    /* spec §6.7: total_size is in the integrity region; growing it would
     * invalidate a credential already there. */
    GByteArray *tbf = fake_tbf(0);
    const uint32_t binary_end = (uint32_t)tbf->len;
    struct emu_err err = {""};
    sign_ok(tbf, TK_TBF_CREDENTIAL_SHA256, NULL, false);
    ck_assert_uint_eq(tbf->len, binary_end + 8 + 32);
    ck_assert_int_eq(check_footer(tbf, 0, NULL, NULL), TK_CHECK_ACCEPT);

    ck_assert_int_eq(emu_tbf_sign(tbf, "app.tbf", TK_TBF_CREDENTIAL_SHA384, NULL, false, &err),
                     -EINVAL);
    ck_assert_msg(strstr(err.msg, "app.tbf: ") == err.msg && strstr(err.msg, "--replace"), "%s",
                  err.msg);
    sign_ok(tbf, TK_TBF_CREDENTIAL_SHA384, NULL, true);
    ck_assert_uint_eq(tbf->len, binary_end + 8 + 48);
    ck_assert_int_eq(check_footer(tbf, 0, NULL, NULL), TK_CHECK_ACCEPT);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(sign_absorbs_leftover_under_one_footer)
{
    /* spec §6.6: a footer's bytes past its data are ignored, so 1-7 bytes
     * left over after a credential become part of it. */
    GByteArray *tbf = fake_tbf(8 + 32 + 4);
    sign_ok(tbf, TK_TBF_CREDENTIAL_SHA256, NULL, false);
    ck_assert_int_eq(check_footer(tbf, 0, NULL, NULL), TK_CHECK_ACCEPT);
    const struct tk_tbf_header h = parse_ok(tbf);
    ck_assert_uint_eq(tbf->len, tk_tbf_binary_end(&h) + 8 + 32 + 4);
    g_byte_array_unref(tbf);
}
END_TEST

/* ---- The CLI on bad input (runs the built tockbin, no shell) ------------ */

struct run {
    int status;
    char *out, *err; /* stdout, stderr */
};

static struct run tockbin(const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (char *)TOCKBIN);
    for (size_t i = 0; args[i] != NULL; i++)
        g_ptr_array_add(argv, (char *)args[i]);
    g_ptr_array_add(argv, NULL);
    struct run r = {0};
    GError *error = NULL;
    int wait_status;
    ck_assert_msg(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &r.out, &r.err, &wait_status, &error),
                  "%s", error != NULL ? error->message : "");
    ck_assert(WIFEXITED(wait_status));
    r.status = WEXITSTATUS(wait_status);
    g_ptr_array_free(argv, TRUE);
    return r;
}

static void run_free(struct run *r)
{
    g_free(r->out);
    g_free(r->err);
}

/* A scratch directory with `name` in it holding `data`; returns its path. */
static char *scratch_file(char **dir, const char *name, const void *data, size_t len)
{
    *dir = g_dir_make_tmp("tockbin-XXXXXX", NULL);
    ck_assert_ptr_nonnull(*dir);
    char *path = g_build_filename(*dir, name, NULL);
    ck_assert(g_file_set_contents(path, data, (gssize)len, NULL));
    return path;
}

static const char *const cli_missing_elf[] = {"create", "--elf", "/nonexistent/app.elf", "--name",
                                              "x",      "-o",    "/nonexistent/out.tbf", NULL};
static const char *const cli_missing_tbf[] = {"inspect", "/nonexistent/app.tbf", NULL};
static const char *const cli_bad_flag[] = {"create", "--no-such-flag", NULL};
static const char *const cli_bad_number[] = {"create", "--elf", "a",          "--name", "x",
                                             "-o",     "b",     "--short-id", "0xZZ",   NULL};

static const struct {
    const char *const *args;
    const char *message; /* expected in stderr */
} cli_cases[] = {
    {cli_missing_elf, "/nonexistent/app.elf: cannot open input: No such file or directory"},
    {cli_missing_tbf, "/nonexistent/app.tbf: cannot open input: No such file or directory"},
    {cli_bad_flag, "--no-such-flag"},
    {cli_bad_number, "--short-id '0xZZ'"},
};

START_TEST(cli_bad_input_exits_2_naming_it)
{
    /* Style §3.2: one line on stderr naming the input and the reason. */
    struct run r = tockbin(cli_cases[_i].args);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, cli_cases[_i].message) != NULL, "stderr: %s", r.err);
    ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1, "not one line: %s", r.err);
    ck_assert_str_eq(r.out, "");
    run_free(&r);
}
END_TEST

START_TEST(cli_non_tbf_and_non_elf_exit_2_naming_the_file)
{
    char *dir;
    char *path = scratch_file(&dir, "junk.bin", "this is not a TBF", 17);
    char *out = g_build_filename(dir, "out.tbf", NULL);
    const char *const inspect[] = {"inspect", path, NULL};
    const char *const verify[] = {"verify", path, NULL};
    const char *const create[] = {"create", "--elf", path, "--name", "x", "-o", out, NULL};
    const char *const *const cases[] = {inspect, verify, create};

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct run r = tockbin(cases[i]);
        ck_assert_int_eq(r.status, 2);
        ck_assert_msg(strstr(r.err, path) != NULL, "%s: stderr %s", cases[i][0], r.err);
        run_free(&r);
    }
    ck_assert(!g_file_test(out, G_FILE_TEST_EXISTS));
    g_unlink(path);
    g_rmdir(dir);
    g_free(out);
    g_free(path);
    g_free(dir);
}
END_TEST

START_TEST(cli_create_sign_verify_strip_round_trip)
{
    /* The CLI end to end on the fake ELF: create, sign, verify, strip. */
    GByteArray *elf = fake_elf(true);
    char *dir;
    char *elf_path = scratch_file(&dir, "app.elf", elf->data, elf->len);
    char *tbf = g_build_filename(dir, "app.tbf", NULL);
    char *signed_tbf = g_build_filename(dir, "signed.tbf", NULL);
    char *stripped = g_build_filename(dir, "stripped.tbf", NULL);
    const char *const create[] = {"create", "--elf", elf_path, "--name", "app", "-o", tbf, NULL};
    const char *const sign[] = {"sign", "--sha256", tbf, "-o", signed_tbf, NULL};
    const char *const verify[] = {"verify", signed_tbf, NULL};
    const char *const inspect[] = {"inspect", "--json", signed_tbf, NULL};
    const char *const strip[] = {"strip", signed_tbf, "-o", stripped, NULL};
    const char *const *const steps[] = {create, sign, verify, inspect, strip};

    for (size_t i = 0; i < G_N_ELEMENTS(steps); i++) {
        struct run r = tockbin(steps[i]);
        ck_assert_msg(r.status == 0, "%s: %d, %s", steps[i][0], r.status, r.err);
        run_free(&r);
    }
    gchar *a, *b;
    gsize a_len, b_len;
    ck_assert(g_file_get_contents(tbf, &a, &a_len, NULL));
    ck_assert(g_file_get_contents(stripped, &b, &b_len, NULL));
    ck_assert_uint_eq(a_len, b_len);
    ck_assert_mem_eq(a, b, a_len);

    const char *const files[] = {elf_path, tbf, signed_tbf, stripped};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
        g_unlink(files[i]);
    g_rmdir(dir);
    g_free(a), g_free(b), g_free(elf_path), g_free(tbf), g_free(signed_tbf), g_free(stripped);
    g_free(dir);
    g_byte_array_unref(elf);
}
END_TEST

/* A TAB in `dir`, as elf2tab lays one out: metadata.toml and `tbf` as two
 * members, cortex-m0.tbf and cortex-m4.tbf. Made with tar; returns its path. */
static char *make_tab(const char *dir, const GByteArray *tbf)
{
    static const char metadata[] = "tab-version = 1\nname = \"blink\"\n";
    const char *const members[] = {"metadata.toml", "cortex-m0.tbf", "cortex-m4.tbf"};
    for (size_t i = 0; i < G_N_ELEMENTS(members); i++) {
        g_autofree char *path = g_build_filename(dir, members[i], NULL);
        ck_assert(g_file_set_contents(path, i == 0 ? metadata : (const char *)tbf->data,
                                      i == 0 ? (gssize)strlen(metadata) : (gssize)tbf->len, NULL));
    }
    char *tab = g_build_filename(dir, "blink.tab", NULL);
    const char *argv[] = {"tar", "-cf", tab, "-C", dir, members[0], members[1], members[2], NULL};
    int status = 0;
    ck_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                           &status, NULL));
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    for (size_t i = 0; i < G_N_ELEMENTS(members); i++) {
        g_autofree char *path = g_build_filename(dir, members[i], NULL);
        g_unlink(path);
    }
    return tab;
}

START_TEST(cli_inspect_and_verify_read_tab_members)
{
    /* A TAB (tar) is opened member by member; these objects carry only a
     * Reserved footer, so verify finds no accepted credential (exit 1). */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    g_autofree char *dir = g_dir_make_tmp("tockbin-XXXXXX", NULL);
    g_autofree char *tab = make_tab(dir, tbf);
    const char *const inspect[] = {"inspect", "--json", tab, NULL};
    const char *const verify[] = {"verify", tab, NULL};
    struct run r = tockbin(inspect);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_msg(strstr(r.out, "\"member\": \"cortex-m0.tbf\"") != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"member\": \"cortex-m4.tbf\"") != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"package_name\": \"blink\"") != NULL, "%s", r.out);
    ck_assert_ptr_null(strstr(r.out, "metadata"));
    run_free(&r);
    r = tockbin(verify);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.out, "no credential accepted") != NULL, "%s", r.out);
    run_free(&r);
    g_unlink(tab);
    g_rmdir(dir);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(sign_and_strip_edit_each_tab_member)
{
    /* Issue 11: sign takes a TAB as inspect and verify do; each TBF member
     * gets the credential, the archive stays one tar reads. */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    g_autofree char *dir = g_dir_make_tmp("tockbin-XXXXXX", NULL);
    g_autofree char *tab = make_tab(dir, tbf);
    g_autofree char *signed_tab = g_build_filename(dir, "signed.tab", NULL);
    g_autofree char *stripped = g_build_filename(dir, "stripped.tab", NULL);
    const char *const sign[] = {"sign", "--sha256", tab, "-o", signed_tab, NULL};
    const char *const verify[] = {"verify", signed_tab, NULL};
    const char *const strip[] = {"strip", signed_tab, "-o", stripped, NULL};
    const char *const verify_stripped[] = {"verify", stripped, NULL};
    struct run r = tockbin(sign);
    ck_assert_msg(r.status == 0, "%s", r.err);
    run_free(&r);
    r = tockbin(verify);
    ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
    ck_assert_msg(strstr(r.out, "signed.tab:cortex-m0.tbf: object 0 \"blink\": accepted") != NULL,
                  "%s", r.out);
    ck_assert_msg(strstr(r.out, "signed.tab:cortex-m4.tbf: object 0 \"blink\": accepted") != NULL,
                  "%s", r.out);
    run_free(&r);
    const char *list[] = {"tar", "-tf", signed_tab, NULL};
    g_autofree char *listing = NULL;
    int status = 0;
    ck_assert(g_spawn_sync(NULL, (char **)list, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &listing,
                           NULL, &status, NULL));
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_str_eq(listing, "metadata.toml\ncortex-m0.tbf\ncortex-m4.tbf\n");
    r = tockbin(strip);
    ck_assert_msg(r.status == 0, "%s", r.err);
    run_free(&r);
    r = tockbin(verify_stripped);
    ck_assert_int_eq(r.status, 1);
    run_free(&r);
    g_unlink(tab), g_unlink(signed_tab), g_unlink(stripped), g_rmdir(dir);
    g_byte_array_unref(tbf);
}
END_TEST

/* Run `tockbin args... FILE` on `len` bytes of `data` in a scratch file. */
static struct run tockbin_on(const char *cmd, const char *flag, const void *data, size_t len,
                             char **path_out)
{
    char *dir;
    char *path = scratch_file(&dir, "image.bin", data, len);
    const char *const args[] = {cmd, flag != NULL ? flag : path, flag != NULL ? path : NULL, NULL};
    struct run r = tockbin(args);
    g_unlink(path);
    g_rmdir(dir);
    g_free(dir);
    *path_out = path;
    return r;
}

START_TEST(inspect_end_is_where_the_scan_stops)
{
    /* Spec §6.5: after the object, erased flash (0xFF) ends the list:
     * TbfHeaderNotFound at the object's end, not "Ok" at offset 0, and the
     * fill is not listed as an object. */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    const guint len = tbf->len;
    for (int i = 0; i < 64; i++)
        g_byte_array_append(tbf, (const guint8 *)"\xff", 1);
    char *path;
    struct run r = tockbin_on("inspect", "--json", tbf->data, tbf->len, &path);
    ck_assert_msg(r.status == 0, "%s", r.err);
    g_autofree char *end =
        g_strdup_printf("\"end\": \"TbfHeaderNotFound(UnableToParse)\", \"end_offset\": %u", len);
    ck_assert_msg(strstr(r.out, end) != NULL, "%s", r.out);
    ck_assert_ptr_nonnull(strstr(r.out, "\"object\": 0"));
    ck_assert_msg(strstr(r.out, "\"object\": 1") == NULL, "the fill is listed: %s", r.out);
    run_free(&r);
    g_free(path);
    /* An object with lengths that stops the scan (here a second TBF cut
     * short: total_size past the end of the file) is the end too, at its
     * offset, and it is listed. */
    GByteArray *cut = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    g_byte_array_set_size(tbf, len);
    g_byte_array_append(tbf, cut->data, cut->len - 100);
    r = tockbin_on("inspect", "--json", tbf->data, tbf->len, &path);
    ck_assert_msg(r.status == 0, "%s", r.err);
    g_autofree char *stop = g_strdup_printf("\"end\": \"NotEnoughFlash\", \"end_offset\": %u", len);
    ck_assert_msg(strstr(r.out, stop) != NULL, "%s", r.out);
    ck_assert_msg(strstr(r.out, "\"object\": 1") != NULL, "%s", r.out);
    run_free(&r);
    g_free(path);
    g_byte_array_unref(cut);
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(inspect_and_verify_give_the_reason_for_a_bad_tbf)
{
    /* Style §3.2: a valid base header is a TBF; say what is wrong with it
     * (here: what the loader's NotEnoughFlash stands for). */
    uint8_t buf[2048];
    struct tbf_builder b;
    tb_app(&b, buf, sizeof buf, "big", 4096, 2048, 0); /* binary_end past total_size */
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    static const char *const cmds[] = {"inspect", "verify"};
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        char *path;
        struct run r = tockbin_on(cmds[i], NULL, buf, sizeof buf, &path);
        ck_assert_int_eq(r.status, 2);
        g_autofree char *want =
            g_strdup_printf("%s: bad TBF object: binary_end 4096 is past total_size 2048 "
                            "(NotEnoughFlash)\n",
                            path);
        ck_assert_msg(strstr(r.err, want) != NULL, "%s", r.err);
        run_free(&r);
        g_free(path);
        r = tockbin_on(cmds[i], NULL, tbf->data, tbf->len - 100, &path);
        ck_assert_int_eq(r.status, 2);
        g_autofree char *cut =
            g_strdup_printf("%s: bad TBF object: truncated: total_size %u but only %u bytes "
                            "left (NotEnoughFlash)\n",
                            path, tbf->len, tbf->len - 100);
        ck_assert_msg(strstr(r.err, cut) != NULL, "%s", r.err);
        run_free(&r);
        g_free(path);
    }
    g_byte_array_unref(tbf);
}
END_TEST

START_TEST(inspect_text_and_json_name_the_same_fields)
{
    /* One description, two renderings: each key appears in both. */
    static const char *const keys[] = {"package_name",        "kernel_version", "fixed_address_ram",
                                       "fixed_address_flash", "binary_end",     "footers_end",
                                       "init_fn_offset_abs",  "protected_size"};
    GByteArray *tbf = fake_tbf(EMU_TBF_DEFAULT_FOOTER_SPACE);
    struct tk_tbf_object obj = {0};
    ck_assert_uint_eq(tk_tbf_discover(tbf->data, tbf->len, FAKE_FLASH, &obj), tbf->len);
    ck_assert_int_eq(obj.verdict, TK_LOAD_OK);
    GString *text = g_string_new(NULL), *json = g_string_new(NULL);
    emu_tbf_inspect(text, &obj, false, NULL);
    emu_tbf_inspect(json, &obj, true, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        g_autofree char *line = g_strdup_printf("\n%s: ", keys[i]);
        g_autofree char *quoted = g_strdup_printf("\"%s\": ", keys[i]);
        ck_assert_msg(strstr(text->str, line) != NULL, "%s not in %s", keys[i], text->str);
        ck_assert_msg(strstr(json->str, quoted) != NULL, "%s not in %s", keys[i], json->str);
    }
    ck_assert_msg(strstr(text->str, "package_name: \"blink\"\n") != NULL, "%s", text->str);
    ck_assert_msg(strstr(json->str, "\"format\": \"Reserved\"") != NULL, "%s", json->str);
    ck_assert_int_eq(json->str[0], '{');
    ck_assert_int_eq(json->str[json->len - 1], '}');
    g_string_free(text, TRUE);
    g_string_free(json, TRUE);
    g_byte_array_unref(tbf);
}
END_TEST

Suite *tockbin_suite(void)
{
    Suite *s = suite_create("tockbin");
    TCase *tc = tcase_create("write");
    tcase_add_test(tc, tbf_worked_example_encodes_byte_exact);
    tcase_add_test(tc, create_fields_round_trip_through_parser);
    tcase_add_loop_test(tc, create_rejects_unusable_elf_naming_it, 0, G_N_ELEMENTS(bad_elves));
    tcase_add_test(tc, create_rejects_bad_footer_space);
    tcase_add_test(tc, create_survives_corrupted_elves);
    tcase_add_test(tc, inspect_text_and_json_name_the_same_fields);
    suite_add_tcase(s, tc);

    tc = tcase_create("credentials");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, sign_carves_reserved_space_and_verifies_accept, 0, G_N_ELEMENTS(kinds));
    tcase_add_loop_test(tc, signature_with_wrong_key_is_pass, 0, 2);
    tcase_add_test(tc, resign_with_replace_keeps_integrity_region);
    tcase_add_test(tc, sign_without_room_grows_only_when_no_credential_is_left);
    tcase_add_test(tc, sign_absorbs_leftover_under_one_footer);
    suite_add_tcase(s, tc);

    tc = tcase_create("cli");
    tcase_add_loop_test(tc, cli_bad_input_exits_2_naming_it, 0, G_N_ELEMENTS(cli_cases));
    tcase_add_test(tc, cli_non_tbf_and_non_elf_exit_2_naming_the_file);
    tcase_add_test(tc, cli_create_sign_verify_strip_round_trip);
    tcase_add_test(tc, cli_inspect_and_verify_read_tab_members);
    tcase_add_test(tc, sign_and_strip_edit_each_tab_member);
    tcase_add_test(tc, inspect_end_is_where_the_scan_stops);
    tcase_add_test(tc, inspect_and_verify_give_the_reason_for_a_bad_tbf);
    suite_add_tcase(s, tc);
    return s;
}
