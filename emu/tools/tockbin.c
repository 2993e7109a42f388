/* tockbin: build, sign, strip, inspect and verify TBF objects of host apps.
 *
 * The command line over tbf_write (building, credentials) and emu/kernel/tbf
 * (reading); tock/elf2tab and tock/tockloader's `inspect-tab` are the
 * upstream counterparts. Spec §6 (TBF) and §7 (credentials).
 *
 *   tockbin create --elf APP.elf --name NAME -o OUT.tbf [options]
 *   tockbin sign (--sha256|--sha384|--sha512|--ecdsa-p256 KEY|--rsa KEY)
 *                [--replace] IN.tbf|IN.tab -o OUT
 *   tockbin strip IN.tbf|IN.tab -o OUT
 *   tockbin inspect [--json] [--address ADDR] FILE
 *   tockbin verify [--key PUB.pem]... [--address ADDR] FILE
 *
 * FILE is one TBF or an app-flash image (objects back to back), scanned as
 * the kernel's loader does (emu/kernel/loader.h).
 *
 * Exit status: 0 done, 1 verify found an object without an accepted
 * credential, 2 bad input (a file, a flag), with one line on stderr naming
 * the input and the reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <locale.h>

#include "loader.h"
#include "tab.h"
#include "tbf_inspect.h"
#include "credentials.h"
#include "emu_file.h"
#include "tbf_sign.h"
#include "tbf_write.h"

/* The largest input file read (ELF, TBF, TAB). */
#define TOCKBIN_INPUT_MAX (64u << 20)

enum {
    EXIT_NOT_VERIFIED = 1,
    EXIT_BAD_INPUT = 2,
};

#define VERBOSE_ENTRY(var)                                                                         \
    {                                                                                              \
        "verbose", 'v', 0, G_OPTION_ARG_NONE, (var), "Say more on stderr", NULL                    \
    }

/* ---- Messages and input ------------------------------------------------- */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tockbin: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_BAD_INPUT;
}

/* Read the whole file at `path` (at most TOCKBIN_INPUT_MAX bytes: ELF, TBF
 * and TAB inputs are far smaller, and /dev/zero must not grow us without
 * bound); NULL after printing why. */
static GByteArray *read_file(const char *path)
{
    char *bytes = NULL;
    size_t len = 0;
    struct emu_err err;
    if (emu_file_read(path, "input", TOCKBIN_INPUT_MAX, &bytes, &len, &err) != 0) {
        fail("%s", err.msg);
        return NULL;
    }
    GByteArray *data = g_byte_array_sized_new((guint)len);
    g_byte_array_append(data, (const guint8 *)bytes, (guint)len);
    free(bytes);
    return data;
}

/* Write `data` to `path`; 0, or EXIT_BAD_INPUT after printing why. */
static int write_file(const char *path, const GByteArray *data)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return fail("%s: %s", path, strerror(errno));
    const bool ok = fwrite(data->data, 1, data->len, f) == data->len;
    const int write_errno = errno;
    if (fclose(f) != 0 || !ok)
        return fail("%s: %s", path, strerror(ok ? errno : write_errno));
    return 0;
}

/* Parse `text`, given to `flag`, as `count` numbers (C syntax: 0x.. hex, 0..
 * octal) separated by `sep`, each at most max[i]; `shape` names the expected
 * form in the message. */
static bool parse_numbers(const char *flag, const char *text, char sep, size_t count,
                          const uint64_t *max, const char *shape, uint64_t *out)
{
    const char *p = text;
    for (size_t i = 0; i < count; i++) {
        char *end;
        errno = 0;
        out[i] = strtoull(p, &end, 0);
        const char want = i + 1 < count ? sep : '\0';
        if (end == p || *end != want || errno != 0 || out[i] > max[i] || *p == '-') {
            fail("%s '%s': expected %s", flag, text, shape);
            return false;
        }
        p = end + 1;
    }
    return true;
}

static bool parse_u32(const char *flag, const char *text, uint32_t *out)
{
    const uint64_t max = UINT32_MAX;
    uint64_t v;
    if (!parse_numbers(flag, text, 0, 1, &max, "a 32-bit number", &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* A GOptionContext for one command, with `entries`. Its usage line reads
 * "tockbin NAME [OPTION...] PARAMS": main names the program "tockbin NAME"
 * before running a command, and leaves it "tockbin" for `tockbin --help`. */
static GOptionContext *command_context(const char *name, const char *params, const char *summary,
                                       const GOptionEntry *entries)
{
    const bool named = strcmp(g_get_prgname(), "tockbin") != 0;
    g_autofree char *line = named ? g_strdup(params) : g_strdup_printf("%s %s", name, params);
    GOptionContext *ctx = g_option_context_new(line);
    g_option_context_set_summary(ctx, summary);
    g_option_context_add_main_entries(ctx, entries, NULL);
    return ctx;
}

/* Parse argv (argv[0] is the command name); false after printing why. */
static bool command_parse(GOptionContext *ctx, const char *name, int *argc, char ***argv)
{
    g_autoptr(GError) error = NULL;
    if (!g_option_context_parse(ctx, argc, argv, &error)) {
        fail("%s: %s (see tockbin %s --help)", name, error->message, name);
        return false;
    }
    return true;
}

/* Append the command's --help text (for `tockbin --help`); returns 0. */
static int help_append(GOptionContext *ctx, GString *help)
{
    g_autofree char *text = g_option_context_get_help(ctx, TRUE, NULL);
    g_string_append(help, text);
    return 0;
}

/* Exactly one positional argument (argv[1]). */
static bool one_input(const char *command, int argc)
{
    if (argc != 2)
        fail("%s: expected one input file, got %d (see tockbin %s --help)", command, argc - 1,
             command);
    return argc == 2;
}

static bool no_arguments(const char *command, int argc, char **argv)
{
    if (argc > 1)
        fail("%s: unexpected argument '%s'", command, argv[1]);
    return argc <= 1;
}

static bool require(const char *command, const char *flag, const void *value)
{
    if (value == NULL)
        fail("%s: %s is required", command, flag);
    return value != NULL;
}

/* ---- create ------------------------------------------------------------- */

/* The repeated and structured flags of `create`, as given. */
struct create_flags {
    char *app_version, *min_ram, *kernel_version, *short_id, *storage_write_id;
    char *ram_start, *footer_space, *app_heap, *kernel_heap;
    char **permissions, **storage_read, **storage_modify, **wfrs;
};

/* Storage for the lists that `header` points into. */
struct create_lists {
    GArray *permissions, *read_ids, *modify_ids, *wfrs;
};

static bool parse_id_list(const char *flag, char **texts, GArray *ids)
{
    for (size_t i = 0; texts != NULL && texts[i] != NULL; i++) {
        uint32_t id;
        if (!parse_u32(flag, texts[i], &id))
            return false;
        g_array_append_val(ids, id);
    }
    /* spec §6.5: the kernel drops all storage permissions past 8 ids. */
    if (ids->len > TK_TBF_STORAGE_IDS_MAX) {
        fail("%s given %u times; the kernel accepts at most %d ids", flag, ids->len,
             TK_TBF_STORAGE_IDS_MAX);
        return false;
    }
    return true;
}

static bool parse_permissions(char **texts, GArray *out)
{
    const uint64_t max[3] = {UINT32_MAX, UINT32_MAX, UINT64_MAX};
    for (size_t i = 0; texts != NULL && texts[i] != NULL; i++) {
        uint64_t v[3];
        if (!parse_numbers("--permission", texts[i], ':', 3, max, "DRIVER:OFFSET:MASK", v))
            return false;
        const struct emu_tbf_permission p = {(uint32_t)v[0], (uint32_t)v[1], v[2]};
        g_array_append_val(out, p);
    }
    return true;
}

static bool parse_wfrs(char **texts, GArray *out)
{
    const uint64_t max[2] = {UINT32_MAX, UINT32_MAX};
    for (size_t i = 0; texts != NULL && texts[i] != NULL; i++) {
        uint64_t v[2];
        if (!parse_numbers("--wfr", texts[i], ':', 2, max, "OFFSET:SIZE", v))
            return false;
        const struct emu_tbf_wfr w = {(uint32_t)v[0], (uint32_t)v[1]};
        g_array_append_val(out, w);
    }
    return true;
}

/* The single-valued numeric flags; absent ones keep their defaults. */
static bool parse_create_numbers(const struct create_flags *f, struct emu_tbf_create_options *o)
{
    struct emu_tbf_header *h = &o->header;
    uint32_t footer_space = o->footer_space;
    const uint64_t version_max[2] = {UINT16_MAX, UINT16_MAX};
    uint64_t version[2] = {h->kernel_major, h->kernel_minor};

    if ((f->app_version && !parse_u32("--app-version", f->app_version, &h->version)) ||
        (f->min_ram && !parse_u32("--min-ram", f->min_ram, &h->minimum_ram_size)) ||
        (f->short_id && !parse_u32("--short-id", f->short_id, &h->short_id)) ||
        (f->storage_write_id &&
         !parse_u32("--storage-write-id", f->storage_write_id, &h->storage_write_id)) ||
        (f->ram_start && !parse_u32("--ram-start", f->ram_start, &o->ram_start)) ||
        (f->footer_space && !parse_u32("--footer-space", f->footer_space, &footer_space)) ||
        (f->app_heap && !parse_u32("--app-heap", f->app_heap, &o->app_heap)) ||
        (f->kernel_heap && !parse_u32("--kernel-heap", f->kernel_heap, &o->kernel_heap)) ||
        (f->kernel_version && !parse_numbers("--kernel-version", f->kernel_version, '.', 2,
                                             version_max, "MAJOR.MINOR", version)))
        return false;
    h->kernel_major = (uint16_t)version[0];
    h->kernel_minor = (uint16_t)version[1];
    h->has_short_id = f->short_id != NULL;
    o->has_ram_start = f->ram_start != NULL;
    o->footer_space = footer_space;
    o->exact_footer_space = f->footer_space != NULL;
    return true;
}

static bool parse_create_lists(const struct create_flags *f, struct create_lists *l,
                               struct emu_tbf_header *h)
{
    if (!parse_permissions(f->permissions, l->permissions) || !parse_wfrs(f->wfrs, l->wfrs) ||
        !parse_id_list("--storage-read", f->storage_read, l->read_ids) ||
        !parse_id_list("--storage-modify", f->storage_modify, l->modify_ids))
        return false;
    h->permissions = (const struct emu_tbf_permission *)(void *)l->permissions->data;
    h->permission_count = l->permissions->len;
    h->wfrs = (const struct emu_tbf_wfr *)(void *)l->wfrs->data;
    h->wfr_count = l->wfrs->len;
    h->has_storage_permissions =
        f->storage_write_id != NULL || l->read_ids->len > 0 || l->modify_ids->len > 0;
    h->storage_read_ids = (const uint32_t *)(void *)l->read_ids->data;
    h->storage_read_count = l->read_ids->len;
    h->storage_modify_ids = (const uint32_t *)(void *)l->modify_ids->data;
    h->storage_modify_count = l->modify_ids->len;
    return true;
}

/* Build, write, and in verbose mode describe the TBF. */
static int create_write(const char *elf_path, const char *out_path,
                        const struct emu_tbf_create_options *o, bool verbose)
{
    struct emu_err err;
    GByteArray *elf = read_file(elf_path);
    if (elf == NULL)
        return EXIT_BAD_INPUT;
    GByteArray *tbf = g_byte_array_new();
    int rc = emu_tbf_create_from_elf(elf->data, elf->len, elf_path, o, tbf, &err);
    if (rc < 0)
        rc = fail("%s", err.msg);
    else
        rc = write_file(out_path, tbf);
    if (rc == 0 && verbose)
        fprintf(stderr, "tockbin: %s: %u bytes from %s (%u of ELF, %u of footer space)\n", out_path,
                tbf->len, elf_path, elf->len, o->footer_space);
    g_byte_array_unref(tbf);
    g_byte_array_unref(elf);
    return rc;
}

static int cmd_create(int argc, char **argv, GString *help)
{
    g_autofree char *elf = NULL, *output = NULL, *name = NULL;
    gboolean verbose = FALSE, disabled = FALSE, sticky = FALSE;
    struct create_flags f = {0};
    const GOptionEntry entries[] = {
        {"elf", 0, 0, G_OPTION_ARG_FILENAME, &elf, "The app's host ELF (required)", "APP.elf"},
        {"name", 0, 0, G_OPTION_ARG_STRING, &name, "Package name (required)", "NAME"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The TBF to write (required)",
         "OUT.tbf"},
        {"app-version", 0, 0, G_OPTION_ARG_STRING, &f.app_version,
         "Program header version (default 0)", "N"},
        {"min-ram", 0, 0, G_OPTION_ARG_STRING, &f.min_ram,
         "Minimum RAM size (default: the ELF's RAM use (stack, data, bss) plus the heaps)",
         "BYTES"},
        {"app-heap", 0, 0, G_OPTION_ARG_STRING, &f.app_heap,
         "APP_HEAP_SIZE: heap bytes the minimum RAM adds (default 0)", "BYTES"},
        {"kernel-heap", 0, 0, G_OPTION_ARG_STRING, &f.kernel_heap,
         "KERNEL_HEAP_SIZE: grant bytes the minimum RAM adds (default 0)", "BYTES"},
        {"disabled", 0, 0, G_OPTION_ARG_NONE, &disabled, "Clear the enabled flag", NULL},
        {"sticky", 0, 0, G_OPTION_ARG_NONE, &sticky, "Set the sticky flag", NULL},
        {"kernel-version", 0, 0, G_OPTION_ARG_STRING, &f.kernel_version,
         "Kernel version header (default 2.3)", "M.m"},
        {"short-id", 0, 0, G_OPTION_ARG_STRING, &f.short_id, "Add a ShortId header", "0xID"},
        {"permission", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f.permissions,
         "Allow commands 64*OFFSET+bit of MASK of a driver (repeatable)", "DRIVER:OFFSET:MASK"},
        {"storage-write-id", 0, 0, G_OPTION_ARG_STRING, &f.storage_write_id,
         "Storage permissions: write id", "ID"},
        {"storage-read", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f.storage_read,
         "Storage permissions: readable id (repeatable, at most 8)", "ID"},
        {"storage-modify", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f.storage_modify,
         "Storage permissions: modifiable id (repeatable, at most 8)", "ID"},
        {"wfr", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f.wfrs,
         "Writeable flash region, offset from the TBF start (repeatable; .wfr.* sections are "
         "added too)",
         "OFFSET:SIZE"},
        {"ram-start", 0, 0, G_OPTION_ARG_STRING, &f.ram_start,
         "RAM start (default: the ELF symbol __lth_ram_start)", "ADDR"},
        {"footer-space", 0, 0, G_OPTION_ARG_STRING, &f.footer_space,
         "Bytes of Reserved footer for credentials, exactly (default 4096 and what ends the "
         "TBF on a 4 KiB page; 0 = none)",
         "N"},
        VERBOSE_ENTRY(&verbose),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx =
        command_context("create", "--elf APP.elf --name NAME -o OUT.tbf",
                        "Build a TBF object from a host app ELF (spec section 6).", entries);
    struct create_lists l = {
        g_array_new(FALSE, FALSE, sizeof(struct emu_tbf_permission)),
        g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        g_array_new(FALSE, FALSE, sizeof(struct emu_tbf_wfr)),
    };
    struct emu_tbf_create_options o;
    int rc = EXIT_BAD_INPUT;

    emu_tbf_create_options_init(&o);
    if (help != NULL) {
        rc = help_append(ctx, help);
    } else if (command_parse(ctx, "create", &argc, &argv) && no_arguments("create", argc, argv) &&
               require("create", "--elf", elf) && require("create", "--name", name) &&
               require("create", "-o", output) && parse_create_numbers(&f, &o) &&
               parse_create_lists(&f, &l, &o.header)) {
        o.header.package_name = name;
        o.header.flags = (disabled ? 0 : TK_TBF_FLAG_ENABLED) | (sticky ? TK_TBF_FLAG_STICKY : 0);
        rc = create_write(elf, output, &o, verbose);
    }
    g_array_unref(l.permissions);
    g_array_unref(l.read_ids);
    g_array_unref(l.modify_ids);
    g_array_unref(l.wfrs);
    g_free(f.app_version), g_free(f.min_ram), g_free(f.kernel_version), g_free(f.short_id);
    g_free(f.storage_write_id), g_free(f.ram_start), g_free(f.footer_space);
    g_free(f.app_heap), g_free(f.kernel_heap);
    g_strfreev(f.permissions), g_strfreev(f.storage_read), g_strfreev(f.storage_modify);
    g_strfreev(f.wfrs);
    return rc;
}

/* ---- sign, strip ----------------------------------------------------------- */

/* What sign or strip does to a TBF. */
struct tbf_edit {
    uint32_t format; /* the credential to add; 0 = strip */
    EVP_PKEY *key;   /* signature formats */
    bool replace;
};

/* Apply `edit` to the one TBF object in `tbf`, named `name` in messages. */
static int apply_edit(GByteArray *tbf, const char *name, const struct tbf_edit *edit,
                      struct emu_err *err)
{
    return edit->format != 0 ? emu_tbf_sign(tbf, name, edit->format, edit->key, edit->replace, err)
                             : emu_tbf_strip(tbf, name, err);
}

/* A TAB being edited: each TBF member, one by one. */
struct tab_edit {
    const struct tbf_edit *edit;
    const char *path;
    unsigned members;
};

static int edit_member(void *opaque, const char *name, GByteArray *member, struct emu_err *err)
{
    struct tab_edit *t = opaque;
    if (!emu_tab_is_tbf_member(name))
        return 0; /* metadata.toml stays as it is */
    g_autofree char *label = g_strdup_printf("%s:%s", t->path, name);
    t->members++;
    return apply_edit(member, label, t->edit, err);
}

/* Read `in` (a TBF, or a TAB whose TBF members are each edited), apply
 * `edit`, write `out`; returns the exit status. */
static int edit_tbf(const char *in, const char *out, const struct tbf_edit *edit, bool verbose)
{
    struct emu_err err;
    GByteArray *tbf = read_file(in);
    if (tbf == NULL)
        return EXIT_BAD_INPUT;
    const guint before = tbf->len;
    int rc;
    if (emu_tab_is_archive(tbf->data, tbf->len)) {
        struct tab_edit t = {edit, in, 0};
        GByteArray *tab = g_byte_array_new();
        rc = emu_tab_edit(in, tbf->data, tbf->len, edit_member, &t, tab, &err);
        if (rc == 0 && t.members == 0) {
            emu_err_set(&err, "%s: a TAB without .tbf or .bin members", in);
            rc = -EINVAL;
        }
        g_byte_array_unref(tbf);
        tbf = tab;
    } else {
        rc = apply_edit(tbf, in, edit, &err);
    }
    rc = rc < 0 ? fail("%s", err.msg) : write_file(out, tbf);
    if (rc == 0 && verbose)
        fprintf(stderr, "tockbin: %s: %s %s, total_size %u -> %u\n", out,
                edit->format != 0 ? "added" : "stripped credentials of",
                edit->format != 0 ? tk_tbf_credential_format_name(edit->format) : in, before,
                tbf->len);
    g_byte_array_unref(tbf);
    return rc;
}

/* The one credential the sign flags ask for; false after printing why. */
static bool sign_method(gboolean sha256, gboolean sha384, gboolean sha512, const char *ecdsa,
                        const char *rsa, struct tbf_edit *edit)
{
    struct emu_err err;
    enum tk_tbf_credential_format key_format;
    const int methods = !!sha256 + !!sha384 + !!sha512 + (ecdsa != NULL) + (rsa != NULL);
    if (methods != 1) {
        fail("sign: give exactly one of --sha256, --sha384, --sha512, --ecdsa-p256, --rsa");
        return false;
    }
    edit->format = sha256   ? TK_TBF_CREDENTIAL_SHA256
                   : sha384 ? TK_TBF_CREDENTIAL_SHA384
                   : sha512 ? TK_TBF_CREDENTIAL_SHA512
                            : 0;
    if (edit->format != 0)
        return true;
    const char *path = ecdsa != NULL ? ecdsa : rsa;
    if (emu_tbf_key_load(path, false, &edit->key, &key_format, &err) < 0) {
        fail("%s", err.msg);
        return false;
    }
    edit->format = key_format;
    if ((ecdsa != NULL) != (key_format == TK_TBF_CREDENTIAL_ECDSA_NIST_P256)) {
        fail("%s: a key for %s credentials, not for %s", path,
             tk_tbf_credential_format_name(key_format), ecdsa != NULL ? "--ecdsa-p256" : "--rsa");
        return false;
    }
    return true;
}

static int cmd_sign(int argc, char **argv, GString *help)
{
    g_autofree char *output = NULL, *ecdsa = NULL, *rsa = NULL;
    gboolean sha256 = FALSE, sha384 = FALSE, sha512 = FALSE, replace = FALSE, verbose = FALSE;
    const GOptionEntry entries[] = {
        {"sha256", 0, 0, G_OPTION_ARG_NONE, &sha256, "Add a SHA-256 credential", NULL},
        {"sha384", 0, 0, G_OPTION_ARG_NONE, &sha384, "Add a SHA-384 credential", NULL},
        {"sha512", 0, 0, G_OPTION_ARG_NONE, &sha512, "Add a SHA-512 credential", NULL},
        {"ecdsa-p256", 0, 0, G_OPTION_ARG_FILENAME, &ecdsa,
         "Add an ECDSA P-256 signature with this PEM private key", "KEY.pem"},
        {"rsa", 0, 0, G_OPTION_ARG_FILENAME, &rsa,
         "Add an RSA 3072/4096 signature (by key size) with this PEM private key", "KEY.pem"},
        {"replace", 0, 0, G_OPTION_ARG_NONE, &replace, "Remove existing credentials first", NULL},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The TBF to write (required)",
         "OUT.tbf"},
        VERBOSE_ENTRY(&verbose),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = command_context(
        "sign", "IN.tbf|IN.tab -o OUT",
        "Add a credential footer (spec section 6.6) to a TBF, or to each TBF "
        "member of a TAB (the rest of the TAB is copied), carved out of the Reserved "
        "footer space when it fits, so that total_size and the integrity region "
        "stay unchanged; otherwise total_size grows, which is refused while other "
        "credentials remain (use --replace). ECDSA signs SHA-256 of the integrity "
        "region, RSA (PKCS#1 v1.5) SHA-512, as elf2tab does.",
        entries);
    struct tbf_edit edit = {0};
    int rc = EXIT_BAD_INPUT;
    if (help != NULL)
        return help_append(ctx, help);
    if (command_parse(ctx, "sign", &argc, &argv) && one_input("sign", argc) &&
        require("sign", "-o", output) && sign_method(sha256, sha384, sha512, ecdsa, rsa, &edit)) {
        edit.replace = replace;
        rc = edit_tbf(argv[1], output, &edit, verbose);
    }
    EVP_PKEY_free(edit.key);
    return rc;
}

static int cmd_strip(int argc, char **argv, GString *help)
{
    g_autofree char *output = NULL;
    gboolean verbose = FALSE;
    const GOptionEntry entries[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The TBF to write (required)",
         "OUT.tbf"},
        VERBOSE_ENTRY(&verbose),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx =
        command_context("strip", "IN.tbf|IN.tab -o OUT",
                        "Remove every credential footer (of each TBF member of a TAB), turning the "
                        "footer area back into "
                        "Reserved space (total_size and the integrity region unchanged).",
                        entries);
    const struct tbf_edit edit = {0};
    if (help != NULL)
        return help_append(ctx, help);
    if (!command_parse(ctx, "strip", &argc, &argv) || !one_input("strip", argc) ||
        !require("strip", "-o", output))
        return EXIT_BAD_INPUT;
    return edit_tbf(argv[1], output, &edit, verbose);
}

/* ---- inspect, verify ---------------------------------------------------- */

/* One image to scan: a whole file (one TBF or app flash) or a TAB member. */
struct image {
    char *label;        /* "FILE" or "FILE:MEMBER", for messages */
    const char *member; /* NULL for a plain file */
    const uint8_t *data;
    size_t len;
    uint64_t base;
};

/* Called for each image; returns an exit status (the worst one wins). */
typedef int (*image_fn)(void *ctx, const struct image *im);

/* The base address is `address` if given, else where the first object's
 * fixed flash address says it belongs (so that the loader's
 * IncorrectFlashAddress check means something), else 0. An image whose
 * first object does not even have lengths is bad input. */
static int image_prepare(struct image *im, const char *address)
{
    struct tk_tbf_object first = {0};
    uint32_t base;
    if (address != NULL && !parse_u32("--address", address, &base))
        return EXIT_BAD_INPUT;
    tk_tbf_discover(im->data, im->len, 0, &first);
    if (first.verdict == TK_LOAD_STOP) {
        char why[200];
        /* A valid base header that stops the scan is a TBF with a problem;
         * say which, as tockemu does (emu_tbf_open). */
        const bool is_tbf = first.has_lengths && first.initial_error == TK_TBF_OK;
        emu_tbf_stop_reason(&first, im->len, why, sizeof why);
        return is_tbf ? fail("%s: bad TBF object: %s", im->label, why)
                      : fail("%s: not a TBF object (%s)", im->label, why);
    }
    if (address != NULL)
        im->base = base;
    else if (first.has_header && tk_tbf_fixed_address_flash(&first.header) != TK_TBF_NOT_FIXED)
        im->base = tk_tbf_fixed_address_flash(&first.header) - tk_tbf_protected_size(&first.header);
    return 0;
}

struct image_walk {
    const char *path, *address;
    image_fn fn;
    void *ctx;
    int status;
    unsigned images;
};

static bool image_run(struct image_walk *w, const char *member, const uint8_t *data, size_t len)
{
    struct image im = {
        .label = member != NULL ? g_strdup_printf("%s:%s", w->path, member) : g_strdup(w->path),
        .member = member,
        .data = data,
        .len = len,
    };
    int status = image_prepare(&im, w->address);
    if (status == 0)
        status = w->fn(w->ctx, &im);
    w->status = MAX(w->status, status);
    g_free(im.label);
    return status != EXIT_BAD_INPUT;
}

/* The TBF members of a TAB (emu_tab_is_tbf_member), each as one image. */
static bool tab_member(void *opaque, const char *name, const uint8_t *data, size_t len)
{
    struct image_walk *w = opaque;
    if (!emu_tab_is_tbf_member(name))
        return true;
    w->images++;
    return image_run(w, name, data, len);
}

/* Run `fn` on the file at `path`, or on each TBF member if it is a TAB. */
static int each_image(const char *path, const char *address, image_fn fn, void *ctx)
{
    struct image_walk w = {.path = path, .address = address, .fn = fn, .ctx = ctx};
    struct emu_err err;
    GByteArray *data = read_file(path);
    if (data == NULL)
        return EXIT_BAD_INPUT;
    if (!emu_tab_is_archive(data->data, data->len))
        image_run(&w, NULL, data->data, data->len);
    else if (emu_tab_each_member(path, data->data, data->len, tab_member, &w, &err) < 0)
        w.status = fail("%s", err.msg);
    else if (w.images == 0)
        w.status = fail("%s: a TAB without .tbf or .bin members", path);
    g_byte_array_unref(data);
    return w.status;
}

struct inspect_ctx {
    GString *out;
    bool json, verbose;
    unsigned images, objects;
    struct tk_tbf_error end;
    uint32_t end_offset;
};

/* The scan's normal end, not an object: fewer than 8 bytes left, or a
 * version other than 2 (erased 0xFF flash, a 0x00 terminator), which the
 * kernel's loader takes as the end of the app list (TbfHeaderNotFound). */
static bool is_scan_end(const struct tk_tbf_object *obj)
{
    return obj->verdict == TK_LOAD_STOP &&
           (!obj->has_lengths || obj->error.code == TK_TBF_TBF_HEADER_NOT_FOUND);
}

static bool inspect_object(void *opaque, const struct tk_tbf_object *obj)
{
    struct inspect_ctx *c = opaque;
    /* Every stop is the scan's "end"; one on an object (total_size or
     * binary_end past the end) also lists that object. */
    if (obj->verdict == TK_LOAD_STOP) {
        c->end = obj->error;
        c->end_offset = obj->offset;
    }
    if (is_scan_end(obj))
        return false;
    if (c->objects++ > 0)
        g_string_append(c->out, c->json ? ", " : "\n");
    emu_tbf_inspect(c->out, obj, c->json, NULL);
    return true;
}

static int inspect_image(void *opaque, const struct image *im)
{
    struct inspect_ctx *c = opaque;
    char end[160];
    if (c->json) {
        g_string_append(c->out, c->images > 0 ? ", {\"member\": " : "{\"member\": ");
        if (im->member != NULL)
            emu_json_string(c->out, im->member, strlen(im->member));
        else
            g_string_append(c->out, "null");
        g_string_append_printf(c->out, ", \"address\": %" PRIu64 ", \"objects\": [", im->base);
    } else if (im->member != NULL) {
        g_string_append_printf(c->out, "%s== %s ==\n", c->images > 0 ? "\n" : "", im->member);
    }
    c->images++;
    c->objects = 0;
    tk_tbf_scan(im->data, im->len, im->base, inspect_object, c);
    tk_tbf_error_format(&c->end, end, sizeof end);
    if (c->json) {
        g_string_append(c->out, "], \"end\": ");
        emu_json_string(c->out, end, strlen(end));
        g_string_append_printf(c->out, ", \"end_offset\": %" PRIu32 "}", c->end_offset);
    } else if (c->verbose) {
        g_string_append_printf(c->out, "\nscan ends at offset 0x%" PRIx32 ": %s\n", c->end_offset,
                               end);
    }
    return 0;
}

static int cmd_inspect(int argc, char **argv, GString *help)
{
    g_autofree char *address = NULL;
    gboolean json = FALSE, verbose = FALSE;
    const GOptionEntry entries[] = {
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of text", NULL},
        {"address", 0, 0, G_OPTION_ARG_STRING, &address,
         "Flash address of the file's first byte (default: from its fixed flash address)", "ADDR"},
        VERBOSE_ENTRY(&verbose),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = command_context(
        "inspect", "FILE",
        "Print every header field and footer of each TBF object in FILE (one TBF, an app-flash "
        "image, or each TBF member of a TAB), with the kernel loader's verdict. JSON: "
        "{\"file\", \"images\": [{\"member\", \"address\", \"objects\": [...], \"end\"}]}.",
        entries);
    if (help != NULL)
        return help_append(ctx, help);
    if (!command_parse(ctx, "inspect", &argc, &argv) || !one_input("inspect", argc))
        return EXIT_BAD_INPUT;

    struct inspect_ctx c = {.out = g_string_new(NULL), .json = json, .verbose = verbose};
    if (json) {
        g_string_append(c.out, "{\"file\": ");
        emu_json_string(c.out, argv[1], strlen(argv[1]));
        g_string_append(c.out, ", \"images\": [");
    }
    const int rc = each_image(argv[1], address, inspect_image, &c);
    if (json)
        g_string_append(c.out, "]}\n");
    if (rc == 0)
        fputs(c.out->str, stdout);
    g_string_free(c.out, TRUE);
    return rc;
}

struct verify_ctx {
    struct emu_credentials *credentials; /* the trusted keys, kernel checkers */
    bool verbose;
    const char *label;
    unsigned checked, accepted;
};

/* Check every footer of one object; the first Accept or Reject decides, as
 * in the kernel's credential-checking machine (spec §7.2). */
static bool verify_object(void *opaque, const struct tk_tbf_object *obj)
{
    struct verify_ctx *c = opaque;
    const struct tk_tbf_header *h = &obj->header;
    if (!obj->has_header || !h->is_app || tk_tbf_binary_end(h) > obj->len) {
        if (c->verbose && !is_scan_end(obj))
            fprintf(stderr, "tockbin: %s: object %u at 0x%" PRIx32 ": no footers to check\n",
                    c->label, obj->index, obj->offset);
        return !is_scan_end(obj);
    }
    const struct tk_tbf_region region = tk_tbf_integrity_region(obj->data, h);
    g_autofree char *name = g_strndup((const char *)h->package_name, h->package_name_len);
    struct tk_tbf_footer_iter it;
    struct tk_tbf_footer footer;
    const char *decision = "no credential accepted";
    bool decided = false;

    tk_tbf_footer_iter_init(&it, obj->data, obj->len, h);
    while (tk_tbf_footer_next(&it, &footer, NULL) == TK_TBF_OK) {
        const struct tk_check_result v =
            emu_credentials_check_footer(c->credentials, &footer, region);
        printf("%s: object %u \"%s\": footer %u %s at 0x%" PRIx32 ": %s", c->label, obj->index,
               name, footer.index, tk_tbf_credential_format_name(footer.format), footer.offset,
               emu_check_kind_name(v.kind));
        if (v.kind == TK_CHECK_ACCEPT && v.has_metadata)
            printf(" (key %" PRIu32 ")", v.metadata);
        putchar('\n');
        if (!decided && v.kind != TK_CHECK_PASS) {
            decided = true;
            decision = v.kind == TK_CHECK_ACCEPT ? "accepted" : "rejected";
            c->accepted += v.kind == TK_CHECK_ACCEPT;
        }
    }
    printf("%s: object %u \"%s\": %s\n", c->label, obj->index, name, decision);
    c->checked++;
    return true;
}

static int verify_image(void *opaque, const struct image *im)
{
    struct verify_ctx *c = opaque;
    c->label = im->label;
    c->checked = c->accepted = 0;
    tk_tbf_scan(im->data, im->len, im->base, verify_object, c);
    return c->checked > 0 && c->accepted == c->checked ? 0 : EXIT_NOT_VERIFIED;
}

static int cmd_verify(int argc, char **argv, GString *help)
{
    g_autofree char *address = NULL;
    g_auto(GStrv) key_paths = NULL;
    gboolean verbose = FALSE;
    const GOptionEntry entries[] = {
        {"key", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &key_paths,
         "A trusted public (or private) PEM key, EC P-256 or RSA 3072/4096 (repeatable)",
         "PUB.pem"},
        {"address", 0, 0, G_OPTION_ARG_STRING, &address,
         "Flash address of the file's first byte (default: from its fixed flash address)", "ADDR"},
        VERBOSE_ENTRY(&verbose),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx = command_context(
        "verify", "FILE",
        "Check every credential footer of each TBF object in FILE (one TBF, an app-flash image "
        "or a TAB): hashes are recomputed (Accept or Reject), signatures checked against the "
        "keys (Accept or Pass; RSA without --key checks the footer's own modulus). Exit 0 when "
        "every object has an accepted credential before any rejected one, else 1.",
        entries);
    if (help != NULL)
        return help_append(ctx, help);
    if (!command_parse(ctx, "verify", &argc, &argv) || !one_input("verify", argc))
        return EXIT_BAD_INPUT;
    /* The kernel's checkers, as the emulator's loader runs them. */
    struct emu_credentials credentials;
    struct emu_err err;
    if (emu_credentials_init(&credentials, NULL, key_paths, NULL, &err) != 0) {
        fail("%s", err.msg);
        return EXIT_BAD_INPUT;
    }
    struct verify_ctx c = {.credentials = &credentials, .verbose = verbose};
    return each_image(argv[1], address, verify_image, &c);
}

/* ---- main --------------------------------------------------------------- */

struct command {
    const char *name;
    /* Run the command on argv (argv[0] is its name); with `help` non-NULL,
     * only append the command's --help text to it. Returns the exit status. */
    int (*run)(int argc, char **argv, GString *help);
};

static const struct command commands[] = {
    {"create", cmd_create},   {"sign", cmd_sign},     {"strip", cmd_strip},
    {"inspect", cmd_inspect}, {"verify", cmd_verify},
};

static int usage(FILE *out)
{
    GString *help = g_string_new("Usage: tockbin COMMAND [OPTION...]\n\n"
                                 "Build, sign, strip, inspect and verify TBF objects.\n"
                                 "Commands and their options:\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        g_string_append_printf(help, "==== tockbin %s\n", commands[i].name);
        commands[i].run(0, NULL, help);
    }
    fputs(help->str, out);
    g_string_free(help, TRUE);
    return out == stdout ? 0 : EXIT_BAD_INPUT;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    g_set_prgname("tockbin");
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0)
        return usage(stdout);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            char prgname[32];
            snprintf(prgname, sizeof prgname, "tockbin %s", commands[i].name);
            g_set_prgname(prgname);
            return commands[i].run(argc - 1, argv + 1, NULL);
        }
    }
    return fail("unknown command '%s' (see tockbin --help)", argv[1]);
}
