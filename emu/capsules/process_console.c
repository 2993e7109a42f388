/* Process console: a text shell on a UART to inspect and control processes.
 *
 * Mirrors tock/tock capsules/core/src/process_console.rs @65608d71
 * (ProcessConsole); spec §9, §10.40. Every string, echo sequence and quirk
 * of the reference is reproduced byte for byte; lines end in "\r\n".
 *
 * Input, one byte per receive():
 *
 *   byte ──> escape decoder ──┬─ ESC [ A/B     history up/down
 *                             ├─ ESC [ C/D     cursor right/left
 *                             ├─ ESC [ H/F     home/end
 *                             ├─ ESC [ 3 ~     delete under the cursor
 *                             └─ DEL (0x7F)    delete before the cursor
 *            else CR or LF ────── Enter (CR LF and LF CR count once):
 *                                 echo "\r\n", run the line once the echo
 *                                 went out
 *            else BS (0x08) ───── delete before the cursor (other echo)
 *            else < 0x80, line < 63 bytes, not inside ESC [ ...:
 *                                 insert at the cursor and echo
 *
 * Commands match by prefix (clean.starts_with), in the reference's order:
 * console-start, (everything else is ignored while hibernating), help,
 * console-stop, start, stop, fault, terminate, boot, list, status, process,
 * kernel, reset, panic; anything else prints the valid-commands line. The
 * argument is the second whitespace-separated word; name commands without
 * one do nothing. Non-UTF-8 lines cannot occur (bytes >= 0x80 are never
 * inserted), so the reference's "Invalid command" branch is left out.
 *
 * Output goes into a queue that the UART drains, TK_PROCESS_CONSOLE_WRITE_LEN
 * bytes per transmit. `list`, `process` and `kernel` print in pieces (Tock
 * WriterState): the next piece is made only when the queue is empty and the
 * UART idle, so none is ever cut, and the prompt "tock$ " follows the last.
 *
 *   EMPTY ─list──> LIST(row 0) ─> LIST(row 1) ... ─> EMPTY + prompt
 *   EMPTY ─kernel> KERNEL_START ─> BSS ─> RELOCATE ─> STACK ─> RODATA ─> TEXT
 *                  ─> EMPTY + prompt
 *   EMPTY ─process> PROCESS(500-byte chunks of the overview) ─> EMPTY + prompt
 *
 * Deviations: the console starts listening at once (the reference waits for
 * a 100 ms alarm) and prints the welcome text (display_welcome) unless
 * started hibernated; bytes received from an Enter until the line has run
 * and its output, prompt included, is queued wait in a type-ahead buffer and
 * are handled after the prompt (the reference handles them at once, so they
 * edit the line still to run or echo into the printout: a pasted
 * "list\nstatus\n" ran "statuslist"; the console keeps reading meanwhile
 * because the UART mux gives bytes only to devices that are reading, and
 * pauses only while the buffer is full); the output queue is larger
 * than the reference's 300 bytes (process_console.h); after a kernel panic (`panic`, or `fault`
 * under the Panic policy) it prints nothing more and stops listening, since the reference never
 * returns from panic!(); with the board's `quit` hook set, `quit` (matched by
 * prefix before the other commands) ends the emulator.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "appid.h"
#include "container_of.h"
#include "process_console.h"
#include "process_printer.h"
#include "tbf.h"

/* Set by the build like the reference's TOCK_KERNEL_VERSION env variable. */
#ifndef TOCK_KERNEL_VERSION
#define TOCK_KERNEL_VERSION "unknown"
#endif

#define VALID_COMMANDS                                                                             \
    "help status list stop start fault boot terminate process kernel reset panic console-start "   \
    "console-stop\r\n"
#define PROMPT "tock$ "

#define ADDR "0x%08" PRIX64 /* {:#010X} */
#define SIZE "%6" PRIu64    /* {:6} */

enum pc_byte {
    PC_EOL = 0x00,
    PC_BACKSPACE = 0x08,
    PC_LF = 0x0A,
    PC_CR = 0x0D,
    PC_ESC = 0x1B,
    PC_DEL = 0x7F,
    PC_ASCII_LIMIT = 0x80,
};

/* The escape decoder (Tock EscState). COMPLETE holds for the byte that
 * finished a sequence; the key is in esc_key. */
enum esc_state {
    ESC_BYPASS,
    ESC_COMPLETE,
    ESC_STARTED,
    ESC_BRACKET,
    ESC_BRACKET3,
    ESC_UNRECOGNIZED,
    ESC_UNRECOGNIZED_DONE,
};

enum esc_key {
    KEY_UP,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_HOME,
    KEY_END,
    KEY_DELETE,
    KEY_BACKSPACE
};

/* ---- escape decoder ---------------------------------------------------- */

static bool esc_is_terminator(uint8_t byte)
{
    return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || byte == '~';
}

/* EscState::next_state. */
static enum esc_state esc_next(enum esc_state state, uint8_t byte, int *key)
{
    static const char bracket_keys[] = "ABDCHF";
    static const enum esc_key bracket_key_values[] = {KEY_UP,    KEY_DOWN, KEY_LEFT,
                                                      KEY_RIGHT, KEY_HOME, KEY_END};

    switch (state) {
    case ESC_BYPASS:
    case ESC_COMPLETE:
    case ESC_UNRECOGNIZED_DONE:
        if (byte == PC_ESC)
            return ESC_STARTED;
        if (byte == PC_DEL) { /* DEL short-cuts to the Backspace key */
            *key = KEY_BACKSPACE;
            return ESC_COMPLETE;
        }
        return ESC_BYPASS;
    case ESC_STARTED:
        if (byte == '[')
            return ESC_BRACKET;
        break;
    case ESC_BRACKET:
        if (byte == '3')
            return ESC_BRACKET3;
        if (byte != 0 && strchr(bracket_keys, byte) != NULL) {
            *key = bracket_key_values[strchr(bracket_keys, byte) - bracket_keys];
            return ESC_COMPLETE;
        }
        break;
    case ESC_BRACKET3:
        if (byte == '~') {
            *key = KEY_DELETE;
            return ESC_COMPLETE;
        }
        break;
    case ESC_UNRECOGNIZED:
        break;
    }
    return esc_is_terminator(byte) ? ESC_UNRECOGNIZED_DONE : ESC_UNRECOGNIZED;
}

/* ---- output ------------------------------------------------------------ */

/* Hand the head of the queue to the UART if it is idle. On a transmit error
 * the bytes stay queued for the next write. */
static void pc_kick(struct tk_process_console *pc)
{
    if (pc->tx_in_progress || pc->queue_len == 0)
        return;
    size_t n = pc->queue_len < sizeof pc->tx_buffer ? pc->queue_len : sizeof pc->tx_buffer;
    memcpy(pc->tx_buffer, pc->queue, n);
    if (pc->uart->ops->transmit(pc->uart, pc->tx_buffer, n) != 0)
        return;
    memmove(pc->queue, pc->queue + n, pc->queue_len - n);
    pc->queue_len -= n;
    pc->tx_in_progress = true;
}

/* Queue bytes; what does not fit in a full queue is dropped, as the
 * reference drops what exceeds its queue. */
static void pc_write(struct tk_process_console *pc, const void *bytes, size_t len)
{
    size_t room = sizeof pc->queue - pc->queue_len;
    size_t n = len < room ? len : room;
    memcpy(pc->queue + pc->queue_len, bytes, n);
    pc->queue_len += n;
    pc_kick(pc);
}

static void pc_write_str(struct tk_process_console *pc, const char *s)
{
    pc_write(pc, s, strlen(s));
}

static void pc_write_byte(struct tk_process_console *pc, uint8_t byte)
{
    pc_write(pc, &byte, 1);
}

static void pc_write_repeated(struct tk_process_console *pc, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        pc_write_str(pc, s);
}

static void pc_printf(struct tk_process_console *pc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void pc_printf(struct tk_process_console *pc, const char *fmt, ...)
{
    char text[TK_PROCESS_CONSOLE_WRITE_LEN]; /* the reference's ConsoleWriter */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    assert(n >= 0 && (size_t)n < sizeof text);
    pc_write(pc, text, (size_t)n);
}

/* A line waits to run or multi-part output is under way: a byte received
 * now must neither edit the line to run nor echo into the printout. */
static bool pc_is_busy(const struct tk_process_console *pc)
{
    return pc->execute || pc->writer != TK_PROCESS_CONSOLE_WRITER_EMPTY;
}

/* The prompt shows only while active. */
static void pc_prompt(struct tk_process_console *pc)
{
    if (pc->mode == TK_PROCESS_CONSOLE_ACTIVE)
        pc_write_str(pc, PROMPT);
}

static void pc_version_line(struct tk_process_console *pc)
{
    pc_printf(pc, "Kernel version: %d.%d (build %s)\r\n", TK_TBF_KERNEL_MAJOR, TK_TBF_KERNEL_MINOR,
              TOCK_KERNEL_VERSION);
}

static void pc_welcome_lines(struct tk_process_console *pc)
{
    pc_write_str(pc, "Welcome to the process console.\r\n");
    pc_write_str(pc, "Valid commands are: " VALID_COMMANDS);
}

/* ---- multi-part output (Tock WriterState) ------------------------------ */

/* Grants of `p` allocated now (0 unless alive), and grants the kernel has
 * (KernelInfo::number_app_grant_uses). */
static void grant_counts(struct tk_kernel *k, struct tk_process *p, unsigned *used, unsigned *total)
{
    *used = 0;
    *total = 0;
    for (unsigned i = 0; i < k->driver_count; i++) {
        struct tk_driver *d = k->drivers[i];
        if (!d->ops->has_grant)
            continue;
        (*total)++;
        if (tk_process_is_alive(p) && tk_grant_get(d, p) != NULL)
            (*used)++;
    }
}

/* One row of `list`, in Rust format terms:
 *   " {pid:<7}{shortid}{name:<20}{quanta:6}{syscalls:10}{restarts:10}"
 *   "  {used:2}/{total:2}   {state:?}\r\n"
 * where shortid is "Unique     " or "0x{:<8x} ". */
static void list_row(struct tk_process_console *pc)
{
    struct tk_process *p = tk_kernel_process_at(pc->kernel, pc->list_index);
    if (p == NULL)
        return;
    char short_id[16], state[128];
    tk_short_id_format(p->short_id, short_id, sizeof short_id);
    tk_process_state_string(p, state, sizeof state);
    unsigned used, total;
    grant_counts(pc->kernel, p, &used, &total);
    pc_printf(pc,
              " %-7" PRIu32 "%-11s%-20s%6" PRIu32 "%10" PRIu32 "%10" PRIu32 "  %2u/%2u   %s\r\n",
              p->id, short_id, p->name, p->timeslice_expirations, p->syscall_count,
              p->restart_count, used, total, state);
}

/* The next chunk of the `process` overview; false when it was the last (or
 * the process is gone: Deviation, the reference would stall). */
static bool process_chunk(struct tk_process_console *pc)
{
    struct tk_process *p = tk_kernel_process_by_id(pc->kernel, pc->process_id);
    if (p == NULL)
        return false;
    uint8_t chunk[TK_PROCESS_CONSOLE_WRITE_LEN];
    bool more = false;
    size_t n = tk_process_printer_overview(p, pc->process_offset, chunk, sizeof chunk, &more);
    pc->process_offset += n;
    pc_write(pc, chunk, n);
    return more;
}

/* One box of the `kernel` memory map, for the current writer state. */
static void kernel_piece(struct tk_process_console *pc)
{
    const struct tk_kernel_addresses *a = &pc->options.kernel_addresses;

    switch (pc->writer) {
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_BSS:
        pc_printf(pc,
                  "\r\n ╔═══════════╤══════════════════════════════╗"
                  "\r\n ║  Address  │ Region Name    Used (bytes)  ║"
                  "\r\n ╚" ADDR "═╪══════════════════════════════╝"
                  "\r\n             │   BSS        " SIZE,
                  a->bss_end, a->bss_end - a->bss_start);
        break;
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_RELOCATE:
        pc_printf(pc,
                  "\r\n  " ADDR " ┼─────────────────────────────── S"
                  "\r\n             │   Relocate   " SIZE "            R",
                  a->relocations_end, a->relocations_end - a->relocations_start);
        break;
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_STACK:
        pc_printf(pc,
                  "\r\n  " ADDR " ┼─────────────────────────────── A"
                  "\r\n             │ ▼ Stack      " SIZE "            M"
                  "\r\n  " ADDR " ┼───────────────────────────────",
                  a->stack_end, a->stack_end - a->stack_start, a->stack_start);
        break;
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_RODATA:
        pc_printf(pc,
                  "\r\n             ....."
                  "\r\n  " ADDR " ┼─────────────────────────────── F"
                  "\r\n             │   RoData     " SIZE "            L",
                  a->text_end, a->text_end - a->read_only_data_start);
        break;
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_TEXT:
        pc_printf(pc,
                  "\r\n  " ADDR " ┼─────────────────────────────── A"
                  "\r\n             │   Code       " SIZE "            S"
                  "\r\n  " ADDR " ┼─────────────────────────────── H"
                  "\r\n",
                  a->read_only_data_start, a->read_only_data_start - a->text_start, a->text_start);
        break;
    default:
        assert(!"not a kernel map state");
        break;
    }
}

static void writer_end(struct tk_process_console *pc)
{
    pc->writer = TK_PROCESS_CONSOLE_WRITER_EMPTY;
    pc_prompt(pc);
}

/* Print the next piece once the previous one went out (Tock write_state). */
static void writer_next(struct tk_process_console *pc)
{
    switch (pc->writer) {
    case TK_PROCESS_CONSOLE_WRITER_EMPTY:
        return;
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_START:
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_BSS:
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_RELOCATE:
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_STACK:
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_RODATA:
        pc->writer++;
        kernel_piece(pc);
        return;
    case TK_PROCESS_CONSOLE_WRITER_KERNEL_TEXT:
        writer_end(pc);
        return;
    case TK_PROCESS_CONSOLE_WRITER_PROCESS:
        if (!process_chunk(pc))
            writer_end(pc);
        return;
    case TK_PROCESS_CONSOLE_WRITER_LIST:
        if (pc->list_index + 1 >= pc->list_total) {
            writer_end(pc);
            return;
        }
        pc->list_index++;
        list_row(pc);
        return;
    }
}

/* ---- command history (Tock CommandHistory) ----------------------------- */

static void entry_clear(struct tk_process_console_command *e)
{
    memset(e->buf, PC_EOL, sizeof e->buf);
    e->len = 0;
}

/* Command::write: the whole buffer, length up to the first NUL. */
static void entry_write(struct tk_process_console_command *e, const uint8_t *line)
{
    memcpy(e->buf, line, sizeof e->buf);
    e->len = strnlen((const char *)e->buf, sizeof e->buf);
}

static void entry_insert(struct tk_process_console_command *e, uint8_t byte, size_t pos)
{
    for (size_t i = e->len; i-- > pos;)
        if (i + 1 < sizeof e->buf)
            e->buf[i + 1] = e->buf[i];
    if (pos < sizeof e->buf) {
        e->buf[pos] = byte;
        e->len++;
    }
}

static void entry_delete(struct tk_process_console_command *e, size_t pos)
{
    if (e->len == 0)
        return;
    for (size_t i = pos; i < e->len && i + 1 < sizeof e->buf; i++)
        e->buf[i] = e->buf[i + 1];
    e->buf[e->len - 1] = PC_EOL;
    e->len--;
}

/* Store an executed line as the newest command unless it repeats the newest
 * (CommandHistory::make_space). */
static void history_push(struct tk_process_console *pc)
{
    struct tk_process_console_command *h = pc->history;
    if (strncmp((const char *)h[1].buf, (const char *)pc->command, sizeof h[1].buf) == 0)
        return;
    memmove(&h[1], &h[0], (pc->history_len - 1) * sizeof *h);
    entry_clear(&h[0]);
    entry_write(&h[1], pc->command);
}

/* After an edit of a line that shows a recalled command, that line becomes
 * history[0]; true then. Otherwise the caller repeats its edit on
 * history[0], which mirrors the typed line. */
static bool history_adopt_line(struct tk_process_console *pc)
{
    if (!pc->history_modified)
        return false;
    entry_write(&pc->history[0], pc->command);
    pc->history_modified = false;
    return true;
}

static bool history_enabled(const struct tk_process_console *pc)
{
    return pc->history_len > 1;
}

/* ESC [ A (older) and ESC [ B (newer): replace the line on screen. */
static void history_recall(struct tk_process_console *pc, bool older)
{
    if (older) {
        if (pc->history_index + 1 >= pc->history_len || pc->history[pc->history_index + 1].len == 0)
            return;
        pc->history_index++;
    } else {
        if (pc->history_index == 0)
            return;
        pc->history_index--;
    }
    const struct tk_process_console_command *e = &pc->history[pc->history_index];
    assert(e->len < sizeof pc->command);

    pc_write_repeated(pc, " ", pc->command_len - pc->cursor);
    pc_write_repeated(pc, "\b \b", pc->command_len);
    pc_write(pc, e->buf, e->len);
    memcpy(pc->command, e->buf, e->len);
    pc->command[e->len] = PC_EOL;
    pc->history_modified = true;
    pc->command_len = e->len;
    pc->cursor = e->len;
}

/* ---- line editing ------------------------------------------------------ */

/* A printable (or any < 0x80) byte: insert at the cursor, redraw the tail. */
static void edit_insert(struct tk_process_console *pc, uint8_t byte)
{
    size_t cursor = pc->cursor, len = pc->command_len;
    assert(cursor <= len);
    pc_write_byte(pc, byte);
    pc_write(pc, pc->command + cursor, len - cursor);
    memmove(pc->command + cursor + 1, pc->command + cursor, len - cursor + 1);
    pc_write_repeated(pc, "\b", len - cursor);
    pc->command[cursor] = byte;
    pc->cursor = cursor + 1;
    pc->command_len = len + 1;
    if (history_enabled(pc) && !history_adopt_line(pc))
        entry_insert(&pc->history[0], byte, cursor);
}

/* Backspace 0x08: "\b \b", redraw the tail, erase the last cell. */
static void edit_backspace(struct tk_process_console *pc)
{
    size_t cursor = pc->cursor, len = pc->command_len;
    if (cursor == 0)
        return;
    pc_write_str(pc, "\b \b");
    memmove(pc->command + cursor - 1, pc->command + cursor, len - cursor + 1);
    pc_write(pc, pc->command + cursor - 1, len - cursor);
    pc_write_str(pc, " \b");
    pc_write_repeated(pc, "\b", len - cursor);
    pc->command_len = len - 1;
    pc->cursor = cursor - 1;
    if (history_enabled(pc) && !history_adopt_line(pc))
        entry_delete(&pc->history[0], cursor - 1);
}

/* DEL (0x7F, the Backspace key): same edit as 0x08 with the reference's
 * other echo, which includes the line's NUL terminator. */
static void edit_del(struct tk_process_console *pc)
{
    size_t cursor = pc->cursor, len = pc->command_len;
    if (cursor == 0 || cursor > len)
        return;
    memmove(pc->command + cursor - 1, pc->command + cursor, len - cursor + 1);
    pc_write(pc, pc->command + cursor - 1, len - cursor + 1);
    pc_write_str(pc, "\b \b");
    pc_write_repeated(pc, "\b", len - cursor);
    pc_write(pc, pc->command + cursor - 1, len - cursor);
    pc_write_repeated(pc, "\b", len - cursor);
    pc->cursor = cursor - 1;
    pc->command_len = len - 1;
    /* The reference deletes at the old cursor here, one past the erased
     * byte; only history[0] (the line restored by ESC [ B) differs. */
    if (history_enabled(pc) && !history_adopt_line(pc))
        entry_delete(&pc->history[0], cursor);
}

/* ESC [ 3 ~: delete the byte under the cursor. */
static void edit_delete(struct tk_process_console *pc)
{
    size_t cursor = pc->cursor, len = pc->command_len;
    if (cursor >= len)
        return;
    memmove(pc->command + cursor, pc->command + cursor + 1, len - cursor);
    pc_write(pc, pc->command + cursor, len - cursor - 1);
    pc_write_str(pc, " \b");
    pc_write_repeated(pc, "\b", len - cursor - 1);
    pc->command_len = len - 1;
    if (history_enabled(pc) && !history_adopt_line(pc))
        entry_delete(&pc->history[0], cursor);
}

/* A completed escape sequence (or DEL). */
static void edit_key(struct tk_process_console *pc, enum esc_key key)
{
    size_t cursor = pc->cursor, len = pc->command_len;

    switch (key) {
    case KEY_UP:
        history_recall(pc, true);
        break;
    case KEY_DOWN:
        history_recall(pc, false);
        break;
    case KEY_LEFT:
        if (cursor > 0) {
            pc_write_str(pc, "\b");
            pc->cursor = cursor - 1;
        }
        break;
    case KEY_RIGHT:
        if (cursor < len) {
            pc_write_byte(pc, pc->command[cursor]);
            pc->cursor = cursor + 1;
        }
        break;
    case KEY_HOME:
        pc_write_repeated(pc, "\b", cursor);
        pc->cursor = 0;
        break;
    case KEY_END:
        if (cursor < len) {
            pc_write(pc, pc->command + cursor, len - cursor);
            pc->cursor = len;
        }
        break;
    case KEY_BACKSPACE:
        edit_del(pc);
        break;
    case KEY_DELETE:
        edit_delete(pc);
        break;
    }
}

/* CR or LF. The second byte of a CR LF or LF CR pair only ends the pair. */
static void edit_enter(struct tk_process_console *pc, uint8_t previous, uint8_t byte)
{
    if ((previous == PC_LF || previous == PC_CR) && previous != byte) {
        pc->previous_byte = PC_EOL;
        return;
    }
    pc->cursor = 0;
    pc->execute = true;
    pc_write_str(pc, "\r\n");
    if (history_enabled(pc)) {
        pc->history_index = 0;
        pc->history_modified = false;
        entry_clear(&pc->history[0]);
    }
}

/* One received byte (the reference's received_buffer). */
static void handle_byte(struct tk_process_console *pc, uint8_t byte)
{
    pc->esc_state = esc_next(pc->esc_state, byte, &pc->esc_key);
    uint8_t previous = pc->previous_byte;
    pc->previous_byte = byte;

    if (pc->esc_state == ESC_COMPLETE)
        edit_key(pc, pc->esc_key);
    else if (byte == PC_LF || byte == PC_CR)
        edit_enter(pc, previous, byte);
    else if (byte == PC_BACKSPACE)
        edit_backspace(pc);
    else if (pc->command_len < sizeof pc->command - 1 && byte < PC_ASCII_LIMIT &&
             pc->esc_state != ESC_STARTED && pc->esc_state != ESC_BRACKET &&
             pc->esc_state != ESC_BRACKET3)
        edit_insert(pc, byte);
}

/* ---- commands ---------------------------------------------------------- */

static void act_start(struct tk_process_console *pc, struct tk_process *p)
{
    tk_process_resume(p);
    pc_printf(pc, "Process %s resumed.\r\n", p->name);
}

static void act_stop(struct tk_process_console *pc, struct tk_process *p)
{
    tk_process_stop(p);
    pc_printf(pc, "Process %s stopped\r\n", p->name);
}

/* The fault policy decides; under Panic the kernel is gone (spec §5.3). */
static void act_fault(struct tk_process_console *pc, struct tk_process *p)
{
    tk_process_set_fault(p, &(struct tk_fault){.kind = TK_FAULT_KERNEL_FORCED});
    if (!pc->kernel->panicked)
        pc_printf(pc, "Process %s now faulted\r\n", p->name);
}

/* spec §10.23: a console terminate records completion code "Faulted". */
static void act_terminate(struct tk_process_console *pc, struct tk_process *p)
{
    tk_process_terminate(p, TK_COMPLETION_FAULTED, 0);
    pc_printf(pc, "Process %s terminated\r\n", p->name);
}

/* spec §10.22: only a Terminated process boots; a Faulted one does not. */
static void act_boot(struct tk_process_console *pc, struct tk_process *p)
{
    (void)pc;
    if (p->state == TK_STATE_TERMINATED)
        tk_process_start(p);
}

static void cmd_help(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    pc_welcome_lines(pc);
}

static void cmd_console_stop(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    pc_write_str(pc, "Disabling the process console.\r\n");
    pc_write_str(pc, "Run console-start to reactivate.\r\n");
    pc->mode = TK_PROCESS_CONSOLE_HIBERNATING;
}

static void cmd_list(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    pc_write_str(pc, " PID    ShortID    Name                Quanta  ");
    pc_write_str(pc, "Syscalls  Restarts  Grants  State\r\n");
    unsigned total = tk_kernel_process_slots(pc->kernel);
    if (total == 0)
        return;
    pc->writer = TK_PROCESS_CONSOLE_WRITER_LIST;
    pc->list_index = 0;
    pc->list_total = total;
    list_row(pc);
}

/* spec §10.40: only Running and Yielded count as active. */
static void cmd_status(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    unsigned total = tk_kernel_process_slots(pc->kernel), active = 0;
    uint32_t expirations = 0; /* usize in the 32-bit reference */
    for (unsigned i = 0; i < total; i++) {
        struct tk_process *p = tk_kernel_process_at(pc->kernel, i);
        active += p->state == TK_STATE_RUNNING || p->state == TK_STATE_YIELDED;
        expirations += p->timeslice_expirations;
    }
    pc_printf(pc, "Total processes: %u\r\n", total);
    pc_printf(pc, "Active processes: %u\r\n", active);
    pc_printf(pc, "Timeslice expirations: %" PRIu32 "\r\n", expirations);
}

/* The overview of the first process with that name, in chunks. */
static void cmd_process(struct tk_process_console *pc, const char *arg)
{
    if (arg == NULL)
        return;
    struct tk_process *p = NULL;
    for (unsigned i = 0; (p = tk_kernel_process_at(pc->kernel, i)) != NULL; i++)
        if (strcmp(p->name, arg) == 0)
            break;
    if (p == NULL)
        return;
    pc->process_id = p->id;
    pc->process_offset = 0;
    if (process_chunk(pc))
        pc->writer = TK_PROCESS_CONSOLE_WRITER_PROCESS;
}

/* The version now, the map boxes one by one after it. */
static void cmd_kernel(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    pc_version_line(pc);
    pc->writer = TK_PROCESS_CONSOLE_WRITER_KERNEL_START;
}

static void cmd_reset(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    if (pc->options.reset == NULL)
        pc_write_str(pc, "Reset function is not implemented");
    else
        pc->options.reset(pc->options.reset_ctx);
}

static void cmd_panic(struct tk_process_console *pc, const char *arg)
{
    (void)arg;
    tk_kernel_panic(pc->kernel, "Process Console forced a kernel panic.");
}

/* A command word; `act` commands run it on every process with the argument
 * as name, the others run `run`. */
struct pc_command {
    const char *name;
    void (*run)(struct tk_process_console *pc, const char *arg);
    void (*act)(struct tk_process_console *pc, struct tk_process *p);
};

/* Matching order of ProcessConsole::read_command after console-start. */
static const struct pc_command pc_commands[] = {
    {"help", cmd_help, NULL},     {"console-stop", cmd_console_stop, NULL},
    {"start", NULL, act_start},   {"stop", NULL, act_stop},
    {"fault", NULL, act_fault},   {"terminate", NULL, act_terminate},
    {"boot", NULL, act_boot},     {"list", cmd_list, NULL},
    {"status", cmd_status, NULL}, {"process", cmd_process, NULL},
    {"kernel", cmd_kernel, NULL}, {"reset", cmd_reset, NULL},
    {"panic", cmd_panic, NULL},
};

static void act_on_named(struct tk_process_console *pc, const struct pc_command *c,
                         const char *name)
{
    if (name == NULL)
        return;
    struct tk_process *p;
    for (unsigned i = 0; (p = tk_kernel_process_at(pc->kernel, i)) != NULL && !pc->kernel->panicked;
         i++)
        if (strcmp(p->name, name) == 0)
            c->act(pc, p);
}

/* Rust char::is_whitespace, restricted to ASCII. */
static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The `index`-th whitespace-separated word of `s` into `out` (at least
 * strlen(s) + 1 bytes); false if there is none. */
static bool nth_word(const char *s, unsigned index, char *out)
{
    for (;;) {
        while (is_space(*s))
            s++;
        if (*s == '\0')
            return false;
        size_t n = 0;
        while (s[n] != '\0' && !is_space(s[n]))
            n++;
        if (index-- == 0) {
            memcpy(out, s, n);
            out[n] = '\0';
            return true;
        }
        s += n;
    }
}

/* Run the line in `command` (ProcessConsole::read_command's match). */
static void run_line(struct tk_process_console *pc, size_t len)
{
    const char *line = (const char *)pc->command;
    size_t start = 0, end = len;
    while (start < end && is_space(line[start]))
        start++;
    while (end > start && is_space(line[end - 1]))
        end--;
    char clean[TK_PROCESS_CONSOLE_COMMAND_LEN], arg[TK_PROCESS_CONSOLE_COMMAND_LEN];
    memcpy(clean, line + start, end - start);
    clean[end - start] = '\0';

    if (history_enabled(pc) && end > start)
        history_push(pc);
    if (strncmp(clean, "console-start", strlen("console-start")) == 0) {
        pc->mode = TK_PROCESS_CONSOLE_ACTIVE;
        return;
    }
    if (pc->mode == TK_PROCESS_CONSOLE_HIBERNATING)
        return; /* ignored, even valid commands */

    const char *argument = nth_word(clean, 1, arg) ? arg : NULL;
    if (pc->options.quit != NULL && strncmp(clean, "quit", strlen("quit")) == 0) {
        pc->options.quit(pc->options.quit_ctx);
        return;
    }
    for (size_t i = 0; i < sizeof pc_commands / sizeof pc_commands[0]; i++) {
        const struct pc_command *c = &pc_commands[i];
        if (strncmp(clean, c->name, strlen(c->name)) != 0)
            continue;
        if (c->act != NULL)
            act_on_named(pc, c, argument);
        else
            c->run(pc, argument);
        return;
    }
    pc_write_str(pc, "Valid commands are: " VALID_COMMANDS);
}

/* Execute the line once its Enter echo went out, then show the prompt
 * unless multi-part output is still under way. */
static void read_command(struct tk_process_console *pc)
{
    size_t len = strnlen((const char *)pc->command, sizeof pc->command);
    if (len > 0 && len < sizeof pc->command)
        run_line(pc, len);
    /* The cursor too: an edit with the cursor past the emptied line would
     * move bytes from before the buffer (the old echo path did that when
     * bytes arrived before the line ran). */
    pc->command[0] = PC_EOL;
    pc->command_len = 0;
    pc->cursor = 0;
    if (pc->writer == TK_PROCESS_CONSOLE_WRITER_EMPTY && !pc->kernel->panicked)
        pc_prompt(pc);
}

/* ---- UART client ------------------------------------------------------- */

/* Handle the bytes typed ahead while busy, up to the next Enter. */
static void handle_typeahead(struct tk_process_console *pc)
{
    size_t used = 0;
    while (used < pc->typeahead_len && !pc_is_busy(pc))
        handle_byte(pc, pc->typeahead[used++]);
    memmove(pc->typeahead, pc->typeahead + used, pc->typeahead_len - used);
    pc->typeahead_len -= used;
    if (pc->rx_paused && pc->typeahead_len < sizeof pc->typeahead) {
        pc->rx_paused = false;
        pc->uart->ops->receive(pc->uart, pc->rx_buffer, sizeof pc->rx_buffer);
    }
}

/* Drain the queue first, then the next piece of multi-part output, then a
 * pending command; once all that is done, the bytes typed ahead. */
static void pc_transmitted(struct tk_uart_client *c, const uint8_t *buf, size_t len, int rcode)
{
    struct tk_process_console *pc = tk_container_of(c, struct tk_process_console, uart_client);
    (void)buf;
    (void)len;
    (void)rcode;

    pc->tx_in_progress = false;
    if (pc->queue_len > 0) {
        pc_kick(pc);
    } else if (pc->writer != TK_PROCESS_CONSOLE_WRITER_EMPTY) {
        writer_next(pc);
    } else if (pc->execute) {
        pc->execute = false;
        read_command(pc);
    }
    handle_typeahead(pc);
}

static void pc_received(struct tk_uart_client *c, uint8_t *buf, size_t len, int rcode)
{
    struct tk_process_console *pc = tk_container_of(c, struct tk_process_console, uart_client);

    if (pc->kernel->panicked)
        return; /* the kernel is halted; stop listening */
    if (rcode == 0 && len == 1 && !pc_is_busy(pc))
        handle_byte(pc, buf[0]);
    else if (rcode == 0 && len == 1)
        pc->typeahead[pc->typeahead_len++] = buf[0];
    /* A full type-ahead buffer stops reading until it drains: the UART keeps
     * the rest (the UART model's queue is deep), so a long script on stdin
     * loses nothing. */
    if (pc->typeahead_len == sizeof pc->typeahead)
        pc->rx_paused = true;
    else
        pc->uart->ops->receive(pc->uart, pc->rx_buffer, sizeof pc->rx_buffer);
}

/* ---- set-up ------------------------------------------------------------ */

int tk_process_console_init(struct tk_process_console *pc, struct tk_kernel *k,
                            struct tk_uart *uart, const struct tk_process_console_options *options)
{
    struct tk_process_console_options defaults = {0};
    if (options == NULL)
        options = &defaults;
    if (options->history_len > TK_PROCESS_CONSOLE_HISTORY_LEN)
        return TK_INVAL;

    *pc = (struct tk_process_console){
        .kernel = k,
        .uart = uart,
        .uart_client = {.transmitted = pc_transmitted, .received = pc_received},
        .options = *options,
        .mode = TK_PROCESS_CONSOLE_OFF,
        .writer = TK_PROCESS_CONSOLE_WRITER_EMPTY,
        .esc_state = ESC_BYPASS,
        .previous_byte = PC_EOL,
        .history_len =
            options->history_len == 0 ? TK_PROCESS_CONSOLE_HISTORY_LEN : options->history_len,
    };
    uart->client = &pc->uart_client;
    return 0;
}

int tk_process_console_start(struct tk_process_console *pc)
{
    if (pc->mode != TK_PROCESS_CONSOLE_OFF)
        return 0;
    int err = pc->uart->ops->receive(pc->uart, pc->rx_buffer, sizeof pc->rx_buffer);
    if (err != 0)
        return err;
    if (pc->options.start_hibernated) {
        pc->mode = TK_PROCESS_CONSOLE_HIBERNATING;
        return 0;
    }
    pc->mode = TK_PROCESS_CONSOLE_ACTIVE;
    pc_version_line(pc);
    pc_welcome_lines(pc);
    pc_prompt(pc);
    return 0;
}
