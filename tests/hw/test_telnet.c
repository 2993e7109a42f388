/* Telnet on the console socket: the receiver and the escaping.
 *
 * Issue 13 part 1: the console works over a TCP socket with telnet. Facts
 * from RFC 854: IAC is 0xFF; WILL 0xFB, WONT 0xFC, DO 0xFD, DONT 0xFE are
 * followed by one option byte; SB 0xFA opens a subnegotiation that IAC SE
 * (0xF0) closes; IAC IAC is the data byte 0xFF; Enter is CR NUL or CR LF.
 */
#include <check.h>
#include <string.h>

#include "telnet.h"

/* `in` through a fresh receiver in chunks of `chunk` bytes. */
static GString *receive(const char *in, size_t len, size_t chunk)
{
    struct emu_telnet t;
    emu_telnet_init(&t);
    GString *out = g_string_new(NULL);
    for (size_t at = 0; at < len; at += chunk) {
        uint8_t buf[64];
        size_t n = len - at < chunk ? len - at : chunk;
        memcpy(buf, in + at, n);
        n = emu_telnet_receive(&t, buf, n);
        g_string_append_len(out, (const char *)buf, (gssize)n);
    }
    return out;
}

/* RFC 854: negotiation, subnegotiation and other commands are not data;
 * IAC IAC is 0xFF; the same however the bytes are split across reads. */
START_TEST(telnet_commands_are_taken_out_of_the_data_in_any_split)
{
    static const char in[] = "a\xff\xfd\x01"                                 /* IAC DO ECHO */
                             "b\xff\xfb\x1f"                                 /* IAC WILL NAWS */
                             "c\xff\xfa\x1f\x00\x50\xff\xff\x00\x18\xff\xf0" /* SB NAWS ... SE */
                             "d\xff\xff"                                     /* the byte 0xFF */
                             "e\xff\xf1"                                     /* IAC NOP */
                             "f";
    for (size_t chunk = 1; chunk <= sizeof in; chunk++) {
        GString *out = receive(in, sizeof in - 1, chunk);
        ck_assert_msg(out->len == 7 && memcmp(out->str,
                                              "abcd\xff"
                                              "ef",
                                              7) == 0,
                      "chunk %zu: %zu bytes", chunk, out->len);
        g_string_free(out, TRUE);
    }
}
END_TEST

/* RFC 854: Enter is CR NUL or CR LF; a serial terminal sends CR alone. */
START_TEST(telnet_enter_becomes_cr)
{
    static const char in[] = "ls\r\0pwd\r\nx\ry";
    for (size_t chunk = 1; chunk <= 3; chunk++) {
        GString *out = receive(in, sizeof in - 1, chunk);
        ck_assert_str_eq(out->str, "ls\rpwd\rx\ry");
        g_string_free(out, TRUE);
    }
}
END_TEST

/* RFC 854: a data byte 0xFF is sent as IAC IAC; nothing else changes. */
START_TEST(telnet_escape_doubles_iac_only)
{
    GString *out = g_string_new(NULL);
    emu_telnet_escape((const uint8_t *)"a\xff\r\nb", 5, out);
    ck_assert_uint_eq(out->len, 6);
    ck_assert_mem_eq(out->str, "a\xff\xff\r\nb", 6);
    g_string_free(out, TRUE);
}
END_TEST

Suite *telnet_suite(void)
{
    Suite *s = suite_create("telnet");
    TCase *tc = tcase_create("telnet");
    tcase_add_test(tc, telnet_commands_are_taken_out_of_the_data_in_any_split);
    tcase_add_test(tc, telnet_enter_becomes_cr);
    tcase_add_test(tc, telnet_escape_doubles_iac_only);
    suite_add_tcase(s, tc);
    return s;
}
