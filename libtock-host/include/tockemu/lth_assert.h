/* App-side assertions that a harness test reports as Check failures.
 *
 *   lth_assert(avg == 2150);
 *   lth_assert_int_eq(avg, 2150);
 *
 * A failed assertion allows "file:line: text" read-only to LTH_DRIVER_ASSERT
 * (0xa0001), issues command 1 there and exits with completion code
 * LTH_ASSERT_EXIT_CODE. The harness (tockemu/harness.h) fails the test with
 * that text when the run returns. Outside the harness (plain tockemu) the
 * driver does not exist and the app still exits with that code.
 */
#ifndef LTH_ASSERT_H
#define LTH_ASSERT_H

#include <stdio.h>

#include <libtock/tock.h>

#define LTH_ASSERT_DRIVER    0xa0001
#define LTH_ASSERT_EXIT_CODE 0xa55e

static inline __attribute__((noreturn)) void lth__assert_report(const char *file, int line,
                                                                const char *text)
{
    static char message[256];
    int n = snprintf(message, sizeof message, "%s:%d: %s", file, line, text);
    if (n < 0 || n >= (int)sizeof message)
        n = (int)sizeof message - 1;
    allow_ro_return_t a = allow_readonly(LTH_ASSERT_DRIVER, 0, message, (size_t)n);
    syscall_return_t r = command(LTH_ASSERT_DRIVER, 1, (uint32_t)line, 0);
    (void)a, (void)r;
    tock_exit(LTH_ASSERT_EXIT_CODE);
}

#define lth_assert(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            lth__assert_report(__FILE__, __LINE__, "assertion failed: " #cond);                    \
    } while (0)

#define lth_assert_int_eq(a, b)                                                                    \
    do {                                                                                           \
        long long lth__a = (long long)(a), lth__b = (long long)(b);                                \
        if (lth__a != lth__b) {                                                                    \
            char lth__text[160];                                                                   \
            snprintf(lth__text, sizeof lth__text, "%s == %s failed: %lld != %lld", #a, #b, lth__a, \
                     lth__b);                                                                      \
            lth__assert_report(__FILE__, __LINE__, lth__text);                                     \
        }                                                                                          \
    } while (0)

#endif
