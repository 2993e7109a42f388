/* Record and replay a run: every outside input with its exact virtual time,
 * the RNG seed, and the trace to compare against (docs/trace.md "Record
 * and replay").
 *
 * A record file is a scenario file (pins.h, inputs.h): the inputs are
 * scenario lines with nanosecond times in the order they entered the
 * machine, so `--scenario FILE` alone also replays them; what a scenario
 * does not carry rides in comments:
 *
 *   # tockemu record 1
 *   # app build/libtock-host/apps/hello.tbf
 *   # option --fault-policy=restart
 *   2538000123ns console "list\n"
 *   # event 0.000000000s 0:hello start pc 0x40002ac0 (...)
 *   # switch 7 preempted 10000123
 *   # typed 41 17 all
 *   6000000ns console "abc\n"
 *   5000000ns press 0
 *   # control 52 17 7000000ns
 *   7000000ns release 0
 *   # seed 1234
 *
 * No upstream counterpart (Tock has no record and replay).
 */
#ifndef EMU_RECORD_H
#define EMU_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "emu_err.h"
#include "terminal.h"

/* Where typed console input (a terminal's bytes: stdin, a pty; the board's
 * emu_board_type path) entered the UART, or where a control line (the
 * --control FIFO; emu_board_control) came: a point of the run that a
 * replay finds again. Virtual time alone does not name it: many things happen at
 * one instant, and whether the bytes came before or after a process ran
 * changes what the app reads when. Events and deferred calls only grow, so
 * (time, events, deferred calls) orders every point of a run. */
struct emu_input_point {
    uint64_t time_ns;
    uint64_t events;                   /* events the run emitted before it */
    uint64_t deferred_calls;           /* deferred calls the kernel ran before it */
    struct emu_terminal_target target; /* typed input's */
};

struct emu_record;

/* Start a record at `path` naming the apps and the options that shape the
 * run (each NULL-terminated, may be NULL; options as "--name=value" or
 * "--flag"). Returns NULL with *err naming the path and the reason. */
struct emu_record *emu_record_new(const char *path, char *const *apps, char *const *options,
                                  struct emu_err *err);
/* The options a record at `path` keeps, NULL-terminated (g_strfreev it);
 * empty if it keeps none or cannot be read (emu_replay_new says why). */
char **emu_record_options(const char *path);
/* One input as a scenario line (with its newline or without). */
void emu_record_input(struct emu_record *rec, const char *scenario_line);
/* The next input recorded is typed input that entered at `at` (its
 * console line follows: "# typed EVENTS DEFERRED all|process-console|app N"). */
void emu_record_typed(struct emu_record *rec, const struct emu_input_point *at);
/* The next input recorded is a control line that came at `at` (its
 * scenario line follows: "# control EVENTS DEFERRED TIMEns"). */
void emu_record_control(struct emu_record *rec, const struct emu_input_point *at);
/* One trace event, its text line. */
void emu_record_event(struct emu_record *rec, const char *line);
/* The kernel's switch number `index` (from 1) to a process ended in a
 * preemption, or with a trap after `ran_ns` of the app's CPU time: what
 * the host's CPU speed decided. Only switches where it decided something
 * are kept (a preemption, or ran_ns > 0). */
void emu_record_switch(struct emu_record *rec, uint64_t index, bool preempted, uint64_t ran_ns);
/* Write the seed, close, free. Returns 0 or -errno if a write failed. */
int emu_record_free(struct emu_record *rec, bool has_seed, uint64_t seed);

struct emu_replay;

/* Read the record at `path`. Returns NULL with *err if it cannot be read or
 * is not a record ("no '# tockemu record 1' line"), or a typed input in it
 * is malformed ("r.rec:12: ..."). */
struct emu_replay *emu_replay_new(const char *path, struct emu_err *err);
void emu_replay_free(struct emu_replay *rp);
/* The file to add as a scenario (its comments are ignored there), with the
 * typed inputs and control lines left out: they enter through
 * emu_replay_input instead, at their points. */
const char *emu_replay_scenario(const struct emu_replay *rp);
/* A recorded input that enters at a point of the run. */
struct emu_replay_input {
    struct emu_input_point at;
    const uint8_t *bytes; /* typed input: its bytes (owned by rp) */
    size_t len;
    const char *control_line; /* a control line, "TIMEns ACTION" (owned by rp); NULL: typed */
};
/* The first such input not taken yet. Returns false when none is left. */
bool emu_replay_input(const struct emu_replay *rp, struct emu_replay_input *in);
/* Take it: emu_replay_input then shows the next one. */
void emu_replay_input_take(struct emu_replay *rp);
const char *emu_replay_path(const struct emu_replay *rp);
/* The recorded seed; false if the run drew no random numbers. */
bool emu_replay_seed(const struct emu_replay *rp, uint64_t *seed);
/* The recorded apps (NULL-terminated; owned by rp). */
char *const *emu_replay_apps(const struct emu_replay *rp);
/* Events recorded. */
uint64_t emu_replay_count(const struct emu_replay *rp);
/* What the record says of switch `index` (from 1; asked in increasing
 * order): *preempted and *ran_ns; a switch the record does not name was a
 * trap with ran_ns 0. */
void emu_replay_switch(struct emu_replay *rp, uint64_t index, bool *preempted, uint64_t *ran_ns);
/* Compare the run's event `index` (from 1) with the record. Returns true
 * while they agree; false from the first divergence on. */
bool emu_replay_check(struct emu_replay *rp, uint64_t index, const char *line);
/* The run ended after `produced` events: false (diverged) if it differs
 * from the record, or diverged earlier. */
bool emu_replay_finish(struct emu_replay *rp, uint64_t produced);
/* Print the first divergence with the recorded events before it. */
void emu_replay_report(const struct emu_replay *rp, FILE *out);

#endif
