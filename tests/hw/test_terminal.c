/* The terminal side of the console UART (emu/hw/terminal.c): escape keys,
 * input targets, whole lines per writer.
 *
 * Issue 13 part 1: an escape key then a key picks who gets input, with a
 * notice saying who; lines of two writers never mix mid-line; optional
 * [name] tags and colours; CRLF for a pty. Out of line mode the bytes pass
 * unchanged (a pipe capture stays byte-exact).
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "terminal.h"

static const char *names[EMU_TERMINAL_WRITERS] = {
    [EMU_TERMINAL_KERNEL] = "kernel",
    [EMU_TERMINAL_PROCESS_CONSOLE] = "tock",
    [EMU_TERMINAL_APP(0)] = "alpha",
    [EMU_TERMINAL_APP(1)] = "beta",
};

static const char *name_of(unsigned writer, void *ctx)
{
    (void)ctx;
    return writer < EMU_TERMINAL_WRITERS ? names[writer] : NULL;
}

static int changes;
static void on_change(void *ctx)
{
    (void)ctx;
    changes++;
}

static GString *in;
static struct emu_terminal_target last_typed_target;
static size_t typed_room; /* bytes the board still takes (setup: unlimited) */
static size_t on_typed(struct emu_terminal_target target, const uint8_t *bytes, size_t len,
                       void *ctx)
{
    (void)ctx;
    last_typed_target = target;
    size_t took = len < typed_room ? len : typed_room;
    typed_room -= took;
    g_string_append_len(in, (const char *)bytes, (gssize)took);
    return took;
}

static struct emu_terminal term;
static GString *out;

static void setup_with(bool lines, bool tags, bool crlf)
{
    struct emu_terminal_options o;
    emu_terminal_options_init(&o);
    o.lines = lines;
    o.tags = tags;
    o.crlf = crlf;
    struct emu_terminal_hooks h = {
        .writer_name = name_of, .target_changed = on_change, .typed = on_typed};
    emu_terminal_init(&term, &o, &h);
    out = g_string_new(NULL);
    in = g_string_new(NULL);
    changes = 0;
    typed_room = SIZE_MAX;
}

static void teardown(void)
{
    emu_terminal_fini(&term);
    g_string_free(out, TRUE);
    g_string_free(in, TRUE);
}

static void write_as(unsigned writer, const char *text)
{
    emu_terminal_output(&term, writer, (const uint8_t *)text, strlen(text), out);
}

static void type(const char *text)
{
    emu_terminal_input(&term, (const uint8_t *)text, strlen(text), out);
}

/* Issue 13 part 1: with an escape key the process console has input first. */
START_TEST(input_starts_at_the_process_console)
{
    setup_with(true, false, false);
    ck_assert_int_eq(emu_terminal_target(&term).kind, EMU_TERMINAL_TO_PROCESS_CONSOLE);
    teardown();
}
END_TEST

/* Issue 13 part 1: Ctrl-T 1 selects app 1, is never sent, and says so. */
START_TEST(escape_then_digit_selects_that_app_with_a_notice)
{
    setup_with(true, false, false);
    type("ab\x14"
         "1cd");
    ck_assert_str_eq(in->str, "abcd");
    ck_assert_int_eq(last_typed_target.kind, EMU_TERMINAL_TO_APP); /* "cd" went to app 1 */
    struct emu_terminal_target t = emu_terminal_target(&term);
    ck_assert_int_eq(t.kind, EMU_TERMINAL_TO_APP);
    ck_assert_uint_eq(t.slot, 1);
    ck_assert_int_eq(changes, 1);
    ck_assert_ptr_nonnull(strstr(out->str, "-- input to app 1 (beta); Ctrl-T ? for help --\n"));
    teardown();
}
END_TEST

/* Input overrun: bytes the target's full queue cannot take are dropped by
 * the board; the terminal says so once, not once per byte, and again only
 * after the target took a whole input in between. */
START_TEST(an_input_overrun_is_announced_once_per_overrun)
{
    setup_with(true, false, false);
    typed_room = 2;
    type("abc");
    type("def");
    ck_assert_str_eq(in->str, "ab");
    const char *notice = "-- input overrun: the process console has not read what waits for "
                         "it; more typed for it is dropped --\n";
    const char *first = strstr(out->str, notice);
    ck_assert_ptr_nonnull(first);
    ck_assert_ptr_null(strstr(first + 1, notice));
    typed_room = 1;
    type("g"); /* taken whole: the overrun is over */
    type("hi");
    ck_assert_str_eq(in->str, "abg");
    ck_assert_ptr_nonnull(strstr(strstr(out->str, notice) + 1, notice));
    teardown();
}
END_TEST

/* Issue 13 part 1: a slot without an app is refused; the target stays. */
START_TEST(selecting_a_missing_app_keeps_the_target)
{
    setup_with(true, false, false);
    type("\x14"
         "7");
    ck_assert_int_eq(emu_terminal_target(&term).kind, EMU_TERMINAL_TO_PROCESS_CONSOLE);
    ck_assert_int_eq(changes, 0);
    ck_assert_ptr_nonnull(strstr(out->str, "no app 7; input stays with the process console"));
    teardown();
}
END_TEST

/* Issue 13 part 1: the escape key twice sends it once; p, a, n select. */
START_TEST(escape_twice_sends_it_and_keys_cycle_targets)
{
    setup_with(true, false, false);
    type("\x14\x14");
    ck_assert_str_eq(in->str, "\x14");
    type("\x14"
         "a");
    ck_assert_int_eq(emu_terminal_target(&term).kind, EMU_TERMINAL_TO_ALL);
    type("\x14"
         "n");
    ck_assert_int_eq(emu_terminal_target(&term).kind, EMU_TERMINAL_TO_PROCESS_CONSOLE);
    type("\x14"
         "n");
    ck_assert_int_eq(emu_terminal_target(&term).kind, EMU_TERMINAL_TO_APP);
    ck_assert_uint_eq(emu_terminal_target(&term).slot, 0);
    type("\x14"
         "p");
    ck_assert_int_eq(emu_terminal_target(&term).kind, EMU_TERMINAL_TO_PROCESS_CONSOLE);
    teardown();
}
END_TEST

/* Issue 13 part 1: a whole line of another writer erases the open line,
 * prints, and redraws it; the open line never has foreign bytes in it. */
START_TEST(other_writers_lines_never_split_the_open_line)
{
    setup_with(true, false, false);
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "tock$ li");
    write_as(EMU_TERMINAL_APP(0), "Hello, ");
    write_as(EMU_TERMINAL_APP(0), "World!\n");
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "st\r\n");
    ck_assert_str_eq(out->str, "tock$ li\r\033[KHello, World!\ntock$ list\r\n");
    teardown();
}
END_TEST

/* Issue 13 part 1: a held partial line shows once the open one ends. */
START_TEST(held_partial_line_opens_when_the_line_ends)
{
    setup_with(true, false, false);
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "tock$ ");
    write_as(EMU_TERMINAL_APP(1), "name? ");
    ck_assert_str_eq(out->str, "tock$ ");
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "\r\n");
    ck_assert_str_eq(out->str, "tock$ \r\nname? ");
    teardown();
}
END_TEST

/* Issue 13 part 1: the input target's partial line comes to the front. */
START_TEST(the_targets_partial_line_takes_the_screen)
{
    setup_with(true, false, false);
    write_as(EMU_TERMINAL_APP(0), "name? ");
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "tock$ ");
    ck_assert_str_eq(out->str, "name? \r\033[Ktock$ ");
    teardown();
}
END_TEST

/* Issue 13 part 1: tags name the writer on every line, the redraw too. */
START_TEST(tags_name_the_writer_of_every_line)
{
    setup_with(true, true, false);
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "tock$ ");
    write_as(EMU_TERMINAL_APP(1), "one\ntwo\n");
    ck_assert_str_eq(out->str, "[tock] tock$ \r\033[K[beta] one\n[tock] tock$ "
                               "\r\033[K[beta] two\n[tock] tock$ ");
    teardown();
}
END_TEST

/* Issue 13 part 1: Ctrl-T c turns ANSI colours on: kernel red, apps in
 * slot order green, yellow ..., the process console uncoloured; each line
 * resets the colour before its end, so a colour never runs into the next. */
START_TEST(colours_mark_each_writer_and_reset_at_the_line_end)
{
    setup_with(true, false, false);
    type("\x14"
         "c");
    ck_assert_str_eq(out->str, "\033[1m-- colours on --\033[0m\n");
    g_string_truncate(out, 0);
    write_as(EMU_TERMINAL_KERNEL, "panic\n");
    write_as(EMU_TERMINAL_APP(0), "hi\n");
    write_as(EMU_TERMINAL_APP(1), "yo\n");
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "tock$ \r\n");
    ck_assert_str_eq(out->str, "\033[31mpanic\033[0m\n\033[32mhi\033[0m\n\033[33myo\033[0m\n"
                               "tock$ \r\033[0m\n");
    type("\x14"
         "c");
    g_string_truncate(out, 0);
    write_as(EMU_TERMINAL_APP(0), "plain\n");
    ck_assert_str_eq(out->str, "plain\n");
    teardown();
}
END_TEST

/* Issue 13 part 2: a pty gets CRLF for a lone LF, never CR CR LF. */
START_TEST(crlf_translation_leaves_crlf_alone)
{
    setup_with(false, false, true);
    write_as(EMU_TERMINAL_APP(0), "a\nb\r\n");
    ck_assert_str_eq(out->str, "a\r\nb\r\n");
    teardown();
}
END_TEST

/* Issue 13 part 1: out of line mode, without CRLF, bytes pass unchanged. */
START_TEST(passthrough_is_byte_exact)
{
    setup_with(false, false, false);
    write_as(EMU_TERMINAL_PROCESS_CONSOLE, "tock$ li");
    write_as(EMU_TERMINAL_APP(0), "Hello\n");
    ck_assert_str_eq(out->str, "tock$ liHello\n");
    teardown();
}
END_TEST

/* Issue 13 part 1: escape keys as users write them. */
START_TEST(escape_keys_parse_as_written)
{
    ck_assert_int_eq(emu_terminal_parse_escape("^T"), 0x14);
    ck_assert_int_eq(emu_terminal_parse_escape("C-t"), 0x14);
    ck_assert_int_eq(emu_terminal_parse_escape("ctrl-]"), 0x1d);
    ck_assert_int_eq(emu_terminal_parse_escape("~"), '~');
    ck_assert_int_eq(emu_terminal_parse_escape("none"), -1);
    ck_assert_int_eq(emu_terminal_parse_escape("C-tt"), -2);
    ck_assert_int_eq(emu_terminal_parse_escape("^1"), -2);
}
END_TEST

Suite *terminal_suite(void)
{
    Suite *s = suite_create("terminal");
    TCase *tc = tcase_create("terminal");
    tcase_add_test(tc, input_starts_at_the_process_console);
    tcase_add_test(tc, escape_then_digit_selects_that_app_with_a_notice);
    tcase_add_test(tc, selecting_a_missing_app_keeps_the_target);
    tcase_add_test(tc, escape_twice_sends_it_and_keys_cycle_targets);
    tcase_add_test(tc, an_input_overrun_is_announced_once_per_overrun);
    tcase_add_test(tc, other_writers_lines_never_split_the_open_line);
    tcase_add_test(tc, held_partial_line_opens_when_the_line_ends);
    tcase_add_test(tc, the_targets_partial_line_takes_the_screen);
    tcase_add_test(tc, tags_name_the_writer_of_every_line);
    tcase_add_test(tc, colours_mark_each_writer_and_reset_at_the_line_end);
    tcase_add_test(tc, crlf_translation_leaves_crlf_alone);
    tcase_add_test(tc, passthrough_is_byte_exact);
    tcase_add_test(tc, escape_keys_parse_as_written);
    suite_add_tcase(s, tc);
    return s;
}
