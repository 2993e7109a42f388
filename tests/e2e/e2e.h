/* Running tockemu from end-to-end tests: real apps in real forked children.
 *
 * e2e_run() spawns the built tockemu with the given arguments (app names are
 * turned into the paths of the built TBFs), captures stdout and stderr and
 * the exit status. With TOCKEMU_TEST_WRAPPER set (scripts/test.sh
 * --valgrind), tockemu runs under that command, e.g. valgrind memcheck.
 */
#ifndef TK_TEST_E2E_H
#define TK_TEST_E2E_H

#include <stdbool.h>
#include <stddef.h>

struct e2e_result {
    int status; /* exit status, or 128 + signal */
    char *out;  /* stdout, NUL-terminated */
    char *err;  /* stderr, NUL-terminated */
};

/* Path of a built app TBF ("hello" -> .../libtock-host/apps/hello.tbf);
 * returns a static-lifetime string owned by the caller (g_free). */
char *e2e_app(const char *name);

/* Run tockemu with a NULL-terminated argument list. Arguments of the form
 * "@name" are replaced by e2e_app(name). Fails the test if tockemu cannot be
 * spawned. */
struct e2e_result e2e_run(const char *first, ...) __attribute__((sentinel));
/* The same with stdin read from the file `stdin_path` (not a terminal). */
struct e2e_result e2e_run_stdin(const char *stdin_path, const char *first, ...)
    __attribute__((sentinel));
/* The same under a file-size limit (RLIMIT_FSIZE) of `fsize` bytes, set in
 * the child only: a disk that fills up, without mounting one. */
struct e2e_result e2e_run_fsize(unsigned long long fsize, const char *first, ...)
    __attribute__((sentinel));
void e2e_result_free(struct e2e_result *r);

/* A temporary file holding `len` bytes; its path (g_free it, unlink it). */
char *e2e_temp_file(const void *bytes, size_t len);
/* Read a whole built file (fails the test if it cannot). */
void *e2e_read_file(const char *path, size_t *len);

/* Number of lines of `text` equal to `line`. */
int e2e_count_lines(const char *text, const char *line);
/* Replay the record `record` `times` times (tockemu --replay): each must
 * match it (exit status 0) and write the trace `recorded`, byte for byte. */
void e2e_assert_replays_match(const char *record, const char *recorded, int times);

#endif
