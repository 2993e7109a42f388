/* End to end: what tockemu loads, as the kernel's loader decides it.
 * Spec §6.5 (scan verdicts), §7.2-§7.3 (credential checking: a hash
 * mismatch rejects, a signature that fails for every key only passes),
 * §7.5 (AppID: higher version wins, first in flash on a tie), and TAB
 * archives. Signed TBFs are made with the built tockbin; keys are generated
 * here with libcrypto. */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "e2e.h"
#include "kernel/tbf_builder.h"
#include "tbf.h"

#define TOCKBIN TOCKEMU_BUILD_ROOT "/emu/tools/tockbin"

/* A scratch directory for one test, removed at the end. */
struct scratch {
    char *dir;
};

static struct scratch scratch_new(void)
{
    struct scratch s = {g_dir_make_tmp("tockemu-load-XXXXXX", NULL)};
    ck_assert_ptr_nonnull(s.dir);
    return s;
}

static char *scratch_path(const struct scratch *s, const char *name)
{
    return g_build_filename(s->dir, name, NULL);
}

static void scratch_free(struct scratch *s)
{
    GDir *d = g_dir_open(s->dir, 0, NULL);
    for (const char *n; d != NULL && (n = g_dir_read_name(d)) != NULL;) {
        char *p = g_build_filename(s->dir, n, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d != NULL)
        g_dir_close(d);
    g_rmdir(s->dir);
    g_free(s->dir);
}

/* Run a program (tockbin, tar) to completion; fail the test unless it exits 0. */
static void run_ok(const char *const *argv)
{
    int status = 0;
    gchar *err = NULL;
    ck_assert_msg(g_spawn_sync(NULL, (gchar **)argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                               &err, &status, NULL),
                  "cannot run %s", argv[0]);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s failed: %s", argv[0], err);
    g_free(err);
}

/* A P-256 key pair as PEM files: private at `priv`, public at `pub`. */
static void make_p256_key(const char *priv, const char *pub)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    ck_assert_ptr_nonnull(key);
    FILE *f = fopen(priv, "w");
    ck_assert(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL));
    fclose(f);
    f = fopen(pub, "w");
    ck_assert(PEM_write_PUBKEY(f, key));
    fclose(f);
    EVP_PKEY_free(key);
}

static void sign(const char *in, const char *out, const char *how, const char *key, bool replace)
{
    const char *argv[] = {TOCKBIN, "sign", how, key, in, "-o", out, replace ? "--replace" : NULL,
                          NULL};
    if (key == NULL) { /* hashes take no key */
        argv[3] = in;
        argv[4] = "-o";
        argv[5] = out;
        argv[6] = replace ? "--replace" : NULL;
    }
    run_ok(argv);
}

START_TEST(sha256_credential_loads_and_unsigned_does_not)
{
    struct scratch s = scratch_new();
    char *hello = e2e_app("hello"), *signed_tbf = scratch_path(&s, "h.tbf");
    sign(hello, signed_tbf, "--sha256", NULL, false);
    struct e2e_result r = e2e_run("--credentials", "sha256", signed_tbf, NULL);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
    /* require_credentials() and no footer accepted -> not loaded (§7.2). */
    r = e2e_run("--credentials", "sha256", hello, NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "not loaded: CredentialsNotAccepted"));
    ck_assert_int_eq(r.status, 2);
    e2e_result_free(&r);
    g_free(hello), g_free(signed_tbf), scratch_free(&s);
}
END_TEST

/* §10.32: a SHA-256 mismatch rejects the binary. */
START_TEST(hash_mismatch_rejects)
{
    struct scratch s = scratch_new();
    char *hello = e2e_app("hello"), *signed_tbf = scratch_path(&s, "h.tbf");
    sign(hello, signed_tbf, "--sha256", NULL, false);
    size_t len;
    uint8_t *bytes = e2e_read_file(signed_tbf, &len);
    bytes[8192] ^= 1; /* inside the ELF, inside the integrity region */
    char *tampered = e2e_temp_file(bytes, len);
    struct e2e_result r = e2e_run("--credentials", "sha256", tampered, NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "not loaded: CredentialsRejected (footer 0)"));
    ck_assert_str_eq(r.out, "");
    e2e_result_free(&r);
    g_unlink(tampered);
    g_free(tampered), g_free(bytes), g_free(hello), g_free(signed_tbf), scratch_free(&s);
}
END_TEST

/* §7.3, §10.32: a trusted key accepts; an untrusted signature only passes,
 * so with no other footer the app is not accepted. */
START_TEST(ecdsa_signature_needs_a_trusted_key)
{
    struct scratch s = scratch_new();
    char *hello = e2e_app("hello");
    char *k1 = scratch_path(&s, "k1.pem"), *p1 = scratch_path(&s, "k1.pub");
    char *k2 = scratch_path(&s, "k2.pem"), *p2 = scratch_path(&s, "k2.pub");
    char *signed_tbf = scratch_path(&s, "h.tbf");
    make_p256_key(k1, p1);
    make_p256_key(k2, p2);
    sign(hello, signed_tbf, "--ecdsa-p256", k1, false);
    struct e2e_result r = e2e_run("--credentials", "ecdsa-p256", "--key", p1, signed_tbf, NULL);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    e2e_result_free(&r);
    r = e2e_run("--credentials", "ecdsa-p256", "--key", p2, signed_tbf, NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "not loaded: CredentialsNotAccepted"));
    e2e_result_free(&r);
    g_free(hello), g_free(k1), g_free(p1), g_free(k2), g_free(p2), g_free(signed_tbf);
    scratch_free(&s);
}
END_TEST

/* Re-signing keeps the integrity region, so the new signature verifies
 * with the new key and the old key no longer loads the app. */
START_TEST(replaced_signature_refused_by_old_key)
{
    struct scratch s = scratch_new();
    char *hello = e2e_app("hello");
    char *k1 = scratch_path(&s, "k1.pem"), *p1 = scratch_path(&s, "k1.pub");
    char *k2 = scratch_path(&s, "k2.pem"), *p2 = scratch_path(&s, "k2.pub");
    char *a = scratch_path(&s, "a.tbf"), *b = scratch_path(&s, "b.tbf");
    make_p256_key(k1, p1);
    make_p256_key(k2, p2);
    sign(hello, a, "--ecdsa-p256", k1, false);
    sign(a, b, "--ecdsa-p256", k2, true);
    struct e2e_result r = e2e_run("--credentials", "ecdsa-p256", "--key", p1, b, NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "not loaded"));
    ck_assert_str_eq(r.out, "");
    e2e_result_free(&r);
    r = e2e_run("--credentials", "ecdsa-p256", "--key", p2, b, NULL);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    e2e_result_free(&r);
    g_free(hello), g_free(k1), g_free(p1), g_free(k2), g_free(p2), g_free(a), g_free(b);
    scratch_free(&s);
}
END_TEST

/* A TBF of application name "dup" built from `elf_app`. */
static void make_named(const struct scratch *s, const char *elf_app, const char *version,
                       const char *out_name, char **out)
{
    char *elf = g_strdup_printf("%s/libtock-host/apps/%s.elf", TOCKEMU_BUILD_ROOT, elf_app);
    *out = scratch_path(s, out_name);
    const char *argv[] = {TOCKBIN, "create",    "--elf",  elf,  "--name", "dup", "--app-version",
                          version, "--min-ram", "262144", "-o", *out,     NULL};
    run_ok(argv);
    g_free(elf);
}

/* §7.5, §10.34: with the names assigner the higher version wins wherever it
 * is in flash; on equal versions the first in flash wins. */
START_TEST(appid_higher_version_wins_first_in_flash_on_tie)
{
    struct scratch s = scratch_new();
    char *v1, *v2, *v2b;
    make_named(&s, "printer_a", "1", "a1.tbf", &v1);
    make_named(&s, "printer_b", "2", "b2.tbf", &v2);
    /* tockemu places apps in flash in the order given. */
    struct e2e_result r = e2e_run("--appid", "names", v1, v2, NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "printer_b says 4"), 1);
    ck_assert_ptr_null(strstr(r.out, "printer_a"));
    ck_assert_ptr_nonnull(strstr(r.err, "not loaded: the same application as"));
    e2e_result_free(&r);
    make_named(&s, "printer_a", "2", "a2.tbf", &v2b);
    r = e2e_run("--appid", "names", v2b, v2, NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "printer_a says 4"), 1);
    ck_assert_ptr_null(strstr(r.out, "printer_b"));
    e2e_result_free(&r);
    /* Without an assigner every process is LocallyUnique: both run. */
    r = e2e_run(v1, v2, NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "printer_a says 4"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "printer_b says 4"), 1);
    e2e_result_free(&r);
    g_free(v1), g_free(v2), g_free(v2b), scratch_free(&s);
}
END_TEST

START_TEST(tab_runs_its_host_member)
{
    struct scratch s = scratch_new();
    char *hello = e2e_app("hello"), *member = scratch_path(&s, "x86_64.tbf");
    char *tab = scratch_path(&s, "hello.tab");
    size_t len;
    void *bytes = e2e_read_file(hello, &len);
    g_file_set_contents(member, bytes, (gssize)len, NULL);
    const char *argv[] = {"tar", "-cf", tab, "-C", s.dir, "x86_64.tbf", NULL};
    run_ok(argv);
    struct e2e_result r = e2e_run(tab, NULL);
    ck_assert_str_eq(r.out, "Hello, World!\n");
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
    g_free(bytes), g_free(hello), g_free(member), g_free(tab), scratch_free(&s);
}
END_TEST

START_TEST(tab_without_host_member_names_what_it_has)
{
    /* A libtock-c v1.0 TAB: ARM members only, named .bin. */
    struct scratch s = scratch_new();
    char *hello = e2e_app("hello"), *tab = scratch_path(&s, "gpio.tab");
    size_t len;
    void *bytes = e2e_read_file(hello, &len);
    const char *argv[] = {"tar",           "-cf",           tab, "-C", s.dir, "cortex-m0.bin",
                          "cortex-m3.bin", "cortex-m4.bin", NULL};
    for (int i = 5; i < 8; i++) {
        char *member = scratch_path(&s, argv[i]);
        g_file_set_contents(member, bytes, (gssize)len, NULL);
        g_free(member);
    }
    run_ok(argv);
    struct e2e_result r = e2e_run(tab, NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "no x86_64 TBF in this TAB (it has: cortex-m0.bin, "
                                        "cortex-m3.bin, cortex-m4.bin)"));
    ck_assert_int_eq(r.status, 2);
    e2e_result_free(&r);
    g_free(bytes), g_free(hello), g_free(tab), scratch_free(&s);
}
END_TEST

/* Write the header of a Tock-made ARM app (elf2tab: Main, PackageName,
 * KernelVersion 2.0; 4k_hello_app.tbf of tools/ota_app) into a zeroed
 * 4096-byte object, with version and header_size poked (0: as built). */
static void write_arm_app(const char *path, uint16_t version, uint16_t header_size)
{
    uint8_t buf[4096];
    struct tbf_builder b;
    tb_begin(&b, buf, sizeof buf, TK_TBF_FLAG_ENABLED);
    tb_main(&b, 41, 0, 4676);
    tb_name(&b, "c_hello");
    tb_kernel_version(&b, 2, 0);
    tb_end_header(&b, sizeof buf);
    if (version != 0)
        tb_put16(buf, version);
    if (header_size != 0)
        tb_put16(buf + 2, header_size);
    ck_assert(g_file_set_contents(path, (const char *)buf, sizeof buf, NULL));
}

/* §6.5 on objects shaped like Tock's own: the kernel parser's verdicts. */
START_TEST(tock_shaped_objects_get_the_kernel_verdicts)
{
    static const struct {
        uint16_t version, header_size;
        const char *reason;
    } cases[] = {
        {0, 15, "skipped: TbfHeaderParseFailure(UnsupportedVersion(0))"},
        {1, 0, "TbfHeaderNotFound(UnableToParse)"},
        {0, 0, "app 'c_hello' is not a host app"},
    };
    struct scratch s = scratch_new();
    char *path = scratch_path(&s, "app.bin");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_arm_app(path, cases[i].version, cases[i].header_size);
        struct e2e_result r = e2e_run("--apps", path, NULL);
        ck_assert_msg(strstr(r.err, cases[i].reason) != NULL, "case %zu: %s", i, r.err);
        ck_assert_ptr_nonnull(strstr(r.err, path));
        ck_assert_int_eq(r.status, 2);
        e2e_result_free(&r);
    }
    g_free(path), scratch_free(&s);
}
END_TEST

/* hello (placed at the start of app flash) followed by `tail` in an image. */
static char *image_with_tail(const struct scratch *s, const void *tail, size_t tail_len)
{
    char *hello = e2e_app("hello"), *image = scratch_path(s, "flash.bin");
    size_t len;
    void *bytes = e2e_read_file(hello, &len);
    GByteArray *a = g_byte_array_new();
    g_byte_array_append(a, bytes, (guint)len);
    g_byte_array_append(a, tail, (guint)tail_len);
    ck_assert(g_file_set_contents(image, (const char *)a->data, a->len, NULL));
    g_byte_array_unref(a);
    g_free(bytes), g_free(hello);
    return image;
}

/* Spec §6.5 (process_loading.rs): erased 0xFF flash, a 0x00 terminator
 * (TbfHeaderNotFound) and padding objects end or fill the app list; an
 * image that ends so is not bad input. */
START_TEST(image_ending_in_fill_terminator_or_padding_is_not_bad_input)
{
    struct scratch s = scratch_new();
    uint8_t fill[4096], zeros[16] = {0}, padding[4096] = {0};
    memset(fill, 0xff, sizeof fill);
    struct tbf_builder b;
    tb_begin(&b, padding, sizeof padding, 0);
    tb_end_header(&b, sizeof padding); /* a bare 16-byte header: padding */
    const struct {
        const void *tail;
        size_t len;
    } tails[] = {{fill, sizeof fill}, {zeros, sizeof zeros}, {padding, sizeof padding}};
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        char *image = image_with_tail(&s, tails[i].tail, tails[i].len);
        struct e2e_result r = e2e_run("--apps", image, NULL);
        ck_assert_str_eq(r.out, "Hello, World!\n");
        ck_assert_msg(r.status == 0, "tail %zu: %d, %s", i, r.status, r.err);
        e2e_result_free(&r);
        g_free(image);
    }
    scratch_free(&s);
}
END_TEST

START_TEST(empty_image_names_itself)
{
    /* Style §3.2: bad input names the file and the reason. */
    struct scratch s = scratch_new();
    char *image = scratch_path(&s, "empty.bin");
    ck_assert(g_file_set_contents(image, "", 0, NULL));
    struct e2e_result r = e2e_run("--apps", image, NULL);
    g_autofree char *want = g_strdup_printf("%s: no app to run (the file is empty)\n", image);
    ck_assert_msg(strstr(r.err, want) != NULL, "%s", r.err);
    ck_assert_int_eq(r.status, 2);
    e2e_result_free(&r);
    g_free(image), scratch_free(&s);
}
END_TEST

/* A key only a signature checker reads; RSA without a key trusts the
 * footer's own modulus, which the run and --help say. */
START_TEST(key_without_a_signature_checker_is_refused)
{
    struct e2e_result r = e2e_run("--key", "/nonexistent/k.pem", "@hello", NULL);
    ck_assert_ptr_nonnull(strstr(
        r.err, "--key /nonexistent/k.pem: only --credentials ecdsa-p256 or rsa reads keys\n"));
    ck_assert_int_eq(r.status, 2);
    e2e_result_free(&r);
    r = e2e_run("--credentials", "sha256", "--key", "/nonexistent/k.pem", "@hello", NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "only --credentials ecdsa-p256 or rsa reads keys"));
    ck_assert_int_eq(r.status, 2);
    e2e_result_free(&r);
    r = e2e_run("--credentials", "rsa", "@hello", NULL);
    ck_assert_ptr_nonnull(strstr(r.err,
                                 "warning: --credentials rsa without --key accepts any RSA "
                                 "signature that verifies with the key in its own footer\n"));
    e2e_result_free(&r);
    r = e2e_run("--help", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "without --key accepts any signature"));
    e2e_result_free(&r);
}
END_TEST

START_TEST(disabled_app_is_skipped_with_its_reason)
{
    struct scratch s = scratch_new();
    char *elf = g_strdup_printf("%s/libtock-host/apps/hello.elf", TOCKEMU_BUILD_ROOT);
    char *out = scratch_path(&s, "off.tbf");
    const char *argv[] = {TOCKBIN,      "create",    "--elf",  elf,  "--name", "hello",
                          "--disabled", "--min-ram", "262144", "-o", out,      NULL};
    run_ok(argv);
    struct e2e_result r = e2e_run(out, NULL);
    ck_assert_ptr_nonnull(strstr(r.err, "skipped: NotEnabledProcess"));
    e2e_result_free(&r);
    g_free(elf), g_free(out), scratch_free(&s);
}
END_TEST

/* Issue 4 item 4: footers readable by the app, or hidden (the MPU question). */
START_TEST(footers_readable_unless_hidden)
{
    struct e2e_result r = e2e_run("@read_footer", NULL);
    ck_assert_ptr_nonnull(strstr(r.out, "footer byte "));
    ck_assert_int_eq(r.status, 0);
    e2e_result_free(&r);
    r = e2e_run("--hide-footers", "@read_footer", NULL);
    ck_assert_ptr_null(strstr(r.out, "footer byte "));
    ck_assert_msg(strstr(r.err, "app 'read_footer' faulted: memory fault: read at 0x") != NULL,
                  "%s", r.err);
    ck_assert_int_eq(r.status, 1);
    e2e_result_free(&r);
}
END_TEST

/* §1.7: with the filter on, a command missing from the Permissions TLV is a
 * plain Failure(NODEVICE) (variant 0); without it, the TLV is ignored. */
START_TEST(permissions_tlv_filters_commands_when_enabled)
{
    struct e2e_result r = e2e_run("--permissions-filter", "@perm_probe", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "led cmd 0: variant 129"), 1);
    ck_assert_int_eq(e2e_count_lines(r.out, "led cmd 1: variant 0 error 11"), 1);
    e2e_result_free(&r);
    r = e2e_run("@perm_probe", NULL);
    ck_assert_int_eq(e2e_count_lines(r.out, "led cmd 1: variant 128 error 0"), 1);
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_load_suite(void)
{
    Suite *s = suite_create("e2e_load");
    TCase *tc = tcase_create("load");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sha256_credential_loads_and_unsigned_does_not);
    tcase_add_test(tc, hash_mismatch_rejects);
    tcase_add_test(tc, ecdsa_signature_needs_a_trusted_key);
    tcase_add_test(tc, replaced_signature_refused_by_old_key);
    tcase_add_test(tc, appid_higher_version_wins_first_in_flash_on_tie);
    tcase_add_test(tc, tab_runs_its_host_member);
    tcase_add_test(tc, tab_without_host_member_names_what_it_has);
    tcase_add_test(tc, tock_shaped_objects_get_the_kernel_verdicts);
    tcase_add_test(tc, image_ending_in_fill_terminator_or_padding_is_not_bad_input);
    tcase_add_test(tc, empty_image_names_itself);
    tcase_add_test(tc, key_without_a_signature_checker_is_refused);
    tcase_add_test(tc, disabled_app_is_skipped_with_its_reason);
    tcase_add_test(tc, footers_readable_unless_hidden);
    tcase_add_test(tc, permissions_tlv_filters_commands_when_enabled);
    suite_add_tcase(s, tc);
    return s;
}
