/* Ninedof sensor, synchronous.
 *
 * Counterpart: tock/libtock-c libtock-sync/sensors/ninedof.c @497ea7cf.
 */
#include "libtock-sync/sensors/ninedof.h"

/* The square root by Newton's method: the runtime links no libm. */
static double square_root(double v)
{
    double r = v > 1 ? v : 1;

    if (v <= 0)
        return 0;
    for (int i = 0; i < 100; i++) {
        double next = 0.5 * (r + v / r);
        if (next >= r)
            break;
        r = next;
    }
    return r;
}

bool libtocksync_ninedof_exists(void)
{
    return libtock_ninedof_driver_exists();
}

returncode_t libtocksync_ninedof_read_accelerometer(int *x, int *y, int *z)
{
    returncode_t err = libtock_ninedof_command_start_accelerometer_reading();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_ninedof_yield_wait_for(x, y, z);
}

returncode_t libtocksync_ninedof_read_magnetometer(int *x, int *y, int *z)
{
    returncode_t err = libtock_ninedof_command_start_magnetometer_reading();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_ninedof_yield_wait_for(x, y, z);
}

returncode_t libtocksync_ninedof_read_gyroscope(int *x, int *y, int *z)
{
    returncode_t err = libtock_ninedof_command_start_gyroscope_reading();

    if (err != RETURNCODE_SUCCESS)
        return err;
    return libtocksync_ninedof_yield_wait_for(x, y, z);
}

returncode_t libtocksync_ninedof_read_accelerometer_magnitude(double *magnitude)
{
    int x, y, z;
    returncode_t err = libtocksync_ninedof_read_accelerometer(&x, &y, &z);

    if (err != RETURNCODE_SUCCESS)
        return err;
    *magnitude = square_root((double)x * x + (double)y * y + (double)z * z);
    return RETURNCODE_SUCCESS;
}
