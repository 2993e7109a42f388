/* The harness's screen assertions (tockemu/harness.h): a frame by hash and
 * against a golden PNG, on the screen app (tests/apps/screen) drawing on the
 * default board's 128x64 page-format screen. A mismatch's message is tested
 * on the model (tests/capsules/test_screen.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include <tockemu/harness.h>

#define GOLDEN LTH_GOLDEN_DIR "/screen_app.png"

START_TEST(screen_frame_matches_golden_png_and_hash)
{
    /* The app's border, diagonal and filled square, pixel for pixel. */
    struct lth *t = lth_new(NULL);
    uint64_t blank = lth_screen_hash(t);
    int app = lth_load(t, LTH_APP("screen"));
    lth_run(t);
    lth_assert_exit_code(t, app, 0);
    lth_assert_screen_png(t, GOLDEN);
    uint64_t drawn = lth_screen_hash(t);
    ck_assert_uint_ne(drawn, blank);
    lth_assert_screen_hash(t, drawn);
    lth_free(t);
}
END_TEST

Suite *screen_suite(void)
{
    Suite *s = suite_create("screen");
    TCase *tc = tcase_create("screen");
    tcase_add_test(tc, screen_frame_matches_golden_png_and_hash);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(screen_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
