/* App bodies written next to the Check test that runs them (LTH_TEST_APP).
 *
 *   LTH_TEST_APP(blink_twice)
 *   {
 *       libtock_led_on(0);
 *       return 0;
 *   }
 *
 *   START_TEST(blinks) {
 *       struct lth *t = lth_new(NULL);
 *       int app = lth_load_test_app(t, LTH_APP("my_test_apps"), "blink_twice");
 *       ...
 *
 * The test file is compiled twice (tests/harness/meson.build shows how):
 * into the test executable, where each body is an unused static function
 * the compiler drops, and, with -DLTH_APP_SIDE and
 * libtock-host/harness/app_main.c, into an ordinary app ELF (one slot, one
 * TBF) in which each body registers itself in the `lth_apps` section. That
 * app's main asks the harness (LTH_DRIVER_ASSERT command 2) which body this
 * process is to run and returns what the body returns, so exit codes,
 * faults, console output and syscalls are those of a real app. The bodies
 * and the test share source, not memory: see docs/harness.md.
 */
#ifndef LTH_APP_H
#define LTH_APP_H

#ifdef LTH_APP_SIDE

struct lth_app_entry {
    const char *name;
    int (*body)(void);
};

#define LTH_TEST_APP(name)                                                                         \
    static int lth_app_##name(void);                                                               \
    static const struct lth_app_entry lth_app_entry_##name                                         \
        __attribute__((section("lth_apps"), used, aligned(sizeof(void *)))) = {#name,              \
                                                                               lth_app_##name};    \
    static int lth_app_##name(void)

#else

/* static inline: never emitted when unused, even at -O0, so the test
 * executable needs none of the libtock functions a body calls. */
#define LTH_TEST_APP(name) static inline int __attribute__((unused)) lth_app_##name(void)

#endif
#endif
