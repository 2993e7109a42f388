/* tockbin: build, sign, strip, inspect and verify TBF objects of host apps.
 *
 * The command line over tbf_write (building, credentials) and emu/kernel/tbf
 * (reading); tock/elf2tab and tock/tockloader's `inspect-tab` are the
 * upstream counterparts. Spec §6 (TBF) and §7 (credentials).
 *
 *   tockbin create --elf APP.elf --name NAME -o OUT.tbf [options]
 *
 * Exit status: 0 done, 2 bad input (a file, a flag), with one line on stderr
 * naming the input and the reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "tbf_write.h"

enum {
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

/* Read the whole file at `path`; NULL after printing why. */
static GByteArray *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail("%s: %s", path, strerror(errno));
        return NULL;
    }
    GByteArray *data = g_byte_array_new();
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        g_byte_array_append(data, chunk, (guint)n);
    const int read_errno = ferror(f) ? errno : 0;
    fclose(f);
    if (read_errno != 0) {
        fail("%s: %s", path, strerror(read_errno));
        g_byte_array_unref(data);
        return NULL;
    }
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

/* A GOptionContext for one command, with `entries`. */
static GOptionContext *command_context(const char *name, const char *params, const char *summary,
                                       const GOptionEntry *entries)
{
    g_autofree char *line = g_strdup_printf("%s %s", name, params);
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
    char *ram_start, *footer_space;
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
        (f->kernel_version && !parse_numbers("--kernel-version", f->kernel_version, '.', 2,
                                             version_max, "MAJOR.MINOR", version)))
        return false;
    h->kernel_major = (uint16_t)version[0];
    h->kernel_minor = (uint16_t)version[1];
    h->has_short_id = f->short_id != NULL;
    o->has_ram_start = f->ram_start != NULL;
    o->footer_space = footer_space;
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
         "Minimum RAM size (default: the ELF's RAM use rounded to 4 KiB)", "BYTES"},
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
         "Bytes of Reserved footer for credentials (default 4096; 0 = none)", "N"},
        VERBOSE_ENTRY(&verbose),
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    g_autoptr(GOptionContext) ctx =
        command_context("create", "--elf APP.elf --name NAME -o OUT.tbf",
                        "Build a TBF object from a host app ELF (spec §6).", entries);
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
        g_autofree char *text = g_option_context_get_help(ctx, TRUE, NULL);
        g_string_append(help, text);
        rc = 0;
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
    g_strfreev(f.permissions), g_strfreev(f.storage_read), g_strfreev(f.storage_modify);
    g_strfreev(f.wfrs);
    return rc;
}

/* ---- main --------------------------------------------------------------- */

struct command {
    const char *name;
    /* Run the command on argv (argv[0] is its name); with `help` non-NULL,
     * only append the command's --help text to it. Returns the exit status. */
    int (*run)(int argc, char **argv, GString *help);
};

static const struct command commands[] = {
    {"create", cmd_create},
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
    g_set_prgname("tockbin");
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0)
        return usage(stdout);
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1, NULL);
    return fail("unknown command '%s' (see tockbin --help)", argv[1]);
}
