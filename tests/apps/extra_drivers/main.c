/* extra_drivers: the RTC, crypto, buzzer, servo and isolated-storage drivers
 * of the default board (Tock capsules/extra), each used as libtock-c's example does.
 *
 * One app for all of them (app slots are scarce): each section prints what
 * libtock-c's example prints, bounded to a few rounds instead of forever.
 */
#include <stdio.h>

#include <inttypes.h>
#include <string.h>

#include <libtock-sync/crypto/hmac.h>
#include <libtock-sync/crypto/sha.h>
#include <libtock-sync/interface/buzzer.h>
#include <libtock-sync/peripherals/crc.h>
#include <libtock-sync/peripherals/rtc.h>
#include <libtock-sync/storage/isolated_nonvolatile_storage.h>
#include <libtock/crypto/aes.h>
#include <libtock/crypto/syscalls/aes_syscalls.h>
#include <libtock/interface/syscalls/servo_syscalls.h>
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

static const char text[] =
    "A language empowering everyone to build reliable and efficient software.";

static void print_hex(const char *label, const uint8_t *bytes, size_t len)
{
    printf("%s", label);
    for (size_t i = 0; i < len; i++)
        printf("%02x", bytes[i]);
    printf("\n");
}

/* examples/tests/sha: SHA-256 of the text, against the known digest. */
static int sha_example(void)
{
    static const uint8_t correct[32] = {0xd9, 0x13, 0x44, 0xac, 0xb5, 0x29, 0xe0, 0x8a,
                                        0xc1, 0x7b, 0xf4, 0x20, 0x9e, 0x66, 0x42, 0x48,
                                        0x36, 0x6c, 0x5d, 0x95, 0xec, 0xfe, 0x95, 0xd1,
                                        0xe5, 0x07, 0x77, 0x80, 0x65, 0x9a, 0x91, 0x5b};
    static uint8_t data[256];
    uint8_t dest[32];
    memcpy(data, text, sizeof text);
    printf("[TEST] SHA\n");
    if (!libtocksync_sha_exists()) {
        printf("No SHA driver.\n");
        return 1;
    }
    if (libtocksync_sha_simple_hash(LIBTOCK_SHA256, data, (uint32_t)strlen(text), dest,
                                    sizeof dest) != RETURNCODE_SUCCESS) {
        printf("Unable to compute SHA.\n");
        return 1;
    }
    printf("SHA computation finished.\n");
    print_hex("Correct: ", correct, sizeof correct);
    print_hex("Got    : ", dest, sizeof dest);
    bool match = memcmp(dest, correct, sizeof dest) == 0;
    printf(match ? "SHA computation correct.\n" : "ERROR! SHA computation incorrect.\n");
    return match ? 0 : 1;
}

/* examples/tests/hmac: HMAC-SHA256 of the text under an 11-byte key. */
static int hmac_example(void)
{
    static uint8_t key[32] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xA0, 0xA1};
    static const uint8_t expected[32] = {0xb5, 0x05, 0x55, 0x53, 0xbd, 0x5e, 0x75, 0xd4,
                                         0xfc, 0x96, 0xbf, 0x25, 0x59, 0xd6, 0x55, 0xb7,
                                         0x7a, 0x58, 0xae, 0xa8, 0xb4, 0xc4, 0x07, 0x6c,
                                         0x52, 0xf7, 0x74, 0x85, 0x1b, 0xba, 0x06, 0xd8};
    static uint8_t data[256];
    uint8_t dest[32];
    memcpy(data, text, sizeof text);
    printf("[TEST] HMAC\n");
    if (!libtocksync_hmac_exists()) {
        printf("No HMAC driver.\n");
        return 1;
    }
    if (libtocksync_hmac_simple(LIBTOCK_HMAC_SHA256, key, 11, data, (uint32_t)strlen(text), dest,
                                sizeof dest) != RETURNCODE_SUCCESS) {
        printf("Unable to compute HMAC.\n");
        return 1;
    }
    print_hex("[HMAC] Computed Output: ", dest, sizeof dest);
    print_hex("[HMAC] Expected Output: ", expected, sizeof expected);
    bool match = memcmp(dest, expected, sizeof dest) == 0;
    printf(match ? "[HMAC] Matched!\n" : "[HMAC] Error! Computation was incorrect!\n");
    return match ? 0 : 1;
}

/* examples/music: the first notes of its melody, 90% of each note's length.
 * A null subscribe first gives the app the driver's grant, without which
 * Tock's buzzer driver cannot tell it a tone has ended. */
static int buzzer_example(void)
{
    static const int melody[] = {NOTE_E4, NOTE_E4, NOTE_F4, NOTE_G4};
    if (!libtocksync_buzzer_exists()) {
        printf("There is no available buzzer\n");
        return 1;
    }
    libtock_buzzer_set_upcall(NULL, NULL);
    for (size_t i = 0; i < sizeof melody / sizeof melody[0]; i++)
        if (libtocksync_buzzer_tone((uint32_t)melody[i], 450) != RETURNCODE_SUCCESS)
            return 1;
    printf("buzzer: played %zu notes\n", sizeof melody / sizeof melody[0]);
    return 0;
}

/* examples/servo: count, then sweep (three angles here, not 0..180); the
 * SG90 cannot report its angle. */
static int servo_example(void)
{
    if (!libtock_servo_driver_exists()) {
        printf("There is no available servo\n");
        return 1;
    }
    uint32_t servo_count = 0;
    libtock_servo_count(&servo_count);
    printf("The number of available servomotors is: %" PRIu32 "\n", servo_count);
    uint16_t angle = 0;
    if (libtock_servo_read_angle(0, &angle) == RETURNCODE_ENODEVICE) {
        printf("\n The index number is bigger than the available servomotors\n");
        return 1;
    }
    static const uint16_t angles[] = {0, 90, 180, 181};
    for (size_t i = 0; i < sizeof angles / sizeof angles[0]; i++) {
        returncode_t result = libtock_servo_set_angle(0, angles[i]);
        if (result == RETURNCODE_SUCCESS) {
            libtocksync_alarm_delay_ms(100);
            if (libtock_servo_read_angle(0, &angle) == RETURNCODE_SUCCESS)
                printf("Requested angle %d. Actual current angle is: %d\n", angles[i], angle);
        } else if (result == RETURNCODE_FAIL) {
            printf("\nAngle %d exceeds the servo's limit angle.\n", angles[i]);
        }
    }
    if (libtock_servo_read_angle(0, &angle) != RETURNCODE_SUCCESS)
        printf("\n This servo cannot return its angle.\n");
    return 0;
}

/* examples/tests/isolated_nonvolatile_storage/invs_read_write: write a
 * pattern, read it back; writes past the region fail. */
static int invs_test(uint64_t offset, size_t readsize, size_t writesize)
{
    static uint8_t readbuf[512], writebuf[512];
    printf("\tTest with read size %zu and write size %zu ...\n", readsize, writesize);
    for (size_t i = 0; i < writesize; i++)
        writebuf[i] = (uint8_t)i;
    returncode_t ret =
        libtocksync_isolated_nonvolatile_storage_write(offset, writebuf, (uint32_t)writesize);
    if (ret != RETURNCODE_SUCCESS) {
        printf("\tERROR calling write. returncode: %d\n", ret);
        return ret;
    }
    ret = libtocksync_isolated_nonvolatile_storage_read(offset, readbuf, (uint32_t)readsize);
    if (ret != RETURNCODE_SUCCESS) {
        printf("\tERROR calling read. returncode: %d\n", ret);
        return ret;
    }
    for (size_t i = 0; i < readsize && i < writesize; i++) {
        if (readbuf[i] != writebuf[i]) {
            printf("\tInconsistency between data written and read at index %zu\n", i);
            return -1;
        }
    }
    return 0;
}

static int invs_example(void)
{
    printf("[TEST] Isolated Nonvolatile Storage\n");
    uint64_t total = 0;
    libtocksync_isolated_nonvolatile_storage_get_number_bytes(&total);
    int num_bytes = (int)total;
    printf("Have %i bytes of nonvolatile storage\n", num_bytes);
    if (invs_test(0, 14, 256) != 0 || invs_test(20, 14, 256) != 0 || invs_test(0, 512, 512) != 0)
        return 1;
    printf("Write to end of region (offset %d)\n", num_bytes - 512);
    if (invs_test((uint64_t)num_bytes - 512, 512, 500) != 0)
        return 1;
    printf("Write beyond end region, should fail (offset %d)\n", num_bytes);
    if (invs_test((uint64_t)num_bytes, 512, 501) == 0)
        return 1;
    printf("Write starts before start region, should fail (offset %d)\n", -1);
    if (invs_test((uint64_t)-1, 512, 512) == 0)
        return 1;
    printf("All tests succeeded\n");
    return 0;
}

struct aes_result {
    bool fired;
    int length;
};

static void aes_done(int result, int length, int verified, void *opaque)
{
    struct aes_result *r = opaque;
    (void)verified;
    r->length = result == 0 ? length : -result;
    r->fired = true;
}

/* examples/tests/aes, CTR half, on NIST SP 800-38A F.5.1's key, counter
 * and first two plaintext blocks: setup, then the app's 32 bytes. */
static int aes_example(void)
{
    static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                    0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t iv[16] = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
                                   0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
    static const uint8_t plain[32] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                      0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
                                      0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03, 0xac, 0x9c,
                                      0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51};
    static uint8_t out[32];
    struct aes_result done = {0};
    if (!libtock_aes_exists()) {
        printf("aes: no driver\n");
        return 1;
    }
    libtock_aes_set_algorithm(LIBTOCK_AES128Ctr, true);
    libtock_aes_set_readonly_allow_key_buffer(key, sizeof key);
    libtock_aes_set_readonly_allow_iv_buffer(iv, sizeof iv);
    libtock_aes_set_readonly_allow_source_buffer(plain, sizeof plain);
    libtock_aes_set_readwrite_allow_dest_buffer(out, sizeof out);
    libtock_aes_set_upcall(aes_done, &done);
    returncode_t rc = libtock_aes_setup();
    if (rc != RETURNCODE_SUCCESS) {
        printf("aes: setup: %s\n", tock_strrcode(rc));
        return 1;
    }
    yield_for(&done.fired);
    libtock_aes_finish();
    printf("aes: CTR %d bytes:", done.length);
    for (size_t i = 0; i < sizeof out; i++)
        printf(" %02x", out[i]);
    printf("\n");
    return 0;
}

int main(void)
{
    int failures = 0;
    failures += rtc_example();
    failures += crc_example();
    failures += sha_example();
    failures += hmac_example();
    failures += buzzer_example();
    failures += servo_example();
    failures += invs_example();
    failures += aes_example();
    return failures;
}
