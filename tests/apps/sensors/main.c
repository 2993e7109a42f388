/* sensors: read every sensor of the default board once through libtock-c's
 * synchronous sensor API and print the values; then wait for the proximity
 * sensor to see something nearer than 200 (a scenario line moves it).
 *
 * Each line is "NAME VALUE..." or "NAME error CODE".
 */
#include <stdio.h>

#include <libtock-sync/sensors/ambient_light.h>
#include <libtock-sync/sensors/humidity.h>
#include <libtock-sync/sensors/moisture.h>
#include <libtock-sync/sensors/ninedof.h>
#include <libtock-sync/sensors/pressure.h>
#include <libtock-sync/sensors/proximity.h>
#include <libtock-sync/sensors/rainfall.h>
#include <libtock-sync/sensors/sound_pressure.h>
#include <libtock-sync/sensors/temperature.h>

static int report(const char *name, returncode_t rc, int value)
{
    if (rc != RETURNCODE_SUCCESS) {
        printf("%s error %s\n", name, tock_strrcode(rc));
        return 1;
    }
    printf("%s %d\n", name, value);
    return 0;
}

int main(void)
{
    int failures = 0, value = 0, x = 0, y = 0, z = 0;
    uint8_t small = 0;
    uint32_t rain = 0;

    /* Each read is a statement of its own: the value is printed after it. */
    returncode_t rc = libtocksync_temperature_read(&value);
    failures += report("temperature", rc, value);
    rc = libtocksync_humidity_read(&value);
    failures += report("humidity", rc, value);
    rc = libtocksync_ambient_light_read_intensity(&value);
    failures += report("ambient_light", rc, value);
    rc = libtocksync_moisture_read(&value);
    failures += report("moisture", rc, value);
    rc = libtocksync_rainfall_read(&rain, 1);
    failures += report("rainfall", rc, (int)rain);
    rc = libtocksync_sound_pressure_read(&small);
    failures += report("sound_pressure", rc, small);
    rc = libtocksync_ninedof_read_accelerometer(&x, &y, &z);
    if (rc == RETURNCODE_SUCCESS)
        printf("accelerometer %d %d %d\n", x, y, z);
    failures += rc != RETURNCODE_SUCCESS;
    rc = libtocksync_ninedof_read_gyroscope(&x, &y, &z);
    if (rc == RETURNCODE_SUCCESS)
        printf("gyroscope %d %d %d\n", x, y, z);
    failures += rc != RETURNCODE_SUCCESS;
    /* The kernel puts (status, hPa, 0) in the pressure upcall; libtock-c's
     * synchronous read returns the first word, so this prints 0. */
    rc = libtocksync_pressure_read(&value);
    failures += report("pressure", rc, value);
    rc = libtocksync_proximity_read_on_interrupt(0, 200, &small);
    failures += report("proximity", rc, small);
    return failures == 0 ? 0 : 1;
}
