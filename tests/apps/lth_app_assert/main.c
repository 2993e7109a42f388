/* lth_app_assert: an app-side assertion that fails (1 + 1 == 3). */
#include <tockemu/lth_assert.h>

int main(void)
{
    int two = 1 + 1;
    lth_assert_int_eq(two, 3);
    return 0;
}
