/* The terminal side of the console UART: who gets input, whose line shows.
 *
 * A board has one UART for the kernel's debug output, the process console
 * and every app's console. This model sits between that UART and the human's
 * terminal (stdio, a pty, a socket); it is pure logic, the host I/O stays in
 * uart.c and *_host.c.
 *
 * Input: an escape key (default Ctrl-T), then one key, picks the input
 * target: the process console, app N, or all readers (docs/console.md has
 * the keys). Every other byte goes on to the board.
 *
 * Output, in line mode: bytes are kept per writer until they make whole
 * lines, so lines of two writers never mix. The line still being written
 * (a prompt, an echo) is shown as it grows; a whole line of another writer
 * erases it (CR, ESC [ K), prints, and draws it again, as a shell redraws
 * its prompt around background output. Optional `[name] ` tags and ANSI
 * colours per writer. Out of line mode the bytes pass through unchanged
 * (a pipe capture stays byte-exact), with CRLF translation if asked.
 */
#ifndef EMU_TERMINAL_H
#define EMU_TERMINAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "kernel.h"

/* Writers: the kernel (debug output, low-level debug), the process console,
 * and the app in each process slot. */
enum {
    EMU_TERMINAL_KERNEL = 0,
    EMU_TERMINAL_PROCESS_CONSOLE = 1,
    EMU_TERMINAL_FIRST_APP = 2,
    EMU_TERMINAL_TOCKEMU = EMU_TERMINAL_FIRST_APP + TK_MAX_PROCESSES, /* its own notices */
    EMU_TERMINAL_WRITERS,
};
#define EMU_TERMINAL_APP(slot) (EMU_TERMINAL_FIRST_APP + (slot))

/* Who gets input. */
enum emu_terminal_target_kind {
    EMU_TERMINAL_TO_ALL,             /* every reader, as upstream's UART mux */
    EMU_TERMINAL_TO_PROCESS_CONSOLE, /* the process console only */
    EMU_TERMINAL_TO_APP,             /* the app in `slot` only */
};
struct emu_terminal_target {
    enum emu_terminal_target_kind kind;
    unsigned slot;
};

#define EMU_TERMINAL_DEFAULT_ESCAPE 0x14 /* Ctrl-T */
#define EMU_TERMINAL_LINE_MAX       4096 /* a held line longer than this is shown as it is */

struct emu_terminal_options {
    bool lines;   /* line mode (above) */
    bool crlf;    /* "\n" out as "\r\n" (a pty or socket has no tty to do it) */
    bool tags;    /* "[name] " before every line (line mode only) */
    bool colours; /* an ANSI colour per writer (line mode only) */
    int escape;   /* the escape byte, or -1 for none */
};

/* Command-line configuration of the console terminal (emu_console_option_group). */
struct emu_console_options {
    int escape;          /* parsed --console-escape (default Ctrl-T) */
    bool escape_given;   /* --console-escape given: on even if input is no terminal */
    gboolean tags;       /* --console-tags */
    gboolean colours;    /* --console-colour */
    gchar *pty_link;     /* --console-link PATH */
    gchar *attach_cmd;   /* --attach-cmd 'screen %s' */
    gboolean wait;       /* --wait-console */
    gchar *listen;       /* --console-listen unix:PATH|tcp:PORT */
    gboolean split;      /* --console-split: one more pty per app */
    gboolean hibernated; /* --process-console-hibernated */
};
void emu_console_options_init(struct emu_console_options *o);
void emu_console_options_fini(struct emu_console_options *o);
/* The options take the console off stdio: --console-listen (a socket), or
 * --console-link, --attach-cmd, --wait-console, --console-split (each
 * implies --console-pty). */
bool emu_console_options_want_pty(const struct emu_console_options *o);
/* The "Console:" option group writing into `o` (which must outlive it). */
GOptionGroup *emu_console_option_group(struct emu_console_options *o);

/* Fill `o`: everything off, escape Ctrl-T. */
void emu_terminal_options_init(struct emu_terminal_options *o);
/* Parse an escape key: "^T", "C-t", "ctrl-t", a single character, or "none"
 * (-1). Returns the byte, -1, or -2 if `s` is none of these. */
int emu_terminal_parse_escape(const char *s);

struct emu_terminal_hooks {
    /* The name of `writer` for tags and notices, or NULL if it does not
     * exist (no app in that slot, no process console). */
    const char *(*writer_name)(unsigned writer, void *ctx);
    /* The input target changed (the board re-decides who reads). */
    void (*target_changed)(void *ctx);
    /* Bytes typed for `target` (the target selected when they were typed).
     * Returns how many it took, the first ones: the rest were dropped, an
     * input overrun (the target's queue is full), which the terminal
     * announces once per overrun. */
    size_t (*typed)(struct emu_terminal_target target, const uint8_t *bytes, size_t len, void *ctx);
    /* The quit key: end the run. NULL: the key does nothing. */
    void (*quit)(void *ctx);
    void *ctx;
};

struct emu_terminal_writer {
    GString *line; /* its current line, not yet ended */
    bool after_cr; /* the last byte it wrote was CR */
};

struct emu_terminal {
    struct emu_terminal_options options;
    struct emu_terminal_hooks hooks;
    struct emu_terminal_target target;
    bool escape_seen; /* the escape byte came; the next one is a key */
    bool overrun;     /* typed bytes are being dropped (announced once) */
    int open;         /* the writer whose line is on screen, or -1 */
    struct emu_terminal_writer writers[EMU_TERMINAL_WRITERS];
};

/* Set up `t`; the target starts at the process console if it exists (its
 * writer has a name) and there is an escape key to leave it, else all. */
void emu_terminal_init(struct emu_terminal *t, const struct emu_terminal_options *o,
                       const struct emu_terminal_hooks *h);
void emu_terminal_fini(struct emu_terminal *t);

/* `writer` transmitted `len` bytes: append what the terminal shows to `out`. */
void emu_terminal_output(struct emu_terminal *t, unsigned writer, const uint8_t *bytes, size_t len,
                         GString *out);
/* `len` bytes typed: hand those meant for the board to the `typed` hook,
 * each with the target selected at that point, and append what the
 * terminal shows in answer (notices, help) to `out`. */
void emu_terminal_input(struct emu_terminal *t, const uint8_t *bytes, size_t len, GString *out);

/* Who gets input now. */
struct emu_terminal_target emu_terminal_target(const struct emu_terminal *t);
/* Select who gets input, with a notice in `out` (NULL: none). */
void emu_terminal_select(struct emu_terminal *t, struct emu_terminal_target target, GString *out);

#endif
