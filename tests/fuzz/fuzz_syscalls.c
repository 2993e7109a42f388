/* libFuzzer target: syscall sequences against the kernel and the default board.
 *
 * Spec §1.3, §1.4, §1.6, §2.1, §2.6, §2.7, §3.2-§3.5, §5.1: two in-process
 * apps (emu/process/inproc.h) whose code is the fuzzer's input, run by a
 * machine (emu/machine/machine.h: the kernel loop over every capsule of the
 * default board, as tockemu runs it), with button presses and console bytes
 * mixed in. After every step the
 * target checks, and aborts on the first broken rule:
 *   - the task queue holds at most 10 entries;
 *   - each return is a legal variant for its class, writes exactly the
 *     registers that variant defines, and a failure carries an error of §1.4;
 *   - allow and subscribe swap: a success returns what the same (driver,
 *     number) held before, (0, 0) at first and after a restart; a failure
 *     returns the caller's own pair; an upcall runs only a function that is
 *     subscribed now, with its userdata;
 *   - grant accounting: memory_start <= high-water mark <= app break <=
 *     kernel break <= end, every grant between kernel break and end, grants
 *     never freed while the process lives;
 *   - the kernel writes app RAM only inside an RW or userspace-readable
 *     buffer allowed before or after the step, the Yield-NoWait flag byte,
 *     or memory a brk just handed over (shadow copy); RAM and flash sit
 *     between guard pages, so a stray access outside them faults;
 *   - every state change is one of §5.1's transitions, from the state the
 *     process was in;
 *   - no leak (LeakSanitizer, per input: everything is created and freed).
 *
 * Input: byte 0 picks the fault policy; then one operation per byte group
 * (see next_op). When the input runs out, each app exits.
 *
 * To see what an input does, run the target on it with TOCKEMU_FUZZ_TRACE=1:
 * every kernel event goes to stderr as a line of tockemu's --trace format.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "emu_uart.h"
#include "fuzz_io.h"
#include "inproc.h"
#include "machine.h"
#include "trace.h"

#define APPS          2
#define RAM_LEN       (16 * 1024)
#define BREAK_OFFSET  (8 * 1024)
#define MAX_SLOTS     64
#define MAX_SYSCALLS  4096
#define ERRORCODE_MAX 13 /* NOACK (spec §1.4) */

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_syscalls: %s:%d: ", __FILE__, __LINE__);                         \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* What the app believes one (class, driver, number) slot holds. */
struct slot {
    uint32_t class_id, driver, number;
    uint64_t a, b; /* allow: address, length; subscribe: function, userdata */
};

struct app {
    struct fuzz *fuzz;
    struct tk_process *p;
    uint32_t incarnation; /* p->id the model below belongs to */
    struct slot slots[MAX_SLOTS];
    unsigned slot_count;
    bool model_full; /* slots ran out: swap checks off for new slots */
    bool has_last;
    struct tk_syscall last;
    enum tk_state state; /* as the events told it */
    unsigned grant_count;
    uint8_t shadow[RAM_LEN];
    size_t shadow_len; /* bytes of it that are current: up to the kernel break */
    /* Writes the current step may make: the yield flag byte, brk growth, and
     * the buffer an allow of this step replaced (it was allowed until then). */
    uint64_t flag_addr, grown_from, grown_to;
    struct slot replaced;
};

struct fuzz {
    const uint8_t *data;
    size_t size, pos;
    struct emu_machine *machine;
    struct tk_kernel *kernel; /* the machine's */
    struct emu_board *board;  /* the machine's */
    struct app apps[APPS];
    unsigned syscalls;
    bool trace; /* TOCKEMU_FUZZ_TRACE: print every event */
};

static uint8_t take8(struct fuzz *f)
{
    return f->pos < f->size ? f->data[f->pos++] : 0;
}

static uint32_t take32(struct fuzz *f)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)take8(f) << (8 * i);
    return v;
}

static uint64_t take64(struct fuzz *f)
{
    uint64_t low = take32(f);
    return low | (uint64_t)take32(f) << 32;
}

/* ---- the model ---- */

static struct slot *slot_find(struct app *a, uint32_t class_id, uint32_t driver, uint32_t number)
{
    for (unsigned i = 0; i < a->slot_count; i++) {
        struct slot *s = &a->slots[i];
        if (s->class_id == class_id && s->driver == driver && s->number == number)
            return s;
    }
    return NULL;
}

/* The process was created or reset: grants, allows and upcalls are gone. */
static void model_reset(struct app *a)
{
    a->incarnation = a->p->id;
    a->slot_count = 0;
    a->model_full = false;
    a->grant_count = 0;
    a->has_last = false;
}

static unsigned grants_held(const struct tk_process *p)
{
    unsigned n = 0;
    for (unsigned i = 0; i < TK_MAX_GRANTS; i++)
        n += p->grants[i] != 0;
    return n;
}

/* spec §3.5, §5.6: the break and grant layout. */
static void check_memory_layout(struct app *a)
{
    const struct tk_process *p = a->p;
    uint64_t end = p->memory_start + p->memory_len;
    CHECK(p->memory_start <= p->app_break && p->app_break <= p->kernel_break &&
              p->kernel_break <= end,
          "%s: breaks out of order: start %#llx app %#llx kernel %#llx end %#llx", p->name,
          (unsigned long long)p->memory_start, (unsigned long long)p->app_break,
          (unsigned long long)p->kernel_break, (unsigned long long)end);
    CHECK(p->allow_high_water_mark <= p->app_break, "%s: high-water mark above the app break",
          p->name);
    for (unsigned i = 0; i < TK_MAX_GRANTS; i++) {
        CHECK(p->grants[i] == 0 || (p->grants[i] >= p->kernel_break && p->grants[i] < end),
              "%s: grant %u at %#llx outside [kernel break, end)", p->name, i,
              (unsigned long long)p->grants[i]);
        CHECK((p->grants[i] == 0) == (p->grant_storage[i] == NULL),
              "%s: grant %u accounted and stored disagree", p->name, i);
    }
    unsigned held = grants_held(p);
    if (tk_process_is_alive(p))
        CHECK(held >= a->grant_count, "%s: a grant was freed while the process lives", p->name);
    a->grant_count = held;
    CHECK(p->task_count <= TK_TASK_QUEUE_LEN, "%s: %u tasks queued", p->name, p->task_count);
}

static bool in_range(uint64_t addr, uint64_t start, uint64_t len)
{
    return addr >= start && addr - start < len;
}

/* Whether the kernel may have written app RAM byte `addr` during the step. */
static bool write_allowed(const struct app *a, uint64_t addr)
{
    if (addr == a->flag_addr || (addr >= a->grown_from && addr < a->grown_to))
        return true;
    bool writable =
        a->replaced.class_id == TK_CLASS_ALLOW_RW || a->replaced.class_id == TK_CLASS_ALLOW_UR;
    if (writable && in_range(addr, a->replaced.a, a->replaced.b))
        return true;
    for (unsigned i = 0; i < a->slot_count; i++) {
        const struct slot *s = &a->slots[i];
        bool writable = s->class_id == TK_CLASS_ALLOW_RW || s->class_id == TK_CLASS_ALLOW_UR;
        if (writable && in_range(addr, s->a, s->b))
            return true;
    }
    return a->model_full; /* lost track of some buffer: cannot tell */
}

/* Compare app RAM below the kernel break (before and after the step: grants
 * live above it) with the shadow; every changed byte must be one the step
 * could write. Then take the new contents. */
static void check_ram_writes(struct app *a)
{
    const struct tk_process *p = a->p;
    uint8_t *ram = (uint8_t *)(uintptr_t)p->memory_start;
    size_t now = (size_t)(p->kernel_break - p->memory_start);
    size_t len = now < a->shadow_len ? now : a->shadow_len;
    if (memcmp(ram, a->shadow, len) != 0) {
        for (size_t i = 0; i < len; i++)
            CHECK(ram[i] == a->shadow[i] || write_allowed(a, p->memory_start + i),
                  "%s: kernel wrote app RAM at %#llx outside every allowed buffer", p->name,
                  (unsigned long long)(p->memory_start + i));
    }
    if (now > len || memcmp(ram, a->shadow, len) != 0)
        memcpy(a->shadow, ram, now);
    a->shadow_len = now;
    a->flag_addr = 0;
    a->grown_from = a->grown_to = 0;
    a->replaced = (struct slot){0};
}

static void check_all(struct fuzz *f)
{
    for (unsigned i = 0; i < APPS; i++) {
        struct app *a = &f->apps[i];
        if (a->p->id != a->incarnation)
            model_reset(a);
        check_memory_layout(a);
        check_ram_writes(a);
    }
}

/* spec §1.3: the registers each variant writes (r0 always). */
static uint8_t written_mask(uint32_t variant)
{
    switch (variant) {
    case TK_RV_FAILURE:
    case TK_RV_SUCCESS_U32:
        return 0x3;
    case TK_RV_FAILURE_U32:
    case TK_RV_SUCCESS_U32_U32:
    case TK_RV_SUCCESS_U64:
        return 0x7;
    case TK_RV_FAILURE_U32_U32:
    case TK_RV_FAILURE_U64:
    case TK_RV_SUCCESS_U32_U32_U32:
    case TK_RV_SUCCESS_U32_U64:
        return 0xf;
    case TK_RV_SUCCESS:
        return 0x1;
    default:
        return 0;
    }
}

static bool variant_legal(uint32_t class_id, uint32_t v)
{
    switch (class_id) {
    case TK_CLASS_SUBSCRIBE:
    case TK_CLASS_ALLOW_RW:
    case TK_CLASS_ALLOW_RO:
    case TK_CLASS_ALLOW_UR:
        return v == TK_RV_FAILURE_U32_U32 || v == TK_RV_SUCCESS_U32_U32;
    case TK_CLASS_MEMOP:
        return v == TK_RV_FAILURE || v == TK_RV_SUCCESS || v == TK_RV_SUCCESS_U32;
    case TK_CLASS_EXIT:
        return v == TK_RV_FAILURE;
    default: /* command: any variant */
        return written_mask(v) != 0;
    }
}

/* spec §2.6, §2.7, §3.4: the swap, checked and applied to the model. */
static void check_swap(struct app *a, const struct tk_syscall *sc,
                       const struct tk_syscall_return *r)
{
    uint32_t driver = (uint32_t)sc->arg[0], number = (uint32_t)sc->arg[1];
    if (r->reg[0] == TK_RV_FAILURE_U32_U32) {
        CHECK(r->reg[2] == sc->arg[2] && r->reg[3] == sc->arg[3],
              "%s: failed %s did not return the caller's pair", a->p->name,
              tk_syscall_class_name(sc->class_id));
        return;
    }
    struct slot *s = slot_find(a, sc->class_id, driver, number);
    uint64_t prev_a = s != NULL ? s->a : 0, prev_b = s != NULL ? s->b : 0;
    if (s != NULL || !a->model_full)
        CHECK(r->reg[1] == prev_a && r->reg[2] == prev_b,
              "%s: %s %#x/%u returned (%#llx, %#llx), held (%#llx, %#llx)", a->p->name,
              tk_syscall_class_name(sc->class_id), driver, number, (unsigned long long)r->reg[1],
              (unsigned long long)r->reg[2], (unsigned long long)prev_a,
              (unsigned long long)prev_b);
    if (s == NULL && a->slot_count == MAX_SLOTS)
        a->model_full = true;
    if (s == NULL && a->slot_count < MAX_SLOTS) {
        s = &a->slots[a->slot_count++];
        *s = (struct slot){sc->class_id, driver, number, 0, 0};
    }
    if (s != NULL) {
        a->replaced = *s;
        s->a = sc->arg[2];
        s->b = sc->arg[3];
    }
}

/* The return of the app's last syscall. */
static void check_return(struct app *a, const struct tk_syscall_return *r)
{
    const struct tk_syscall *sc = &a->last;
    if (sc->class_id == TK_CLASS_YIELD)
        return; /* NoWait writes nothing; WaitFor carries upcall arguments */
    uint32_t v = (uint32_t)r->reg[0];
    CHECK(variant_legal(sc->class_id, v), "%s: variant %u for %s", a->p->name, v,
          tk_syscall_class_name(sc->class_id));
    CHECK(r->written == written_mask(v), "%s: %s wrote registers %#x for variant %u", a->p->name,
          tk_syscall_class_name(sc->class_id), r->written, v);
    if (v < TK_RV_SUCCESS)
        CHECK(r->reg[1] >= 1 && r->reg[1] <= ERRORCODE_MAX, "%s: error %llu from %s", a->p->name,
              (unsigned long long)r->reg[1], tk_syscall_class_name(sc->class_id));
    if (sc->class_id != TK_CLASS_COMMAND && sc->class_id != TK_CLASS_MEMOP &&
        sc->class_id != TK_CLASS_EXIT)
        check_swap(a, sc, r);
}

/* spec §2.3, §2.6: only a function subscribed now runs, with its userdata. */
static void check_upcall(struct app *a, const struct tk_resume *resume)
{
    CHECK(resume->pc != 0, "%s: the null upcall was called", a->p->name);
    if (a->model_full)
        return;
    for (unsigned i = 0; i < a->slot_count; i++) {
        const struct slot *s = &a->slots[i];
        if (s->class_id == TK_CLASS_SUBSCRIBE && s->a == resume->pc && s->b == resume->arg[3])
            return;
    }
    CHECK(false, "%s: upcall to %#llx (userdata %#llx) that is not subscribed", a->p->name,
          (unsigned long long)resume->pc, (unsigned long long)resume->arg[3]);
}

/* spec §5.1 (process_standard.rs): which state may follow which. */
static bool transition_legal(enum tk_state from, enum tk_state to)
{
    switch (from) {
    case TK_STATE_RUNNING:
        return to != TK_STATE_RUNNING;
    case TK_STATE_YIELDED:
    case TK_STATE_YIELDED_FOR:
        return to == TK_STATE_RUNNING || to == TK_STATE_STOPPED || to == TK_STATE_TERMINATED ||
               to == TK_STATE_FAULTED;
    case TK_STATE_STOPPED: /* resume, or a return value set (spec §10.24) */
        return to != TK_STATE_STOPPED;
    /* Running from Terminated or Faulted: only the return value of the
     * process's own syscall, whose command terminated or faulted it (under
     * the Stop policy, Terminated then Faulted), which sets Running
     * unconditionally and so undoes it (spec §10 point 24,
     * ProcessStandard::set_syscall_return_value; ProcessInfo's command 6
     * on the caller itself). */
    case TK_STATE_FAULTED: /* restart terminates first; console "terminate" */
        return to == TK_STATE_TERMINATED || to == TK_STATE_RUNNING;
    case TK_STATE_TERMINATED: /* reset or start; Stop policy marks Faulted */
        return to == TK_STATE_YIELDED || to == TK_STATE_FAULTED || to == TK_STATE_RUNNING;
    }
    return false;
}

static void on_kernel_event(struct fuzz *f, const struct tk_event *ev)
{
    if (f->trace) {
        char line[256];
        emu_event_format(ev, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    if (ev->kind != TK_EV_STATE)
        return;
    for (unsigned i = 0; i < APPS; i++) {
        struct app *a = &f->apps[i];
        if (a->p != ev->process)
            continue;
        CHECK(ev->old_state == a->state, "%s: change from state %d, but it was in %d", a->p->name,
              ev->old_state, a->state);
        CHECK(transition_legal(ev->old_state, ev->new_state), "%s: illegal transition %d -> %d",
              a->p->name, ev->old_state, ev->new_state);
        a->state = ev->new_state;
        /* Termination wipes the grants, and with them every allow and
         * upcall (spec §5.1, §10 point 21); the model starts over, though the process
         * may run on under the same id (spec §10 point 24, above). */
        if (ev->new_state == TK_STATE_TERMINATED || ev->new_state == TK_STATE_FAULTED)
            model_reset(a);
    }
}

/* ---- the apps' code: operations decoded from the input ---- */

static uint32_t pick_driver(struct fuzz *f)
{
    uint8_t b = take8(f);
    if (b < 0xf0 && f->kernel->driver_count > 0)
        return f->kernel->drivers[b % f->kernel->driver_count]->number;
    return b == 0xff ? take32(f) : 0x1000u + b; /* no such driver */
}

/* An address: mostly inside the app's RAM or flash, sometimes anything. */
static uint64_t pick_address(struct fuzz *f, const struct tk_process *p)
{
    uint8_t kind = take8(f);
    uint64_t off = take8(f) | (uint64_t)take8(f) << 8;
    switch (kind % 6) {
    case 0:
        return 0;
    case 1:
        return p->memory_start + off % (p->app_break - p->memory_start + 64);
    case 2:
        return p->flash_start + off % (p->flash_len + 64);
    case 3:
        return p->app_break - off % 256;
    case 4:
        return p->memory_start + off; /* into grants and past the end */
    default:
        return take64(f);
    }
}

static uint64_t pick_length(struct fuzz *f)
{
    uint8_t kind = take8(f);
    if (kind < 0xf0)
        return kind % 0x80;
    return kind == 0xff ? take64(f) : take32(f) & 0xffff;
}

/* A subscribe target: null, a function in flash, one in RAM, or junk. */
static uint64_t pick_function(struct fuzz *f, const struct tk_process *p)
{
    uint8_t kind = take8(f);
    switch (kind % 4) {
    case 0:
        return 0;
    case 1:
        return p->flash_start + p->flash_protected_size + 4 * (uint64_t)(kind >> 2);
    case 2:
        return pick_address(f, p);
    default:
        return take64(f);
    }
}

/* Host-side inputs the board's models take (button, console bytes). */
static void board_input(struct fuzz *f)
{
    uint8_t kind = take8(f), n = take8(f);
    uint64_t now = tk_kernel_now(f->kernel);
    if (kind & 1) {
        emu_pins_press(emu_board_pins(f->board), n % 4, now, now + (uint64_t)take8(f) * 1000000);
        return;
    }
    uint8_t bytes[16];
    n %= sizeof bytes;
    for (unsigned i = 0; i < n; i++)
        bytes[i] = take8(f);
    emu_uart_inject(emu_board_uart(f->board), bytes, n);
}

/* One syscall (or trap) of app `a` from the input into *trap. */
static void next_op(struct fuzz *f, struct app *a, struct tk_trap *trap)
{
    const struct tk_process *p = a->p;
    struct tk_syscall *sc = &trap->syscall;
    trap->kind = TK_TRAP_SYSCALL;
    for (;;) {
        uint8_t op = take8(f);
        switch (op % 16) {
        case 0: /* yield; 3 is undecodable and faults */
            *sc = (struct tk_syscall){TK_CLASS_YIELD, {take8(f) % 4, 0, 0, 0}};
            if (sc->arg[0] == TK_YIELD_NO_WAIT) {
                sc->arg[1] = pick_address(f, p);
                a->flag_addr = sc->arg[1];
            } else {
                sc->arg[1] = pick_driver(f);
                sc->arg[2] = take8(f) % 4;
            }
            return;
        case 1:
        case 2:
            *sc = (struct tk_syscall){TK_CLASS_SUBSCRIBE, {pick_driver(f), take8(f) % 5, 0, 0}};
            sc->arg[2] = pick_function(f, p);
            sc->arg[3] = take8(f) < 0xf0 ? take8(f) : take64(f);
            return;
        case 3:
        case 4:
        case 5: {
            uint32_t driver = pick_driver(f), command = take8(f);
            *sc = (struct tk_syscall){TK_CLASS_COMMAND, {driver, command, take32(f), take32(f)}};
            return;
        }
        case 6:
        case 7:
        case 8: {
            static const uint32_t classes[] = {TK_CLASS_ALLOW_RW, TK_CLASS_ALLOW_RO,
                                               TK_CLASS_ALLOW_UR};
            uint32_t driver = pick_driver(f), number = take8(f) % 5;
            *sc = (struct tk_syscall){classes[op % 16 - 6], {driver, number, 0, 0}};
            sc->arg[2] = pick_address(f, p);
            sc->arg[3] = pick_length(f);
            return;
        }
        case 9: {
            uint32_t memop = take8(f) % 13;
            uint64_t arg = memop == 0 ? pick_address(f, p) : (uint64_t)(int32_t)take32(f);
            *sc = (struct tk_syscall){TK_CLASS_MEMOP, {memop, arg, 0, 0}};
            a->grown_from = p->app_break;
            a->grown_to = p->memory_start + p->memory_len;
            return;
        }
        case 10:
            *sc = (struct tk_syscall){TK_CLASS_EXIT, {take8(f) % 3, take32(f), 0, 0}};
            return;
        case 11:
            trap->kind = TK_TRAP_TIMESLICE;
            return;
        case 12:
            if (take8(f) < 0x10) { /* rare: otherwise the apps spend their life restarting */
                trap->kind = TK_TRAP_FAULT;
                trap->fault.kind = TK_FAULT_MEMORY;
                return;
            }
            continue;
        case 13: { /* the app writes its own RAM below the break */
            uint64_t at = p->memory_start + take8(f) % (p->app_break - p->memory_start + 1);
            if (at < p->app_break) {
                *(uint8_t *)(uintptr_t)at = take8(f);
                a->shadow[at - p->memory_start] = *(uint8_t *)(uintptr_t)at;
            }
            continue;
        }
        case 14:
            board_input(f);
            continue;
        default: /* anything at all */
            *sc = (struct tk_syscall){take8(f), {take64(f), take64(f), take64(f), take64(f)}};
            return;
        }
    }
}

static void app_code(void *ctx, struct tk_process *p, const struct tk_resume *resume,
                     struct tk_trap *trap)
{
    struct app *a = ctx;
    struct fuzz *f = a->fuzz;
    /* The return first: the RAM check needs the allows it made. */
    if (a->p->id != a->incarnation)
        model_reset(a);
    if (resume->kind == TK_RESUME_START) {
        CHECK(resume->pc == p->init_pc, "%s: started at %#llx, not its entry point", p->name,
              (unsigned long long)resume->pc);
        a->has_last = false;
    } else if (resume->kind == TK_RESUME_UPCALL) {
        check_upcall(a, resume);
    } else if (resume->kind == TK_RESUME_RETURN && a->has_last) {
        check_return(a, &resume->ret);
    }
    check_all(f);
    a->has_last = false;
    if (f->pos >= f->size || f->syscalls >= MAX_SYSCALLS) {
        trap->kind = TK_TRAP_SYSCALL;
        trap->syscall = (struct tk_syscall){TK_CLASS_EXIT, {0, 0, 0, 0}};
        return;
    }
    next_op(f, a, trap);
    if (trap->kind == TK_TRAP_SYSCALL) {
        f->syscalls++;
        a->has_last = true;
        a->last = trap->syscall;
    }
}

/* ---- one run ---- */

static void on_machine_event(const struct emu_machine_event *ev, void *ctx)
{
    if (ev->kind == EMU_MACHINE_EV_KERNEL)
        on_kernel_event(ctx, ev->kernel);
}

/* The machine's diagnostics (a fault-policy line) are noise here. */
static void on_diagnostic(const char *line, void *ctx)
{
    struct fuzz *f = ctx;
    if (f->trace)
        fprintf(stderr, "tockemu: %s\n", line);
}

/* A machine with the default board and two in-process apps. */
static void setup(struct fuzz *f)
{
    static const enum tk_fault_policy policies[] = {
        TK_FAULT_POLICY_STOP, TK_FAULT_POLICY_RESTART, TK_FAULT_POLICY_THRESHOLD_RESTART,
        TK_FAULT_POLICY_STOP_WITH_DEBUG, TK_FAULT_POLICY_PANIC};
    struct emu_rng_options rng = {.seed_given = true, .seed = 1};
    struct emu_flash_options flash;
    emu_flash_options_init(&flash);
    flash.ram = true;
    flash.size = 4 * EMU_FLASH_DEFAULT_PAGE_SIZE; /* the board's minimum: setting up is cheap */
    f->trace = getenv("TOCKEMU_FUZZ_TRACE") != NULL;
    struct emu_machine_options mo = {
        .fault_policy = policies[take8(f) % (sizeof policies / sizeof policies[0])],
        .fault_threshold = 3,
        .console_output_fd = fuzz_null_fd(),
        .no_console_input = true,
        .rng = &rng,
        .flash = &flash,
        .on_event = on_machine_event,
        .kernel_events = f->trace ? 0 : 1u << TK_EV_STATE,
        .on_diagnostic = on_diagnostic,
        .ctx = f,
    };
    struct emu_err err;
    f->machine = emu_machine_new(&mo, &err);
    CHECK(f->machine != NULL, "machine: %s", err.msg);
    CHECK(emu_machine_start(f->machine, &err) == 0, "machine: %s", err.msg);
    f->kernel = emu_machine_kernel(f->machine);
    f->board = emu_machine_board(f->machine);
    for (unsigned i = 0; i < APPS; i++) {
        struct app *a = &f->apps[i];
        char name[8];
        snprintf(name, sizeof name, "app%u", i);
        struct emu_inproc_options o = {.name = name,
                                       .memory_len = RAM_LEN,
                                       .initial_break_offset = BREAK_OFFSET,
                                       .code = app_code,
                                       .code_ctx = a};
        a->fuzz = f;
        a->p = emu_inproc_process_new(f->kernel, &o, NULL, &err);
        CHECK(a->p != NULL, "%s", err.msg);
        a->state = a->p->state;
        model_reset(a);
        a->shadow_len = 0; /* the first check takes RAM as it is */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Defined by bench/inproc_bench.c to count the syscalls of each input;
 * absent under a fuzzing engine. */
void fuzz_syscalls_count(unsigned syscalls) __attribute__((weak));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz *f = calloc(1, sizeof *f);
    if (f == NULL)
        return 0;
    f->data = data;
    f->size = size;
    setup(f);
    /* Bounded: each switch takes input or exits, and time only moves to
     * deadlines the apps' own commands armed. */
    for (unsigned steps = 0; steps < 4 * MAX_SYSCALLS && emu_machine_step(f->machine); steps++)
        check_all(f);
    check_all(f);
    if (fuzz_syscalls_count != NULL)
        fuzz_syscalls_count(f->syscalls);
    emu_machine_free(f->machine);
    free(f);
    return 0;
}
