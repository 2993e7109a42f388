/* Process printer: the text overview of a process for the process console.
 *
 * Mirrors tock/tock capsules/system/src/process_printer.rs @65608d71
 * (ProcessPrinterText::print_overview) and the Debug forms of
 * kernel/src/syscall.rs `Syscall`; spec §9.3. Column templates and box
 * drawing are the reference's, byte for byte. The memory map is drawn from
 * the process's real addresses:
 *
 *   memory_start + memory_len  ╚ ... ╝   top of RAM
 *                              Grant Ptrs / Upcalls / Process   kernel-owned top
 *   kernel top (PCB address)   ┼         = end - the three sizes
 *                              ▼ Grant   grants, down to the kernel break
 *   kernel_break               ┼
 *                              Unused
 *   app_break                  ┼
 *                              ▲ Heap    app_break - heap start  | kernel_break - heap start
 *   heap start (memop 11)      ┼
 *                              Data      heap start - stack top
 *   stack top (memop 10)       ┼
 *                              ▼ Stack   stack top - lowest SP   | stack top - memory_start
 *   lowest SP (0 if unknown)   ┼
 *                              Unused
 *   memory_start               ┴
 *   flash_start + flash_len    ┬  App Flash
 *   flash_start + protected    ┼  Protected
 *   flash_start                ┴
 *
 * Addresses print as {:#010X} ("0x" and at least 8 uppercase digits), sizes
 * as {:6}. Heap and stack figures need the memop 10/11 hints, else "?".
 */
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "kernel.h"
#include "process_printer.h"

#define ADDR "0x%08" PRIX64 /* {:#010X} */
#define SIZE "%6" PRIu64    /* {:6} */

/* The part of a rendered text that one call copies out: bytes
 * [offset, offset + cap) of everything printed through it (the reference's
 * WriteToBinaryOffsetWrapper). */
struct window {
    uint8_t *buf;
    size_t cap, offset;
    size_t rendered; /* bytes printed so far, copied or not */
    size_t copied;
};

static void window_printf(struct window *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void window_printf(struct window *w, const char *fmt, ...)
{
    char text[640]; /* longest piece: the header with a 63-byte name */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    assert(n >= 0 && (size_t)n < sizeof text);
    for (size_t i = 0; i < (size_t)n; i++, w->rendered++)
        if (w->rendered >= w->offset && w->copied < w->cap)
            w->buf[w->copied++] = (uint8_t)text[i];
}

/* The kernel-owned top of RAM as ProcessStandard::get_sizes reports it. Must
 * agree with tk__process_top_size() and tk__process_kernel_top() in
 * emu/kernel/process.c: a grant pointer table of TK_MAX_GRANTS {driver, ptr}
 * pairs (16 bytes each on this host), the task queue, and the PCB, which
 * also takes the alignment slack down to the 8-byte aligned kernel top. */
struct top_sizes {
    uint64_t grant_pointers, upcall_list, process_control_block;
};

enum { TOP_PCB_SIZE = 512, TOP_ALIGN = 8 };

static struct top_sizes top_sizes(const struct tk_process *p)
{
    struct top_sizes s = {
        .grant_pointers = TK_MAX_GRANTS * 16,
        .upcall_list = TK_TASK_QUEUE_LEN * sizeof(struct tk_task),
    };
    uint64_t align = TOP_ALIGN - 1;
    uint64_t top = (s.grant_pointers + s.upcall_list + TOP_PCB_SIZE + align) & ~align;
    uint64_t end = p->memory_start + p->memory_len;
    uint64_t kernel_top = (end - top) & ~align;
    s.process_control_block = end - kernel_top - s.grant_pointers - s.upcall_list;
    return s;
}

void tk_process_printer_syscall(const struct tk_syscall *sc, char *out, size_t len)
{
    /* usize fields are 32 bits wide in the emulated kernel; pointers print
     * as Rust's {:?} of a pointer, lowercase hex with 0x. */
    uint32_t r0 = (uint32_t)sc->arg[0], r1 = (uint32_t)sc->arg[1];
    uint32_t r2 = (uint32_t)sc->arg[2], r3 = (uint32_t)sc->arg[3];
    const char *allow = NULL;

    switch (sc->class_id) {
    case TK_CLASS_YIELD:
        if (r0 == TK_YIELD_NO_WAIT)
            snprintf(out, len, "Yield { yield_type: NoWait { ptr: 0x%" PRIx64 " } }", sc->arg[1]);
        else if (r0 == TK_YIELD_WAIT)
            snprintf(out, len, "Yield { yield_type: Wait }");
        else if (r0 == TK_YIELD_WAIT_FOR)
            snprintf(out, len,
                     "Yield { yield_type: WaitFor { driver_number: %" PRIu32
                     ", subdriver_number: %" PRIu32 " } }",
                     r1, r2);
        else
            snprintf(out, len, "None");
        return;
    case TK_CLASS_SUBSCRIBE:
        snprintf(out, len,
                 "Subscribe { driver_number: %" PRIu32 ", subdriver_number: %" PRIu32
                 ", upcall_ptr: CapabilityPtr { ptr: 0x%" PRIx64
                 " }, appdata: MachineRegister { value: CapabilityPtr { ptr: 0x%" PRIx64 " } } }",
                 r0, r1, sc->arg[2], sc->arg[3]);
        return;
    case TK_CLASS_COMMAND:
        snprintf(out, len,
                 "Command { driver_number: %" PRIu32 ", subdriver_number: %" PRIu32
                 ", arg0: %" PRIu32 ", arg1: %" PRIu32 " }",
                 r0, r1, r2, r3);
        return;
    case TK_CLASS_ALLOW_RW:
        allow = "ReadWriteAllow";
        break;
    case TK_CLASS_ALLOW_RO:
        allow = "ReadOnlyAllow";
        break;
    case TK_CLASS_ALLOW_UR:
        allow = "UserspaceReadableAllow";
        break;
    case TK_CLASS_MEMOP:
        snprintf(out, len, "Memop { operand: %" PRIu32 ", arg0: %" PRIu32 " }", r0, r1);
        return;
    case TK_CLASS_EXIT:
        snprintf(out, len, "Exit { which: %" PRIu32 ", completion_code: %" PRIu32 " }", r0, r1);
        return;
    default:
        snprintf(out, len, "None");
        return;
    }
    snprintf(out, len,
             "%s { driver_number: %" PRIu32 ", subdriver_number: %" PRIu32
             ", allow_address: 0x%" PRIx64 ", allow_size: %" PRIu32 " }",
             allow, r0, r1, sc->arg[2], r3);
}

/* " EXCEEDED!" when a region outgrew its allocation (exceeded_check). */
static const char *exceeded(uint64_t used, uint64_t allocated)
{
    return used > allocated ? " EXCEEDED!" : "          ";
}

/* Name, state, counters, last syscall and completion code. */
static void print_statistics(struct window *w, const struct tk_process *p)
{
    char state[128], last[256];
    tk_process_state_string(p, state, sizeof state);
    window_printf(w,
                  "𝐀𝐩𝐩: %s   -   [%s]"
                  "\r\n Events Queued: %u   Syscall Count: %" PRIu32
                  "   Dropped Upcall Count: %" PRIu32 "\r\n Restart Count: %" PRIu32 "\r\n",
                  p->name, state, p->task_count, p->syscall_count, p->dropped_upcall_count,
                  p->restart_count);

    if (p->has_last_syscall)
        tk_process_printer_syscall(&p->last_syscall, last, sizeof last);
    else
        snprintf(last, sizeof last, "None");
    window_printf(w, " Last Syscall: %s\r\n", last);

    /* spec §5.4: printed as a signed 32-bit machine word. */
    switch (p->completion) {
    case TK_COMPLETION_NONE:
        window_printf(w, " Completion Code: None\r\n");
        break;
    case TK_COMPLETION_FAULTED:
        window_printf(w, " Completion Code: Faulted\r\n");
        break;
    case TK_COMPLETION_CODE:
        window_printf(w, " Completion Code: %" PRId32 "\r\n", (int32_t)p->completion_code);
        break;
    }
}

/* The frame, the kernel-owned top, grants and the unused gap. */
static void print_ram_top(struct window *w, const struct tk_process *p)
{
    struct top_sizes s = top_sizes(p);
    uint64_t sram_end = p->memory_start + p->memory_len;
    uint64_t pcb = sram_end - s.grant_pointers - s.upcall_list - s.process_control_block;

    window_printf(w,
                  "\r\n"
                  "\r\n ╔═══════════╤══════════════════════════════════════════╗"
                  "\r\n ║  Address  │ Region Name    Used | Allocated (bytes)  ║"
                  "\r\n ╚" ADDR "═╪══════════════════════════════════════════╝"
                  "\r\n             │ Grant Ptrs   " SIZE "\r\n             │ Upcalls      " SIZE
                  "\r\n             │ Process      " SIZE,
                  sram_end, s.grant_pointers, s.upcall_list, s.process_control_block);
    window_printf(w,
                  "\r\n  " ADDR " ┼───────────────────────────────────────────"
                  "\r\n             │ ▼ Grant      " SIZE "\r\n  " ADDR
                  " ┼───────────────────────────────────────────"
                  "\r\n             │ Unused"
                  "\r\n  " ADDR " ┼───────────────────────────────────────────",
                  pcb, pcb - p->kernel_break, p->kernel_break, p->app_break);
}

/* Heap, data and stack, from the memop 10/11 hints. */
static void print_ram_app(struct window *w, const struct tk_process *p)
{
    uint64_t heap = p->heap_start_hint, stack_top = p->stack_start_hint;
    uint64_t stack_bottom = p->lowest_stack_pointer;

    if (heap != 0) {
        uint64_t used = p->app_break - heap, allocated = p->kernel_break - heap;
        window_printf(w,
                      "\r\n             │ ▲ Heap       " SIZE " | " SIZE "%s     S"
                      "\r\n  " ADDR " ┼─────────────────────────────────────────── R",
                      used, allocated, exceeded(used, allocated), heap);
    } else {
        window_printf(w, "\r\n             │ ▲ Heap            ? |      ?               S"
                         "\r\n  ?????????? ┼─────────────────────────────────────────── R");
    }

    if (heap != 0 && stack_top != 0)
        window_printf(w, "\r\n             │ Data         " SIZE " | " SIZE "               A",
                      heap - stack_top, heap - stack_top);
    else
        window_printf(w, "\r\n             │ Data              ? |      ?               A");

    if (stack_top != 0 && stack_bottom != 0) {
        uint64_t used = stack_top - stack_bottom, allocated = stack_top - p->memory_start;
        window_printf(w,
                      "\r\n  " ADDR " ┼─────────────────────────────────────────── M"
                      "\r\n             │ ▼ Stack      " SIZE " | " SIZE "%s",
                      stack_top, used, allocated, exceeded(used, allocated));
    } else {
        window_printf(w, "\r\n  ?????????? ┼─────────────────────────────────────────── M"
                         "\r\n             │ ▼ Stack           ? |      ?");
    }
}

/* The bottom of RAM and the flash map. */
static void print_flash(struct window *w, const struct tk_process *p)
{
    uint64_t flash_end = p->flash_start + p->flash_len;
    uint64_t non_protected = p->flash_start + p->flash_protected_size;

    window_printf(w,
                  "\r\n  " ADDR " ┼───────────────────────────────────────────"
                  "\r\n             │ Unused"
                  "\r\n  " ADDR " ┴───────────────────────────────────────────"
                  "\r\n             .....",
                  p->lowest_stack_pointer, p->memory_start);
    window_printf(w,
                  "\r\n  " ADDR " ┬─────────────────────────────────────────── F"
                  "\r\n             │ App Flash    " SIZE "                        L"
                  "\r\n  " ADDR " ┼─────────────────────────────────────────── A"
                  "\r\n             │ Protected    " SIZE "                        S"
                  "\r\n  " ADDR " ┴─────────────────────────────────────────── H"
                  "\r\n",
                  flash_end, flash_end - non_protected, non_protected, p->flash_protected_size,
                  p->flash_start);
}

size_t tk_process_printer_overview(const struct tk_process *p, size_t offset, uint8_t *buf,
                                   size_t cap, bool *more)
{
    struct window w = {.buf = buf, .cap = cap, .offset = offset};
    print_statistics(&w, p);
    print_ram_top(&w, p);
    print_ram_app(&w, p);
    print_flash(&w, p);
    *more = w.rendered > offset + w.copied;
    return w.copied;
}
