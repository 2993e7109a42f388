/* libFuzzer target: the process console's line editor and commands.
 *
 * Spec §9.1, §9.2: the input is typed into the console UART of a machine
 * (emu/machine/machine.h: the default board, process console on) in chunks, while two
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
#include "fuzz_io.h"
#include "inproc.h"
#include "machine.h"

#define CHUNK     32
#define MAX_STEPS 20000

/* Run until nothing can happen any more (bounded). */
static void run(struct emu_machine *m)
{
    for (unsigned i = 0; i < MAX_STEPS && emu_machine_step(m); i++)
        ;
    while (tk_kernel_run_deferred_calls(emu_machine_kernel(m)))
        ;
}

/* The input as typed: chunk by chunk, each given time to echo and run. */
static void type_input(struct emu_machine *m, const uint8_t *data, size_t size)
{
    for (size_t at = 0; at < size; at += CHUNK) {
        size_t n = size - at < CHUNK ? size - at : CHUNK;
        emu_uart_inject(emu_board_uart(emu_machine_board(m)), data + at, n);
        run(m);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct emu_flash_options flash;
    emu_flash_options_init(&flash);
    flash.ram = true;
    flash.size = 4 * EMU_FLASH_DEFAULT_PAGE_SIZE;
    struct emu_rng_options rng = {.seed_given = true, .seed = 1};
    struct emu_machine_options mo = {
        .fault_policy = TK_FAULT_POLICY_STOP,
        .console_output_fd = fuzz_null_fd(),
        .no_console_input = true,
        .process_console = true,
        .rng = &rng,
        .flash = &flash,
    };
    struct emu_err err;
    struct emu_machine *m = emu_machine_new(&mo, &err);
    if (m == NULL || emu_machine_start(m, &err) != 0) {
        fprintf(stderr, "fuzz_process_console: machine: %s\n", err.msg);
        abort();
    }
    struct tk_kernel *k = emu_machine_kernel(m);
    static const char *const names[] = {"blink", "c_hello"};
    for (unsigned i = 0; i < 2; i++) {
        struct emu_inproc_options o = {.name = names[i]};
        if (emu_inproc_process_new(k, &o, NULL, &err) == NULL) {
            fprintf(stderr, "fuzz_process_console: %s\n", err.msg);
            abort();
        }
    }
    run(m);
    type_input(m, data, size);
    emu_machine_free(m);
    return 0;
}
