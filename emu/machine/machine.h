/* The machine: one run of Tock apps on the host, set up one way for all.
 *
 * A machine owns the kernel, the board, app flash, the transport, the loading
 * sequence (flash scan -> credential check -> AppID -> process creation),
 * the host hooks (stdio, pty and control polling; --rt pacing as an event on
 * the virtual clock) and one event stream. tockemu, the unit-test harness
 * and the bench each create one; none of them sets a run up by hand. No
 * upstream counterpart: it is what a Tock board's main.rs and the chip's
 * start-up do together (tock/tock boards/<board>/src/main.rs @65608d71).
 *
 *   options ─▶ emu_machine_new ─▶ emu_machine_load* ─▶ emu_machine_run ─▶ result
 *                  │ kernel, app flash            │ every event
 *                  │ board (on first need)        ▼
 *                  └────────────────────────▶ on_event (kernel, pins, console)
 *
 * Zero in any option means its default; the defaults live with the layer
 * that owns them (kernel.c, board.c, the models).
 */
#ifndef EMU_MACHINE_H
#define EMU_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_err.h"
#include "kernel.h"

struct emu_board;
struct emu_console_options;
struct emu_pins_options;
struct emu_pins_event;
struct emu_inputs_options;
struct emu_zygote;    /* emu/process/host.h */
struct emu_app_flash; /* emu/process/host.h */
struct emu_rng_options;
struct emu_usb_options;
struct emu_sensors_options;
struct emu_screen_options;
struct emu_adc_options;
struct emu_devices_options;
struct emu_flash_options;
struct emu_record;
struct emu_replay;
struct emu_input_point; /* record.h */

/* How a run ended, most serious first when several apply. The values are
 * tockemu's exit statuses. */
enum emu_machine_result {
    EMU_MACHINE_ALL_OK = 0,     /* every app exited with completion code 0 */
    EMU_MACHINE_APP_FAILED = 1, /* an app exited non-zero or faulted (even once) */
    EMU_MACHINE_BAD_INPUT = 2,  /* something given could not be used (an app skipped) */
    EMU_MACHINE_PANIC = 3,      /* the kernel panicked */
    EMU_MACHINE_STUCK = 4,      /* apps wait for events that can never come */
    EMU_MACHINE_STOPPED = 5,    /* the time limit or emu_machine_stop, apps still running */
    EMU_MACHINE_SIGNALLED = 6,  /* a signal ended the run (emu_machine_signal says which) */
};
const char *emu_machine_result_name(enum emu_machine_result r);

/* One stream for everything observable: kernel events and the board's
 * peripheral events, in the order they happened. */
enum emu_machine_event_kind {
    EMU_MACHINE_EV_KERNEL,      /* `kernel`: a syscall, upcall, state change, fault ... */
    EMU_MACHINE_EV_PINS,        /* `pins`: an LED, button or GPIO change */
    EMU_MACHINE_EV_CONSOLE_IN,  /* `bytes`: console input entering the UART */
    EMU_MACHINE_EV_CONSOLE_OUT, /* `bytes`: console output leaving the UART */
    EMU_MACHINE_EV_INPUT_LINE,  /* `at_ns`, `text`: a control line ("press 0", "sensor ...") */
};

struct emu_machine_event {
    enum emu_machine_event_kind kind;
    uint64_t time_ns; /* virtual time */
    const struct tk_event *kernel;
    const struct emu_pins_event *pins;
    const uint8_t *bytes;
    size_t len;
    /* CONSOLE_IN: where typed input (a terminal's bytes, emu_board_type)
     * entered, for a record; NULL for scheduled input (--type, scenario).
     * INPUT_LINE: where the control line came. */
    const struct emu_input_point *entered;
    /* CONSOLE_IN: its leading bytes that entered before (board.h
     * emu_board_typed_observer_fn), which a record keeps once. */
    size_t again;
    /* CONSOLE_IN: bytes a control line asked for; the record keeps the
     * line (its INPUT_LINE event), not them. Pins events say it in
     * emu_pins_event.from_control_line. */
    bool from_control_line;
    /* INPUT_LINE: the scenario line's time and action ("sensor proximity 230"). */
    uint64_t at_ns;
    const char *text;
};

struct emu_sharing_options;

struct emu_machine_options {
    /* Apps, loaded by emu_machine_new: an app-flash image (TBF objects back
     * to back) and then TBF or TAB files. Either may be NULL. */
    const char *apps_image;
    const char *const *files; /* NULL-terminated */

    /* Kernel (0: the kernel's defaults). */
    enum tk_fault_policy fault_policy;
    unsigned fault_threshold;
    uint64_t timeslice_ns;
    uint64_t stop_after_ns; /* stop the run at this virtual time; 0: never */
    /* Deviation switch (spec §2.4): a Yield-WaitFor stays ready once its
     * upcall is queued, though later upcalls are queued after it; false:
     * the kernel at 65608d71, which looks only at the last one queued. */
    bool sticky_wait_for;

    /* Loading (NULL: none). */
    const char *credentials; /* checker: sha256, sha384, sha512, ecdsa-p256, rsa */
    char *const *keys;       /* NULL-terminated PEM paths for ecdsa-p256 or rsa */
    const char *appid;       /* assigner: names, tbf-header */
    /* storage permissions: tbf-header (NULL, the default), individual,
     * tbf-header-else-individual, null */
    const char *storage_permissions;
    bool permissions_filter; /* filter syscalls by each TBF's Permissions (spec §1.7) */
    bool hide_footers;       /* apps cannot read their credential footers */
    const struct tk_process_ops *process_ops; /* NULL: the forked transport */
    /* What the host decides (record.h): the forked transport's decisions
     * that depend on the host's CPU speed (which switch to an app ends in a
     * preemption, the CPU time a trap cost) are kept in `record`, or taken
     * from `replay` instead of measured; and a replay types the recorded
     * terminal input at the points it entered. NULL: neither. */
    struct emu_record *record;
    struct emu_replay *replay;
    /* The zygote app children are cloned from (emu/process/host.h), shared
     * by successive machines in one process; NULL: the machine starts its
     * own. Borrowed: it must outlive the machine. */
    struct emu_zygote *zygote;
    /* An app flash (emu_app_flash_init, with its zygote) shared by
     * successive machines in one process, so that each does not map and
     * unmap 256 MiB of its own; NULL: the machine makes its own. Borrowed:
     * it must outlive the machine, which erases what it wrote into it when
     * freed. A machine made while another has it, or in a fork's child,
     * makes its own and shares only its zygote. */
    struct emu_app_flash *app_flash;
    /* The process exits right after emu_machine_free (tockemu does): app
     * children and the zygote are sent SIGKILL but not waited for. They die
     * with it anyway (parent-death signal) and init reaps them; waiting
     * for their exits took 2 of the 8 ms of `tockemu hello.tbf`. */
    bool exit_after_free;

    /* Board. */
    bool console_pty;         /* the console UART on a new pseudo-terminal */
    int console_output_fd;    /* stdio backend output; 0: stdout */
    bool no_console_input;    /* the stdio backend reads nothing (tests) */
    bool process_console;     /* run Tock's process console on the console UART */
    bool raw_terminal;        /* a terminal on stdin goes byte at a time, no echo */
    bool catch_interrupts;    /* Ctrl-C, SIGTERM, SIGHUP end the run (EMU_MACHINE_SIGNALLED) */
    const char *control_path; /* FIFO of interactive inputs; NULL: none */
    const struct emu_console_options *console; /* console terminal; NULL: bytes pass unchanged */
    const struct emu_pins_options *pins;       /* NULL: the models' defaults */
    const struct emu_inputs_options *inputs;   /* scripted inputs; NULL: none */
    const struct emu_rng_options *rng;
    const struct emu_usb_options *usb; /* NULL or not enabled: no USB device */
    const struct emu_sensors_options *sensors;
    const struct emu_screen_options *screen;
    const struct emu_adc_options *adc;
    const struct emu_devices_options *devices; /* NULL: defaults */
    const struct emu_flash_options *flash;
    /* Sharing between apps: lend policies, re-sharing, experimental IPC
     * drivers (hw/sharing.h); NULL: Tock's behaviour. */
    const struct emu_sharing_options *sharing;
    /* Which board capsules exist and at which numbers (board.h); a capsule
     * whose number a driver added by emu_machine_add_driver took is left
     * out either way. NULL: every capsule at its number. */
    bool (*place_driver)(uint32_t *number, void *ctx);
    void *place_ctx;

    /* Host. */
    bool rt;           /* pace virtual time to wall time */
    bool say_rng_seed; /* say the RNG seed on first use (to repeat the run) */
    bool summary;      /* one diagnostic line per app when the run ends */
    /* App ELFs for fault reports (NULL-terminated; NULL: none): NAME.elf
     * serves the app NAME; otherwise NAME.elf beside NAME.tbf is used. */
    const char *const *elf_paths;

    /* The event stream; NULL: nobody listens. kernel_events selects kernel
     * event kinds (bit 1u << kind; 0: every kind). */
    void (*on_event)(const struct emu_machine_event *ev, void *ctx);
    uint32_t kernel_events;
    /* One line for the user (an app skipped, faulted, the run's end);
     * NULL: "tockemu: LINE" on stderr. */
    void (*on_diagnostic)(const char *line, void *ctx);
    void *ctx; /* for every hook above; emu_machine_ctx returns it */
};

struct emu_machine;

/* Create a machine: kernel, app flash and, if apps are given, the board and
 * the processes. Returns NULL with `err` naming the input and the reason
 * (a flag value, a key file, a flash file, no loadable app among those
 * given); nothing is left behind. Only one machine may exist per process
 * (app flash sits at a fixed address). An app that cannot load while others
 * can is a diagnostic, and the result is at least EMU_MACHINE_BAD_INPUT. */
struct emu_machine *emu_machine_new(const struct emu_machine_options *o, struct emu_err *err);
/* Stop every process (kills the children), free everything. NULL: no-op. */
void emu_machine_free(struct emu_machine *m);

/* Register a driver of the caller's (a fake, an extra capsule) before the
 * board is built: it takes its number first. Returns 0, TK_ALREADY, TK_NOMEM
 * or TK_BUSY once the board exists. */
int emu_machine_add_driver(struct emu_machine *m, struct tk_driver *d);
/* Build the board now if it is not built yet (loading and running do it on
 * first need). Returns 0 or -errno with `err` filled. */
int emu_machine_start(struct emu_machine *m, struct emu_err *err);
/* Load the TBF or TAB at `path` through the whole loading sequence and
 * create its processes. Returns the slot of the first process created, or
 * -errno with `err` saying why none was (each skipped object is also a
 * diagnostic). */
int emu_machine_load(struct emu_machine *m, const char *path, struct emu_err *err);

/* One scheduling step; false when the run is over (see emu_machine_run). */
bool emu_machine_step(struct emu_machine *m);
/* Run until every app has ended, nothing can happen any more, the kernel
 * panics, or the run is stopped; then let the last output drain. A stopped
 * run may be run again and goes on from where it stood. */
enum emu_machine_result emu_machine_run(struct emu_machine *m);
/* As emu_machine_run, stopping when the virtual clock reaches `when_ns`
 * (UINT64_MAX: no limit). */
enum emu_machine_result emu_machine_run_until(struct emu_machine *m, uint64_t when_ns);

/* Setters. */
/* End the run at the next step boundary (EMU_MACHINE_STOPPED). */
void emu_machine_stop(struct emu_machine *m);

/* Debugging apps with gdb (docs/debugging.md). */
/* The slot of the process named `name`, or -1 if none has that name. */
int emu_machine_find_process(const struct emu_machine *m, const char *name);
/* The command that attaches gdb to the process in `slot`, with its ELF for
 * symbols: "gdb -q 'ELF' -p PID". Returns false (out empty) if the process
 * has no host process to attach to (the in-process transport, or not
 * running). */
bool emu_machine_gdb_command(const struct emu_machine *m, unsigned slot, char *out, size_t len);
/* Wait until a debugger traces the process in `slot`: it stays where it
 * stands (before main if it has not run yet) until then. Returns 0 once
 * traced; -ECHILD if it has no host process or died; -EINTR if Ctrl-C (or
 * SIGTERM, SIGHUP) came first: the run then ends at its first poll with
 * EMU_MACHINE_SIGNALLED. */
int emu_machine_wait_for_debugger(struct emu_machine *m, unsigned slot);

/* Getters. */
struct tk_kernel *emu_machine_kernel(struct emu_machine *m);
/* The board (NULL before it is built). */
struct emu_board *emu_machine_board(struct emu_machine *m);
/* How the last run ended in the kernel's terms (the harness reports it). */
enum tk_run_result emu_machine_end(const struct emu_machine *m);
/* The signal that ended the run (EMU_MACHINE_SIGNALLED), else 0. */
int emu_machine_signal(const struct emu_machine *m);
/* The machine a kernel belongs to, and the options' ctx. */
struct emu_machine *emu_machine_of(struct tk_kernel *k);
void *emu_machine_ctx(const struct emu_machine *m);

#endif
