/* End to end: inputs and outputs that went wrong are one clear line and exit
 * status 2 (issue 9 part 7; README "Exit status": 2 = a file, flag or app
 * could not be used). Each case names the file and the reason, and nothing
 * already written is lost:
 *
 *   --flash on a file that cannot grow (a full disk, a file-size limit)
 *   --trace to a file that cannot take it (/dev/full, a file-size limit)
 *   --scenario with a NUL byte (it used to drop every later line)
 *   an app file without end (/dev/zero): refused past a size limit
 *
 * The flash case uses a file-size limit (RLIMIT_FSIZE) set in tockemu's
 * process: it works unprivileged and in CI, where mounting a small tmpfs
 * does not, and a file that cannot grow past the limit goes the same way as
 * one on a full disk. Linux answers with SIGXFSZ, then EFBIG.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

/* The number of lines of `text` (each ends in '\n'). */
static int line_count(const char *text)
{
    int lines = 0;
    for (; *text != '\0'; text++)
        lines += *text == '\n';
    return lines;
}

/* One line on stderr naming `path` and `reason`, exit status 2. */
static void assert_one_line(const struct e2e_result *r, const char *path, const char *reason)
{
    ck_assert_msg(r->status == 2, "status %d; err:\n%s", r->status, r->err);
    ck_assert_msg(strstr(r->err, path) != NULL && strstr(r->err, reason) != NULL,
                  "stderr lacks '%s' / '%s':\n%s", path, reason, r->err);
    ck_assert_msg(line_count(r->err) == 1, "not one line:\n%s", r->err);
}

/* A new flash file is allocated at open: past the file-size limit that is
 * an error naming the file, not death by SIGXFSZ (or SIGBUS on a full disk
 * at the first store). */
START_TEST(flash_file_that_cannot_grow_is_reported_at_open)
{
    char *path = e2e_temp_file("", 0);
    /* tockemu's own memfds (256 MiB of app flash) fit under the limit. */
    struct e2e_result r =
        e2e_run_fsize(512ull << 20, "--flash", path, "--flash-size", "1073741824", "@hello", NULL);
    assert_one_line(&r, path, "File too large");
    ck_assert_str_eq(r.out, "");
    e2e_result_free(&r);
    unlink(path);
    g_free(path);
}
END_TEST

/* A trace that could not be written is reported, after the run did its
 * work: the app's output is all there. */
START_TEST(trace_to_a_full_device_is_reported)
{
    struct e2e_result r = e2e_run("--trace", "/dev/full", "@hello", NULL);
    assert_one_line(&r, "--trace /dev/full", "No space left on device");
    ck_assert_str_eq(r.out, "Hello, World!\n");
    e2e_result_free(&r);
}
END_TEST

/* A scenario is text: a NUL byte is an error, not the silent end of it. */
START_TEST(scenario_with_a_nul_byte_is_reported)
{
    static const char scenario[] = "100ms gpio 1 high\n\0"
                                   "200ms gpio 1 low\n";
    char *path = e2e_temp_file(scenario, sizeof scenario - 1);
    struct e2e_result r = e2e_run("--scenario", path, "@hello", NULL);
    assert_one_line(&r, path, "NUL byte at offset 18");
    e2e_result_free(&r);
    unlink(path);
    g_free(path);
}
END_TEST

/* An app file is read up to a limit, never until the memory runs out. */
START_TEST(app_file_without_end_is_refused_at_the_size_limit)
{
    struct e2e_result r = e2e_run("/dev/zero", "@hello", NULL);
    assert_one_line(&r, "/dev/zero", "larger than the 16777216-byte limit");
    ck_assert_str_eq(r.out, "Hello, World!\n");
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_bad_input_suite(void)
{
    Suite *s = suite_create("e2e_bad_input");
    TCase *tc = tcase_create("bad_input");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, flash_file_that_cannot_grow_is_reported_at_open);
    tcase_add_test(tc, trace_to_a_full_device_is_reported);
    tcase_add_test(tc, scenario_with_a_nul_byte_is_reported);
    tcase_add_test(tc, app_file_without_end_is_refused_at_the_size_limit);
    suite_add_tcase(s, tc);
    return s;
}
