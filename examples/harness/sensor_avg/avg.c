/* avg: average N sensor readings, retrying BUSY (see avg.h). */
#include <stdbool.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/tock.h>

#include "avg.h"

struct reading {
    bool done;
    int value;
};

static void on_reading(int value, int unused1, int unused2, void *userdata)
{
    (void)unused1, (void)unused2;
    struct reading *r = userdata;
    r->value = value;
    r->done = true;
}

static int read_one(uint32_t driver, int *value, unsigned *busy)
{
    struct reading r = {0};
    subscribe_return_t s = subscribe(driver, 0, on_reading, &r);
    if (!s.success)
        return tock_status_to_returncode(s.status);
    for (unsigned attempt = 0;; attempt++) {
        int rc = tock_command_return_novalue_to_returncode(command(driver, 1, 0, 0));
        if (rc == RETURNCODE_SUCCESS)
            break;
        if (rc != RETURNCODE_EBUSY || attempt == AVG_MAX_RETRIES)
            return rc;
        (*busy)++;
        libtocksync_alarm_delay_ms(1);
    }
    yield_for(&r.done);
    *value = r.value;
    return RETURNCODE_SUCCESS;
}

int avg_read(uint32_t driver, unsigned n, struct avg_result *out)
{
    if (n == 0 || n > 64)
        return RETURNCODE_EINVAL;
    int64_t sum = 0;
    out->busy = 0;
    for (unsigned i = 0; i < n; i++) {
        int value = 0;
        int rc = read_one(driver, &value, &out->busy);
        if (rc != RETURNCODE_SUCCESS)
            return rc;
        sum += value;
    }
    out->average = (int32_t)(sum / (int64_t)n);
    return RETURNCODE_SUCCESS;
}
