/* The trace writer: text, JSON lines and Chrome trace-event forms.
 *
 * Owns the wording of every event (docs/trace.md is its contract) and the
 * three file forms. The text line is the reference: the JSON forms carry the
 * same fields, typed. No upstream counterpart: Tock has no trace; the names
 * are Tock's (kernel/src/syscall.rs, process.rs).
 *
 * Radix rule (docs/trace.md "Numbers"): driver numbers and every register
 * value (arguments, addresses, lengths, return values, upcall arguments) are
 * hex; numbers that select something inside a driver or class (command,
 * subscribe, allow and memop numbers, slots, indexes) are decimal.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "host.h" /* emu_fault_describe */
#include "pins.h"
#include "trace.h"

/* ---- text --------------------------------------------------------------------- */

int emu_trace_time_format(uint64_t time_ns, char *out, size_t len)
{
    return snprintf(out, len, "%" PRIu64 ".%09" PRIu64 "s", time_ns / 1000000000u,
                    time_ns % 1000000000u);
}

static int format_return(const struct tk_syscall *sc, const struct tk_syscall_return *ret,
                         char *out, size_t len)
{
    if (ret->written == 0)
        return snprintf(out, len, "-");
    /* Yield-WaitFor returns the raw upcall arguments, no variant (§1.3). */
    if (sc->class_id == TK_CLASS_YIELD && sc->arg[0] == TK_YIELD_WAIT_FOR)
        return snprintf(out, len, "(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ")", ret->reg[0],
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

/* The arguments of a call, each in the radix of its kind (file top). */
static int format_arguments(const struct tk_syscall *sc, char *out, size_t len)
{
    const uint64_t *a = sc->arg;
    switch (sc->class_id) {
    case TK_CLASS_YIELD:
        if (a[0] == TK_YIELD_NO_WAIT)
            return snprintf(out, len, "no-wait, 0x%" PRIx64, a[1]);
        if (a[0] == TK_YIELD_WAIT)
            return snprintf(out, len, "wait");
        if (a[0] == TK_YIELD_WAIT_FOR)
            return snprintf(out, len, "wait-for, 0x%" PRIx64 ", %" PRIu64, a[1], a[2]);
        break;
    case TK_CLASS_SUBSCRIBE:
    case TK_CLASS_COMMAND:
    case TK_CLASS_ALLOW_RW:
    case TK_CLASS_ALLOW_RO:
    case TK_CLASS_ALLOW_UR:
        return snprintf(out, len, "0x%" PRIx64 ", %" PRIu64 ", 0x%" PRIx64 ", 0x%" PRIx64, a[0],
                        a[1], a[2], a[3]);
    case TK_CLASS_MEMOP:
        return snprintf(out, len, "%" PRIu64 ", 0x%" PRIx64, a[0], a[1]);
    case TK_CLASS_EXIT:
        if (a[0] <= 1)
            return snprintf(out, len, "%s, 0x%" PRIx64, a[0] == 0 ? "terminate" : "restart", a[1]);
        break;
    }
    /* Undecodable: the class or kind number, then the raw registers. */
    return snprintf(out, len, "%" PRIu64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64, a[0], a[1],
                    a[2], a[3]);
}

int emu_syscall_format(const struct tk_syscall *sc, const struct tk_syscall_return *ret, char *out,
                       size_t len)
{
    char args[160], result[128];
    format_arguments(sc, args, sizeof args);
    format_return(sc, ret, result, sizeof result);
    const char *name = tk_syscall_class_name(sc->class_id);
    if (sc->class_id >= TK_CLASS_COUNT)
        return snprintf(out, len, "class-%" PRIu32 "(%s) -> %s", sc->class_id, args, result);
    return snprintf(out, len, "%s(%s) -> %s", name, args, result);
}

/* A task: the init call, an upcall, a null upcall or an IPC notification. */
static int format_task(const struct tk_task *t, char *out, size_t len)
{
    if (t->from_kernel)
        return snprintf(out, len,
                        "pc 0x%" PRIx64 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
                        ")",
                        t->pc, t->arg[0], t->arg[1], t->arg[2], t->arg[3]);
    if (t->kind == TK_TASK_IPC)
        return snprintf(out, len, "ipc from %" PRIu32 " %s", t->ipc_from,
                        t->ipc_service ? "service" : "client");
    int n = snprintf(out, len,
                     "driver 0x%" PRIx32 " sub %" PRIu32 " (0x%" PRIx64 ", 0x%" PRIx64
                     ", 0x%" PRIx64 ")",
                     t->id.driver, t->id.subscribe, t->arg[0], t->arg[1], t->arg[2]);
    if (n < 0 || (size_t)n >= len)
        return n;
    if (t->kind == TK_TASK_FUNCTION_CALL)
        return n + snprintf(out + n, len - (size_t)n, " fn 0x%" PRIx64, t->pc);
    return n + snprintf(out + n, len - (size_t)n, " null-upcall");
}

static void state_name(const struct tk_process *p, enum tk_state state, char *out, size_t len)
{
    /* State names need a process (YieldedFor names its upcall id). */
    struct tk_process shadow = *p;
    shadow.state = state;
    tk_process_state_string(&shadow, out, len);
}

/* The word after the process for a state change: start, stop and restart
 * are said as such (docs/trace.md "Kinds"). */
static const char *state_word(const struct tk_event *ev)
{
    if (ev->new_state == TK_STATE_STOPPED)
        return "stop";
    if (ev->old_state == TK_STATE_STOPPED)
        return "resume";
    if (ev->new_state == TK_STATE_TERMINATED)
        return "terminate";
    return "state";
}

/* The word after the process: what kind of event this is. */
static const char *event_word(const struct tk_event *ev)
{
    switch (ev->kind) {
    case TK_EV_SYSCALL:
        return "syscall";
    case TK_EV_UPCALL:
        if (ev->task.from_kernel)
            return ev->process != NULL && ev->process->restart_count > 0 ? "restart" : "start";
        return "upcall";
    case TK_EV_UPCALL_QUEUED:
        return ev->task.from_kernel ? "start-queued" : "upcall-queued";
    case TK_EV_UPCALL_DROPPED:
        return "upcall-dropped";
    case TK_EV_STATE:
        return state_word(ev);
    case TK_EV_FAULT:
        return "fault";
    case TK_EV_TIMESLICE:
        return "timeslice-expired";
    case TK_EV_DEBUG:
        return "debug";
    case TK_EV_DEVICE:
        return "device";
    }
    return "event";
}

/* What follows the kind word (may be empty). */
static void event_details(const struct tk_event *ev, char *out, size_t len)
{
    char task[200], error[40];
    out[0] = 0;
    switch (ev->kind) {
    case TK_EV_SYSCALL:
        emu_syscall_format(&ev->syscall, &ev->ret, out, len);
        break;
    case TK_EV_UPCALL:
    case TK_EV_UPCALL_QUEUED:
        format_task(&ev->task, out, len);
        break;
    case TK_EV_UPCALL_DROPPED:
        format_task(&ev->task, task, sizeof task);
        snprintf(error, sizeof error, "%s", tk_errorcode_name((unsigned)ev->error));
        snprintf(out, len, "%s: %s", task, error);
        break;
    case TK_EV_STATE:
        if (ev->process != NULL) {
            char before[96], after[96];
            state_name(ev->process, ev->old_state, before, sizeof before);
            state_name(ev->process, ev->new_state, after, sizeof after);
            snprintf(out, len, "%s -> %s", before, after);
        }
        break;
    case TK_EV_FAULT:
        /* The same words as tockemu's stderr line: kind, access, address. */
        emu_fault_describe(&ev->fault, out, len);
        break;
    case TK_EV_DEBUG:
    case TK_EV_DEVICE:
        snprintf(out, len, "%s", ev->text != NULL ? ev->text : "");
        break;
    case TK_EV_TIMESLICE:
        break;
    }
}

static void event_who(const struct tk_event *ev, char *out, size_t len)
{
    if (ev->process != NULL)
        snprintf(out, len, "%u:%s", ev->process->slot, ev->process->name);
    else
        snprintf(out, len, "kernel");
}

int emu_event_format(const struct tk_event *ev, char *out, size_t len)
{
    char time[32], who[80], details[400];
    emu_trace_time_format(ev->time_ns, time, sizeof time);
    event_who(ev, who, sizeof who);
    event_details(ev, details, sizeof details);
    return snprintf(out, len, "%s %s %s%s%s", time, who, event_word(ev), details[0] ? " " : "",
                    details);
}

/* Console bytes as a C string literal: printable ASCII as is, the rest
 * escaped, so one event stays one line. */
static void append_c_string(GString *s, const uint8_t *bytes, size_t len)
{
    g_string_append_c(s, '"');
    for (size_t i = 0; i < len; i++) {
        uint8_t b = bytes[i];
        if (b == '\n')
            g_string_append(s, "\\n");
        else if (b == '\r')
            g_string_append(s, "\\r");
        else if (b == '\t')
            g_string_append(s, "\\t");
        else if (b == '"' || b == '\\')
            g_string_append_printf(s, "\\%c", b);
        else if (b < 0x20 || b >= 0x7f)
            g_string_append_printf(s, "\\x%02x", b);
        else
            g_string_append_c(s, (char)b);
    }
    g_string_append_c(s, '"');
}

/* ---- JSON --------------------------------------------------------------------- */

/* A JSON string of `len` bytes; a byte outside printable ASCII becomes the
 * code point of the same number (\u00XX), so any byte sequence round-trips. */
static void append_json_bytes(GString *s, const char *bytes, size_t len)
{
    g_string_append_c(s, '"');
    for (size_t i = 0; i < len; i++) {
        uint8_t b = (uint8_t)bytes[i];
        if (b == '"' || b == '\\')
            g_string_append_printf(s, "\\%c", b);
        else if (b == '\n')
            g_string_append(s, "\\n");
        else if (b < 0x20 || b >= 0x7f)
            g_string_append_printf(s, "\\u%04x", b);
        else
            g_string_append_c(s, (char)b);
    }
    g_string_append_c(s, '"');
}

static void append_json_string(GString *s, const char *text)
{
    append_json_bytes(s, text, strlen(text));
}

static void append_json_u64_array(GString *s, const uint64_t *v, unsigned n)
{
    g_string_append_c(s, '[');
    for (unsigned i = 0; i < n; i++)
        g_string_append_printf(s, "%s%" PRIu64, i ? "," : "", v[i]);
    g_string_append_c(s, ']');
}

static void append_json_task(GString *s, const struct tk_task *t)
{
    static const char *const kinds[] = {"function", "null", "ipc"};
    g_string_append_printf(s, ",\"task\":{\"kind\":\"%s\",\"seq\":%" PRIu32,
                           t->from_kernel           ? "start"
                           : t->kind <= TK_TASK_IPC ? kinds[t->kind]
                                                    : "?",
                           t->seq);
    if (t->kind == TK_TASK_IPC)
        g_string_append_printf(s, ",\"from\":%" PRIu32 ",\"service\":%s", t->ipc_from,
                               t->ipc_service ? "true" : "false");
    else if (!t->from_kernel)
        g_string_append_printf(s, ",\"driver\":%" PRIu32 ",\"subscribe\":%" PRIu32, t->id.driver,
                               t->id.subscribe);
    g_string_append_printf(s, ",\"pc\":%" PRIu64 ",\"args\":", t->pc);
    append_json_u64_array(s, t->arg, t->from_kernel ? 4 : 3);
    g_string_append_c(s, '}');
}

static void append_json_syscall(GString *s, const struct tk_syscall *sc,
                                const struct tk_syscall_return *ret)
{
    g_string_append(s, ",\"class\":");
    append_json_string(s, tk_syscall_class_name(sc->class_id));
    g_string_append(s, ",\"args\":");
    append_json_u64_array(s, sc->arg, 4);
    if (ret->written == 0) {
        g_string_append(s, ",\"return\":null");
        return;
    }
    g_string_append(s, ",\"return\":{");
    if (!(sc->class_id == TK_CLASS_YIELD && sc->arg[0] == TK_YIELD_WAIT_FOR)) {
        uint32_t variant = (uint32_t)ret->reg[0];
        g_string_append(s, "\"variant\":");
        append_json_string(s, tk_return_variant_name(variant));
        if (variant < 128) {
            g_string_append(s, ",\"error\":");
            append_json_string(s, tk_errorcode_name((unsigned)ret->reg[1]));
        }
        g_string_append_c(s, ',');
    }
    g_string_append(s, "\"registers\":[");
    bool first = true;
    for (unsigned i = 0; i < 4; i++)
        if (ret->written & (1u << i)) {
            g_string_append_printf(s, "%s%" PRIu64, first ? "" : ",", ret->reg[i]);
            first = false;
        }
    g_string_append(s, "]}");
}

/* The fields after the common ones (docs/trace.md "JSON lines"). */
static void append_json_event_fields(GString *s, const struct tk_event *ev)
{
    char text[300];
    switch (ev->kind) {
    case TK_EV_SYSCALL:
        append_json_syscall(s, &ev->syscall, &ev->ret);
        break;
    case TK_EV_UPCALL:
    case TK_EV_UPCALL_QUEUED:
        append_json_task(s, &ev->task);
        break;
    case TK_EV_UPCALL_DROPPED:
        append_json_task(s, &ev->task);
        g_string_append(s, ",\"error\":");
        append_json_string(s, tk_errorcode_name((unsigned)ev->error));
        break;
    case TK_EV_STATE:
        if (ev->process != NULL) {
            state_name(ev->process, ev->old_state, text, sizeof text);
            g_string_append(s, ",\"from\":");
            append_json_string(s, text);
            state_name(ev->process, ev->new_state, text, sizeof text);
            g_string_append(s, ",\"to\":");
            append_json_string(s, text);
        }
        break;
    case TK_EV_FAULT: {
        static const char *const kinds[] = {"none",    "bad-syscall",   "memory",
                                            "illegal", "arithmetic",    "host-syscall",
                                            "died",    "kernel-forced", "other"};
        static const char *const accesses[] = {"unknown", "read", "write", "execute"};
        emu_fault_describe(&ev->fault, text, sizeof text);
        g_string_append_printf(s,
                               ",\"fault\":{\"kind\":\"%s\",\"access\":\"%s\",\"address\":%" PRIu64
                               ",\"pc\":%" PRIu64 ",\"signal\":%d,\"description\":",
                               ev->fault.kind <= TK_FAULT_OTHER ? kinds[ev->fault.kind] : "?",
                               ev->fault.access <= TK_ACCESS_EXECUTE ? accesses[ev->fault.access]
                                                                     : "?",
                               ev->fault.address, ev->fault.pc, ev->fault.signal);
        append_json_string(s, text);
        g_string_append_c(s, '}');
        break;
    }
    case TK_EV_DEBUG:
    case TK_EV_DEVICE:
        g_string_append(s, ",\"text\":");
        append_json_string(s, ev->text != NULL ? ev->text : "");
        break;
    case TK_EV_TIMESLICE:
        break;
    }
}

/* ---- the writer ----------------------------------------------------------------- */

/* Chrome form: one track (pid) per process slot, pid 0 for the kernel with
 * a thread per source. Yields are begin/end slices (the process waits from
 * the call until it runs again); other syscalls are zero-length slices;
 * an upcall is a flow from its enqueue (kernel track) to its delivery. */
enum { CHROME_KERNEL_PID = 0, CHROME_KERNEL_TID = 0, CHROME_UART_TID = 1, CHROME_PINS_TID = 2 };

struct emu_trace {
    FILE *file;
    bool own_file;
    enum emu_trace_format format;
    uint64_t count;
    emu_trace_line_fn line_hook;
    void *line_ctx;
    GString *buf;
    int write_error; /* first -errno */
    /* chrome */
    bool first_event;
    bool track_named[TK_MAX_PROCESSES];
    bool in_yield[TK_MAX_PROCESSES];
    uint64_t yield_since_ns[TK_MAX_PROCESSES];
};

int emu_trace_format_parse(const char *name, enum emu_trace_format *out)
{
    static const char *const names[] = {"text", "jsonl", "chrome"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum emu_trace_format)i;
            return 0;
        }
    return -EINVAL;
}

struct emu_trace *emu_trace_new(const char *path, enum emu_trace_format format, struct emu_err *err)
{
    struct emu_trace *t = g_new0(struct emu_trace, 1);
    t->format = format;
    t->buf = g_string_new(NULL);
    t->first_event = true;
    if (path != NULL && strcmp(path, "-") == 0) {
        t->file = stdout;
    } else if (path != NULL) {
        t->file = fopen(path, "w");
        if (t->file == NULL) {
            emu_err_set(err, "%s: %s", path, strerror(errno));
            g_string_free(t->buf, TRUE);
            g_free(t);
            return NULL;
        }
        t->own_file = true;
    }
    if (t->file != NULL && format == EMU_TRACE_CHROME)
        fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"tockemu\"},"
              "\"traceEvents\":[",
              t->file);
    return t;
}

void emu_trace_set_line_hook(struct emu_trace *t, emu_trace_line_fn fn, void *ctx)
{
    t->line_hook = fn;
    t->line_ctx = ctx;
}

uint64_t emu_trace_count(const struct emu_trace *t)
{
    return t->count;
}

static void write_buf(struct emu_trace *t)
{
    if (t->file != NULL && fwrite(t->buf->str, 1, t->buf->len, t->file) != t->buf->len &&
        t->write_error == 0)
        t->write_error = -errno;
    g_string_truncate(t->buf, 0);
}

/* Chrome: one event object; `fields` holds the members after ph, pid, tid
 * and ts, each starting with a comma. Times are microseconds (the format's
 * unit) with nanosecond decimals. */
static void chrome_event(struct emu_trace *t, const char *ph, int pid, int tid, uint64_t time_ns,
                         const char *fields)
{
    g_string_append_printf(
        t->buf, "%s\n{\"ph\":\"%s\",\"pid\":%d,\"tid\":%d,\"ts\":%" PRIu64 ".%03" PRIu64 "%s}",
        t->first_event ? "" : ",", ph, pid, tid, time_ns / 1000, time_ns % 1000, fields);
    t->first_event = false;
}

static void chrome_name_track(struct emu_trace *t, int pid, int tid, const char *kind,
                              const char *name)
{
    GString *f = g_string_new(",\"name\":");
    append_json_string(f, kind);
    g_string_append(f, ",\"args\":{\"name\":");
    append_json_string(f, name);
    g_string_append(f, "}");
    /* Metadata has no time; ts 0 keeps every event's members alike. */
    chrome_event(t, "M", pid, tid, 0, f->str);
    g_string_free(f, TRUE);
}

static int chrome_pid(const struct tk_process *p)
{
    return p == NULL ? CHROME_KERNEL_PID : (int)p->slot + 1;
}

static void chrome_name_tracks(struct emu_trace *t, const struct tk_process *p)
{
    if (t->first_event) {
        chrome_name_track(t, CHROME_KERNEL_PID, CHROME_KERNEL_TID, "process_name", "kernel");
        chrome_name_track(t, CHROME_KERNEL_PID, CHROME_KERNEL_TID, "thread_name", "kernel");
        chrome_name_track(t, CHROME_KERNEL_PID, CHROME_UART_TID, "thread_name", "console");
        chrome_name_track(t, CHROME_KERNEL_PID, CHROME_PINS_TID, "thread_name", "pins");
    }
    if (p == NULL || p->slot >= TK_MAX_PROCESSES || t->track_named[p->slot])
        return;
    char name[80];
    snprintf(name, sizeof name, "%u:%s", p->slot, p->name);
    chrome_name_track(t, chrome_pid(p), chrome_pid(p), "process_name", name);
    chrome_name_track(t, chrome_pid(p), chrome_pid(p), "thread_name", name);
    t->track_named[p->slot] = true;
}

/* Common members of a named slice or instant: name, category, the text
 * line and event index as args. */
static void chrome_fields(GString *f, const char *name, const char *cat, uint64_t index,
                          const char *line)
{
    g_string_append(f, ",\"name\":");
    append_json_string(f, name);
    g_string_append(f, ",\"cat\":");
    append_json_string(f, cat);
    g_string_append_printf(f, ",\"args\":{\"event\":%" PRIu64 ",\"line\":", index);
    append_json_string(f, line);
    g_string_append_c(f, '}');
}

static void chrome_end_yield(struct emu_trace *t, const struct tk_process *p, uint64_t time_ns)
{
    if (p == NULL || p->slot >= TK_MAX_PROCESSES || !t->in_yield[p->slot])
        return;
    chrome_event(t, "E", chrome_pid(p), chrome_pid(p), time_ns, "");
    t->in_yield[p->slot] = false;
}

static void chrome_kernel_event(struct emu_trace *t, const struct tk_event *ev, const char *line)
{
    const struct tk_process *p = ev->process;
    int pid = chrome_pid(p), tid = pid;
    GString *f = g_string_new(NULL);
    char name[64];
    chrome_name_tracks(t, p);
    switch (ev->kind) {
    case TK_EV_SYSCALL:
        snprintf(name, sizeof name, "%s", tk_syscall_class_name(ev->syscall.class_id));
        if (ev->syscall.class_id == TK_CLASS_YIELD && p != NULL && p->slot < TK_MAX_PROCESSES &&
            (p->state == TK_STATE_YIELDED || p->state == TK_STATE_YIELDED_FOR)) {
            /* The process now waits: the slice lasts until it runs again. */
            chrome_fields(f, name, "syscall", t->count, line);
            chrome_event(t, "B", pid, tid, ev->time_ns, f->str);
            t->in_yield[p->slot] = true;
        } else {
            chrome_fields(f, name, "syscall", t->count, line);
            g_string_append(f, ",\"dur\":0");
            chrome_event(t, "X", pid, tid, ev->time_ns, f->str);
        }
        break;
    case TK_EV_UPCALL_QUEUED:
        /* The flow starts on the kernel track, in a slice of its own. */
        chrome_fields(f, event_word(ev), "upcall", t->count, line);
        g_string_append(f, ",\"dur\":0");
        chrome_event(t, "X", CHROME_KERNEL_PID, CHROME_KERNEL_TID, ev->time_ns, f->str);
        g_string_printf(f, ",\"name\":\"upcall\",\"cat\":\"upcall\",\"id\":%" PRIu32, ev->task.seq);
        chrome_event(t, "s", CHROME_KERNEL_PID, CHROME_KERNEL_TID, ev->time_ns, f->str);
        break;
    case TK_EV_UPCALL:
        chrome_end_yield(t, p, ev->time_ns);
        chrome_fields(f, event_word(ev), "upcall", t->count, line);
        g_string_append(f, ",\"dur\":0");
        chrome_event(t, "X", pid, tid, ev->time_ns, f->str);
        g_string_printf(f,
                        ",\"name\":\"upcall\",\"cat\":\"upcall\",\"id\":%" PRIu32 ",\"bp\":\"e\"",
                        ev->task.seq);
        chrome_event(t, "f", pid, tid, ev->time_ns, f->str);
        break;
    case TK_EV_STATE:
        if (ev->new_state == TK_STATE_RUNNING || ev->new_state == TK_STATE_TERMINATED ||
            ev->new_state == TK_STATE_FAULTED)
            chrome_end_yield(t, p, ev->time_ns);
        /* An instant on the process's track, as every other kind. */
        __attribute__((fallthrough));
    default:
        chrome_fields(f, event_word(ev), ev->kind == TK_EV_STATE ? "state" : event_word(ev),
                      t->count, line);
        g_string_append(f, ",\"s\":\"t\"");
        chrome_event(t, "i", pid, tid, ev->time_ns, f->str);
        break;
    }
    g_string_free(f, TRUE);
}

static void chrome_instant(struct emu_trace *t, int tid, uint64_t time_ns, const char *name,
                           const char *cat, const char *line)
{
    GString *f = g_string_new(NULL);
    chrome_name_tracks(t, NULL);
    chrome_fields(f, name, cat, t->count, line);
    g_string_append(f, ",\"s\":\"t\"");
    chrome_event(t, "i", CHROME_KERNEL_PID, tid, time_ns, f->str);
    g_string_free(f, TRUE);
}

/* JSON lines: the members every event has, without the closing brace. */
static void jsonl_start(struct emu_trace *t, uint64_t time_ns, const struct tk_process *p,
                        const char *source, const char *kind)
{
    g_string_append_printf(t->buf, "{\"event\":%" PRIu64 ",\"time_ns\":%" PRIu64, t->count,
                           time_ns);
    if (p != NULL) {
        g_string_append_printf(t->buf, ",\"slot\":%u,\"process\":", p->slot);
        append_json_string(t->buf, p->name);
    } else {
        g_string_append(t->buf, ",\"source\":");
        append_json_string(t->buf, source);
    }
    g_string_append(t->buf, ",\"kind\":");
    append_json_string(t->buf, kind);
}

/* Number the event and show its text line to the hook. */
static void count_line(struct emu_trace *t, const char *line)
{
    t->count++;
    if (t->line_hook != NULL)
        t->line_hook(t->count, line, t->line_ctx);
}

void emu_trace_kernel_event(struct emu_trace *t, const struct tk_event *ev)
{
    char line[600];
    emu_event_format(ev, line, sizeof line);
    count_line(t, line);
    switch (t->format) {
    case EMU_TRACE_TEXT:
        g_string_append_printf(t->buf, "%s\n", line);
        break;
    case EMU_TRACE_JSONL:
        jsonl_start(t, ev->time_ns, ev->process, "kernel", event_word(ev));
        append_json_event_fields(t->buf, ev);
        g_string_append(t->buf, "}\n");
        break;
    case EMU_TRACE_CHROME:
        chrome_kernel_event(t, ev, line);
        break;
    }
    write_buf(t);
}

void emu_trace_pins_event(struct emu_trace *t, const struct emu_pins_event *ev)
{
    static const char *const kinds[] = {"led", "button", "gpio", "buzzer", "servo"};
    static const char *const levels[] = {"low", "high", "float"};
    char what[96], time[32], line[160];
    emu_pins_event_format(ev, what, sizeof what);
    emu_trace_time_format(ev->time_ns, time, sizeof time);
    snprintf(line, sizeof line, "%s pins %s", time, what);
    count_line(t, line);
    switch (t->format) {
    case EMU_TRACE_TEXT:
        g_string_append_printf(t->buf, "%s\n", line);
        break;
    case EMU_TRACE_JSONL:
        jsonl_start(t, ev->time_ns, NULL, "pins", ev->input ? "pin-input" : "pin-output");
        g_string_append_printf(t->buf, ",\"pin\":\"%s\",\"index\":%u,\"level\":\"%s\"",
                               ev->kind <= EMU_PIN_SERVO ? kinds[ev->kind] : "?", ev->index,
                               ev->level <= EMU_PIN_FLOAT ? levels[ev->level] : "?");
        /* Actuators: the tone in Hz or the angle in degrees. */
        if (ev->kind == EMU_PIN_BUZZER || ev->kind == EMU_PIN_SERVO)
            g_string_append_printf(t->buf, ",\"value\":%" PRIu32, ev->value);
        g_string_append(t->buf, "}\n");
        break;
    case EMU_TRACE_CHROME:
        chrome_instant(t, CHROME_PINS_TID, ev->time_ns, what, "pins", line);
        break;
    }
    write_buf(t);
}

void emu_trace_console(struct emu_trace *t, uint64_t time_ns, enum emu_trace_direction direction,
                       const uint8_t *bytes, size_t len)
{
    const char *kind = direction == EMU_TRACE_RX ? "console-rx" : "console-tx";
    char time[32];
    emu_trace_time_format(time_ns, time, sizeof time);
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "%s uart %s ", time, kind);
    append_c_string(line, bytes, len);
    count_line(t, line->str);
    switch (t->format) {
    case EMU_TRACE_TEXT:
        g_string_append_printf(t->buf, "%s\n", line->str);
        break;
    case EMU_TRACE_JSONL:
        jsonl_start(t, time_ns, NULL, "uart", kind);
        g_string_append(t->buf, ",\"bytes\":");
        append_json_bytes(t->buf, (const char *)bytes, len);
        g_string_append(t->buf, "}\n");
        break;
    case EMU_TRACE_CHROME:
        chrome_instant(t, CHROME_UART_TID, time_ns, kind, "console", line->str);
        break;
    }
    g_string_free(line, TRUE);
    write_buf(t);
}

int emu_trace_free(struct emu_trace *t, uint64_t end_ns)
{
    if (t == NULL)
        return 0;
    if (t->format == EMU_TRACE_CHROME && t->file != NULL) {
        /* A process still in a yield at the end: close its slice. */
        for (unsigned slot = 0; slot < TK_MAX_PROCESSES; slot++)
            if (t->in_yield[slot]) {
                chrome_event(t, "E", (int)slot + 1, (int)slot + 1, end_ns, "");
                t->in_yield[slot] = false;
            }
        g_string_append(t->buf, "\n]}\n");
        write_buf(t);
    }
    int rc = t->write_error;
    if (t->file != NULL && fflush(t->file) != 0 && rc == 0)
        rc = -errno;
    if (t->own_file && fclose(t->file) != 0 && rc == 0)
        rc = -errno;
    g_string_free(t->buf, TRUE);
    g_free(t);
    return rc;
}
