/* private to libtock-host/harness: the world object and the fakes' insides.
 *
 * harness.c owns the world (kernel, board, apps, log, expectations, inputs,
 * assertions); fakes.c owns the fake drivers. A world holds its fakes; a
 * fake holds its scripted answers, its call record and its timers.
 */
#ifndef LTH_HARNESS_INTERNAL_H
#define LTH_HARNESS_INTERNAL_H

#include <glib.h>

#include "board.h"
#include "emu_rng.h"
#include "machine.h"
#include "tockemu/harness.h"

enum { LTH_MAX_FAKES = 16 };

/* What a world knows about an app beyond the kernel's process. */
struct lth_app {
    bool exited, restarted, faulted;
    uint32_t code;
    struct tk_fault fault;
};

/* A virtual-time action: a fake's upcall or an input. Owned by the world's
 * timer list, freed with the world. */
struct lth_timer {
    struct tk_deadline deadline;
    struct lth *world;
    void (*run)(struct lth_timer *timer);
    struct lth_fake *fake;
    int slot;            /* -1: every app with the fake's grant */
    uint32_t process_id; /* 0: any; else only while this ProcessId lives */
    uint32_t number, arg[3];
    GByteArray *bytes; /* console input */
    bool keep;         /* false: freed once it has fired */
    GList *link;       /* in the world's timer queue */
};

struct lth {
    struct emu_machine *machine;       /* kernel, board, app flash, loading */
    struct tk_process_ops process_ops; /* the forked transport, wrapped */
    struct tk_kernel *kernel;          /* the machine's */
    struct lth_board config;
    bool board_built;           /* fakes registered, board built */
    int console_fd;             /* memfd behind the real console UART */
    struct emu_rng_options rng; /* seeded: runs repeat */
    char *console_text;

    struct lth_fake *fakes[LTH_MAX_FAKES];
    unsigned fake_count;
    struct tk_driver assert_driver;

    GArray *log; /* struct lth_log_entry */
    bool emitting_override;
    GArray *expected; /* struct lth_expected */
    guint expected_next;
    unsigned expect_mask;

    GString *failure; /* non-empty: the test fails when the run returns */
    struct lth_app apps[TK_MAX_PROCESSES];
    char test_app[TK_MAX_PROCESSES][64]; /* LTH_TEST_APP body per slot, "" none */
    GQueue timers;                       /* struct lth_timer, every one not yet freed */
};

/* Arm a timer at `when_ns` (fakes.c and harness.c). */
struct lth_timer *lth__timer_new(struct lth *t, uint64_t when_ns,
                                 void (*run)(struct lth_timer *timer));
/* The driver a fake registers, and the fake console's input path. */
struct tk_driver *lth__fake_driver(struct lth_fake *f);
struct lth_fake *lth__fake_at(struct lth *t, uint32_t driver);
void lth__fake_console_input(struct lth_fake *f, const uint8_t *bytes, size_t len);
bool lth__fake_led_is_on(struct lth_fake *f, unsigned index);
void lth__fake_button_press(struct lth_fake *f, unsigned index, bool pressed);
void lth__fake_gpio_input(struct lth_fake *f, unsigned pin, bool level);
void lth__fake_free(struct lth_fake *f);

#endif
