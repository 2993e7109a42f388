/* Source locations of app addresses through elfutils' libdw (see symbols.h).
 *
 * Owns the offline Dwfl session of one app ELF: symbol and line lookups, and
 * a one-frame unwind from a fault's pc and stack pointer through the ELF's
 * CFI, reading the app's stack where the emulator maps it. No upstream
 * counterpart: Tock prints raw addresses and leaves lookups to `make lst`.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "symbols.h"

struct emu_symbols {
    char *path;
    uint64_t load_base;
    Dwfl *dwfl;
    Dwfl_Module *module;
};

static const Dwfl_Callbacks offline_callbacks = {
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

/* The app's ELF in a session, at its load base (libdwfl ignores the base of
 * a fixed-address ET_EXEC). */
static Dwfl_Module *report_app(Dwfl *dwfl, const struct emu_symbols *s)
{
    return dwfl_report_elf(dwfl, "app", s->path, -1, s->load_base, false);
}

struct emu_symbols *emu_symbols_new(const char *path, uint64_t load_base, struct emu_err *err)
{
    struct emu_symbols *s = g_new0(struct emu_symbols, 1);
    s->path = g_strdup(path);
    s->load_base = load_base;
    s->dwfl = dwfl_begin(&offline_callbacks);
    if (s->dwfl == NULL)
        goto fail;
    s->module = report_app(s->dwfl, s);
    if (s->module == NULL || dwfl_report_end(s->dwfl, NULL, NULL) != 0)
        goto fail;
    return s;
fail:
    emu_err_set(err, "%s: %s", path, dwfl_errmsg(-1));
    emu_symbols_free(s);
    return NULL;
}

void emu_symbols_free(struct emu_symbols *s)
{
    if (s == NULL)
        return;
    if (s->dwfl != NULL)
        dwfl_end(s->dwfl);
    g_free(s->path);
    g_free(s);
}

bool emu_symbols_describe(struct emu_symbols *s, uint64_t pc, char *out, size_t len)
{
    GElf_Off offset = 0;
    GElf_Sym sym;
    const char *name = dwfl_module_addrinfo(s->module, pc, &offset, &sym, NULL, NULL, NULL);
    int n = name != NULL ? snprintf(out, len, "%s+0x%" PRIx64, name, (uint64_t)offset)
                         : snprintf(out, len, "0x%" PRIx64, pc);
    Dwfl_Line *line = dwfl_module_getsrc(s->module, pc);
    int lineno = 0;
    const char *file = line != NULL ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
    if (file != NULL && n >= 0 && (size_t)n < len)
        snprintf(out + n, len - (size_t)n, " at %s:%d", file, lineno);
    return name != NULL || file != NULL;
}

/* ---- one-frame unwind ------------------------------------------------------ */

/* The state libdw's thread callbacks see: one thread, two known registers. */
struct unwind {
    uint64_t pc, sp;
    const uint64_t *regs; /* DWARF order, from 0; NULL: only pc and sp */
    unsigned reg_count;
    const struct emu_symbols_memory *memory;
    uint64_t caller_pc;
    unsigned frames;
};

enum { X86_64_DWARF_RSP = 7 }; /* DWARF register number (System V x86-64 psABI) */

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_arg)
{
    (void)dwfl;
    if (*thread_arg != NULL)
        return 0; /* one thread only */
    *thread_arg = arg;
    return 1;
}

/* Only the app's RAM, checked: the unwinder follows app-written words, and
 * an address outside the region must not fault the emulator. */
static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
    (void)dwfl;
    const struct unwind *u = arg;
    const struct emu_symbols_memory *m = u->memory;
    if (addr < m->start || addr > m->start + m->len - sizeof *result || addr % 8 != 0)
        return false;
    memcpy(result, (const void *)(uintptr_t)addr, sizeof *result);
    return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
    const struct unwind *u = arg;
    dwfl_thread_state_register_pc(thread, u->pc);
    if (u->regs != NULL && u->reg_count > X86_64_DWARF_RSP) {
        Dwarf_Word regs[32];
        unsigned n = u->reg_count < 32 ? u->reg_count : 32;
        for (unsigned i = 0; i < n; i++)
            regs[i] = u->regs[i];
        return dwfl_thread_state_registers(thread, 0, n, regs);
    }
    Dwarf_Word sp = u->sp;
    return dwfl_thread_state_registers(thread, X86_64_DWARF_RSP, 1, &sp);
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
    .next_thread = next_thread,
    .memory_read = memory_read,
    .set_initial_registers = set_initial_registers,
};

static int on_frame(Dwfl_Frame *frame, void *arg)
{
    struct unwind *u = arg;
    Dwarf_Addr pc;
    bool activation = false;
    if (!dwfl_frame_pc(frame, &pc, &activation))
        return DWARF_CB_ABORT;
    if (u->frames++ == 0)
        return DWARF_CB_OK; /* the faulting frame itself */
    u->caller_pc = pc;
    return DWARF_CB_ABORT;
}

bool emu_symbols_caller(struct emu_symbols *s, uint64_t pc, uint64_t sp, const uint64_t *dwarf_regs,
                        unsigned dwarf_count, const struct emu_symbols_memory *memory,
                        uint64_t *caller_pc)
{
    struct unwind u = {
        .pc = pc, .sp = sp, .regs = dwarf_regs, .reg_count = dwarf_count, .memory = memory};
    if (memory->len < 8)
        return false;
    /* A Dwfl session attaches to one thread state for its life: unwind in a
     * session of its own, so lookups and later faults keep theirs. */
    Dwfl *dwfl = dwfl_begin(&offline_callbacks);
    if (dwfl == NULL)
        return false;
    Dwfl_Module *module = report_app(dwfl, s);
    GElf_Addr bias;
    Elf *elf = module != NULL && dwfl_report_end(dwfl, NULL, NULL) == 0
                   ? dwfl_module_getelf(module, &bias)
                   : NULL;
    if (elf != NULL && dwfl_attach_state(dwfl, elf, 1, &thread_callbacks, &u))
        dwfl_getthread_frames(dwfl, 1, on_frame, &u);
    dwfl_end(dwfl);
    if (u.caller_pc == 0)
        return false;
    /* A return address points after the call: the call is one byte back. */
    *caller_pc = u.caller_pc - 1;
    return true;
}

char *emu_symbols_elf_beside(const char *tbf_path)
{
    if (!g_str_has_suffix(tbf_path, ".tbf"))
        return NULL;
    return g_strdup_printf("%.*s.elf", (int)(strlen(tbf_path) - 4), tbf_path);
}
