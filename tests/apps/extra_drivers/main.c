/* extra_drivers: the RTC, crypto, buzzer, servo and isolated-storage drivers
 * of the default board (Tock capsules/extra), each used as libtock-c's example does.
 *
 * One app for all of them (app slots are scarce): each section prints what
 * libtock-c's example prints, bounded to a few rounds instead of forever.
 */
#include <stdio.h>

#include <inttypes.h>
#include <string.h>

#include <libtock-sync/peripherals/crc.h>
#include <libtock-sync/peripherals/rtc.h>
#include <libtock-sync/services/alarm.h>

/* examples/tests/rtc: set 2023-01-01 (a Sunday, set as MONDAY) 12:30:01,
 * wait 2 s, then print the date once a second. */
static int rtc_example(void)
{
    libtock_rtc_date_t date = {
        .year = 2023,
        .month = JANUARY,
        .day = 1,
        .day_of_week = MONDAY,
        .hour = 12,
        .minute = 30,
        .seconds = 1,
    };
    returncode_t rc = libtocksync_rtc_set_date(&date);
    if (rc != RETURNCODE_SUCCESS) {
        printf("rtc: set: %s\n", tock_strrcode(rc));
        return 1;
    }
    libtocksync_alarm_delay_ms(2000);
    for (int round = 0; round < 2; round++) {
        rc = libtocksync_rtc_get_date(&date);
        if (rc != RETURNCODE_SUCCESS) {
            printf("rtc: get: %s\n", tock_strrcode(rc));
            return 1;
        }
        printf("Date: {year: %d, month: %d, day: %d, day_of_week: %d, hour: %d, minute: %d, "
               "seconds: %d}\n",
               date.year, date.month, date.day, date.day_of_week, date.hour, date.minute,
               date.seconds);
        libtocksync_alarm_delay_ms(1000);
    }
    date.month = 13;
    rc = libtocksync_rtc_set_date(&date);
    printf("rtc: month 13: %s\n", tock_strrcode(rc));
    return 0;
}

/* examples/tests/crc: each case's CRC, "(OK)" when it is the expected one
 * (a few of its cases, one round, without its random instance tag). */
static int crc_example(void)
{
    static const struct {
        libtock_crc_alg_t alg;
        uint32_t output;
        const char *input;
    } cases[] = {
        {LIBTOCK_CRC_16CCITT, 0x00001541, "ABCDEFG"},
        {LIBTOCK_CRC_16CCITT, 0x0000B34B, "ABCD"},
        {LIBTOCK_CRC_32, 0x0E6F94BC, "ABCDEFG"},
        {LIBTOCK_CRC_32, 0x44050CDA, "A man, a plan, a canal, Panama"},
        {LIBTOCK_CRC_32C, 0x2C775665, "ABCDEFG"},
        {LIBTOCK_CRC_32C, 0xB5DDEB44, "A man, a plan, a canal, Panama"},
    };
    int failures = 0;
    if (!libtocksync_crc_exists()) {
        printf("CRC driver does not exist\n");
        return 1;
    }
    for (int i = 0; i < (int)(sizeof cases / sizeof cases[0]); i++) {
        uint32_t result = 0;
        returncode_t rc = libtocksync_crc_compute((const uint8_t *)cases[i].input,
                                                  strlen(cases[i].input), cases[i].alg, &result);
        if (rc != RETURNCODE_SUCCESS) {
            printf("CRC compute failed: %s\n", tock_strrcode(rc));
            return 1;
        }
        printf("Case %2d: result=%08" PRIx32 " ", i, result);
        if (result == cases[i].output) {
            printf("(OK)\n");
        } else {
            printf("(Expected %08" PRIx32 ")\n", cases[i].output);
            failures++;
        }
    }
    return failures;
}

int main(void)
{
    int failures = 0;
    failures += rtc_example();
    failures += crc_example();
    return failures;
}
