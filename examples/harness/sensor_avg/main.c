/* lth_sensor_avg: the app that runs the avg library under the harness.
 * Prints "avg A busy B" (or "error RC") and exits with 0 (or 1). */
#include <stdio.h>

#include <tockemu/lth_assert.h>

#include "avg.h"

int main(void)
{
    struct avg_result r;
    int rc = avg_read(0x60000, 4, &r);
    if (rc != RETURNCODE_SUCCESS) {
        printf("error %d\n", rc);
        return 1;
    }
    lth_assert(r.busy <= 4 * AVG_MAX_RETRIES);
    printf("avg %ld busy %u\n", (long)r.average, r.busy);
    return 0;
}
