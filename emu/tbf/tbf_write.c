/* Writing TBF objects: header encoding, footers, and a TBF from a host ELF.
 *
 * Owns the byte layout of spec §6.2-§6.6 on the write side; tock/elf2tab
 * src/header.rs is the upstream counterpart. The layout of a TBF built from an
 * ELF is drawn in tbf_write.h.
 */
#include "tbf_write.h"

#include <elf.h>
#include <errno.h>
#include <string.h>

enum {
    TBF_VERSION = 2,
    TLV_HEADER_SIZE = 4,
    TLV_LENGTH_MAX = UINT16_MAX,
    PAGE_SIZE_4K = 4096,
    /* Base-header field offsets (spec §6.2). */
    OFFSET_HEADER_SIZE = 2,
    OFFSET_TOTAL_SIZE = 4,
    OFFSET_CHECKSUM = 12,
};

static const char wfr_section_prefix[] = ".wfr.";
static const char ram_start_symbol[] = "__lth_ram_start";

static void put_u16(GByteArray *b, uint16_t v)
{
    const uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    g_byte_array_append(b, x, sizeof x);
}

static void put_u32(GByteArray *b, uint32_t v)
{
    put_u16(b, (uint16_t)v);
    put_u16(b, (uint16_t)(v >> 16));
}

static void put_u64(GByteArray *b, uint64_t v)
{
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_zeros(GByteArray *b, size_t n)
{
    const guint old = b->len;
    g_byte_array_set_size(b, old + (guint)n);
    memset(b->data + old, 0, n);
}

static void set_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void set_u32(uint8_t *p, uint32_t v)
{
    set_u16(p, (uint16_t)v);
    set_u16(p + 2, (uint16_t)(v >> 16));
}

static size_t round_up(size_t v, size_t to)
{
    return (v + to - 1) / to * to;
}

/* A TLV header; the caller appends exactly `length` value bytes, then
 * tlv_end() pads to 4 bytes relative to the header start (spec §6.3). */
static void tlv_begin(GByteArray *b, uint16_t type, size_t length)
{
    put_u16(b, type);
    put_u16(b, (uint16_t)length);
}

static void tlv_end(GByteArray *b, guint header_start)
{
    put_zeros(b, round_up(b->len - header_start, 4) - (b->len - header_start));
}

void emu_tbf_header_set_total_size(uint8_t *tbf, size_t tbf_size, uint32_t total_size)
{
    size_t header_size = (size_t)tbf[OFFSET_HEADER_SIZE] | (size_t)tbf[OFFSET_HEADER_SIZE + 1] << 8;
    set_u32(tbf + OFFSET_TOTAL_SIZE, total_size);
    set_u32(tbf + OFFSET_CHECKSUM, tk_tbf_checksum(tbf, MIN(header_size, tbf_size)));
}

static size_t storage_permissions_length(const struct emu_tbf_header *h)
{
    return 4 + 2 + 4 * h->storage_read_count + 2 + 4 * h->storage_modify_count;
}

/* Each variable-length TLV must fit its u16 length field. */
static int header_check_lengths(const struct emu_tbf_header *h, struct emu_err *err)
{
    if (h->package_name != NULL && strlen(h->package_name) > TLV_LENGTH_MAX) {
        emu_err_set(err, "package name of %zu bytes > %d", strlen(h->package_name), TLV_LENGTH_MAX);
        return -EINVAL;
    }
    if (2 + TK_TBF_PERMISSION_ENTRY_LEN * h->permission_count > TLV_LENGTH_MAX) {
        emu_err_set(err, "%zu permissions do not fit one TLV", h->permission_count);
        return -EINVAL;
    }
    if (h->has_storage_permissions && storage_permissions_length(h) > TLV_LENGTH_MAX) {
        emu_err_set(err, "storage permission lists do not fit one TLV");
        return -EINVAL;
    }
    if (TK_TBF_FLASH_REGION_LEN * h->wfr_count > TLV_LENGTH_MAX) {
        emu_err_set(err, "%zu writeable flash regions do not fit one TLV", h->wfr_count);
        return -EINVAL;
    }
    return 0;
}

static void encode_optional_tlvs(const struct emu_tbf_header *h, GByteArray *b)
{
    guint tlv;
    if (h->has_fixed_addresses) {
        tlv = b->len;
        tlv_begin(b, TK_TBF_TLV_FIXED_ADDRESSES, TK_TBF_FIXED_ADDRESSES_LEN);
        put_u32(b, h->fixed_ram);
        put_u32(b, h->fixed_flash);
        tlv_end(b, tlv);
    }
    if (h->has_short_id) {
        tlv = b->len;
        tlv_begin(b, TK_TBF_TLV_SHORT_ID, TK_TBF_SHORT_ID_LEN);
        put_u32(b, h->short_id);
        tlv_end(b, tlv);
    }
    if (h->permission_count > 0) {
        tlv = b->len;
        tlv_begin(b, TK_TBF_TLV_PERMISSIONS, 2 + TK_TBF_PERMISSION_ENTRY_LEN * h->permission_count);
        put_u16(b, (uint16_t)h->permission_count);
        for (size_t i = 0; i < h->permission_count; i++) {
            put_u32(b, h->permissions[i].driver_number);
            put_u32(b, h->permissions[i].offset);
            put_u64(b, h->permissions[i].allowed_commands);
        }
        tlv_end(b, tlv);
    }
    if (h->has_storage_permissions) {
        tlv = b->len;
        tlv_begin(b, TK_TBF_TLV_STORAGE_PERMISSIONS, storage_permissions_length(h));
        put_u32(b, h->storage_write_id);
        put_u16(b, (uint16_t)h->storage_read_count);
        for (size_t i = 0; i < h->storage_read_count; i++)
            put_u32(b, h->storage_read_ids[i]);
        put_u16(b, (uint16_t)h->storage_modify_count);
        for (size_t i = 0; i < h->storage_modify_count; i++)
            put_u32(b, h->storage_modify_ids[i]);
        tlv_end(b, tlv);
    }
    if (h->wfr_count > 0) {
        tlv = b->len;
        tlv_begin(b, TK_TBF_TLV_WRITEABLE_FLASH_REGIONS, TK_TBF_FLASH_REGION_LEN * h->wfr_count);
        for (size_t i = 0; i < h->wfr_count; i++) {
            put_u32(b, h->wfrs[i].offset);
            put_u32(b, h->wfrs[i].size);
        }
        tlv_end(b, tlv);
    }
}

int emu_tbf_header_encode(const struct emu_tbf_header *h, GByteArray *out, size_t *header_size,
                          struct emu_err *err)
{
    int rc = header_check_lengths(h, err);
    if (rc < 0)
        return rc;

    const guint start = out->len;
    guint tlv;
    /* Base header; header_size and checksum are patched below. */
    put_u16(out, TBF_VERSION);
    put_u16(out, 0);
    put_u32(out, h->total_size);
    put_u32(out, h->flags);
    put_u32(out, 0);

    tlv = out->len;
    tlv_begin(out, TK_TBF_TLV_PROGRAM, TK_TBF_PROGRAM_LEN);
    put_u32(out, h->init_fn_offset);
    put_u32(out, h->protected_trailer_size);
    put_u32(out, h->minimum_ram_size);
    put_u32(out, h->binary_end_offset);
    put_u32(out, h->version);
    tlv_end(out, tlv);

    if (h->has_kernel_version) {
        tlv = out->len;
        tlv_begin(out, TK_TBF_TLV_KERNEL_VERSION, TK_TBF_KERNEL_VERSION_LEN);
        put_u16(out, h->kernel_major);
        put_u16(out, h->kernel_minor);
        tlv_end(out, tlv);
    }
    if (h->package_name != NULL) {
        const size_t length = strlen(h->package_name);
        tlv = out->len;
        tlv_begin(out, TK_TBF_TLV_PACKAGE_NAME, length);
        g_byte_array_append(out, (const guint8 *)h->package_name, (guint)length);
        tlv_end(out, tlv);
    }
    encode_optional_tlvs(h, out);

    const size_t size = out->len - start;
    if (size > UINT16_MAX) {
        g_byte_array_set_size(out, start);
        emu_err_set(err, "header of %zu bytes > %d", size, UINT16_MAX);
        return -EINVAL;
    }
    set_u16(out->data + start + OFFSET_HEADER_SIZE, (uint16_t)size);
    set_u32(out->data + start + OFFSET_CHECKSUM, tk_tbf_checksum(out->data + start, size));
    if (header_size != NULL)
        *header_size = size;
    return 0;
}

void emu_tbf_footer_append(GByteArray *out, uint32_t format, const uint8_t *data, size_t data_len,
                           size_t slack)
{
    put_u16(out, TK_TBF_TLV_CREDENTIALS);
    put_u16(out, (uint16_t)(4 + data_len + slack));
    put_u32(out, format);
    if (data_len > 0)
        g_byte_array_append(out, data, (guint)data_len);
    put_zeros(out, slack);
}

/* One footer's length field is a u16 that counts the format word too. */
static int footer_space_check(size_t space, const char *name, struct emu_err *err)
{
    if (space != 0 && (space < EMU_TBF_FOOTER_MIN || space - TLV_HEADER_SIZE > TLV_LENGTH_MAX)) {
        emu_err_set(err, "%s%sfooter space %zu not 0 or in [%d, %d]", name ? name : "",
                    name ? ": " : "", space, EMU_TBF_FOOTER_MIN, TLV_LENGTH_MAX + TLV_HEADER_SIZE);
        return -EINVAL;
    }
    return 0;
}

int emu_tbf_reserved_footer_append(GByteArray *out, size_t space, struct emu_err *err)
{
    int rc = footer_space_check(space, NULL, err);
    if (rc < 0 || space == 0)
        return rc;
    emu_tbf_footer_append(out, 0, NULL, 0, space - EMU_TBF_FOOTER_MIN);
    return 0;
}

void emu_tbf_create_options_init(struct emu_tbf_create_options *o)
{
    *o = (struct emu_tbf_create_options){
        .header =
            {
                .flags = TK_TBF_FLAG_ENABLED,
                .has_kernel_version = true,
                .kernel_major = TK_TBF_KERNEL_MAJOR,
                .kernel_minor = TK_TBF_KERNEL_MINOR,
            },
        .footer_space = EMU_TBF_DEFAULT_FOOTER_SPACE,
    };
}

/* ---- Reading the host ELF -------------------------------------------------
 * Every offset and count comes from a user file, so each access is bounds
 * checked; structures are copied out because the buffer may be unaligned. */

struct elf_image {
    const uint8_t *data;
    size_t size;
    const char *name;
    Elf64_Ehdr eh;
};

static bool range_ok(size_t size, uint64_t offset, uint64_t length)
{
    return offset <= size && length <= size - offset;
}

static int elf_open(struct elf_image *e, struct emu_err *err)
{
    if (e->size < sizeof e->eh || memcmp(e->data, ELFMAG, SELFMAG) != 0) {
        emu_err_set(err, "%s: not an ELF file", e->name);
        return -EINVAL;
    }
    memcpy(&e->eh, e->data, sizeof e->eh);
    if (e->eh.e_ident[EI_CLASS] != ELFCLASS64 || e->eh.e_ident[EI_DATA] != ELFDATA2LSB ||
        e->eh.e_machine != EM_X86_64) {
        emu_err_set(err, "%s: not a little-endian x86-64 ELF64", e->name);
        return -EINVAL;
    }
    if (e->eh.e_type != ET_EXEC && e->eh.e_type != ET_DYN) {
        emu_err_set(err, "%s: e_type %u is not ET_EXEC or ET_DYN (a static executable)", e->name,
                    e->eh.e_type);
        return -EINVAL;
    }
    if (e->eh.e_phentsize != sizeof(Elf64_Phdr) ||
        !range_ok(e->size, e->eh.e_phoff, (uint64_t)e->eh.e_phnum * sizeof(Elf64_Phdr))) {
        emu_err_set(err, "%s: program header table out of the file", e->name);
        return -EINVAL;
    }
    if (e->eh.e_shoff != 0 &&
        (e->eh.e_shentsize != sizeof(Elf64_Shdr) ||
         !range_ok(e->size, e->eh.e_shoff, (uint64_t)e->eh.e_shnum * sizeof(Elf64_Shdr)))) {
        emu_err_set(err, "%s: section header table out of the file", e->name);
        return -EINVAL;
    }
    return 0;
}

static Elf64_Phdr elf_phdr(const struct elf_image *e, size_t i)
{
    Elf64_Phdr ph;
    memcpy(&ph, e->data + e->eh.e_phoff + i * sizeof ph, sizeof ph);
    return ph;
}

static size_t elf_section_count(const struct elf_image *e)
{
    return e->eh.e_shoff == 0 ? 0 : e->eh.e_shnum;
}

static Elf64_Shdr elf_shdr(const struct elf_image *e, size_t i)
{
    Elf64_Shdr sh;
    memcpy(&sh, e->data + e->eh.e_shoff + i * sizeof sh, sizeof sh);
    return sh;
}

/* The NUL-terminated string at `offset` in string table section `strtab`, or
 * NULL when it is not entirely inside the file and the section. */
static const char *elf_string(const struct elf_image *e, size_t strtab, uint64_t offset)
{
    if (strtab >= elf_section_count(e))
        return NULL;
    const Elf64_Shdr sh = elf_shdr(e, strtab);
    if (sh.sh_type != SHT_STRTAB || !range_ok(e->size, sh.sh_offset, sh.sh_size) ||
        offset >= sh.sh_size)
        return NULL;
    const char *s = (const char *)e->data + sh.sh_offset + offset;
    return memchr(s, '\0', sh.sh_size - offset) != NULL ? s : NULL;
}

/* FLASH_START: the first PT_LOAD must hold the ELF header (file offset 0) at
 * FLASH_START + EMU_TBF_PROTECTED_SIZE: a 4096-aligned 32-bit address for a
 * fixed-address executable, 0 for a position-independent one (which makes
 * its FLASH_START -4096 in link addresses). */
static int elf_flash_start(const struct elf_image *e, int64_t *flash_start, struct emu_err *err)
{
    for (size_t i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr ph = elf_phdr(e, i);
        if (ph.p_type != PT_LOAD)
            continue;
        if (ph.p_offset != 0) {
            emu_err_set(err, "%s: first PT_LOAD at file offset 0x%llx, not 0", e->name,
                        (unsigned long long)ph.p_offset);
            return -EINVAL;
        }
        if (e->eh.e_type == ET_DYN) {
            if (ph.p_vaddr != 0) {
                emu_err_set(err,
                            "%s: position-independent, but its first PT_LOAD is at 0x%llx, not 0",
                            e->name, (unsigned long long)ph.p_vaddr);
                return -EINVAL;
            }
            *flash_start = -(int64_t)EMU_TBF_PROTECTED_SIZE;
            return 0;
        }
        if (ph.p_vaddr < EMU_TBF_PROTECTED_SIZE || ph.p_vaddr % PAGE_SIZE_4K != 0 ||
            ph.p_vaddr - EMU_TBF_PROTECTED_SIZE > UINT32_MAX) {
            emu_err_set(err,
                        "%s: first PT_LOAD at 0x%llx: FLASH_START (address - 4096) is not a "
                        "4096-aligned 32-bit address",
                        e->name, (unsigned long long)ph.p_vaddr);
            return -EINVAL;
        }
        *flash_start = (int64_t)(ph.p_vaddr - EMU_TBF_PROTECTED_SIZE);
        return 0;
    }
    emu_err_set(err, "%s: no PT_LOAD segment", e->name);
    return -EINVAL;
}

/* The app runs its flash in place: every read-only segment must sit in the
 * file where it sits in memory, relative to the first one. */
static int elf_flash_in_place(const struct elf_image *e, int64_t flash_start, struct emu_err *err)
{
    const uint64_t elf_start = (uint64_t)(flash_start + EMU_TBF_PROTECTED_SIZE);
    for (size_t i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr ph = elf_phdr(e, i);
        if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W))
            continue;
        if (ph.p_vaddr - elf_start != ph.p_offset || !range_ok(e->size, ph.p_offset, ph.p_filesz)) {
            emu_err_set(err,
                        "%s: read-only segment at 0x%llx is at file offset 0x%llx: it would not "
                        "run in place from flash",
                        e->name, (unsigned long long)ph.p_vaddr, (unsigned long long)ph.p_offset);
            return -EINVAL;
        }
    }
    return 0;
}

static int elf_symbol(const struct elf_image *e, const char *name, uint64_t *value)
{
    for (size_t i = 0; i < elf_section_count(e); i++) {
        const Elf64_Shdr sh = elf_shdr(e, i);
        if (sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(Elf64_Sym) ||
            !range_ok(e->size, sh.sh_offset, sh.sh_size))
            continue;
        for (size_t k = 0; k < sh.sh_size / sizeof(Elf64_Sym); k++) {
            Elf64_Sym sym;
            memcpy(&sym, e->data + sh.sh_offset + k * sizeof sym, sizeof sym);
            const char *s = elf_string(e, sh.sh_link, sym.st_name);
            if (s != NULL && strcmp(s, name) == 0) {
                *value = sym.st_value;
                return 0;
            }
        }
    }
    return -ENOENT;
}

/* RAM_START in link addresses: --ram-start, else the ELF symbol. A
 * position-independent app's must be its FLASH_START + EMU_TBF_RAM_OFFSET,
 * where tockemu puts its RAM. */
static int elf_ram_start(const struct elf_image *e, const struct emu_tbf_create_options *o,
                         int64_t flash_start, uint64_t *ram_start, struct emu_err *err)
{
    uint64_t value;
    if (o->has_ram_start && e->eh.e_type == ET_EXEC) {
        *ram_start = o->ram_start;
        return 0;
    }
    if (elf_symbol(e, ram_start_symbol, &value) < 0) {
        emu_err_set(err, "%s: no symbol %s (link with libtock-host%s)", e->name, ram_start_symbol,
                    e->eh.e_type == ET_EXEC ? ", or give --ram-start" : "");
        return -EINVAL;
    }
    if (e->eh.e_type == ET_DYN && (int64_t)value - flash_start != EMU_TBF_RAM_OFFSET) {
        emu_err_set(err,
                    "%s: %s is 0x%llx past the TBF start; tockemu puts RAM 0x%x past it (link "
                    "with libtock-host's app.ld)",
                    e->name, ram_start_symbol, (unsigned long long)(value - flash_start),
                    EMU_TBF_RAM_OFFSET);
        return -EINVAL;
    }
    if (e->eh.e_type == ET_EXEC && value > UINT32_MAX) {
        emu_err_set(err, "%s: %s = 0x%llx is not a 32-bit address", e->name, ram_start_symbol,
                    (unsigned long long)value);
        return -EINVAL;
    }
    *ram_start = value;
    return 0;
}

/* Span from RAM_START to the end of the last PT_LOAD at or above it. */
static int elf_ram_extent(const struct elf_image *e, uint64_t ram_start, uint64_t *extent,
                          struct emu_err *err)
{
    *extent = 0;
    for (size_t i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr ph = elf_phdr(e, i);
        if (ph.p_type == PT_LOAD && ph.p_vaddr >= ram_start &&
            ph.p_vaddr + ph.p_memsz - ram_start > *extent)
            *extent = ph.p_vaddr + ph.p_memsz - ram_start;
    }
    if (*extent == 0) {
        emu_err_set(err, "%s: no PT_LOAD segment at or above RAM_START 0x%llx", e->name,
                    (unsigned long long)ram_start);
        return -EINVAL;
    }
    return 0;
}

/* Append one writeable flash region per `.wfr.*` section to `wfrs`; its TBF
 * offset is EMU_TBF_PROTECTED_SIZE + the section's file offset. */
static int elf_wfr_sections(const struct elf_image *e, GArray *wfrs, struct emu_err *err)
{
    for (size_t i = 0; i < elf_section_count(e); i++) {
        const Elf64_Shdr sh = elf_shdr(e, i);
        const char *name = elf_string(e, e->eh.e_shstrndx, sh.sh_name);
        if (name == NULL || strncmp(name, wfr_section_prefix, strlen(wfr_section_prefix)) != 0)
            continue;
        if (sh.sh_type == SHT_NOBITS || !range_ok(e->size, sh.sh_offset, sh.sh_size) ||
            sh.sh_size > UINT32_MAX) {
            emu_err_set(err, "%s: section %s has no bytes in the file", e->name, name);
            return -EINVAL;
        }
        const struct emu_tbf_wfr wfr = {
            .offset = (uint32_t)(EMU_TBF_PROTECTED_SIZE + sh.sh_offset),
            .size = (uint32_t)sh.sh_size,
        };
        g_array_append_val(wfrs, wfr);
    }
    return 0;
}

/* The layout facts create_from_elf derives from the ELF. */
struct elf_layout {
    bool position_independent;
    int64_t flash_start; /* link address of the TBF start */
    uint64_t ram_start;  /* link address */
    uint64_t ram_extent;
};

static int elf_layout(struct elf_image *e, const struct emu_tbf_create_options *o,
                      struct elf_layout *l, struct emu_err *err)
{
    int rc = elf_open(e, err);
    l->position_independent = rc == 0 && e->eh.e_type == ET_DYN;
    if (rc == 0)
        rc = elf_flash_start(e, &l->flash_start, err);
    if (rc == 0)
        rc = elf_flash_in_place(e, l->flash_start, err);
    if (rc == 0)
        rc = elf_ram_start(e, o, l->flash_start, &l->ram_start, err);
    if (rc == 0)
        rc = elf_ram_extent(e, l->ram_start, &l->ram_extent, err);
    return rc;
}

/* Program-header values that depend on header_size (spec §1.8: the entry is
 * TBF start + header_size + init_fn_offset). */
static int fill_program(struct emu_tbf_header *h, const struct elf_image *e,
                        const struct elf_layout *l, size_t header_size, struct emu_err *err)
{
    const int64_t base = l->flash_start + (int64_t)header_size;
    if (header_size > EMU_TBF_PROTECTED_SIZE) {
        emu_err_set(err, "%s: header of %zu bytes does not fit the %d-byte protected region",
                    e->name, header_size, EMU_TBF_PROTECTED_SIZE);
        return -EINVAL;
    }
    if ((int64_t)e->eh.e_entry < l->flash_start + EMU_TBF_PROTECTED_SIZE ||
        (int64_t)e->eh.e_entry - base > UINT32_MAX) {
        emu_err_set(err, "%s: entry 0x%llx is not in the app's flash image", e->name,
                    (unsigned long long)e->eh.e_entry);
        return -EINVAL;
    }
    h->init_fn_offset = (uint32_t)((int64_t)e->eh.e_entry - base);
    h->protected_trailer_size = (uint32_t)(EMU_TBF_PROTECTED_SIZE - header_size);
    return 0;
}

static int fill_sizes(struct emu_tbf_header *h, const struct elf_image *e,
                      const struct elf_layout *l, const struct emu_tbf_create_options *o,
                      uint32_t footer_space, struct emu_err *err)
{
    const uint64_t binary_end = EMU_TBF_PROTECTED_SIZE + round_up(e->size, 4);
    const uint64_t total = binary_end + footer_space;
    const int64_t flash_end = l->flash_start + (int64_t)total;
    if (total > UINT32_MAX || flash_end > (int64_t)UINT32_MAX + 1) {
        emu_err_set(err, "%s: TBF of %llu bytes at 0x%llx passes 4 GiB", e->name,
                    (unsigned long long)total, (unsigned long long)l->flash_start);
        return -EINVAL;
    }
    /* As elf2tab: stack, data and bss (the ELF's RAM span, which holds the
     * stack below the data), then the heaps the app asks for. A fixed-address
     * app without heaps keeps the page-rounded span. */
    const uint64_t ram = l->position_independent || o->app_heap != 0 || o->kernel_heap != 0
                             ? round_up(l->ram_extent, 8) + o->app_heap + o->kernel_heap
                             : round_up(l->ram_extent, PAGE_SIZE_4K);
    if (h->minimum_ram_size == 0 && ram > UINT32_MAX) {
        emu_err_set(err, "%s: RAM image of %llu bytes passes 4 GiB", e->name,
                    (unsigned long long)ram);
        return -EINVAL;
    }
    if (h->minimum_ram_size != 0 && h->minimum_ram_size < l->ram_extent) {
        emu_err_set(err, "%s: minimum RAM %u < the %llu bytes the ELF uses from RAM_START 0x%llx",
                    e->name, h->minimum_ram_size, (unsigned long long)l->ram_extent,
                    (unsigned long long)l->ram_start);
        return -EINVAL;
    }
    if (h->minimum_ram_size == 0)
        h->minimum_ram_size = (uint32_t)ram;
    h->binary_end_offset = (uint32_t)binary_end;
    h->total_size = (uint32_t)total;
    /* spec §6.3: a position-independent app carries no Fixed addresses TLV,
     * so the loader may place it anywhere. */
    h->has_fixed_addresses = !l->position_independent;
    if (h->has_fixed_addresses) {
        h->fixed_ram = (uint32_t)l->ram_start;
        h->fixed_flash = (uint32_t)(l->flash_start + EMU_TBF_PROTECTED_SIZE);
    }
    return 0;
}

/* The header twice: once to learn header_size, once with the offsets that
 * depend on it (TLV sizes do not depend on values). */
static int encode_elf_header(struct emu_tbf_header *h, const struct elf_image *e,
                             const struct elf_layout *l, GByteArray *out, struct emu_err *err)
{
    size_t header_size;
    struct emu_err inner;
    GByteArray *probe = g_byte_array_new();
    int rc = emu_tbf_header_encode(h, probe, &header_size, &inner);
    g_byte_array_unref(probe);
    if (rc < 0) {
        emu_err_set(err, "%s: %s", e->name, inner.msg);
        return rc;
    }
    rc = fill_program(h, e, l, header_size, err);
    if (rc == 0)
        rc = emu_tbf_header_encode(h, out, NULL, err);
    return rc;
}

int emu_tbf_create_from_elf(const uint8_t *elf, size_t elf_size, const char *elf_name,
                            const struct emu_tbf_create_options *o, GByteArray *out,
                            struct emu_err *err)
{
    struct elf_image e = {.data = elf, .size = elf_size, .name = elf_name};
    struct elf_layout l;
    struct emu_tbf_header h = o->header;
    const guint start = out->len;
    GArray *wfrs = g_array_new(FALSE, FALSE, sizeof(struct emu_tbf_wfr));
    g_array_append_vals(wfrs, h.wfrs, (guint)h.wfr_count);

    /* 1. Layout from the ELF: addresses, RAM use, .wfr.* sections. The
     * footer space keeps total_size a multiple of 4, as elf2tab does, so
     * that an object placed after this one stays word aligned. */
    int rc = footer_space_check(o->footer_space, elf_name, err);
    if (rc == 0 && o->footer_space % 4 != 0) {
        emu_err_set(err, "%s: footer space %u not a multiple of 4", elf_name, o->footer_space);
        rc = -EINVAL;
    }
    if (rc == 0)
        rc = elf_layout(&e, o, &l, err);
    if (rc == 0)
        rc = elf_wfr_sections(&e, wfrs, err);
    /* The footer grows to end the TBF on a page boundary where it can: an
     * app placed page-aligned then ends on one, so that a read one byte past
     * its flash faults (the host's MPU is page-grained). */
    uint32_t footer_space = o->footer_space;
    if (rc == 0 && footer_space != 0 && !o->exact_footer_space) {
        uint64_t unpadded = EMU_TBF_PROTECTED_SIZE + round_up(elf_size, 4) + footer_space;
        uint64_t padded = footer_space + (round_up(unpadded, PAGE_SIZE_4K) - unpadded);
        if (footer_space_check(padded, NULL, err) == 0)
            footer_space = (uint32_t)padded;
    }
    if (rc == 0)
        rc = fill_sizes(&h, &e, &l, o, footer_space, err);
    if (rc < 0)
        goto fail;
    h.wfrs = (const struct emu_tbf_wfr *)(void *)wfrs->data;
    h.wfr_count = wfrs->len;

    /* 2. Header, protected trailer, the ELF byte for byte, padding. */
    rc = encode_elf_header(&h, &e, &l, out, err);
    if (rc < 0)
        goto fail;
    put_zeros(out, start + EMU_TBF_PROTECTED_SIZE - out->len);
    g_byte_array_append(out, elf, (guint)elf_size);
    put_zeros(out, start + h.binary_end_offset - out->len);

    /* 3. Reserved footer so that credentials can be added later without
     * changing total_size, which is inside the integrity region (§6.7). */
    rc = emu_tbf_reserved_footer_append(out, footer_space, err);
    if (rc < 0)
        goto fail;
    g_array_unref(wfrs);
    return 0;

fail:
    g_byte_array_set_size(out, start);
    g_array_unref(wfrs);
    return rc;
}
