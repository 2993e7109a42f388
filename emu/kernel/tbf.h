/* Tock Binary Format: header, TLVs, post-parse checks, footers.
 *
 * Mirrors tock/tock libraries/tock-tbf/src/{parse.rs,types.rs} and the checks
 * of kernel/src/process_binary.rs (ProcessBinary::create) @65608d71 (spec §6).
 * Everything here is pure: it reads a caller-owned byte buffer, never past its
 * end, and keeps pointers into it (the package name, raw TLVs, footer data),
 * so the buffer must outlive the parsed structures.
 *
 * One TBF object (spec §6.1):
 *
 *   0            base header (16 B) + header TLVs        \ protected region
 *   header_size  protected trailer                       /
 *   protected    userspace binary (entry = header_size + init_fn_offset)
 *   binary_end   footers (credential TLVs, type 128)  <- integrity region is
 *   ...          padding                                 [0, binary_end)
 *   total_size   next object
 *
 * Errors. The kernel reports errors in three layers (InitialTbfParseError,
 * TbfParseError wrapped in ProcessBinaryError::TbfHeaderParseFailure, and
 * ProcessBinaryError); here every distinct error is one value of
 * `enum tk_tbf_err`, with its arguments in `struct tk_tbf_error`, and
 * tk_tbf_error_format() spells it as the kernel's Debug output does
 * ("TbfHeaderParseFailure(UnsupportedVersion(0))").
 */
#ifndef TK_TBF_H
#define TK_TBF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"

#define TK_TBF_BASE_HEADER_SIZE 16
#define TK_TBF_LENGTHS_SIZE     8           /* bytes parse_tbf_header_lengths reads */
#define TK_TBF_NOT_FIXED        0xFFFFFFFFu /* fixed-address value meaning "none" */
#define TK_TBF_KERNEL_MAJOR     2           /* the kernel version we emulate (spec §6.5) */
#define TK_TBF_KERNEL_MINOR     3

/* TLV types (spec §6.3; tock-tbf TbfHeaderTypes). */
enum tk_tbf_tlv_type {
    TK_TBF_TLV_MAIN = 1,
    TK_TBF_TLV_WRITEABLE_FLASH_REGIONS = 2,
    TK_TBF_TLV_PACKAGE_NAME = 3,
    TK_TBF_TLV_PIC_OPTION1 = 4, /* not parsed by the kernel */
    TK_TBF_TLV_FIXED_ADDRESSES = 5,
    TK_TBF_TLV_PERMISSIONS = 6,
    TK_TBF_TLV_STORAGE_PERMISSIONS = 7,
    TK_TBF_TLV_KERNEL_VERSION = 8,
    TK_TBF_TLV_PROGRAM = 9,
    TK_TBF_TLV_SHORT_ID = 10,
    TK_TBF_TLV_CREDENTIALS = 128, /* footer only */
};

/* Exact value lengths of the fixed-size TLVs (spec §6.3). */
enum {
    TK_TBF_MAIN_LEN = 12,
    TK_TBF_PROGRAM_LEN = 20,
    TK_TBF_FLASH_REGION_LEN = 8,
    TK_TBF_FIXED_ADDRESSES_LEN = 8,
    TK_TBF_KERNEL_VERSION_LEN = 4,
    TK_TBF_SHORT_ID_LEN = 4,
    TK_TBF_PERMISSION_ENTRY_LEN = 16,
    TK_TBF_STORAGE_IDS_MAX = 8, /* NUM_STORAGE_PERMISSIONS */
};

/* Base-header flags (spec §6.2). */
enum tk_tbf_flag {
    TK_TBF_FLAG_ENABLED = 1u << 0,
    TK_TBF_FLAG_STICKY = 1u << 1, /* tooling only; the kernel ignores it */
};

/* Every way parsing, checking or scanning can end, with the kernel's name.
 * X(NAME, "KernelName", layer) where layer says how the kernel wraps it:
 * I = InitialTbfParseError, P = TbfParseError (inside TbfHeaderParseFailure),
 * B = ProcessBinaryError, F = end of the footer walk, E = emulator only. */
#define TK_TBF_ERROR_MAP(X)                                                                        \
    X(NOT_ENOUGH_FLASH, "NotEnoughFlash", B)        /* stop scanning */                            \
    X(TBF_HEADER_NOT_FOUND, "TbfHeaderNotFound", B) /* stop scanning */                            \
    X(UNABLE_TO_PARSE, "UnableToParse", I)          /* version != 2 */                             \
    X(INVALID_HEADER, "InvalidHeader", I)           /* a = total_size */                           \
    X(PARSE_NOT_ENOUGH_FLASH, "NotEnoughFlash", P)  /* TLV past header_size */                     \
    X(UNSUPPORTED_VERSION, "UnsupportedVersion", P) /* a = version */                              \
    X(CHECKSUM_MISMATCH, "ChecksumMismatch", P)     /* a = stored, b = computed */                 \
    X(BAD_TLV_ENTRY, "BadTlvEntry", P)              /* a = TLV type */                             \
    X(BAD_PROCESS_NAME, "BadProcessName", P)                                                       \
    X(PARSE_INTERNAL_ERROR, "InternalError", P)                                                    \
    X(PADDING, "Padding", B)                                                                       \
    X(NOT_ENABLED_PROCESS, "NotEnabledProcess", B)                                                 \
    X(INCOMPATIBLE_KERNEL_VERSION, "IncompatibleKernelVersion", B) /* has_version, a.b */          \
    X(INCORRECT_FLASH_ADDRESS, "IncorrectFlashAddress", B)         /* a = actual, b = expected */  \
    X(PAST_LAST_FOOTER, "PastLastFooter", F)                                                       \
    X(BAD_FOOTER, "BadFooter", F)                                                                  \
    X(TOTAL_SIZE_ZERO, "TotalSizeZero", E) /* the reference loader would spin */

enum tk_tbf_err {
    TK_TBF_OK = 0,
#define TK__TBF_ERR_ENUM(name, str, layer) TK_TBF_##name,
    TK_TBF_ERROR_MAP(TK__TBF_ERR_ENUM)
#undef TK__TBF_ERR_ENUM
        TK_TBF_ERR_COUNT
};

/* An error with its arguments (meaning per value, see TK_TBF_ERROR_MAP).
 * `cause` is the TbfParseError behind a footer-walk end or the UnsupportedVersion
 * behind a skipped InvalidHeader object; TK_TBF_OK if none. */
struct tk_tbf_error {
    enum tk_tbf_err code;
    uint32_t a, b;
    bool has_version; /* IncompatibleKernelVersion: Some((a, b)) vs None */
    enum tk_tbf_err cause;
    uint32_t cause_a;
};

/* The bare kernel name of an error ("BadTlvEntry"); "Ok" for TK_TBF_OK. */
const char *tk_tbf_err_name(enum tk_tbf_err code);

/* Spell `e` as the kernel's Debug output does, wrapped as the loader reports
 * it: "TbfHeaderParseFailure(BadTlvEntry(9))", "IncompatibleKernelVersion(None)",
 * "TbfHeaderNotFound(UnableToParse)", "NotEnoughFlash". Writes at most `len`
 * bytes including the NUL; returns the length snprintf would have written. */
int tk_tbf_error_format(const struct tk_tbf_error *e, char *out, size_t len);

/* ---- Base header lengths (parse_tbf_header_lengths, spec §6.5) ---------- */

struct tk_tbf_lengths {
    uint16_t version;
    uint16_t header_size;
    uint32_t total_size;
};

/* Read the first 8 bytes of `buf`. Returns TK_TBF_OK with `out` filled;
 * TK_TBF_NOT_ENOUGH_FLASH if len < 8; TK_TBF_UNABLE_TO_PARSE if version != 2
 * (`out` holds the raw fields); TK_TBF_INVALID_HEADER if header_size < 16 or
 * header_size > total_size (`out` holds the raw fields; the loader then skips
 * total_size bytes). `err` may be NULL. */
enum tk_tbf_err tk_tbf_parse_lengths(const uint8_t *buf, size_t len, struct tk_tbf_lengths *out,
                                     struct tk_tbf_error *err);

/* ---- Parsed header (TbfHeader, spec §6.2-§6.4) -------------------------- */

struct tk_tbf_main {
    uint32_t init_fn_offset;
    uint32_t protected_trailer_size;
    uint32_t minimum_ram_size;
};

struct tk_tbf_program {
    uint32_t init_fn_offset;
    uint32_t protected_trailer_size;
    uint32_t minimum_ram_size;
    uint32_t binary_end_offset; /* from the TBF start */
    uint32_t version;           /* 0 = no version */
};

struct tk_tbf_header {
    /* Base header. */
    uint16_t version;
    uint16_t header_size;
    uint32_t total_size;
    uint32_t flags;
    uint32_t checksum;
    bool is_app; /* false: padding (header_size == 16, no TLVs) */

    /* Main and Program: only the first of each is parsed (spec §6.4). */
    bool has_main;
    struct tk_tbf_main main;
    bool has_program;
    struct tk_tbf_program program;

    /* Package name: not NUL-terminated, valid UTF-8; len 0 if absent. */
    const uint8_t *package_name;
    size_t package_name_len;

    /* Fixed addresses: TK_TBF_NOT_FIXED when absent or not fixed. */
    bool has_fixed_addresses;
    uint32_t fixed_address_ram;
    uint32_t fixed_address_flash;

    bool has_kernel_version;
    uint16_t kernel_major;
    uint16_t kernel_minor;

    bool has_short_id;
    uint32_t short_id; /* 0 = none (LocallyUnique) */

    /* Raw TLV values (pointer into the buffer, NULL if absent). The last
     * TLV of each type wins, as in the kernel. */
    const uint8_t *writeable_flash_regions; /* length a multiple of 8 */
    size_t writeable_flash_regions_len;
    const uint8_t *permissions; /* not validated at parse time (spec §6.3) */
    size_t permissions_len;
    const uint8_t *storage_permissions; /* not validated at parse time */
    size_t storage_permissions_len;
};

/* Parse a header. `header` holds exactly the first header_size bytes of the
 * object (header_len = header_size, as ProcessBinary::create slices it) and
 * `version` comes from tk_tbf_parse_lengths (0 after InvalidHeader).
 * Returns TK_TBF_OK with `h` filled, or one of the P-layer errors:
 * UNSUPPORTED_VERSION (version != 2), PARSE_INTERNAL_ERROR (header_len < 16),
 * CHECKSUM_MISMATCH, PARSE_NOT_ENOUGH_FLASH (a TLV or its padding runs past
 * header_len), BAD_TLV_ENTRY(type), BAD_PROCESS_NAME. On error `h` is
 * unspecified. `err` may be NULL. */
enum tk_tbf_err tk_tbf_parse_header(const uint8_t *header, size_t header_len, uint16_t version,
                                    struct tk_tbf_header *h, struct tk_tbf_error *err);

/* The checksum rule of spec §6.2: XOR of the complete little-endian words of
 * `header[0..len)`, skipping word 3. */
uint32_t tk_tbf_checksum(const uint8_t *header, size_t len);

/* Derived values (tock-tbf types.rs getters, spec §6.4). Without Main and
 * Program: init offset 0, protected size 0, minimum RAM 0; padding gives 0
 * everywhere, binary_end included. */
bool tk_tbf_is_enabled(const struct tk_tbf_header *h);
uint32_t tk_tbf_protected_size(const struct tk_tbf_header *h);
uint32_t tk_tbf_app_start_offset(const struct tk_tbf_header *h);
/* Entry offset from the TBF start: header_size + init_fn_offset (0 without
 * Main/Program); the protected trailer is not added (spec §10.26). */
uint32_t tk_tbf_init_fn_offset(const struct tk_tbf_header *h);
uint32_t tk_tbf_minimum_ram_size(const struct tk_tbf_header *h);
/* Program's binary_end_offset, else total_size (no footers). */
uint32_t tk_tbf_binary_end(const struct tk_tbf_header *h);
uint32_t tk_tbf_binary_version(const struct tk_tbf_header *h);
/* TK_TBF_NOT_FIXED when not fixed. */
uint32_t tk_tbf_fixed_address_ram(const struct tk_tbf_header *h);
uint32_t tk_tbf_fixed_address_flash(const struct tk_tbf_header *h);
/* Fixed ShortId, 0 = LocallyUnique. */
uint32_t tk_tbf_short_id(const struct tk_tbf_header *h);
/* Writeable flash regions: count = TLV length / 8 (all of them; the kernel
 * has no limit any more). tk_tbf_writeable_flash_region returns false and
 * {0, 0} past the end. */
unsigned tk_tbf_writeable_flash_region_count(const struct tk_tbf_header *h);
bool tk_tbf_writeable_flash_region(const struct tk_tbf_header *h, unsigned index,
                                   struct tk_flash_region *out);

/* Storage Permissions TLV (TbfHeaderV2StoragePermissions, spec §6.3 type 7). */
struct tk_tbf_storage_ids {
    uint32_t write_id; /* 0 = may not write */
    uint16_t read_count;
    uint32_t read_ids[TK_TBF_STORAGE_IDS_MAX];
    uint16_t modify_count;
    uint32_t modify_ids[TK_TBF_STORAGE_IDS_MAX];
};

/* Parse the Storage Permissions TLV as get_storage_read_ids and
 * get_storage_modify_ids do. Returns false (and zeroes `out`) when there is
 * no TLV, it is truncated, or it lists more than 8 read or 8 modify ids
 * (spec §6.5: the query fails, null storage permissions follow). */
bool tk_tbf_storage_ids(const struct tk_tbf_header *h, struct tk_tbf_storage_ids *out);

/* ---- Post-parse checks (ProcessBinary::create, spec §6.5) --------------- */

/* Apply the checks of ProcessBinary::create in the kernel's order: Padding,
 * NotEnabledProcess, IncompatibleKernelVersion (TLV present with major != 2 or
 * minor > 3, or absent while `require_kernel_version`), NotEnoughFlash
 * (binary_end > object_len; stops scanning), IncorrectFlashAddress (fixed
 * flash address != (u32)(flash_address + protected size)). `object_len` is
 * total_size (the object's slice of app flash). Returns TK_TBF_OK or the
 * error. `err` may be NULL. */
enum tk_tbf_err tk_tbf_check_binary(const struct tk_tbf_header *h, size_t object_len,
                                    uint64_t flash_address, bool require_kernel_version,
                                    struct tk_tbf_error *err);

/* ---- Footers (parse_tbf_footer, ProcessCheckerMachine::check_footer, §6.6) */

enum tk_tbf_credential_format {
    TK_TBF_CREDENTIAL_RESERVED = 0,
    TK_TBF_CREDENTIAL_RSA3072_KEY = 1,
    TK_TBF_CREDENTIAL_RSA4096_KEY = 2,
    TK_TBF_CREDENTIAL_SHA256 = 3,
    TK_TBF_CREDENTIAL_SHA384 = 4,
    TK_TBF_CREDENTIAL_SHA512 = 5,
    TK_TBF_CREDENTIAL_ECDSA_NIST_P256 = 6,
    TK_TBF_CREDENTIAL_FORMAT_COUNT
};

/* Kernel name of a format ("EcdsaNistP256"), NULL if unknown. */
const char *tk_tbf_credential_format_name(uint32_t format);
/* Data bytes of a known format (spec §6.6 table); -1 if unknown. */
int tk_tbf_credential_data_len(uint32_t format);

struct tk_tbf_footer {
    unsigned index;      /* 0 for the first footer */
    uint32_t offset;     /* of the TLV header, from the object start */
    uint16_t tlv_length; /* excludes the 4-byte TLV header */
    enum tk_tbf_credential_format format;
    const uint8_t *data; /* exactly tk_tbf_credential_data_len(format) bytes */
    size_t data_len;
};

/* Walks [binary_end, total_size) one footer at a time. */
struct tk_tbf_footer_iter {
    const uint8_t *object;
    uint32_t pos, end;
    unsigned index;
};

/* Start the walk over `object` (its first `object_len` bytes) with header
 * `h`: footers span [binary_end, min(total_size, object_len)). A binary_end
 * past that span gives an empty walk. */
void tk_tbf_footer_iter_init(struct tk_tbf_footer_iter *it, const uint8_t *object,
                             size_t object_len, const struct tk_tbf_header *h);

/* Next footer. Returns TK_TBF_OK with `out` filled and the iterator moved
 * to `offset + 4 + tlv_length` (no rounding to 4, spec §10.30); otherwise the
 * walk is over and the result says why: TK_TBF_PAST_LAST_FOOTER (fewer than 4
 * bytes left, TLV value past the end, or value shorter than 4 + data: cause
 * PARSE_NOT_ENOUGH_FLASH) or TK_TBF_BAD_FOOTER (type != 128: cause
 * BAD_TLV_ENTRY(type); unknown format: BAD_TLV_ENTRY(128); length < 4: cause
 * PARSE_INTERNAL_ERROR). `err` (may be NULL) carries the cause. Once over,
 * every later call returns the same end. */
enum tk_tbf_err tk_tbf_footer_next(struct tk_tbf_footer_iter *it, struct tk_tbf_footer *out,
                                   struct tk_tbf_error *err);

/* ---- Integrity region (spec §6.7) --------------------------------------- */

/* The bytes [0, binary_end) of the object: header with checksum, TLVs,
 * protected trailer and binary. Valid only after tk_tbf_check_binary said
 * TK_TBF_OK (so binary_end <= object length). */
struct tk_tbf_region {
    const uint8_t *data;
    size_t len;
};
struct tk_tbf_region tk_tbf_integrity_region(const uint8_t *object, const struct tk_tbf_header *h);

/* ---- Permissions TLV (TbfHeader::get_command_permissions, spec §1.7) --- */

/* The Permissions TLV of one process as the syscall filter reads it. Points
 * into the TBF. Not validated up front: like the kernel, each query walks the
 * entries and a truncated entry met on the way means "no permissions at all"
 * (allow everything) for that query. */
struct tk_permissions {
    const uint8_t *tlv; /* NULL: no Permissions TLV */
    size_t len;
};

enum tk_command_permissions {
    TK_PERMS_NONE_AT_ALL,      /* NoPermsAtAll: no TLV or malformed */
    TK_PERMS_NONE_THIS_DRIVER, /* NoPermsThisDriver */
    TK_PERMS_MASK,             /* Mask(mask) */
};

/* Fill `p` from the header's Permissions TLV (none if absent). */
void tk_permissions_init(struct tk_permissions *p, const struct tk_tbf_header *h);

/* The entry count the TLV declares (0 without a TLV or when it is shorter
 * than 2 bytes); entries past the TLV's end are counted too. */
unsigned tk_permissions_count(const struct tk_permissions *p);

/* Entry `i` of the TLV (spec §6.3 type 6): its driver, offset and allowed-
 * commands mask. Returns false if i >= tk_permissions_count or the entry is
 * truncated (runs past the TLV's end); the outputs are then untouched. */
bool tk_permissions_entry(const struct tk_permissions *p, unsigned i, uint32_t *driver,
                          uint32_t *offset, uint64_t *mask);

/* get_command_permissions(driver, offset): the first entry with this driver
 * and offset gives TK_PERMS_MASK with its mask; entries for the driver but
 * none at this offset give TK_PERMS_MASK with mask 0; no entry for the driver
 * gives TK_PERMS_NONE_THIS_DRIVER; no TLV, a TLV shorter than 2 bytes or a
 * truncated entry reached before a match gives TK_PERMS_NONE_AT_ALL. `mask`
 * may be NULL. */
enum tk_command_permissions tk_permissions_query(const struct tk_permissions *p, uint32_t driver,
                                                 uint32_t offset, uint64_t *mask);

/* Kernel name of a query result ("NoPermsAtAll", "NoPermsThisDriver", "Mask"). */
const char *tk_command_permissions_name(enum tk_command_permissions perms);

#endif
