/* Fault reports (issue 15 part 2): one line per fault with kind, address,
 * pc and the pc's symbol and file:line from the app's ELF (libdw); for a
 * stack overflow also the caller; the debug fault policies print the
 * process dump of kernel/src/process_standard.rs print_full_process (spec
 * §5.3: stop-debug and restart-debug print, then act as stop and restart).
 */
#include <check.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(text, needle); at != NULL; at = strstr(at + 1, needle))
        n++;
    return n;
}

/* One line per fault, naming the function and the source line. */
START_TEST(fault_line_names_the_function_and_source_line)
{
    struct e2e_result r = e2e_run("@crash", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(
        strstr(r.err, "tockemu: app 'crash' faulted: memory fault: write at 0x0 (pc 0x") != NULL,
        "%s", r.err);
    ck_assert_msg(strstr(r.err, ") in main+0x") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "tests/apps/crash/main.c:9\n") != NULL, "%s", r.err);
    ck_assert_int_eq(count(r.err, "faulted"), 1);
    e2e_result_free(&r);
}
END_TEST

/* A stack overflow is said as such, with the caller of the faulting frame
 * (libdw's unwinder over the app's CFI and stack). */
START_TEST(stack_overflow_line_names_the_caller)
{
    struct e2e_result r = e2e_run("@fault_stack", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "faulted: stack overflow: memory fault: write at 0x") != NULL, "%s",
                  r.err);
    ck_assert_msg(strstr(r.err, ") in recurse+0x") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, ", called from recurse+0x") != NULL, "%s", r.err);
    ck_assert_msg(strstr(r.err, "tests/apps/faults/main.c:") != NULL, "%s", r.err);
    e2e_result_free(&r);
}
END_TEST

/* The same with frame pointers (as sanitizer builds compile apps): the
 * faulting frame's CFA is its frame pointer, which only the fault's saved
 * registers give the unwinder. */
START_TEST(stack_overflow_with_frame_pointers_names_the_caller)
{
    struct e2e_result r = e2e_run("@fault_stack_frame_pointer", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "faulted: stack overflow: memory fault: write at 0x") != NULL, "%s",
                  r.err);
    ck_assert_msg(strstr(r.err, ", called from recurse+0x") != NULL, "%s", r.err);
    e2e_result_free(&r);
}
END_TEST

/* Without NAME.elf beside the TBF the line keeps its addresses; --elf names
 * the ELF then. */
START_TEST(elf_option_names_the_elf_when_none_is_beside_the_tbf)
{
    size_t len = 0;
    char *tbf_path = e2e_app("crash");
    void *tbf = e2e_read_file(tbf_path, &len);
    char *dir = g_dir_make_tmp("tockemu-elf-XXXXXX", NULL);
    char *copy = g_build_filename(dir, "crash.tbf", NULL);
    ck_assert(g_file_set_contents(copy, tbf, (gssize)len, NULL));
    struct e2e_result r = e2e_run(copy, NULL);
    ck_assert_msg(strstr(r.err, "(pc 0x") != NULL && strstr(r.err, " in main+0x") == NULL, "%s",
                  r.err);
    e2e_result_free(&r);
    char *elf = g_strdup_printf("%.*s.elf", (int)(strlen(tbf_path) - 4), tbf_path);
    r = e2e_run("--elf", elf, copy, NULL);
    ck_assert_msg(strstr(r.err, " in main+0x") != NULL, "%s", r.err);
    e2e_result_free(&r);
    unlink(copy);
    rmdir(dir);
    g_free(elf), g_free(copy), g_free(dir), g_free(tbf), g_free(tbf_path);
}
END_TEST

/* stop-debug: the process dump (statistics, memory map with the stack
 * region, registers, grants, memory protection) then the policy's line. */
START_TEST(stop_debug_prints_the_process_dump)
{
    struct e2e_result r = e2e_run("--fault-policy", "stop-debug", "@crash", NULL);
    ck_assert_int_eq(r.status, 1);
    static const char *const parts[] = {
        ": crash   -   [Faulted]",
        " Completion Code: Faulted",
        "Region Name    Used | Allocated",
        "▼ Stack",
        "  PC : 0x000000004",
        "  main+0x",
        "  SP : 0x",
        " Total number of grant regions defined: ",
        "  Grant  0 ",
        "  Region 0: [0x",
        "`addr2line -f -e crash.elf 0x",
        "Process crash faulted and was stopped.",
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        ck_assert_msg(strstr(r.out, parts[i]) != NULL, "no '%s' in:\n%s", parts[i], r.out);
    ck_assert(strstr(r.out, "  PC : ") < strstr(r.out, "Process crash faulted and was stopped."));
    e2e_result_free(&r);
}
END_TEST

/* The dump's registers are the app's at the fault: fault_registers sets
 * each general register and the flags to a known value, then executes ud2
 * (tests/apps/faults/main.c). The console writes "\r\n" as "\n". */
START_TEST(stop_debug_dump_shows_every_register_the_app_held)
{
    struct e2e_result r = e2e_run("--fault-policy", "stop-debug", "@fault_registers", NULL);
    ck_assert_int_eq(r.status, 1);
    static const char registers[] = "\n  RAX: 0xAAAAAAAAAAAAAAAA    R9 : 0x0909090909090909"
                                    "\n  RBX: 0xBBBBBBBBBBBBBBBB    R10: 0x1010101010101010"
                                    "\n  RCX: 0xCCCCCCCCCCCCCCCC    R11: 0x1111111111111111"
                                    "\n  RDX: 0xDDDDDDDDDDDDDDDD    R12: 0x1212121212121212"
                                    "\n  RSI: 0x5151515151515151    R13: 0x1313131313131313"
                                    "\n  RDI: 0xD1D1D1D1D1D1D1D1    R14: 0x1414141414141414"
                                    "\n  R8 : 0x0808080808080808    R15: 0x1515151515151515"
                                    "\n  RBP: 0xB9B9B9B9B9B9B9B9 (Frame Base Pointer)"
                                    "\n  SP : 0x00000000600";
    ck_assert_msg(strstr(r.out, registers) != NULL, "no register block in:\n%s", r.out);
    ck_assert_msg(strstr(r.out, " (Process Stack Pointer)\n  PC : 0x00000000400") != NULL, "%s",
                  r.out);
    ck_assert_msg(strstr(r.out, "  faults_registers+0x9c\n"
                                " RFLAGS: CF 1 PF 0 AF 0 ZF 1 SF 1 OF 1\n"
                                "         TF 0 IF 1 DF 0\n") != NULL,
                  "%s", r.out);
    e2e_result_free(&r);
}
END_TEST

/* restart-debug: one dump per fault, then the app restarts. */
START_TEST(restart_debug_prints_a_dump_per_fault)
{
    struct e2e_result r = e2e_run("--fault-policy", "restart-debug", "@crash_twice", NULL);
    ck_assert_int_eq(count(r.out, " Total number of grant regions defined: "), 2);
    ck_assert_int_eq(count(r.out, "Process crash_twice faulted and will be restarted."), 2);
    ck_assert_msg(strstr(r.out, "crash_twice: run 2 exits") != NULL, "%s", r.out);
    e2e_result_free(&r);
}
END_TEST

/* The other policies print no dump. */
START_TEST(stop_policy_prints_no_dump)
{
    struct e2e_result r = e2e_run("@crash", NULL);
    ck_assert_ptr_null(strstr(r.out, "Total number of grant regions"));
    e2e_result_free(&r);
}
END_TEST

Suite *e2e_fault_report_suite(void)
{
    Suite *s = suite_create("e2e_fault_report");
    TCase *tc = tcase_create("fault_report");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fault_line_names_the_function_and_source_line);
    tcase_add_test(tc, stack_overflow_line_names_the_caller);
    tcase_add_test(tc, stack_overflow_with_frame_pointers_names_the_caller);
    tcase_add_test(tc, elf_option_names_the_elf_when_none_is_beside_the_tbf);
    tcase_add_test(tc, stop_debug_prints_the_process_dump);
    tcase_add_test(tc, stop_debug_dump_shows_every_register_the_app_held);
    tcase_add_test(tc, restart_debug_prints_a_dump_per_fault);
    tcase_add_test(tc, stop_policy_prints_no_dump);
    suite_add_tcase(s, tc);
    return s;
}
