/* Test runner: runs the Check suites named on the command line (all if none).
 *
 * meson registers each suite of suites.h as its own test, so `meson test`
 * runs them in parallel and each owns its kernels.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TK_SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef TK_SUITE

struct suite_entry {
    const char *name;
    Suite *(*make)(void);
};

static const struct suite_entry all_suites[] = {
#define TK_SUITE(name) {#name, name##_suite},
#include "suites.h"
#undef TK_SUITE
    {NULL, NULL},
};

static bool wanted(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    SRunner *runner = NULL;
    int found = 0;

    for (const struct suite_entry *e = all_suites; e->name != NULL; e++) {
        if (!wanted(e->name, argc, argv))
            continue;
        if (runner == NULL)
            runner = srunner_create(e->make());
        else
            srunner_add_suite(runner, e->make());
        found++;
    }
    if (found == 0) {
        fprintf(stderr, "tockemu-tests: no suite named %s\n", argc > 1 ? argv[1] : "(any)");
        return 2;
    }
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
