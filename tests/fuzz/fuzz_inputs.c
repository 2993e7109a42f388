/* libFuzzer target: the scenario, --press, --type and control-input parsers.
 *
 * Every text a user gives tockemu about inputs (emu/hw/pins.c scenario
 * lines and --press, emu/hw/inputs.c --type and `console "TEXT"`, the
 * --control FIFO of emu/hw/control.c) must be taken or refused with a
 * message, never crash, read out of bounds, loop or leak. What parses is
 * then applied: the pin and console models are built from the options and
 * virtual time runs until every scheduled input has happened; each control
 * line is applied now, as tockemu applies it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "fuzz_io.h"
#include "inputs.h"
#include "pins.h"

#define MAX_DEADLINES 1000

struct models {
    struct tk_kernel kernel;
    struct emu_pins pins;
    bool pins_ready;
    struct emu_uart *uart;
    struct emu_inputs inputs;
};

/* Fire every scheduled input (bounded: a model never re-arms forever). */
static void run_inputs(struct tk_kernel *k)
{
    for (unsigned i = 0; i < MAX_DEADLINES; i++) {
        while (tk_kernel_run_deferred_calls(k))
            ;
        uint64_t next = tk_kernel_next_deadline(k);
        if (next == TK_NO_DEADLINE)
            break;
        tk_kernel_advance(k, next);
    }
}

static void models_init(struct models *m, const struct emu_pins_options *po,
                        const struct emu_inputs_options *io)
{
    struct emu_err err;
    tk_kernel_init(&m->kernel, NULL);
    m->pins_ready = emu_pins_init(&m->pins, &m->kernel, po, &err) == 0;
    struct emu_uart_config uc;
    emu_uart_config_init(&uc);
    uc.output_fd = fuzz_null_fd();
    uc.input_fd = -1;
    m->uart = emu_uart_new(&m->kernel, &uc, &err);
    if (m->uart != NULL)
        emu_inputs_init(&m->inputs, &m->kernel, m->uart, io);
}

static void models_fini(struct models *m)
{
    if (m->uart != NULL)
        emu_inputs_fini(&m->inputs);
    if (m->pins_ready)
        emu_pins_fini(&m->pins);
    tk_kernel_fini(&m->kernel);
    emu_uart_free(m->uart);
}

static void on_control_line(void *ctx, const char *line, unsigned number)
{
    struct models *m = ctx;
    struct emu_err err;
    (void)number;
    /* As the board does: the console model first, then the pins. */
    int rc = m->uart != NULL ? emu_inputs_command(&m->inputs, line, &err) : -ENOENT;
    if (rc == -ENOENT && m->pins_ready)
        (void)emu_pins_command(&m->pins, line, &err);
}

/* The text as --control lines through a pipe, as the FIFO delivers them. */
static void control_lines(struct models *m, const uint8_t *data, size_t size)
{
    int fds[2];
    if (size > 4096 || pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return; /* a pipe holds 64 KiB; more would block the writer */
    if (write(fds[1], data, size) != (ssize_t)size) {
        close(fds[0]);
        close(fds[1]);
        return;
    }
    close(fds[1]);
    struct emu_control c = {.fd = fds[0]};
    emu_control_read(&c, on_control_line, m);
    emu_control_close(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    struct emu_err err;
    struct emu_pins_options po;
    struct emu_inputs_options io;
    emu_pins_options_init(&po);
    emu_inputs_options_init(&io, &po);
    bool parsed = emu_pins_options_add_scenario(&po, "fuzz", text, &err) == 0;
    parsed |= emu_pins_options_add_press(&po, text, &err) == 0;
    parsed |= emu_inputs_options_add_type(&io, text, &err) == 0;

    struct models m = {0};
    models_init(&m, parsed ? &po : NULL, parsed ? &io : NULL);
    control_lines(&m, data, size);
    run_inputs(&m.kernel);
    models_fini(&m);

    emu_inputs_options_fini(&io);
    emu_pins_options_fini(&po);
    free(text);
    return 0;
}
