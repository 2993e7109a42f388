/* tockemu bench: the syscall round trip and app start, against a baseline
 * measured in the same run (never timed assertions in tests).
 *
 *   1. baseline: two plain processes ping-pong over one shared mailbox page
 *      with the very hand-off tockemu uses (emu_channel_give/wait);
 *   2. null command: a real app times 100k `command(1, 0)` calls, each
 *      app -> emulator -> app, and reports the median;
 *   3. app start through the forked-process transport, to the app's first
 *      syscall: in a new child (the zygote's spare takes the descriptors,
 *      sets up its sandbox, attaches), and in the child kept from the
 *      app's last run on the same host (restarted in place: a signal, the
 *      loader attaches again, RAM cleared);
 *   4. a whole run as tockemu makes it, in process: machine create (app
 *      flash, board, loading), run hello to its exit, free;
 *   5. `tockemu hello.tbf` from exec to exit, as a user runs it, against
 *      `/bin/true` spawned the same way (posix_spawn), in turn, in the same
 *      run;
 *   6. IPC notify round trip: a client app times client -> service ->
 *      client (notify service, the service's upcall notifies the client,
 *      the client's upcall runs in its yield), with the service a second
 *      forked app.
 *
 * Prints medians, the ratio of (2) to (1) and of (6) to (2).
 */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "appflash.h"
#include "appload.h"
#include "process-internal.h"
#include "loader.h"
#include "machine.h"

enum { ROUND_TRIPS = 100000, STARTS = 200, EXECS = 100 };

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t median(uint64_t *v, size_t n)
{
    qsort(v, n, sizeof v[0], by_value);
    return v[n / 2];
}

/* 1. Two processes, one mailbox, the same give/wait as the real channel. */
static uint64_t baseline_ping_pong(void)
{
    struct emu_mailbox *mb =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mb == MAP_FAILED)
        return 0;
    mb->turn = EMU_TURN_KERNEL;
    pid_t pid = fork();
    if (pid == 0) {
        for (;;) {
            emu_channel_wait(mb, EMU_TURN_APP, &mb->app_waiting, EMU_CHANNEL_SPINS, NULL);
            if (mb->op == 0)
                _exit(0);
            emu_channel_give(mb, EMU_TURN_KERNEL, &mb->kernel_waiting);
        }
    }
    uint64_t *samples = calloc(ROUND_TRIPS, sizeof *samples);
    for (int i = 0; i < ROUND_TRIPS + 1000; i++) {
        mb->op = 1;
        uint64_t t0 = emu_monotonic_ns();
        emu_channel_give(mb, EMU_TURN_APP, &mb->app_waiting);
        emu_channel_wait(mb, EMU_TURN_KERNEL, &mb->kernel_waiting, EMU_CHANNEL_SPINS, NULL);
        uint64_t t1 = emu_monotonic_ns();
        if (i >= 1000)
            samples[i - 1000] = t1 - t0;
    }
    mb->op = 0;
    emu_channel_give(mb, EMU_TURN_APP, &mb->app_waiting);
    waitpid(pid, NULL, 0);
    uint64_t m = median(samples, ROUND_TRIPS);
    free(samples);
    munmap(mb, 4096);
    return m;
}

/* The time-stamp counter's rate, in cycles per second, against the
 * monotonic clock over 50 ms. */
static double tsc_hz(void)
{
    uint64_t t0 = emu_monotonic_ns(), c0 = __builtin_ia32_rdtsc();
    while (emu_monotonic_ns() - t0 < 50 * 1000 * 1000)
        ;
    uint64_t t1 = emu_monotonic_ns(), c1 = __builtin_ia32_rdtsc();
    return (double)(c1 - c0) * 1e9 / (double)(t1 - t0);
}

/* 2 and 5. The app measures itself in TSC cycles; read its report. `other`
 * is a second app to run beside it, or NULL. */
static uint64_t app_reported_median(const char *tockemu, const char *app, const char *other)
{
    gchar *argv[] = {(gchar *)tockemu, (gchar *)app, (gchar *)other, NULL};
    gchar *out = NULL;
    int status = 0;
    uint64_t median_ns = 0;
    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, &status, NULL))
        return 0;
    const char *at = out != NULL ? strstr(out, "median_cycles=") : NULL;
    if (at != NULL)
        median_ns =
            (uint64_t)((double)strtoull(at + strlen("median_cycles="), NULL, 10) * 1e9 / tsc_hz());
    g_free(out);
    return median_ns;
}

struct first_object {
    struct tk_tbf_object obj;
    bool found;
};

static bool take_first(void *ctx, const struct tk_tbf_object *obj)
{
    struct first_object *f = ctx;
    if (obj->verdict != TK_LOAD_OK)
        return false;
    f->obj = *obj;
    f->found = true;
    return false;
}

/* 3. Start + attach + the app's first syscall, STARTS times: each time in a
 * new child (the last one killed), or in the last one kept (`in_place`). */
static uint64_t app_start(const char *app, bool in_place)
{
    struct emu_app_flash flash;
    struct emu_app_image image;
    struct emu_err err;
    struct first_object first = {.found = false};
    uint64_t result = 0;

    if (emu_app_flash_init(&flash, &err) != 0)
        return 0;
    emu_app_image_init(&image, &flash);
    if (emu_app_image_add_file(&image, app, &err) != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        goto out;
    }
    uint64_t len = emu_app_image_finish(&image);
    tk_tbf_scan(flash.base, len, EMU_APP_FLASH_BASE, take_first, &first);
    if (!first.found)
        goto out;
    struct emu_process_host *host;
    if (emu_app_host_new(&flash, &first.obj, false, &host, &err) != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        goto out;
    }
    struct tk_process p;
    memset(&p, 0, sizeof p);
    p.host = host;
    p.initial_break = host->memory_start;
    p.memory_start = host->memory_start;
    p.memory_len = host->memory_len;
    uint64_t *samples = calloc(STARTS, sizeof *samples);
    int done = 0;
    for (int i = 0; i < STARTS; i++) {
        /* The init call as the kernel makes it (spec §1.8). */
        struct tk_resume start = {.kind = TK_RESUME_START};
        start.pc = first.obj.address + tk_tbf_init_fn_offset(&first.obj.header);
        start.arg[0] = first.obj.address + tk_tbf_protected_size(&first.obj.header);
        start.arg[1] = host->memory_start;
        start.arg[2] = host->memory_len;
        start.arg[3] = host->memory_start;
        struct tk_trap trap;
        uint64_t t0 = emu_monotonic_ns();
        if (emu_process_host_spawn(host, p.initial_break, &err) != 0) {
            fprintf(stderr, "bench: %s\n", err.msg);
            break;
        }
        emu_forked_process_ops.switch_to(&p, &start, 1000000000ull, &trap);
        samples[i] = emu_monotonic_ns() - t0;
        if (in_place)
            emu_process_host_retire(host);
        else
            emu_process_host_kill(host);
        if (trap.kind != TK_TRAP_SYSCALL) {
            fprintf(stderr, "bench: app start %d: no first syscall (trap %d)\n", i, trap.kind);
            break;
        }
        done++;
        if (i % 50 == 49)
            fprintf(stderr, "bench: app start %d/%d\r", i + 1, STARTS);
    }
    result = done == STARTS ? median(samples, STARTS) : 0; /* 0: failed */
    free(samples);
    emu_process_host_free(host);
out:
    emu_app_flash_fini(&flash);
    return result;
}

/* 4. A whole run set up as tockemu sets it up: emu_machine_new with the app
 * (app flash, board, scan, credentials, AppID, fork + exec + attach), run
 * to the app's exit, free. STARTS times. */
static void count_nothing(const struct emu_machine_event *ev, void *ctx)
{
    (void)ev, (void)ctx;
}

static void quiet(const char *line, void *ctx)
{
    (void)line, (void)ctx;
}

static uint64_t machine_run(const char *app, int null_fd)
{
    const char *files[] = {app, NULL};
    struct emu_machine_options o = {.files = files,
                                    .console_output_fd = null_fd,
                                    .no_console_input = true,
                                    .on_event = count_nothing,
                                    .kernel_events = 1u << TK_EV_FAULT,
                                    .on_diagnostic = quiet};
    uint64_t *samples = calloc(STARTS, sizeof *samples);
    uint64_t result = 0;
    int i;
    for (i = 0; i < STARTS; i++) {
        struct emu_err err;
        uint64_t t0 = emu_monotonic_ns();
        struct emu_machine *m = emu_machine_new(&o, &err);
        if (m == NULL) {
            fprintf(stderr, "bench: %s\n", err.msg);
            break;
        }
        enum emu_machine_result r = emu_machine_run(m);
        emu_machine_free(m);
        samples[i] = emu_monotonic_ns() - t0;
        if (r != EMU_MACHINE_ALL_OK)
            break;
    }
    if (i == STARTS)
        result = median(samples, STARTS);
    free(samples);
    return result;
}

/* 5. Spawn each of `argv_a` and `argv_b` in turn, EXECS times, with stdio on
 * /dev/null, and wait: the median wall time of each from exec to exit.
 * posix_spawn, as a shell's exec of a command costs: a fork of this
 * process (glib's g_spawn_sync forks, copying a page table that the runs
 * before have grown) cost both programs 0.5 to 1 ms more here, which is
 * the bench's, not theirs. In turn, so that a machine getting busier or
 * quieter during the runs moves both. Returns false if a run failed. */
static bool exec_to_exit(char *const *argv_a, char *const *argv_b, uint64_t *median_a,
                         uint64_t *median_b)
{
    extern char **environ;
    posix_spawn_file_actions_t stdio;
    posix_spawn_file_actions_init(&stdio);
    posix_spawn_file_actions_addopen(&stdio, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&stdio, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&stdio, 2, "/dev/null", O_WRONLY, 0);
    uint64_t *samples = calloc(2 * EXECS, sizeof *samples);
    bool ok = samples != NULL;
    for (int i = 0; ok && i < 2 * EXECS; i++) {
        char *const *argv = i % 2 == 0 ? argv_a : argv_b;
        uint64_t t0 = emu_monotonic_ns();
        pid_t pid;
        int status = 0;
        ok = posix_spawn(&pid, argv[0], &stdio, NULL, argv, environ) == 0 &&
             waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        /* by run: a's samples first, then b's */
        samples[(i % 2) * EXECS + i / 2] = emu_monotonic_ns() - t0;
    }
    if (ok) {
        *median_a = median(samples, EXECS);
        *median_b = median(samples + EXECS, EXECS);
    }
    free(samples);
    posix_spawn_file_actions_destroy(&stdio);
    return ok;
}

int main(int argc, char **argv)
{
    const char *build = argc > 1 ? argv[1] : TOCKEMU_BUILD_ROOT;
    gchar *tockemu = g_strdup_printf("%s/emu/tools/tockemu", build);
    gchar *null_app = g_strdup_printf("%s/libtock-host/apps/bench_null_command.tbf", build);
    gchar *hello = g_strdup_printf("%s/libtock-host/apps/hello.tbf", build);
    gchar *ipc_service = g_strdup_printf("%s/libtock-host/apps/ipc_service.tbf", build);
    gchar *ipc_client = g_strdup_printf("%s/libtock-host/apps/bench_ipc_client.tbf", build);
    struct emu_err err;
    if (emu_process_host_signals_init(&err) != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }

    fprintf(stderr, "bench: ping-pong baseline, %d round trips\n", ROUND_TRIPS);
    uint64_t base = baseline_ping_pong();
    fprintf(stderr, "bench: null command, %d calls in an app\n", ROUND_TRIPS);
    uint64_t null_cmd = app_reported_median(tockemu, null_app, NULL);
    fprintf(stderr, "bench: app start, %d starts in new children\n", STARTS);
    uint64_t start = app_start(hello, false);
    fprintf(stderr, "bench: app start, %d starts in a kept child\n", STARTS);
    uint64_t restart = app_start(hello, true);
    fprintf(stderr, "bench: machine runs of hello, %d runs\n", STARTS);
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    uint64_t whole_run = machine_run(hello, null_fd);
    close(null_fd);
    fprintf(stderr, "bench: tockemu hello.tbf and /bin/true, %d execs each\n", EXECS);
    gchar *hello_argv[] = {tockemu, hello, NULL};
    gchar *true_argv[] = {(gchar *)"/bin/true", NULL};
    uint64_t hello_exec = 0, true_exec = 0;
    if (!exec_to_exit(hello_argv, true_argv, &hello_exec, &true_exec))
        fprintf(stderr, "bench: a spawned run failed\n");
    fprintf(stderr, "bench: IPC notify round trips between two apps\n");
    uint64_t ipc = app_reported_median(tockemu, ipc_service, ipc_client);

    printf("tockemu bench (%d round trips, %d app starts, %ld cores)\n", ROUND_TRIPS, STARTS,
           sysconf(_SC_NPROCESSORS_ONLN));
    printf("  ping-pong baseline (two processes, same mailbox)  median %6" PRIu64 " ns\n", base);
    printf("  null command round trip (app->emulator->app)      median %6" PRIu64
           " ns   %.2fx baseline  (target <= 3x and <= 2000 ns)\n",
           null_cmd, base ? (double)null_cmd / (double)base : 0.0);
    printf("  app start, new child (spare+attach+1st syscall)   median %6.3f ms\n",
           (double)start / 1e6);
    printf("  app start, kept child restarted in place          median %6.3f ms"
           "              (target <= 0.5 ms)\n",
           (double)restart / 1e6);
    printf("  hello run in process (machine new+run+free)       median %6.3f ms\n",
           (double)whole_run / 1e6);
    printf("  /bin/true, exec to exit                           median %6.3f ms\n",
           (double)true_exec / 1e6);
    printf("  tockemu hello.tbf, exec to exit                   median %6.3f ms   %.2fx /bin/true"
           "  (target <= 5 ms)\n",
           (double)hello_exec / 1e6, true_exec ? (double)hello_exec / (double)true_exec : 0.0);
    printf("  IPC notify round trip (client->service->client)   median %6" PRIu64
           " ns   %.2fx null command\n",
           ipc, null_cmd ? (double)ipc / (double)null_cmd : 0.0);
    g_free(ipc_service);
    g_free(ipc_client);
    g_free(tockemu);
    g_free(null_app);
    g_free(hello);
    return (base && null_cmd && start && whole_run && hello_exec && true_exec && ipc) ? 0 : 1;
}
