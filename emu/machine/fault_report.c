/* Fault lines with source locations, and the debug policies' process dump
 * (see fault_report.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fault_report.h"
#include "host.h" /* emu_fault_describe, emu_fault_dwarf_registers */
#include "process_printer.h"

bool emu_fault_is_stack_overflow(const struct tk_process *p, const struct tk_fault *f)
{
    return f->kind == TK_FAULT_MEMORY && f->address < p->memory_start &&
           p->memory_start - f->address <= EMU_STACK_OVERFLOW_REACH;
}

void emu_fault_line(struct emu_symbols *symbols, const struct tk_process *p,
                    const struct tk_fault *f, char *out, size_t len)
{
    char what[200], where[300] = "", caller[300] = "";
    bool overflow = emu_fault_is_stack_overflow(p, f);
    emu_fault_describe(f, what, sizeof what);
    if (symbols != NULL && f->pc != 0) {
        char at[280];
        if (emu_symbols_describe(symbols, f->pc, at, sizeof at))
            snprintf(where, sizeof where, " in %s", at);
    }
    if (symbols != NULL && overflow && f->stack_pointer != 0) {
        struct emu_symbols_memory ram = {p->memory_start, p->memory_len};
        uint64_t from = 0, regs[EMU_FAULT_DWARF_REGISTERS];
        unsigned reg_count = emu_fault_dwarf_registers(f, regs);
        char at[280];
        if (emu_symbols_caller(symbols, f->pc, f->stack_pointer, reg_count ? regs : NULL, reg_count,
                               &ram, &from)) {
            emu_symbols_describe(symbols, from, at, sizeof at);
            snprintf(caller, sizeof caller, ", called from %s", at);
        } else {
            snprintf(caller, sizeof caller, ", caller unknown");
        }
    }
    snprintf(out, len, "%s%s%s%s", overflow ? "stack overflow: " : "", what, where, caller);
}

/* The context a fault reports, in print_context's place: the registers
 * (emu_fault_print_registers), then the fault itself. */
static void dump_context(struct emu_symbols *symbols, const struct tk_process *p,
                         const struct tk_fault *f, GString *out)
{
    char at[280] = "", what[200], registers[1024];
    if (symbols != NULL && f->pc != 0)
        emu_symbols_describe(symbols, f->pc, at, sizeof at);
    emu_fault_describe(f, what, sizeof what);
    bool sp_inside = f->stack_pointer >= p->memory_start && f->stack_pointer < p->app_break;
    emu_fault_print_registers(f, at, sp_inside ? "" : ", outside accessible memory", registers,
                              sizeof registers);
    g_string_append(out, registers);
    g_string_append_printf(out, "\r\n  Fault: %s%s\r\n",
                           emu_fault_is_stack_overflow(p, f) ? "stack overflow: " : "", what);
}

/* print_full_process's grant table: rows of three, numbered down the
 * columns, "--" for a grant not allocated. */
static void dump_grants(const struct tk_process *p, GString *out)
{
    const struct tk_kernel *k = p->kernel;
    unsigned count = k->driver_count, rows = (count + 2) / 3;
    g_string_append_printf(out, "\r\n Total number of grant regions defined: %u\r\n", count);
    for (unsigned i = 0; i < rows; i++) {
        for (unsigned j = 0; j < 3; j++) {
            unsigned index = i + rows * j;
            if (index >= count)
                break;
            const struct tk_driver *d = k->drivers[index];
            uint64_t grant = d->grant_index < TK_MAX_GRANTS ? p->grants[d->grant_index] : 0;
            if (grant == 0)
                g_string_append_printf(out, "  Grant %2u : --        ", index);
            else
                g_string_append_printf(out, "  Grant %2u %#" PRIx32 ": 0x%" PRIx64, index,
                                       d->number, grant);
        }
        g_string_append(out, "\r\n");
    }
}

/* The MPU configuration: what mprotect lets the app reach (architecture.md
 * "Memory model"). */
static void dump_mpu(const struct tk_process *p, GString *out)
{
    g_string_append_printf(out,
                           "\r\n Memory protection (mprotect)"
                           "\r\n  Region 0: [0x%08" PRIx64 ":0x%08" PRIx64 "], length: %" PRIu64
                           " bytes; ReadWrite (app memory)"
                           "\r\n  Region 1: [0x%08" PRIx64 ":0x%08" PRIx64 "], length: %" PRIu64
                           " bytes; NoAccess (grant region)"
                           "\r\n  Region 2: [0x%08" PRIx64 ":0x%08" PRIx64 "], length: %" PRIu64
                           " bytes; ReadOnly (flash)\r\n",
                           p->memory_start, p->app_break, p->app_break - p->memory_start,
                           p->app_break, p->memory_start + p->memory_len,
                           p->memory_start + p->memory_len - p->app_break, p->flash_start,
                           p->flash_start + p->flash_len, p->flash_len);
}

void emu_fault_dump(struct emu_symbols *symbols, const struct tk_process *p,
                    const struct tk_fault *f, GString *out)
{
    uint8_t chunk[1024];
    bool more = true;
    /* The overview prints the state the fault leaves (Faulted), as the
     * kernel prints it after set_fault_state. */
    struct tk_process shown = *p;
    shown.state = TK_STATE_FAULTED;
    shown.completion = TK_COMPLETION_FAULTED;
    for (size_t offset = 0; more;) {
        size_t n = tk_process_printer_overview(&shown, offset, chunk, sizeof chunk, &more);
        g_string_append_len(out, (const char *)chunk, (gssize)n);
        offset += n;
        if (n == 0)
            break;
    }
    dump_context(symbols, p, f, out);
    dump_grants(p, out);
    dump_mpu(p, out);
    /* Tock's fixed-address hint, for a host ELF. */
    g_string_append_printf(out, "\r\nTo debug, open the app's ELF (%s.elf beside %s.tbf):\r\n",
                           p->name, p->name);
    if (f->pc != 0)
        g_string_append_printf(out, "`addr2line -f -e %s.elf 0x%" PRIx64 "` or ", p->name, f->pc);
    g_string_append_printf(out,
                           "`objdump -dl %s.elf`; it is linked at"
                           "\r\nflash 0x%" PRIx64 " and RAM 0x%" PRIx64 ".\r\n\r\n",
                           p->name, p->flash_start, p->memory_start);
}

/* ---- the ELF of each app ------------------------------------------------------ */

struct emu_fault_reporter {
    gchar **elf_paths;
    struct app_symbols {
        gchar *path; /* NULL: none known */
        uint64_t load_base;
        struct emu_symbols *symbols;
        bool tried;
    } apps[TK_MAX_PROCESSES];
};

struct emu_fault_reporter *emu_fault_reporter_new(const char *const *elf_paths)
{
    struct emu_fault_reporter *r = g_new0(struct emu_fault_reporter, 1);
    r->elf_paths = g_strdupv((gchar **)elf_paths);
    return r;
}

void emu_fault_reporter_free(struct emu_fault_reporter *r)
{
    if (r == NULL)
        return;
    for (unsigned i = 0; i < TK_MAX_PROCESSES; i++) {
        g_free(r->apps[i].path);
        emu_symbols_free(r->apps[i].symbols);
    }
    g_strfreev(r->elf_paths);
    g_free(r);
}

void emu_fault_reporter_add_app(struct emu_fault_reporter *r, unsigned slot, const char *name,
                                const char *tbf_path, uint64_t load_base)
{
    if (slot >= TK_MAX_PROCESSES)
        return;
    struct app_symbols *a = &r->apps[slot];
    g_free(a->path);
    a->path = NULL;
    a->load_base = load_base;
    gchar *wanted = g_strdup_printf("%s.elf", name);
    for (gchar **e = r->elf_paths; e != NULL && *e != NULL && a->path == NULL; e++) {
        gchar *base = g_path_get_basename(*e);
        if (strcmp(base, wanted) == 0)
            a->path = g_strdup(*e);
        g_free(base);
    }
    g_free(wanted);
    if (a->path == NULL && tbf_path != NULL) {
        a->path = emu_symbols_elf_beside(tbf_path);
        if (a->path != NULL && !g_file_test(a->path, G_FILE_TEST_IS_REGULAR)) {
            g_free(a->path);
            a->path = NULL;
        }
    }
}

struct emu_symbols *emu_fault_reporter_symbols(struct emu_fault_reporter *r, unsigned slot,
                                               char *why, size_t len)
{
    why[0] = 0;
    if (slot >= TK_MAX_PROCESSES || r->apps[slot].path == NULL)
        return NULL;
    struct app_symbols *a = &r->apps[slot];
    if (!a->tried) {
        struct emu_err err;
        a->tried = true;
        a->symbols = emu_symbols_new(a->path, a->load_base, &err);
        if (a->symbols == NULL)
            snprintf(why, len, "%s", err.msg);
    }
    return a->symbols;
}

const char *emu_fault_reporter_elf_path(const struct emu_fault_reporter *r, unsigned slot)
{
    return slot < TK_MAX_PROCESSES ? r->apps[slot].path : NULL;
}

uint64_t emu_fault_reporter_load_base(const struct emu_fault_reporter *r, unsigned slot)
{
    return slot < TK_MAX_PROCESSES ? r->apps[slot].load_base : 0;
}
