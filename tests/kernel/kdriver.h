/* private to tests/kernel: a tiny configurable syscall driver and an event
 * recorder shared by the kernel-core suites.
 *
 * The driver mirrors no Tock capsule; it exists so that the kernel's
 * dispatch, grant and upcall paths can be exercised with known counts:
 * KD_UPCALLS subscribe numbers, KD_RO/KD_RW allow numbers, a 24-byte grant.
 */
#ifndef TK_TEST_KDRIVER_H
#define TK_TEST_KDRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "fixture.h"

#define KD_NUM         0x90000u /* the test driver */
#define KD_NOGRANT_NUM 0x90001u /* a driver without a grant (like LED) */
#define KD_MISSING_NUM 0x9ffffu /* never registered */

enum kd_counts { KD_UPCALLS = 3, KD_RO = 2, KD_RW = 2, KD_GRANT_SIZE = 24 };

/* Commands of the test driver. */
enum kd_command {
    KD_CMD_EXISTS = 0,    /* Success */
    KD_CMD_SCHEDULE = 1,  /* schedule upcall arg0 with (arg1, 2, 3); Success or Failure(err) */
    KD_CMD_ECHO = 2,      /* Success+2xu32(arg0, arg1) */
    KD_CMD_TERMINATE = 3, /* terminate the caller, then Success */
    KD_CMD_RESTART = 4,   /* try_restart the caller, then Success */
    KD_CMD_VARIANT = 5,   /* return the result kd->next_result */
    KD_CMD_DEFER = 6,     /* schedule kd->deferred (counts kd->deferred_runs) */
};

struct kd {
    struct tk_driver driver;
    struct tk_driver nogrant;
    struct tk_cmd_return next_result;
    unsigned grant_inits, process_gone, ur_calls;
    uint64_t ur_addr, ur_len; /* the userspace-readable slot (one per driver) */
    bool ur_supported;
    struct tk_deferred_call deferred;
    unsigned deferred_runs;
};

/* Register both test drivers with `k` (before processes exist). */
void kd_register(struct tk_kernel *k, struct kd *kd);

/* fx_kernel_init, kd_register and one fixture process "app" (default RAM). */
struct tk_process *kd_setup(struct tk_kernel *k, struct kd *kd);

/* Schedule upcall `number` of the test driver on `p` with (a0, 2, 3). */
int kd_schedule(struct kd *kd, struct tk_process *p, unsigned number, uint32_t a0);

/* Records events of one kernel. */
#define KD_MAX_EVENTS 64
struct kd_events {
    struct tk_event ev[KD_MAX_EVENTS];
    unsigned count;
    char debug[4][128]; /* the first debug lines */
    unsigned debug_count;
};
void kd_record_events(struct tk_kernel *k, struct kd_events *rec);
/* Number of recorded events of `kind`. */
unsigned kd_event_count(const struct kd_events *rec, enum tk_event_kind kind);

#endif
