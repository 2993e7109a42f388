/* avg: average N readings of a Tock sensor (temperature 0x60000 by default).
 *
 * The library under test in examples/harness/sensor_avg: it starts each
 * reading with command 1, waits for upcall 0 (value, 0, 0), and retries a
 * reading the driver refuses with BUSY up to AVG_MAX_RETRIES times, 1 ms
 * apart.
 */
#ifndef AVG_H
#define AVG_H

#include <stdint.h>

#define AVG_MAX_RETRIES 3

struct avg_result {
    int32_t average; /* of the readings, rounded toward zero */
    unsigned busy;   /* BUSY answers retried */
};

/* Read `n` (1..64) values of `driver`. Returns 0 and fills *out, or the
 * returncode of the first failure that is not a retried BUSY. */
int avg_read(uint32_t driver, unsigned n, struct avg_result *out);

#endif
