/* Text form of kernel events (see trace.h). */
#include <inttypes.h>
#include <stdio.h>

#include "host.h" /* emu_fault_describe */
#include "trace.h"

static int format_return(const struct tk_syscall *sc, const struct tk_syscall_return *ret,
                         char *out, size_t len)
{
    if (ret->written == 0)
        return snprintf(out, len, "-");
    /* Yield-WaitFor returns the raw upcall arguments, no variant (§1.3). */
    if (sc->class_id == TK_CLASS_YIELD && sc->arg[0] == TK_YIELD_WAIT_FOR)
        return snprintf(out, len, "(%" PRIu64 ", %" PRIu64 ", %" PRIu64 ")", ret->reg[0],
                        ret->reg[1], ret->reg[2]);
    uint32_t variant = (uint32_t)ret->reg[0];
    int n = variant < 128 /* failures: r1 is the error code */
                ? snprintf(out, len, "%s(%s)", tk_return_variant_name(variant),
                           tk_errorcode_name((unsigned)ret->reg[1]))
                : snprintf(out, len, "%s", tk_return_variant_name(variant));
    /* Only the registers the variant writes; the others are undefined. */
    for (unsigned i = variant < 128 ? 2 : 1; i < 4 && n >= 0 && (size_t)n < len; i++)
        if (ret->written & (1u << i))
            n += snprintf(out + n, len - (size_t)n, " 0x%" PRIx64, ret->reg[i]);
    return n;
}

int emu_syscall_format(const struct tk_syscall *sc, const struct tk_syscall_return *ret, char *out,
                       size_t len)
{
    char result[128];
    format_return(sc, ret, result, sizeof result);
    return snprintf(out, len, "%s(0x%" PRIx64 ", %" PRIu64 ", 0x%" PRIx64 ", 0x%" PRIx64 ") -> %s",
                    tk_syscall_class_name(sc->class_id), sc->arg[0], sc->arg[1], sc->arg[2],
                    sc->arg[3], result);
}

int emu_event_format(const struct tk_event *ev, char *out, size_t len)
{
    char who[80] = "kernel";
    char what[256] = "";
    if (ev->process != NULL)
        snprintf(who, sizeof who, "%u:%s", ev->process->slot, ev->process->name);
    switch (ev->kind) {
    case TK_EV_SYSCALL:
        emu_syscall_format(&ev->syscall, &ev->ret, what, sizeof what);
        return snprintf(out, len, "%" PRIu64 " %s syscall %s", ev->time_ns, who, what);
    case TK_EV_UPCALL:
        return snprintf(out, len,
                        "%" PRIu64 " %s upcall driver 0x%x sub %u (%" PRIu64 ", %" PRIu64
                        ", %" PRIu64 ")%s",
                        ev->time_ns, who, ev->task.id.driver, ev->task.id.subscribe,
                        ev->task.arg[0], ev->task.arg[1], ev->task.arg[2],
                        ev->task.kind == TK_TASK_FUNCTION_CALL ? "" : " null");
    case TK_EV_UPCALL_DROPPED:
        return snprintf(out, len, "%" PRIu64 " %s upcall dropped driver 0x%x sub %u (%s)",
                        ev->time_ns, who, ev->task.id.driver, ev->task.id.subscribe,
                        tk_errorcode_name((unsigned)ev->error));
    case TK_EV_STATE: {
        char before[96], after[96];
        struct tk_process shadow;
        /* State names need a process; print the two states through copies. */
        if (ev->process == NULL)
            return snprintf(out, len, "%" PRIu64 " %s state", ev->time_ns, who);
        shadow = *ev->process;
        shadow.state = ev->old_state;
        tk_process_state_string(&shadow, before, sizeof before);
        shadow.state = ev->new_state;
        tk_process_state_string(&shadow, after, sizeof after);
        return snprintf(out, len, "%" PRIu64 " %s state %s -> %s", ev->time_ns, who, before, after);
    }
    case TK_EV_FAULT: {
        /* The same words as tockemu's stderr line: kind, access, address. */
        char what[200];
        emu_fault_describe(&ev->fault, what, sizeof what);
        return snprintf(out, len, "%" PRIu64 " %s fault: %s", ev->time_ns, who, what);
    }
    case TK_EV_TIMESLICE:
        return snprintf(out, len, "%" PRIu64 " %s timeslice expired", ev->time_ns, who);
    case TK_EV_DEBUG:
        return snprintf(out, len, "%" PRIu64 " %s debug %s", ev->time_ns, who,
                        ev->text != NULL ? ev->text : "");
    }
    return snprintf(out, len, "%" PRIu64 " %s event %d", ev->time_ns, who, (int)ev->kind);
}
