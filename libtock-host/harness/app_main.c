/* main of an app built from LTH_TEST_APP bodies (tockemu/lth_app.h).
 *
 * Asks the harness which body to run: allow-RW 0 of LTH_DRIVER_ASSERT
 * receives the name given to lth_load_test_app by command 2. Unknown names
 * (or no harness: plain tockemu) print a line and exit with
 * LTH_ASSERT_EXIT_CODE.
 */
#include <stdio.h>
#include <string.h>

#include <tockemu/lth_app.h>
#include <tockemu/lth_assert.h>

extern const struct lth_app_entry __start_lth_apps[], __stop_lth_apps[];

int main(void)
{
    static char name[64];
    allow_rw_return_t a = allow_readwrite(LTH_ASSERT_DRIVER, 0, name, sizeof name - 1);
    syscall_return_t r = command(LTH_ASSERT_DRIVER, 2, 0, 0);
    allow_rw_return_t back = allow_readwrite(LTH_ASSERT_DRIVER, 0, NULL, 0);
    (void)a, (void)back;
    if (r.type == TOCK_SYSCALL_SUCCESS)
        for (const struct lth_app_entry *e = __start_lth_apps; e < __stop_lth_apps; e++)
            if (strcmp(e->name, name) == 0)
                return e->body();
    printf("lth: no test app named '%s' in this binary\n", name);
    return LTH_ASSERT_EXIT_CODE;
}
