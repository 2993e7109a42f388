/* The in-process transport: tk_process_ops over a code callback (inproc.h).
 *
 * Owns the RAM and (when it copies the TBF) flash mappings of each process,
 * with a guard page on either side, and the counters tests read. switch_to
 * is one indirect call: this is what lets a fuzzer drive the dispatcher at
 * millions of syscalls a second. Upstream counterpart: none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "appid.h"
#include "inproc.h"
#include "tbf.h"

#define PAGE                  4096u
#define DEFAULT_MEMORY_LEN    (64u * 1024)
#define DEFAULT_FLASH_LEN     4096u
#define DEFAULT_FLASH_PROTECT 64u

/* One mapping with a guard page on each side. */
struct guarded {
    uint8_t *base; /* the first guard page; NULL: none */
    size_t total;  /* guards included */
};

struct inproc_host {
    struct guarded ram, flash, lend;
    emu_inproc_code *code;
    void *code_ctx;
    struct emu_inproc_counts counts;
    struct tk_resume last_resume;
};

static uint64_t round_to_page(uint64_t n)
{
    return (n + PAGE - 1) & ~(uint64_t)(PAGE - 1);
}

/* Map `len` (page multiple) usable bytes at `want` (0: anywhere) between two
 * PROT_NONE pages. Returns the usable start, or 0 with -errno in *rc. */
static uint64_t guarded_map(struct guarded *g, uint64_t want, uint64_t len, int *rc)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    void *hint = NULL;
    if (want != 0) {
        flags |= MAP_FIXED_NOREPLACE;
        hint = (void *)(uintptr_t)(want - PAGE);
    }
    size_t total = (size_t)len + 2 * PAGE;
    void *m = mmap(hint, total, PROT_NONE, flags, -1, 0);
    if (m == MAP_FAILED || (hint != NULL && m != hint)) {
        *rc = m == MAP_FAILED ? -errno : -EEXIST; /* kernels before 4.17 ignore the flag */
        if (m != MAP_FAILED)
            munmap(m, total);
        return 0;
    }
    if (mprotect((uint8_t *)m + PAGE, len, PROT_READ | PROT_WRITE) != 0) {
        *rc = -errno;
        munmap(m, total);
        return 0;
    }
    g->base = m;
    g->total = total;
    return (uint64_t)(uintptr_t)m + PAGE;
}

static void guarded_unmap(struct guarded *g)
{
    if (g->base != NULL)
        munmap(g->base, g->total);
    g->base = NULL;
}

static void host_free(struct inproc_host *host)
{
    guarded_unmap(&host->ram);
    guarded_unmap(&host->flash);
    guarded_unmap(&host->lend);
    free(host);
}

static int inproc_start(struct tk_process *p)
{
    ((struct inproc_host *)p->host)->counts.starts++;
    return 0;
}

static void answer_yield_wait(struct tk_trap *trap)
{
    trap->kind = TK_TRAP_SYSCALL;
    trap->syscall.class_id = TK_CLASS_YIELD;
    trap->syscall.arg[0] = TK_YIELD_WAIT;
}

static void inproc_switch_to(struct tk_process *p, const struct tk_resume *resume,
                             uint64_t timeslice_ns, struct tk_trap *trap)
{
    struct inproc_host *host = p->host;
    (void)timeslice_ns; /* the code never computes: every syscall is at once */
    host->counts.switches++;
    host->last_resume = *resume;
    memset(trap, 0, sizeof *trap);
    if (host->code == NULL)
        answer_yield_wait(trap);
    else
        host->code(host->code_ctx, p, resume, trap);
}

static void inproc_stop(struct tk_process *p)
{
    ((struct inproc_host *)p->host)->counts.stops++;
}

static void inproc_destroy(struct tk_process *p)
{
    host_free(p->host);
    p->host = NULL;
}

/* Windows: the code runs in the kernel's own address space, so everything
 * is in view already; only the arguments are checked, as the forked
 * transport checks them. */
static int inproc_window_show(struct tk_process *p, uint64_t address, uint64_t len, bool writable)
{
    (void)writable;
    if (len == 0 || address + len < address)
        return -EINVAL;
    if (address < p->memory_start + p->memory_len && address + len > p->memory_start)
        return -EINVAL;
    return 0;
}

static int inproc_window_hide(struct tk_process *p, uint64_t address, uint64_t len)
{
    return inproc_window_show(p, address, len, false) == 0 ? 0 : -ENOENT;
}

/* The lend area: mapped on first use, as long as the RAM, guarded. */
static uint64_t inproc_lend_area(struct tk_process *p, uint64_t *len)
{
    struct inproc_host *host = p->host;
    int rc = 0;
    *len = 0;
    if (host->lend.base == NULL && guarded_map(&host->lend, 0, p->memory_len, &rc) == 0)
        return 0;
    *len = p->memory_len;
    return (uint64_t)(uintptr_t)host->lend.base + PAGE;
}

static const struct tk_process_ops inproc_ops = {
    .start = inproc_start,
    .switch_to = inproc_switch_to,
    .stop = inproc_stop,
    .destroy = inproc_destroy,
    .window_show = inproc_window_show,
    .window_hide = inproc_window_hide,
    .lend_area = inproc_lend_area,
};

/* Flash for `o`: fills the flash part of `cfg` and the regions. Returns 0
 * or -errno. */
static int flash_init(struct inproc_host *host, const struct emu_inproc_options *o,
                      struct tk_process_config *cfg, struct tk_flash_region *regions)
{
    const struct tk_tbf_object *obj = o->tbf;
    int rc = 0;
    if (obj == NULL) {
        cfg->flash_len = o->flash_len != 0 ? round_to_page(o->flash_len) : DEFAULT_FLASH_LEN;
        cfg->flash_protected_size =
            o->flash_protected_size != 0 ? o->flash_protected_size : DEFAULT_FLASH_PROTECT;
        if (cfg->flash_protected_size >= cfg->flash_len)
            return -EINVAL;
        cfg->flash_start = guarded_map(&host->flash, 0, cfg->flash_len, &rc);
        cfg->init_pc = cfg->flash_start + cfg->flash_protected_size;
        return rc;
    }
    const struct tk_tbf_header *h = &obj->header;
    if (o->tbf_in_place) {
        cfg->flash_start = (uint64_t)(uintptr_t)obj->data;
    } else {
        cfg->flash_start = guarded_map(&host->flash, 0, round_to_page(obj->len), &rc);
        if (rc != 0)
            return rc;
        memcpy((void *)(uintptr_t)cfg->flash_start, obj->data, obj->len);
    }
    cfg->flash_len = h->total_size;
    cfg->flash_protected_size = tk_tbf_protected_size(h);
    cfg->init_pc = cfg->flash_start + tk_tbf_init_fn_offset(h);
    cfg->short_id = tk_tbf_short_id(h);
    unsigned count = tk_tbf_writeable_flash_region_count(h);
    if (count > TK_MAX_FLASH_REGIONS)
        return -E2BIG;
    for (unsigned i = 0; i < count; i++)
        tk_tbf_writeable_flash_region(h, i, &regions[i]);
    cfg->flash_regions = regions;
    cfg->flash_region_count = count;
    return 0;
}

struct tk_process *emu_inproc_process_new(struct tk_kernel *k, const struct emu_inproc_options *o,
                                          int *rc, struct emu_err *err)
{
    const char *name = o->name != NULL ? o->name : "";
    struct tk_flash_region regions[TK_MAX_FLASH_REGIONS];
    struct tk_process_config cfg = {
        .name = name, .permissions = o->permissions, .ops = &inproc_ops};
    int status = 0;
    struct inproc_host *host = calloc(1, sizeof *host);
    if (host == NULL) {
        status = -ENOMEM;
        emu_err_set(err, "%s: out of memory", name);
        goto fail;
    }
    host->code = o->code;
    host->code_ctx = o->code_ctx;
    host->last_resume.kind = TK_RESUME_START;

    cfg.memory_len = o->memory_len != 0 ? round_to_page(o->memory_len) : DEFAULT_MEMORY_LEN;
    if (o->memory_start % PAGE != 0 || o->initial_break_offset > cfg.memory_len) {
        status = -EINVAL;
        emu_err_set(err, "%s: RAM at 0x%llx is not page aligned, or its break is past its end",
                    name, (unsigned long long)o->memory_start);
        goto fail;
    }
    cfg.memory_start = guarded_map(&host->ram, o->memory_start, cfg.memory_len, &status);
    if (status != 0) {
        emu_err_set(err, "%s: cannot map its RAM at 0x%llx (%llu bytes): %s", name,
                    (unsigned long long)o->memory_start, (unsigned long long)cfg.memory_len,
                    strerror(-status));
        goto fail;
    }
    memset((void *)(uintptr_t)cfg.memory_start, o->ram_fill, cfg.memory_len);
    cfg.initial_break = cfg.memory_start + o->initial_break_offset;
    status = flash_init(host, o, &cfg, regions);
    if (status != 0) {
        emu_err_set(err, "%s: cannot set up its flash: %s", name, strerror(-status));
        goto fail;
    }
    cfg.host = host;
    struct tk_process *p = tk_kernel_create_process(k, &cfg, &status);
    if (p == NULL) {
        emu_err_set(err, "%s: the kernel refused the process (%s)", name,
                    tk_errorcode_name((unsigned)status));
        goto fail;
    }
    if (o->tbf != NULL) /* spec §7.6, as the forked loader does */
        tk_storage_permissions_init(&p->storage, TK_STORAGE_POLICY_TBF_HEADER, p->short_id,
                                    &o->tbf->header);
    return p;
fail:
    if (host != NULL)
        host_free(host);
    if (rc != NULL)
        *rc = status;
    return NULL;
}

struct tk_syscall_return emu_inproc_syscall(struct tk_kernel *k, struct tk_process *p,
                                            const struct tk_syscall *sc)
{
    return tk_kernel_syscall(k, p, sc);
}

const struct emu_inproc_counts *emu_inproc_counts(const struct tk_process *p)
{
    return &((const struct inproc_host *)p->host)->counts;
}

const struct tk_resume *emu_inproc_last_resume(const struct tk_process *p)
{
    return &((const struct inproc_host *)p->host)->last_resume;
}

void emu_inproc_set_code(struct tk_process *p, emu_inproc_code *code, void *ctx)
{
    struct inproc_host *host = p->host;
    host->code = code;
    host->code_ctx = ctx;
}

bool emu_inproc_is_inproc(const struct tk_process *p)
{
    return p->ops == &inproc_ops;
}

void emu_inproc_script_code(void *ctx, struct tk_process *p, const struct tk_resume *resume,
                            struct tk_trap *trap)
{
    struct emu_inproc_script *s = ctx;
    (void)p, (void)resume;
    trap->kind = TK_TRAP_SYSCALL;
    if (s->next < s->count) {
        trap->syscall = s->calls[s->next++];
        return;
    }
    trap->syscall.class_id = TK_CLASS_EXIT; /* arg[0] 0: terminate, code 0 */
}
