/* inproc-bench: syscalls per second through the in-process transport and the
 * fuzzer loop, against a baseline measured in the same run.
 *
 *   0. baseline: one indirect call per "syscall" that fills a return struct,
 *      the least any in-process syscall can cost;
 *   1. direct: emu_inproc_syscall (straight into the dispatcher) of a null
 *      command on the default board's alarm driver (command 0: exists);
 *   2. loop: the same command issued by an in-process app's code through the
 *      kernel loop (switch_to -> code -> dispatch), the path fuzzers use;
 *   3. fuzzer loop: tests/fuzz/fuzz_syscalls.c's LLVMFuzzerTestOneInput over
 *      its seed corpus, and over 4 KiB inputs of random bytes (kernel + board
 *      + two apps set up and torn down per input, invariants checked after
 *      every step), uninstrumented: the engine's own cost comes on top.
 *
 *   build/bench/inproc-bench [CALLS]     (default 5,000,000)
 *
 * Rates are per second of this process's CPU time.
 */
#include <dirent.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "board.h"
#include "inproc.h"

#define DEFAULT_CALLS 5000000u
#define FUZZ_ROUNDS   20

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void fuzz_syscalls_count(unsigned syscalls);

/* CPU time of this process: on a machine shared with other work, wall time
 * would count the time others ran. Nothing here sleeps or waits. */
static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static double per_second(uint64_t count, uint64_t ns)
{
    return ns == 0 ? 0 : (double)count * 1e9 / (double)ns;
}

/* 0. What a syscall costs when it does nothing but cross a function pointer. */
struct fake_return {
    uint64_t reg[4];
    uint8_t written;
};

static void __attribute__((noinline))
fake_syscall(const struct tk_syscall *sc, struct fake_return *r)
{
    r->reg[0] = TK_RV_SUCCESS;
    r->reg[1] = sc->arg[1];
    r->written = 1;
}

static uint64_t baseline(unsigned calls)
{
    void (*volatile fn)(const struct tk_syscall *, struct fake_return *) = fake_syscall;
    struct tk_syscall sc = {TK_CLASS_COMMAND, {0, 0, 0, 0}};
    struct fake_return r = {{0}, 0};
    uint64_t t0 = now_ns();
    for (unsigned i = 0; i < calls; i++) {
        sc.arg[1] = i;
        fn(&sc, &r);
    }
    return now_ns() - t0;
}

/* The default board on `k`, output to /dev/null. */
static struct emu_board *board_new(struct tk_kernel *k, int null_fd)
{
    struct emu_rng_options rng = {.seed_given = true, .seed = 1};
    struct emu_board_options bo;
    emu_board_options_init(&bo);
    bo.output_fd = null_fd;
    bo.input_fd = -1;
    bo.rng = &rng;
    struct emu_err err;
    struct emu_board *b = emu_board_new(k, &bo, &err);
    if (b == NULL) {
        fprintf(stderr, "inproc-bench: board: %s\n", err.msg);
        exit(1);
    }
    return b;
}

/* 1. Straight into the dispatcher. */
static uint64_t direct(unsigned calls, int null_fd)
{
    struct tk_kernel k;
    tk_kernel_init(&k, NULL);
    struct emu_board *b = board_new(&k, null_fd);
    struct emu_inproc_options o = {.name = "bench"};
    struct tk_process *p = emu_inproc_process_new(&k, &o, NULL, NULL);
    struct tk_syscall sc = {TK_CLASS_COMMAND, {0, 0, 0, 0}}; /* alarm: exists */
    uint64_t t0 = now_ns();
    for (unsigned i = 0; i < calls; i++)
        (void)emu_inproc_syscall(&k, p, &sc);
    uint64_t ns = now_ns() - t0;
    tk_kernel_fini(&k);
    emu_board_free(b);
    return ns;
}

/* 2. The code of an app that issues `left` null commands, then exits. */
static void null_commands(void *ctx, struct tk_process *p, const struct tk_resume *resume,
                          struct tk_trap *trap)
{
    unsigned *left = ctx;
    (void)p, (void)resume;
    trap->kind = TK_TRAP_SYSCALL;
    if (*left == 0) {
        trap->syscall.class_id = TK_CLASS_EXIT;
        return;
    }
    (*left)--;
    trap->syscall = (struct tk_syscall){TK_CLASS_COMMAND, {0, 0, 0, 0}};
}

static uint64_t loop(unsigned calls, int null_fd)
{
    struct tk_kernel k;
    struct tk_kernel_config config = {.syscall_cost_ns = 1}; /* no preemption in the run */
    tk_kernel_init(&k, &config);
    struct emu_board *b = board_new(&k, null_fd);
    unsigned left = calls;
    struct emu_inproc_options o = {.name = "bench", .code = null_commands, .code_ctx = &left};
    emu_inproc_process_new(&k, &o, NULL, NULL);
    uint64_t t0 = now_ns();
    int rc = tk_kernel_run(&k);
    uint64_t ns = now_ns() - t0;
    if (rc != 0 || left != 0)
        fprintf(stderr, "inproc-bench: loop run ended %d with %u calls left\n", rc, left);
    tk_kernel_fini(&k);
    emu_board_free(b);
    return ns;
}

/* 3. The fuzz target tells the bench how many syscalls each input made. */
struct fuzz_tally {
    uint64_t syscalls;
};
static struct fuzz_tally *tally; /* main's, for the target's callback */

void fuzz_syscalls_count(unsigned syscalls)
{
    tally->syscalls += syscalls;
}

/* Run every input of `files` FUZZ_ROUNDS times; returns the time taken. */
static uint64_t run_inputs(GPtrArray *files, uint64_t *inputs)
{
    uint64_t t0 = now_ns();
    for (unsigned round = 0; round < FUZZ_ROUNDS; round++) {
        for (guint i = 0; i < files->len; i++) {
            gsize len;
            const uint8_t *data = g_bytes_get_data(files->pdata[i], &len);
            LLVMFuzzerTestOneInput(data, len);
        }
    }
    *inputs = (uint64_t)FUZZ_ROUNDS * files->len;
    return now_ns() - t0;
}

/* Inputs as a long fuzzing session makes them: 4 KiB (the target's max_len)
 * of bytes from a fixed seed. */
static uint64_t fuzzer_loop_long(uint64_t *inputs)
{
    GPtrArray *files = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    GRand *rand = g_rand_new_with_seed(1);
    for (unsigned i = 0; i < 20; i++) {
        uint8_t *data = g_malloc(4096);
        for (unsigned j = 0; j < 4096; j++)
            data[j] = (uint8_t)g_rand_int(rand);
        g_ptr_array_add(files, g_bytes_new_take(data, 4096));
    }
    g_rand_free(rand);
    uint64_t ns = run_inputs(files, inputs);
    g_ptr_array_free(files, TRUE);
    return ns;
}

static uint64_t fuzzer_loop(const char *corpus, uint64_t *inputs)
{
    DIR *dir = opendir(corpus);
    if (dir == NULL) {
        fprintf(stderr, "inproc-bench: %s: cannot open the seed corpus\n", corpus);
        exit(2);
    }
    GPtrArray *files = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *path = g_build_filename(corpus, e->d_name, NULL);
        gchar *data;
        gsize len;
        if (g_file_get_contents(path, &data, &len, NULL))
            g_ptr_array_add(files, g_bytes_new_take(data, len));
        g_free(path);
    }
    closedir(dir);
    uint64_t ns = run_inputs(files, inputs);
    g_ptr_array_free(files, TRUE);
    return ns;
}

static void print_fuzzer_loop(const char *what, const struct fuzz_tally *t, uint64_t inputs,
                              uint64_t ns)
{
    printf("%-31s %12.0f syscalls/s  %.0f inputs/s, %.1f syscalls/input\n", what,
           per_second(t->syscalls, ns), per_second(inputs, ns),
           inputs ? (double)t->syscalls / (double)inputs : 0.0);
}

int main(int argc, char **argv)
{
    unsigned calls = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : DEFAULT_CALLS;
    if (calls == 0) {
        fprintf(stderr, "inproc-bench: CALLS must be a positive number\n");
        return 2;
    }
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    struct fuzz_tally fuzz = {0};
    tally = &fuzz;

    uint64_t base_ns = baseline(calls);
    uint64_t direct_ns = direct(calls, null_fd);
    uint64_t loop_ns = loop(calls, null_fd);
    uint64_t inputs = 0, long_inputs = 0;
    uint64_t fuzz_ns = fuzzer_loop(TOCKEMU_SOURCE_ROOT "/tests/fuzz/corpus/syscalls", &inputs);
    struct fuzz_tally seeds = fuzz;
    fuzz = (struct fuzz_tally){0};
    uint64_t long_ns = fuzzer_loop_long(&long_inputs);
    close(null_fd);

    double base = per_second(calls, base_ns);
    printf("baseline (indirect call)        %12.0f calls/s\n", base);
    printf("in-process, direct dispatch     %12.0f syscalls/s  (%.1fx baseline time)\n",
           per_second(calls, direct_ns), (double)direct_ns / (double)base_ns);
    printf("in-process, through kernel loop %12.0f syscalls/s  (%.1fx baseline time)\n",
           per_second(calls, loop_ns), (double)loop_ns / (double)base_ns);
    print_fuzzer_loop("fuzzer loop, seed corpus", &seeds, inputs, fuzz_ns);
    print_fuzzer_loop("fuzzer loop, 4 KiB inputs", &fuzz, long_inputs, long_ns);
    return 0;
}
