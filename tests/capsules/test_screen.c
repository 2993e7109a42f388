/* Screen capsule (driver 0x90001) over a fake screen, and the screen model.
 *
 * Rules from tock/tock capsules/extra/src/screen/screen.rs @65608d71: one
 * command with the screen at a time, one queued per process (BUSY), upcall
 * 0 (status, 0, 0) on completion, writes in bounce-buffer chunks, fills
 * repeating one pixel; pixel formats from kernel/src/hil/screen.rs.
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "emu_screen.h"
#include "fake_hil.h"
#include "fixture.h"
#include "screen.h"

#define DRV 0x90001
#define BUF 0x100

/* A screen that records calls; the test completes them. */
struct fake_screen {
    struct tk_screen hil;
    enum tk_screen_pixel_format format;
    unsigned calls, writes;
    size_t frame[4];
    uint8_t written[4096];
    size_t written_len, last_len;
    bool last_continue;
    uint8_t *last_buffer;
    int result; /* what the next call answers */
};

static struct fake_screen *fake(struct tk_screen *s)
{
    return s->state;
}

static void fake_get_resolution(struct tk_screen *s, size_t *w, size_t *h)
{
    (void)s;
    *w = 128, *h = 64;
}

static enum tk_screen_pixel_format fake_get_format(struct tk_screen *s)
{
    return fake(s)->format;
}

static enum tk_screen_rotation fake_get_rotation(struct tk_screen *s)
{
    (void)s;
    return TK_SCREEN_ROTATION_180;
}

static int fake_set_write_frame(struct tk_screen *s, size_t x, size_t y, size_t w, size_t h)
{
    struct fake_screen *f = fake(s);
    f->calls++;
    f->frame[0] = x, f->frame[1] = y, f->frame[2] = w, f->frame[3] = h;
    return f->result;
}

static int fake_write(struct tk_screen *s, uint8_t *buffer, size_t len, bool continue_write)
{
    struct fake_screen *f = fake(s);
    f->calls++;
    f->writes++;
    if (!continue_write)
        f->written_len = 0;
    memcpy(f->written + f->written_len, buffer, len);
    f->written_len += len;
    f->last_len = len, f->last_continue = continue_write, f->last_buffer = buffer;
    return f->result;
}

static int fake_command(struct tk_screen *s, uint16_t value)
{
    (void)value;
    fake(s)->calls++;
    return fake(s)->result;
}

static int fake_set_power(struct tk_screen *s, bool on)
{
    return fake_command(s, on);
}

static const struct tk_screen_ops fake_ops = {
    fake_get_resolution, fake_get_format, fake_get_rotation, fake_set_write_frame,
    fake_write,          fake_command,    fake_set_power,    fake_set_power,
};

struct screen_env {
    struct tk_kernel k;
    struct fake_screen screen;
    struct tk_screen_driver d;
    struct tk_process *p[2];
};

static void env_init(struct screen_env *e, enum tk_screen_pixel_format format)
{
    fx_kernel_init(&e->k);
    e->screen =
        (struct fake_screen){.hil = {.ops = &fake_ops, .state = &e->screen}, .format = format};
    tk_screen_driver_init(&e->d, &e->screen.hil);
    ck_assert_int_eq(tk_kernel_add_driver(&e->k, &e->d.driver), 0);
    for (unsigned i = 0; i < 2; i++) {
        e->p[i] = fx_process_new(&e->k, i == 0 ? "one" : "two", 0);
        fx_subscribe(&e->k, e->p[i], DRV, 0, fx_upcall_fn(e->p[i], 0), i);
    }
}

static void env_fini(struct screen_env *e)
{
    fx_kernel_fini(&e->k);
}

/* Allow `len` bytes at BUF (filled with 0, 1, 2, ...) as RO allow 0. */
static void allow_pixels(struct screen_env *e, struct tk_process *p, size_t len)
{
    uint8_t *buf = fx_ram(p, BUF);
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)i;
    fx_assert_variant(fx_allow_ro(&e->k, p, DRV, 0, fx_addr(p, BUF), len), TK_RV_SUCCESS_U32_U32);
}

static void complete_write(struct screen_env *e)
{
    e->d.client.write_complete(&e->d.client, e->screen.last_buffer, e->screen.last_len, 0);
}

START_TEST(screen_queries_answer_at_once)
{
    /* screen.rs: 0 S; 1 S32(setup present); 21 rotation; 23 resolution; 25
     * format; 11-14 F(NOSUPPORT) without setup; 26 with a bad format
     * F(INVAL); unknown F(NOSUPPORT). */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 0, 0, 0));
    struct tk_syscall_return r = fx_command(&e.k, e.p[0], DRV, 1, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32);
    ck_assert_uint_eq(r.reg[1], 0);
    r = fx_command(&e.k, e.p[0], DRV, 21, 0, 0);
    ck_assert_uint_eq(r.reg[1], TK_SCREEN_ROTATION_180);
    r = fx_command(&e.k, e.p[0], DRV, 23, 0, 0);
    fx_assert_variant(r, TK_RV_SUCCESS_U32_U32);
    ck_assert_uint_eq(r.reg[1], 128);
    ck_assert_uint_eq(r.reg[2], 64);
    r = fx_command(&e.k, e.p[0], DRV, 25, 0, 0);
    ck_assert_uint_eq(r.reg[1], TK_SCREEN_RGB_565);
    for (uint32_t c = 11; c <= 14; c++)
        fx_assert_failure(fx_command(&e.k, e.p[0], DRV, c, 0, 0), TK_NOSUPPORT);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 26, 7, 0), TK_INVAL);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 7, 0, 0), TK_NOSUPPORT);
    ck_assert_uint_eq(e.screen.calls, 0);
    env_fini(&e);
}
END_TEST

START_TEST(screen_set_frame_unpacks_and_upcalls_status)
{
    /* screen.rs: 100 (x << 16 | y, w << 16 | h) -> set_write_frame(x, y, w,
     * h); completion -> upcall (0, 0, 0). */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 100, 3 << 16 | 4, 5 << 16 | 6));
    ck_assert_uint_eq(e.screen.frame[0], 3);
    ck_assert_uint_eq(e.screen.frame[1], 4);
    ck_assert_uint_eq(e.screen.frame[2], 5);
    ck_assert_uint_eq(e.screen.frame[3], 6);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    e.d.client.command_complete(&e.d.client, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(screen_one_queued_command_per_process)
{
    /* screen.rs: a second command while the caller's is pending -> F(BUSY);
     * another process queues (S) and starts when the first completes. */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 3, 100, 0));
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 4, 0, 0), TK_BUSY);
    fx_assert_success(fx_command(&e.k, e.p[1], DRV, 5, 0, 0));
    ck_assert_uint_eq(e.screen.calls, 1);
    e.d.client.command_complete(&e.d.client, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 0, 0);
    ck_assert_uint_eq(e.screen.calls, 2);
    e.d.client.command_complete(&e.d.client, TK_FAIL);
    fake_expect_upcall(e.p[1], TK_TASK_FUNCTION_CALL, DRV, TK_FAIL, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(screen_failed_start_is_the_command_result)
{
    /* screen.rs: a command the screen refuses at once fails with its code. */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    e.screen.result = TK_INVAL;
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 100, 0, 200 << 16 | 1), TK_INVAL);
    env_fini(&e);
}
END_TEST

START_TEST(screen_write_goes_in_buffer_sized_chunks)
{
    /* screen.rs: a write of n bytes sends min(n, allow) in chunks of the
     * bounce buffer, the first from the frame start, the rest continuing;
     * one upcall when the last chunk is done. */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    allow_pixels(&e, e.p[0], 2100);
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 200, 2000, 0));
    ck_assert_uint_eq(e.screen.last_len, TK_SCREEN_BUFFER_LEN);
    ck_assert(!e.screen.last_continue);
    complete_write(&e);
    ck_assert_uint_eq(e.screen.last_len, 2000 - TK_SCREEN_BUFFER_LEN);
    ck_assert(e.screen.last_continue);
    ck_assert_uint_eq(fx_task_count(e.p[0]), 0);
    complete_write(&e);
    ck_assert_uint_eq(e.screen.writes, 2);
    ck_assert_uint_eq(e.screen.written_len, 2000);
    ck_assert_uint_eq(e.screen.written[1999], (uint8_t)1999);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 0, 0);
    env_fini(&e);
}
END_TEST

START_TEST(screen_write_checks_length)
{
    /* screen.rs: nothing to send -> F(NOMEM); not whole pixels of the
     * screen's format -> F(INVAL); nothing reaches the screen, and the
     * failed request stays queued. */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    fx_assert_failure(fx_command(&e.k, e.p[0], DRV, 200, 16, 0), TK_NOMEM);
    allow_pixels(&e, e.p[1], 3);
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 200, 16, 0), TK_INVAL);
    /* screen.rs keeps a request that failed to start queued: BUSY now. */
    fx_assert_failure(fx_command(&e.k, e.p[1], DRV, 300, 0, 0), TK_BUSY);
    ck_assert_uint_eq(e.screen.writes, 0);
    env_fini(&e);
}
END_TEST

START_TEST(screen_fill_repeats_the_first_pixel_over_the_frame)
{
    /* screen.rs: fill sends frame width * height pixels, each a copy of RO
     * allow 0's first pixel. */
    struct screen_env e;
    env_init(&e, TK_SCREEN_RGB_565);
    fx_command(&e.k, e.p[0], DRV, 100, 0, 10 << 16 | 3);
    e.d.client.command_complete(&e.d.client, 0);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 0, 0);
    uint8_t *pixel = fx_ram(e.p[0], BUF);
    fx_allow_ro(&e.k, e.p[0], DRV, 0, fx_addr(e.p[0], BUF), 4);
    pixel[0] = 0xf8, pixel[1] = 0x1f;
    fx_assert_success(fx_command(&e.k, e.p[0], DRV, 300, 0, 0));
    /* screen.rs caps the pixel count by the byte count: 60 pixels, not 30. */
    ck_assert_uint_eq(e.screen.written_len, 60 * 2);
    for (size_t i = 0; i < 60; i++) {
        ck_assert_uint_eq(e.screen.written[2 * i], 0xf8);
        ck_assert_uint_eq(e.screen.written[2 * i + 1], 0x1f);
    }
    complete_write(&e);
    fake_expect_upcall(e.p[0], TK_TASK_FUNCTION_CALL, DRV, 0, 0, 0);
    env_fini(&e);
}
END_TEST

/* ---- the model --------------------------------------------------------------- */

struct model_env {
    struct tk_kernel k;
    struct emu_screen m;
    struct tk_screen_client client;
    unsigned completions;
};

static void count_command(struct tk_screen_client *c, int error)
{
    (void)error;
    ((struct model_env *)((char *)c - offsetof(struct model_env, client)))->completions++;
}

static void count_write(struct tk_screen_client *c, uint8_t *b, size_t l, int error)
{
    (void)b, (void)l;
    count_command(c, error);
}

static void count_ready(struct tk_screen_client *c)
{
    count_command(c, 0);
}

static void model_init(struct model_env *e, const char *spec)
{
    struct emu_screen_options o;
    struct emu_err err;
    emu_screen_options_init(&o);
    if (spec != NULL)
        ck_assert_int_eq(emu_screen_options_parse(&o, spec, &err), 0);
    fx_kernel_init(&e->k);
    ck_assert_int_eq(emu_screen_init(&e->m, &e->k, &o), 0);
    emu_screen_options_fini(&o);
    e->client = (struct tk_screen_client){count_command, count_write, count_ready, count_command};
    e->m.hil.client = &e->client;
    e->completions = 0;
}

static void model_fini(struct model_env *e)
{
    fx_run_deferred(&e->k);
    emu_screen_fini(&e->m);
    fx_kernel_fini(&e->k);
}

static const uint8_t *pixel_at(struct model_env *e, size_t x, size_t y)
{
    return e->m.rgb + (y * e->m.width + x) * 3;
}

START_TEST(model_page_format_puts_bit0_on_top)
{
    /* hil/screen.rs Mono_8BitPage: buffer[0] bit 0 is (0,0), bit 1 is (0,1);
     * buffer[1] is column 1. Completion comes from the kernel loop. */
    struct model_env e;
    model_init(&e, NULL);
    struct tk_screen *s = &e.m.hil;
    ck_assert_int_eq(s->ops->set_write_frame(s, 0, 0, 128, 64), 0);
    ck_assert_int_eq(s->ops->write(s, (uint8_t[]){0, 0}, 2, false), TK_BUSY);
    fx_run_deferred(&e.k);
    ck_assert_uint_eq(e.completions, 1);
    uint8_t data[2] = {0x03, 0x80};
    ck_assert_int_eq(s->ops->write(s, data, 2, false), 0);
    ck_assert_uint_eq(pixel_at(&e, 0, 0)[0], 0xff);
    ck_assert_uint_eq(pixel_at(&e, 0, 1)[0], 0xff);
    ck_assert_uint_eq(pixel_at(&e, 0, 2)[0], 0);
    ck_assert_uint_eq(pixel_at(&e, 1, 7)[0], 0xff);
    ck_assert_uint_eq(pixel_at(&e, 1, 0)[0], 0);
    model_fini(&e);
}
END_TEST

START_TEST(model_rgb565_is_high_byte_first)
{
    /* RGB_565 pixels are two bytes, high first; a pixel split across two
     * writes is drawn when its last byte arrives. */
    struct model_env e;
    model_init(&e, "4x2:rgb565");
    struct tk_screen *s = &e.m.hil;
    s->ops->set_write_frame(s, 1, 1, 2, 1);
    fx_run_deferred(&e.k);
    uint8_t red_green[4] = {0xf8, 0x00, 0x07, 0xe0};
    ck_assert_int_eq(s->ops->write(s, red_green, 3, false), 0);
    fx_run_deferred(&e.k);
    ck_assert_int_eq(s->ops->write(s, red_green + 3, 1, true), 0);
    fx_run_deferred(&e.k);
    ck_assert_mem_eq(pixel_at(&e, 1, 1), ((uint8_t[]){0xff, 0, 0}), 3);
    ck_assert_mem_eq(pixel_at(&e, 2, 1), ((uint8_t[]){0, 0xff, 0}), 3);
    ck_assert_uint_eq(e.m.updates, 1);
    model_fini(&e);
}
END_TEST

START_TEST(model_refuses_outside_frames_and_wraps_long_writes)
{
    /* hil/screen.rs: set_write_frame outside the screen -> INVAL. Data past
     * the frame's end wraps to its start (a controller's RAM window), and
     * each wrap is one update. */
    struct model_env e;
    model_init(&e, "8x8:rgb888");
    struct tk_screen *s = &e.m.hil;
    ck_assert_int_eq(s->ops->set_write_frame(s, 4, 0, 5, 1), TK_INVAL);
    ck_assert_int_eq(s->ops->set_write_frame(s, 2, 2, 1, 1), 0);
    fx_run_deferred(&e.k);
    uint8_t two_pixels[6] = {1, 2, 3, 4, 5, 6};
    ck_assert_int_eq(s->ops->write(s, two_pixels, 6, false), 0);
    fx_run_deferred(&e.k);
    ck_assert_mem_eq(pixel_at(&e, 2, 2), ((uint8_t[]){4, 5, 6}), 3);
    ck_assert_uint_eq(e.m.updates, 2);
    ck_assert_uint_eq(e.completions, 2);
    model_fini(&e);
}
END_TEST

START_TEST(model_png_round_trip_and_mismatch_message)
{
    /* emu_screen_png_write then _compare gives 0; a changed pixel gives 1
     * and names it; the hash changes with the picture. */
    struct model_env e;
    struct emu_err err;
    model_init(&e, "3x2:rgb888");
    char *path = g_build_filename(g_get_tmp_dir(), "tockemu-screen-XXXXXX.png", NULL);
    int fd = g_mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    e.m.rgb[3 * 4] = 0x12; /* pixel (1, 1), red */
    uint64_t before = emu_screen_hash(&e.m);
    ck_assert_int_eq(emu_screen_png_write(&e.m, path, &err), 0);
    ck_assert_int_eq(emu_screen_png_compare(&e.m, path, &err), 0);
    e.m.rgb[3 * 4] = 0x34;
    ck_assert_uint_ne(emu_screen_hash(&e.m), before);
    ck_assert_int_eq(emu_screen_png_compare(&e.m, path, &err), 1);
    ck_assert_ptr_nonnull(strstr(err.msg, "pixel (1, 1) is #340000, expected #120000"));
    unlink(path);
    g_free(path);
    model_fini(&e);
}
END_TEST

START_TEST(model_options_name_the_bad_value)
{
    /* --screen WxH[:FORMAT]: bad input is one message naming the option. */
    struct emu_screen_options o;
    struct emu_err err;
    emu_screen_options_init(&o);
    ck_assert_int_eq(emu_screen_options_parse(&o, "240x240:rgb565", &err), 0);
    ck_assert_uint_eq(o.format, TK_SCREEN_RGB_565);
    ck_assert_int_eq(emu_screen_options_parse(&o, "240x:rgb565", &err), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err.msg, "--screen 240x:rgb565: expected WIDTHxHEIGHT"));
    ck_assert_int_eq(emu_screen_options_parse(&o, "64x64:cmyk", &err), -EINVAL);
    ck_assert_int_eq(emu_screen_options_parse(&o, "5000x10", &err), -EINVAL);
    emu_screen_options_fini(&o);
}
END_TEST

Suite *screen_suite(void)
{
    Suite *s = suite_create("screen");
    TCase *tc = tcase_create("capsule");
    tcase_add_test(tc, screen_queries_answer_at_once);
    tcase_add_test(tc, screen_set_frame_unpacks_and_upcalls_status);
    tcase_add_test(tc, screen_one_queued_command_per_process);
    tcase_add_test(tc, screen_failed_start_is_the_command_result);
    tcase_add_test(tc, screen_write_goes_in_buffer_sized_chunks);
    tcase_add_test(tc, screen_write_checks_length);
    tcase_add_test(tc, screen_fill_repeats_the_first_pixel_over_the_frame);
    suite_add_tcase(s, tc);

    tc = tcase_create("model");
    tcase_add_test(tc, model_page_format_puts_bit0_on_top);
    tcase_add_test(tc, model_rgb565_is_high_byte_first);
    tcase_add_test(tc, model_refuses_outside_frames_and_wraps_long_writes);
    tcase_add_test(tc, model_png_round_trip_and_mismatch_message);
    tcase_add_test(tc, model_options_name_the_bad_value);
    suite_add_tcase(s, tc);
    return s;
}
