/* Grants, subscribe and allow slots, and upcall scheduling.
 *
 * Mirrors tock/tock kernel/src/grant.rs and kernel/src/upcall.rs @65608d71
 * (spec §2.2, §3.4, §3.5, §10.42). A grant is accounted downward from the
 * kernel break the first time a driver needs it for a process; the address
 * the spec's layout gives it is kept in p->grants[d->grant_index]. Layout,
 * in 64-bit words (the Rust kernel uses usize; the host's is 64 bits):
 *
 *   grant address -> +----------------------------------------------+
 *                    | counters: up | ro << 8 | rw << 16             |
 *                    | up  x { userdata, fn_ptr }                    |
 *                    | ro  x { ptr, len }                            |
 *                    | rw  x { ptr, len }                            |
 *                    | T (grant_size bytes, zeroed, 8-byte aligned)  |
 *   old kernel break +----------------------------------------------+
 *
 * Deviation: the words themselves live in emulator memory (calloc'd per
 * process per driver, p->grant_storage), not at that address in process RAM.
 * On a microcontroller the MPU fences the grant region off exactly; here the
 * app's view is rounded up to whole pages, so an app that brks to the kernel
 * break could reach the page holding its grants and rewrite an allow slot's
 * pointer, making a capsule write anywhere. Moving the kernel-owned side out
 * keeps the app's view and every reported address (kernel break, memop 6,
 * the process printer) exactly as the spec lays them out, while the bytes
 * from the kernel break to the end of RAM are never read by the kernel.
 *
 * Deviation: T is aligned to 8 bytes, not align_of(T), which C cannot ask a
 * vtable for; capsule grant structs hold nothing wider than 64 bits.
 */
#include <stdlib.h>

#include "kernel-internal.h"

#define WORD 8u

enum slot_kind { SLOT_UPCALL, SLOT_RO, SLOT_RW };

static uint64_t *grant_words(struct tk_driver *d, struct tk_process *p)
{
    return p->grant_storage[d->grant_index];
}

static size_t header_words(const struct tk_driver_ops *ops)
{
    return 1 + 2 * ((size_t)ops->upcall_count + ops->allow_ro_count + ops->allow_rw_count);
}

static void *grant_data(struct tk_driver *d, uint64_t *words)
{
    return words + header_words(d->ops);
}

/* The two-word slot `number` of `kind`, or NULL if the process has no grant
 * or the number is out of range. One helper for subscribe, allow, the
 * capsule accessors and upcall scheduling. */
static uint64_t *grant_slot(struct tk_driver *d, struct tk_process *p, enum slot_kind kind,
                            unsigned number)
{
    const struct tk_driver_ops *ops = d->ops;
    uint64_t *words = grant_words(d, p);
    unsigned counts[] = {ops->upcall_count, ops->allow_ro_count, ops->allow_rw_count};
    size_t first = 1;

    if (words == NULL || number >= counts[kind])
        return NULL;
    for (unsigned k = 0; k < (unsigned)kind; k++)
        first += 2 * (size_t)counts[k];
    return words + first + 2 * (size_t)number;
}

/* Account the grant below the kernel break and allocate its words in
 * emulator memory (ProcessGrant::new). */
static uint64_t *grant_allocate(struct tk_driver *d, struct tk_process *p, int *err)
{
    const struct tk_driver_ops *ops = d->ops;
    uint64_t size =
        header_words(ops) * WORD + ((ops->grant_size + WORD - 1) & ~(uint64_t)(WORD - 1));

    /* spec §5.6: NOMEM when the kernel break would cross the app break
     * (app_break <= kernel_break always: memop and this check keep it). */
    if (size > p->kernel_break - p->app_break) {
        *err = TK_NOMEM;
        return NULL;
    }
    /* calloc zeroes the slots and T, as ProcessGrant::new does. */
    uint64_t *words = calloc(1, (size_t)size);
    if (words == NULL) {
        *err = TK_NOMEM;
        return NULL;
    }
    /* The kernel break starts 8-aligned and size is whole words: so is base. */
    uint64_t base = p->kernel_break - size;
    words[0] = (uint64_t)ops->upcall_count | (uint64_t)ops->allow_ro_count << 8 |
               (uint64_t)ops->allow_rw_count << 16;
    p->kernel_break = base;
    p->grants[d->grant_index] = base;
    p->grant_storage[d->grant_index] = words;
    if (ops->grant_init != NULL)
        ops->grant_init(d, p, grant_data(d, words));
    return words;
}

void *tk_grant_enter(struct tk_driver *d, struct tk_process *p, int *err)
{
    int dummy;
    if (err == NULL)
        err = &dummy;
    if (!tk_process_is_alive(p)) {
        *err = TK_FAIL; /* InactiveApp (spec §1.4) */
        return NULL;
    }
    if (!d->ops->has_grant) {
        *err = TK_NOMEM; /* spec §10.6 */
        return NULL;
    }
    uint64_t *words = grant_words(d, p);
    if (words == NULL)
        words = grant_allocate(d, p, err);
    return words == NULL ? NULL : grant_data(d, words);
}

void *tk_grant_get(struct tk_driver *d, struct tk_process *p)
{
    uint64_t *words = grant_words(d, p);
    return words == NULL ? NULL : grant_data(d, words);
}

/* Forget and free the grant at `index`; true if there was one. */
static bool grant_free(struct tk_process *p, unsigned index)
{
    if (p->grant_storage[index] == NULL)
        return false;
    free(p->grant_storage[index]);
    p->grant_storage[index] = NULL;
    p->grants[index] = 0;
    return true;
}

void tk__grant_wipe(struct tk_process *p)
{
    struct tk_kernel *k = p->kernel;
    /* The storage goes before process_gone: tk_grant_get already answers
     * NULL there, and no capsule keeps grant data across calls (driver.h). */
    for (unsigned i = 0; i < k->driver_count; i++) {
        struct tk_driver *d = k->drivers[i];
        if (grant_free(p, d->grant_index) && d->ops->process_gone != NULL)
            d->ops->process_gone(d, p);
    }
}

void tk__grant_free_all(struct tk_process *p)
{
    for (unsigned i = 0; i < TK_MAX_GRANTS; i++)
        grant_free(p, i);
}

/* Swap one slot after making sure the grant exists (spec §1.6 steps 4-6,
 * §3.2 steps 6-8): allocation failure before the number check. */
static int grant_swap(struct tk_driver *d, struct tk_process *p, enum slot_kind kind,
                      uint32_t number, uint64_t first, uint64_t second, uint64_t *prev_first,
                      uint64_t *prev_second)
{
    int err = 0;
    if (tk_grant_enter(d, p, &err) == NULL)
        return err; /* TK_FAIL (process not alive) or TK_NOMEM */
    uint64_t *slot = grant_slot(d, p, kind, number);
    if (slot == NULL)
        return TK_NOSUPPORT; /* spec §10.5 */
    *prev_first = slot[0];
    *prev_second = slot[1];
    slot[0] = first;
    slot[1] = second;
    return 0;
}

int tk__grant_subscribe(struct tk_driver *d, struct tk_process *p, uint32_t number, uint64_t fn,
                        uint64_t userdata, uint64_t *prev_fn, uint64_t *prev_userdata)
{
    /* Slot words are { userdata, fn_ptr } (spec §3.5). */
    return grant_swap(d, p, SLOT_UPCALL, number, userdata, fn, prev_userdata, prev_fn);
}

int tk__grant_allow(struct tk_driver *d, struct tk_process *p, bool read_only, uint32_t number,
                    uint64_t addr, uint64_t len, uint64_t *prev_addr, uint64_t *prev_len)
{
    return grant_swap(d, p, read_only ? SLOT_RO : SLOT_RW, number, addr, len, prev_addr, prev_len);
}

static struct tk_buffer allow_get(struct tk_driver *d, struct tk_process *p, enum slot_kind kind,
                                  unsigned number)
{
    struct tk_buffer buf = {NULL, 0};
    uint64_t *slot = tk_process_is_alive(p) ? grant_slot(d, p, kind, number) : NULL;

    /* spec §10.13: a zero-length buffer reads as NULL. */
    if (slot == NULL || slot[1] == 0)
        return buf;
    buf.ptr = (uint8_t *)(uintptr_t)slot[0];
    buf.len = (size_t)slot[1];
    return buf;
}

struct tk_buffer tk_allow_ro_get(struct tk_driver *d, struct tk_process *p, unsigned number)
{
    return allow_get(d, p, SLOT_RO, number);
}

struct tk_buffer tk_allow_rw_get(struct tk_driver *d, struct tk_process *p, unsigned number)
{
    return allow_get(d, p, SLOT_RW, number);
}

int tk_upcall_task(struct tk_driver *d, struct tk_process *p, unsigned subscribe_num, uint64_t a0,
                   uint64_t a1, uint64_t a2, struct tk_task *out)
{
    if (subscribe_num >= d->ops->upcall_count)
        return TK_INVAL; /* InvalidSubscribeNum: nothing queued (spec §2.2) */
    uint64_t *slot = grant_slot(d, p, SLOT_UPCALL, subscribe_num);
    if (slot == NULL)
        return TK_NODEVICE;

    struct tk_task task = {.id = {d->number, subscribe_num}};
    task.arg[0] = a0;
    task.arg[1] = a1;
    task.arg[2] = a2;
    if (slot[1] != 0) {
        task.kind = TK_TASK_FUNCTION_CALL;
        task.pc = slot[1];
        task.arg[3] = slot[0];
    } else {
        /* spec §10.7: null-upcall events occupy queue slots. */
        task.kind = TK_TASK_RETURN_VALUE;
    }
    *out = task;
    return 0;
}

int tk_upcall_schedule(struct tk_driver *d, struct tk_process *p, unsigned subscribe_num,
                       uint32_t a0, uint32_t a1, uint32_t a2)
{
    struct tk_task task;
    int err = tk_upcall_task(d, p, subscribe_num, a0, a1, a2, &task);
    return err != 0 ? err : tk_process_enqueue(p, &task);
}

void tk_allow_revoke_range(struct tk_process *p, uint64_t address, uint64_t len)
{
    struct tk_kernel *k = p->kernel;
    for (unsigned i = 0; i < k->driver_count; i++) {
        struct tk_driver *d = k->drivers[i];
        for (enum slot_kind kind = SLOT_RO; kind <= SLOT_RW; kind++) {
            uint64_t *slot;
            for (unsigned n = 0; (slot = grant_slot(d, p, kind, n)) != NULL; n++) {
                if (slot[1] == 0 || slot[0] >= address + len || slot[0] + slot[1] <= address)
                    continue;
                uint64_t prev_addr = slot[0], prev_len = slot[1];
                slot[0] = 0;
                slot[1] = 0;
                if (d->ops->allow_swapped != NULL)
                    d->ops->allow_swapped(d, p, kind == SLOT_RO, n, prev_addr, prev_len);
            }
        }
    }
}
