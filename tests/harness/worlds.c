/* Whole worlds shared by the harness tests and the harness bench
 * (worlds.h). */
#include <check.h>
#include <string.h>

#include "worlds.h"

void world_hello(struct lth_shared *shared)
{
    struct lth_board b = {.shared = shared};
    struct lth *t = lth_new(&b);
    int app = lth_load(t, LTH_APP("lth_hello"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 0);
    lth_assert_console(t, "hello harness\n");
    lth_free(t);
}

void world_restart_starts_fresh(struct lth_shared *shared)
{
    struct lth_board b = {.shared = shared};
    struct lth *t = lth_new(&b);
    int app = lth_load(t, LTH_APP("restart"));
    ck_assert_int_eq(lth_run(t), LTH_RUN_ENDED);
    lth_assert_exit_code(t, app, 5);
    const char *out = lth_console_output(t);
    ck_assert_msg(strstr(out, "ok ") != NULL && strstr(out, "FAIL") == NULL, "%s", out);
    lth_free(t);
}
