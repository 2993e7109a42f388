/* End to end: the USB CDC-ACM device as a user meets it, spec §8.10.
 *
 * --usb=pty puts the built-in host's serial port on a pty, where `screen`
 * would open it; with --usb-console the console (and the process console)
 * moves there. --usb=usbip exports the device to the Linux usbip tools.
 * Descriptor settings come from --usb-config and --usb-set; bad ones are
 * bad input (exit status 2, one line on stderr). Every wait is bounded.
 */
#include <check.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "e2e.h"
#include "live_run.h"

/* The text after `prefix` in tockemu's stderr, up to the next space, ')' or
 * newline. */
static char *announced(struct live_run *r, const char *prefix)
{
    const char *at = live_run_expect_stderr(r, prefix) + strlen(prefix);
    size_t n = strcspn(at, " )\n");
    if (at[n] == '\0') /* the line is not complete yet */
        live_run_expect_stderr(r, "\n");
    return g_strndup(at, n);
}

/* Read from `fd` until `needle` appears (bounded like live_run). */
static void expect_on(int fd, GString *seen, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + LIVE_RUN_BOUND_MS * 1000;
    while (strstr(seen->str, needle) == NULL) {
        gint64 left = deadline - g_get_monotonic_time();
        ck_assert_msg(left > 0, "no '%s' on the pty; got:\n%s", needle, seen->str);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)(left / 1000) + 1) <= 0)
            continue;
        char buf[512];
        ssize_t n = read(fd, buf, sizeof buf);
        ck_assert_msg(n > 0, "pty closed; got:\n%s", seen->str);
        g_string_append_len(seen, buf, n);
    }
}

START_TEST(usb_console_serves_the_process_console_on_a_pty)
{
    /* spec §8.10: the console runs over CDC-ACM; the host side is a pty. */
    struct live_run r;
    live_run_start(&r, "--usb=pty", "--usb-console", "--process-console", "@hello", NULL);
    char *path = announced(&r, "USB CDC-ACM on ");
    int fd = open(path, O_RDWR | O_NOCTTY);
    ck_assert_msg(fd >= 0, "cannot open %s", path);
    struct termios t;
    ck_assert_int_eq(tcgetattr(fd, &t), 0);
    cfmakeraw(&t);
    ck_assert_int_eq(tcsetattr(fd, TCSANOW, &t), 0);
    GString *seen = g_string_new("");
    ck_assert_int_eq(write(fd, "boot hello\r", 11), 11);
    expect_on(fd, seen, "Hello, World!");
    ck_assert_int_eq(write(fd, "quit\r", 5), 5);
    ck_assert_int_eq(live_run_wait(&r), 0);
    /* Nothing went to stdout: the console moved to USB. */
    ck_assert_ptr_null(strstr(r.out->str, "Hello, World!"));
    g_string_free(seen, TRUE);
    close(fd);
    g_free(path);
    live_run_free(&r);
}
END_TEST

START_TEST(usbip_list_shows_descriptor_settings)
{
    /* spec §8.10: settings from a file and --usb-set reach the descriptors
     * that `usbip list -r` shows. Skipped without the usbip tool. */
    if (access("/usr/sbin/usbip", X_OK) != 0)
        return;
    static const char config[] = "[usb]\nproduct-id=0x00f1\nself-powered=false\nmax-power-ma=100\n";
    char *file = e2e_temp_file(config, sizeof config - 1);
    struct live_run r;
    live_run_start(&r, "--usb=usbip:0", "--usb-console", "--usb-config", file, "--usb-set",
                   "vendor-id=0x1209", "--process-console", "@hello", NULL);
    char *port = announced(&r, "USB/IP server on 127.0.0.1:");
    char *argv[] = {"/usr/sbin/usbip", "--tcp-port", port, "list", "-r", "127.0.0.1", NULL};
    char *out = NULL, *err = NULL;
    int status = -1;
    ck_assert(
        g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
    ck_assert_msg(g_spawn_check_wait_status(status, NULL), "usbip list: %s%s", out, err);
    ck_assert_msg(strstr(out, "(1209:00f1)") != NULL, "usbip list said:\n%s", out);
    ck_assert_msg(strstr(out, "0 - Communications / Abstract") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "1 - CDC Data") != NULL, "%s", out);
    kill(r.pid, SIGTERM);
    live_run_wait(&r);
    g_free(out), g_free(err), g_free(port);
    unlink(file);
    g_free(file);
    live_run_free(&r);
}
END_TEST

START_TEST(app_attaching_through_0x20005_exports_the_device)
{
    /* spec §8.10: command 1 of 0x20005 enables and attaches the function
     * (libtocksync_usb_enable_and_attach returns once upcall 0 came); the
     * USB/IP server then lists it. Skipped without the usbip tool. */
    if (access("/usr/sbin/usbip", X_OK) != 0)
        return;
    struct live_run r;
    live_run_start(&r, "--usb=usbip:0", "--no-process-console", "@usb_attach", NULL);
    char *port = announced(&r, "USB/IP server on 127.0.0.1:");
    live_run_expect(&r, "usb_attach: attached\n");
    char *argv[] = {"/usr/sbin/usbip", "--tcp-port", port, "list", "-r", "127.0.0.1", NULL};
    char *out = NULL, *err = NULL;
    int status = -1;
    ck_assert(
        g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, NULL));
    ck_assert_msg(strstr(out, "1-1: ") != NULL && strstr(out, "(6667:abcd)") != NULL,
                  "usbip list said:\n%s%s", out, err);
    kill(r.pid, SIGTERM);
    ck_assert_int_eq(live_run_wait(&r), 128 + SIGTERM);
    g_free(out), g_free(err), g_free(port);
    live_run_free(&r);
}
END_TEST

/* Bad USB settings: exit status 2 and one line naming the input. */
static const struct {
    const char *option, *value, *message;
} bad_settings[] = {
    {"--usb", "bogus", "--usb bogus: expected none, pty, usbip"},
    {"--usb", "usbip:99999", "--usb usbip:99999: expected"},
    {"--usb-set", "max-power-ma=3", "max-power-ma=3: expected an even number"},
    {"--usb-set", "max-power-ma=600", "max-power-ma=600: expected a number from 0 to 500"},
    {"--usb-set", "self-powered=maybe", "self-powered=maybe: expected true or false"},
    {"--usb-set", "colour=blue", "unknown setting 'colour'"},
    {"--usb-set", "vendor-id", "--usb-set vendor-id: expected KEY=VALUE"},
    {"--usb-config", "/nonexistent/usb.ini", "/nonexistent/usb.ini: "},
};

START_TEST(bad_usb_settings_are_bad_input)
{
    struct e2e_result r = e2e_run(bad_settings[_i].option, bad_settings[_i].value, "@hello", NULL);
    ck_assert_int_eq(r.status, 2);
    ck_assert_msg(strstr(r.err, bad_settings[_i].message) != NULL, "stderr: %s", r.err);
    const char *newline = strchr(r.err, '\n');
    ck_assert_msg(newline != NULL && newline[1] == '\0', "not one line: %s", r.err);
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_usb_suite(void)
{
    Suite *s = suite_create("e2e_usb");
    TCase *tc = tcase_create("usb");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, usb_console_serves_the_process_console_on_a_pty);
    tcase_add_test(tc, usbip_list_shows_descriptor_settings);
    tcase_add_test(tc, app_attaching_through_0x20005_exports_the_device);
    tcase_add_loop_test(tc, bad_usb_settings_are_bad_input, 0,
                        sizeof bad_settings / sizeof bad_settings[0]);
    suite_add_tcase(s, tc);
    return s;
}
