/* The red-team suite: a hostile app beside a victim, one attack per run.
 *
 * Tock's first promise (architecture.md "Memory model", README "Threat
 * model"): an app cannot reach the host, the kernel's memory or another app,
 * and cannot hang the board. rt_attacker (tests/apps/redteam/attacker.c)
 * tries, one attack at a time, chosen by a line on its console; rt_victim
 * keeps a canary in RAM and in flash and must finish untouched. Every attack
 * must end as a fault with the reason below (the spin: as a run that still
 * ends at --stop-after), tockemu must exit normally, and nothing the attack
 * tried to create may exist afterwards.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2e.h"
#include "process-internal.h"

#define ESCAPE_FILE "/tmp/tockemu-redteam-escape"

static const struct attack_case {
    const char *name;
    const char *fault; /* how tockemu's fault line must go on */
    const char * or ;  /* or this, where the host kernel decides (NULL: none) */
} attacks[] = {
    {"open_file", "direct Linux system call 2 at 0x", NULL},
    {"socket", "direct Linux system call 41 at 0x", NULL},
    {"proc_mem", "direct Linux system call 2 at 0x", NULL},
    {"kill_emulator", "direct Linux system call 110 at 0x", NULL},
    {"fork", "direct Linux system call 57 at 0x", NULL},
    {"clone", "direct Linux system call 56 at 0x", NULL},
    {"execve", "direct Linux system call 59 at 0x", NULL},
    {"ptrace", "direct Linux system call 101 at 0x", NULL},
    {"mprotect_flash", "direct Linux system call 10 at 0x", NULL},
    {"mremap_ram", "direct Linux system call 25 at 0x", NULL},
    {"munmap_flash", "direct Linux system call 11 at 0x", NULL},
    {"mmap", "direct Linux system call 9 at 0x", NULL},
    {"block_signals", "direct Linux system call 14 at 0x", NULL},
    {"swallow_faults", "direct Linux system call 13 at 0x", NULL},
    {"sigreturn", "direct Linux system call 15 at 0x", NULL},
    {"tgkill_stop", "direct Linux system call 234 at 0x", NULL},
    {"futex_elsewhere", "direct Linux system call 202 at 0x", NULL},
    {"futex_wait_holding_turn", "direct Linux system call 202 at 0x", NULL},
    {"x32_syscall", "direct Linux system call 1073741863 at 0x", NULL},
    /* i386 system calls: SIGSYS where the host kernel has IA-32 emulation,
     * a general-protection fault (SIGSEGV) where it does not. */
    {"int80_syscall", "direct Linux system call 20 at 0x", "memory fault: "},
    {"mailbox_garbage", "mailbox protocol violation (trap word 0x77)", NULL},
    {"flash_write", "memory fault: write at 0x", NULL},
    /* VICTIM_RAM: the address rt_victim says its RAM starts at. */
    {"other_app_ram", "memory fault: write at VICTIM_RAM", NULL},
    {"grant_page", "memory fault: write at 0x", NULL},
    {"int3", "breakpoint trap (int3) at 0x", NULL},
};

static struct e2e_result run_attack(const char *name, const char *policy, const char *stop_after)
{
    char *typed = g_strdup_printf("%s\n@0ms", name);
    struct e2e_result r = e2e_run("--fault-policy", policy, "--stop-after", stop_after, "--type",
                                  typed, "@rt_attacker", "@rt_victim", NULL);
    g_free(typed);
    return r;
}

/* The victim finished with its memory intact and tockemu itself was not
 * harmed: it exited on its own, with a status it documents. */
static void assert_unharmed(const struct e2e_result *r, int status)
{
    ck_assert_msg(e2e_count_lines(r->out, "victim ok") == 1, "the victim did not finish:\n%s\n%s",
                  r->out, r->err);
    ck_assert_ptr_null(strstr(r->out, "victim harmed"));
    ck_assert_ptr_null(strstr(r->out, "attack survived"));
    ck_assert_msg(r->status == status, "tockemu exited %d, not %d:\n%s", r->status, status, r->err);
    ck_assert(access(ESCAPE_FILE, F_OK) != 0);
}

/* `fault` with VICTIM_RAM replaced by the victim's RAM start, as the victim
 * printed it (g_free it). */
static char *expected_fault(const char *fault, const char *out)
{
    const char *token = strstr(fault, "VICTIM_RAM");
    if (token == NULL)
        return g_strdup(fault);
    const char *at = strstr(out, "victim ram ");
    ck_assert_msg(at != NULL, "the victim did not say where its RAM is:\n%s", out);
    at += strlen("victim ram ");
    return g_strdup_printf("%.*s%.*s", (int)(token - fault), fault, (int)strcspn(at, "\n"), at);
}

/* architecture.md: "the app is hostile until proven otherwise". */
START_TEST(attack_ends_as_a_fault_and_harms_no_one)
{
    const struct attack_case *c = &attacks[_i];
    unlink(ESCAPE_FILE);
    struct e2e_result r = run_attack(c->name, "stop", "5s");
    char *started = g_strdup_printf("attack %s", c->name);
    ck_assert_msg(e2e_count_lines(r.out, started) == 1, "the attack did not start:\n%s\n%s", r.out,
                  r.err);
    char *fault = expected_fault(c->fault, r.out);
    char *line = g_strdup_printf("tockemu: app 'rt_attacker' faulted: %s", fault);
    g_free(fault);
    char *or_line = g_strdup_printf("tockemu: app 'rt_attacker' faulted: %s", c->or ? c->or : "");
    ck_assert_msg(strstr(r.err, line) != NULL || (c->or != NULL && strstr(r.err, or_line) != NULL),
                  "stderr lacks '%s':\n%s", line, r.err);
    g_free(or_line);
    assert_unharmed(&r, 1);
    g_free(line);
    g_free(started);
    e2e_result_free(&r);
}
END_TEST

/* A process that never yields is preempted whatever it does, and
 * --stop-after still ends the run (exit status 5). */
START_TEST(spinning_app_cannot_hang_the_board)
{
    struct e2e_result r = run_attack("spin", "stop", "300ms");
    ck_assert_int_eq(e2e_count_lines(r.out, "attack spin"), 1);
    assert_unharmed(&r, 5);
    e2e_result_free(&r);
}
END_TEST

/* Flash is read-only for real: a write faults, and the restarted app reads
 * the bytes its TBF holds (the literal starts with 'a'). */
START_TEST(flash_write_does_not_survive_a_restart)
{
    struct e2e_result r =
        e2e_run("--fault-policy", "threshold-restart:1", "--stop-after", "5s", "--type",
                "flash_write\nflash_check\n@0ms", "@rt_attacker", "@rt_victim", NULL);
    ck_assert_msg(e2e_count_lines(r.out, "flash literal 'a'") == 2, "flash changed:\n%s\n%s", r.out,
                  r.err);
    ck_assert_ptr_nonnull(strstr(r.err, "app 'rt_attacker' faulted: memory fault: write at 0x"));
    ck_assert_int_eq(e2e_count_lines(r.out, "victim ok"), 1);
    e2e_result_free(&r);
}
END_TEST

/* The pid of a process named `name` whose parent is `parent`, or 0. */
static pid_t child_named(pid_t parent, const char *name)
{
    DIR *proc = opendir("/proc");
    ck_assert_ptr_nonnull(proc);
    pid_t found = 0;
    struct dirent *e;
    while (found == 0 && (e = readdir(proc)) != NULL) {
        char path[300], text[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        /* "PID (COMM) STATE PPID ..." */
        char *open = strchr(text, '('), *close = strrchr(text, ')');
        if (open == NULL || close == NULL)
            continue;
        *close = '\0';
        int ppid = 0;
        char state;
        if (strcmp(open + 1, name) == 0 && sscanf(close + 2, "%c %d", &state, &ppid) == 2 &&
            ppid == parent)
            found = (pid_t)atoi(e->d_name);
    }
    closedir(proc);
    return found;
}

/* Alive: it exists and is not a zombie waiting for whoever adopted it. */
static bool process_alive(pid_t pid)
{
    char state = emu__process_state(pid);
    return state != '?' && state != 'Z' && state != 'X';
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Start `argv` (tockemu) with its output to /dev/null, left for us to reap. */
static GPid spawn_quietly(gchar **argv)
{
    GPid pid;
    ck_assert(g_spawn_async(NULL, argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, &pid, NULL));
    return pid;
}

/* issue 9 part 5: nothing outlives tockemu. Killed with SIGKILL, which it
 * cannot handle, its app processes die with it (each has a parent-death
 * signal, and none could have created a process of its own). */
START_TEST(app_processes_die_with_a_killed_emulator)
{
    gchar *app = e2e_app("spin");
    gchar *argv[] = {TOCKEMU_BUILD_ROOT "/emu/tools/tockemu", app, NULL};
    GPid emulator = spawn_quietly(argv);
    pid_t app_pid = 0;
    for (int i = 0; i < 2000 && app_pid == 0; i++, sleep_ms(5))
        app_pid = child_named(emulator, "spin");
    ck_assert_msg(app_pid != 0, "the app never started");
    kill(emulator, SIGKILL);
    waitpid(emulator, NULL, 0);
    bool gone = false;
    for (int i = 0; i < 2000 && !gone; i++, sleep_ms(5))
        gone = !process_alive(app_pid);
    ck_assert_msg(gone, "app process %d outlived the emulator", (int)app_pid);
    g_free(app);
}
END_TEST

/* The same when tockemu ends its run by itself: it does not wait for its
 * children's exits on the way out (emu_machine_options.exit_after_free),
 * but every one is killed, the zygote too (which a run of two apps starts:
 * one app's child is the loader exec'd straight into it). */
START_TEST(app_processes_die_when_the_emulator_exits)
{
    gchar *app = e2e_app("spin");
    gchar *other = e2e_app("blink");
    gchar *argv[] = {
        TOCKEMU_BUILD_ROOT "/emu/tools/tockemu", "--stop-after", "500ms", app, other, NULL};
    GPid emulator = spawn_quietly(argv);
    pid_t app_pid = 0, zygote_pid = 0;
    for (int i = 0; i < 2000 && (app_pid == 0 || zygote_pid == 0); i++, sleep_ms(1)) {
        if (app_pid == 0)
            app_pid = child_named(emulator, "spin");
        if (zygote_pid == 0)
            zygote_pid = child_named(emulator, "tockemu-zygote");
    }
    ck_assert_msg(app_pid != 0 && zygote_pid != 0, "the app never started");
    int status = 0;
    ck_assert_int_eq(waitpid(emulator, &status, 0), emulator);
    ck_assert(WIFEXITED(status));
    bool gone = false;
    for (int i = 0; i < 2000 && !gone; i++, sleep_ms(5))
        gone = !process_alive(app_pid) && !process_alive(zygote_pid);
    ck_assert_msg(gone, "app %d or zygote %d outlived the emulator", (int)app_pid, (int)zygote_pid);
    g_free(app);
    g_free(other);
}
END_TEST

/* Everything tockemu leaves behind when it exits ends soon after: its app
 * processes and its zygote (killed, with a parent-death signal), and the
 * child to which it leaves the freeing of its memory, which exits once
 * tockemu has (tools/tockemu.c, leave_teardown_to_a_child). As a subreaper
 * the test adopts them all, and must see each one end. */
START_TEST(every_process_tockemu_leaves_ends_after_its_exit)
{
    ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    gchar *app = e2e_app("hello");
    gchar *argv[] = {TOCKEMU_BUILD_ROOT "/emu/tools/tockemu", app, NULL};
    GPid emulator = spawn_quietly(argv);
    int status = 0;
    ck_assert_int_eq(waitpid(emulator, &status, 0), emulator);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    pid_t reaped = 0;
    for (int i = 0; i < 2000; i++, sleep_ms(5)) {
        while ((reaped = waitpid(-1, NULL, WNOHANG)) > 0)
            ;
        if (reaped < 0)
            break;
    }
    ck_assert_msg(reaped < 0 && errno == ECHILD, "a process tockemu left did not end");
    prctl(PR_SET_CHILD_SUBREAPER, 0);
    g_free(app);
}
END_TEST

Suite *e2e_redteam_suite(void)
{
    Suite *s = suite_create("e2e_redteam");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, attack_ends_as_a_fault_and_harms_no_one, 0,
                        (int)(sizeof attacks / sizeof attacks[0]));
    tcase_add_test(tc, spinning_app_cannot_hang_the_board);
    tcase_add_test(tc, flash_write_does_not_survive_a_restart);
    tcase_add_test(tc, app_processes_die_with_a_killed_emulator);
    tcase_add_test(tc, app_processes_die_when_the_emulator_exits);
    tcase_add_test(tc, every_process_tockemu_leaves_ends_after_its_exit);
    suite_add_tcase(s, tc);
    return s;
}
