/* A tockemu run driven while it runs: input written to its stdin, output
 * waited for with a deadline (never a fixed sleep).
 *
 * live_run_start() spawns the built tockemu with stdin and stdout on pipes
 * (or stdin on the caller's fd, e.g. a pty). live_run_expect() reads stdout
 * until a string appears or 5 s of wall time pass, whichever is first; the
 * bound only turns a hang into a failure, a passing run never waits for it.
 */
#ifndef TK_TEST_LIVE_RUN_H
#define TK_TEST_LIVE_RUN_H

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

struct live_run {
    GPid pid;
    int in_fd, out_fd, err_fd; /* in_fd -1 once closed */
    GString *out, *err;        /* everything read so far */
    size_t seen;               /* live_run_expect matched up to here */
    int status;                /* exit status (128 + signal) once live_run_wait returned */
};

/* Start tockemu with a NULL-terminated argument list ("@name" -> app path).
 * Fails the test if it cannot be spawned. */
void live_run_start(struct live_run *r, const char *first, ...) __attribute__((sentinel));
/* Write `text` to tockemu's stdin. */
void live_run_type(struct live_run *r, const char *text);
/* Close tockemu's stdin (end of file on a pipe). */
void live_run_close_input(struct live_run *r);
/* Wait until `needle` appears in stdout after the previous match; fails the
 * test (with both outputs) if it does not within the bound. */
void live_run_expect(struct live_run *r, const char *needle);
/* The same for stderr (searched from its start); returns where `needle`
 * begins in r->err->str. */
const char *live_run_expect_stderr(struct live_run *r, const char *needle);
/* Wait for the exit (bounded; killed and failed after it) and return the
 * status; stdout and stderr are read to the end. */
int live_run_wait(struct live_run *r);
void live_run_free(struct live_run *r);

/* Wall-clock bound of every wait above, in ms. */
#define LIVE_RUN_BOUND_MS 20000 /* a loaded 2-core machine; a passing test never waits for it */

#endif
