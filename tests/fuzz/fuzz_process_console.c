/* libFuzzer target: the process console's line editor and commands.
 *
 * Spec §9.1, §9.2: the input is typed into the default board's console UART
 * (emu/hw/board.h, with the process console on) in chunks, while two
 * in-process apps wait in Yield-Wait. Escape sequences, history, editing,
 * over-long lines and every command (stop, start, terminate, fault, boot,
 * list, status, process, kernel, ...) on the apps must never crash, read or
 * write out of bounds (AddressSanitizer), loop or leak.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "emu_uart.h"
#include "inproc.h"

#define CHUNK     32
#define MAX_STEPS 20000

static int null_fd(void)
{
    static int fd = -1; /* one descriptor for every run: the process's, never freed */
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    return fd;
}

/* Run the kernel until nothing can happen any more (bounded). */
static void run(struct tk_kernel *k)
{
    for (unsigned i = 0; i < MAX_STEPS && tk_kernel_step(k); i++)
        ;
    while (tk_kernel_run_deferred_calls(k))
        ;
}

/* The input as typed: chunk by chunk, each given time to echo and run. */
static void type_input(struct tk_kernel *k, struct emu_board *b, const uint8_t *data, size_t size)
{
    for (size_t at = 0; at < size; at += CHUNK) {
        size_t n = size - at < CHUNK ? size - at : CHUNK;
        emu_uart_inject(emu_board_uart(b), data + at, n);
        run(k);
    }
}

static bool keep_running(struct tk_kernel *k, void *ctx)
{
    (void)k, (void)ctx;
    return false; /* every app ended: the console may still `boot` one, but not in this run */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_kernel k;
    struct tk_kernel_config config = {.fault_policy = TK_FAULT_POLICY_STOP};
    tk_kernel_init(&k, &config);
    k.platform.keep_running = keep_running;

    struct emu_flash_options flash;
    emu_flash_options_init(&flash);
    flash.ram = true;
    flash.size = 4 * EMU_FLASH_DEFAULT_PAGE_SIZE;
    struct emu_rng_options rng = {.seed_given = true, .seed = 1};
    struct emu_board_options bo;
    emu_board_options_init(&bo);
    bo.output_fd = null_fd();
    bo.input_fd = -1;
    bo.process_console = true;
    bo.flash = &flash;
    bo.rng = &rng;
    struct emu_err err;
    struct emu_board *b = emu_board_new(&k, &bo, &err);
    if (b == NULL) {
        fprintf(stderr, "fuzz_process_console: board: %s\n", err.msg);
        abort();
    }
    static const char *const names[] = {"blink", "c_hello"};
    for (unsigned i = 0; i < 2; i++) {
        struct emu_inproc_options o = {.name = names[i]};
        if (emu_inproc_process_new(&k, &o, NULL, &err) == NULL) {
            fprintf(stderr, "fuzz_process_console: %s\n", err.msg);
            abort();
        }
    }
    run(&k);
    type_input(&k, b, data, size);
    tk_kernel_fini(&k);
    emu_board_free(b);
    return 0;
}
