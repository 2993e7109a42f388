/* The app side of the syscall channel: trap into the emulator and back.
 *
 * Mirrors what a Tock arch crate's syscall entry does (arch/cortex-m
 * svc_handler, switch_to_process), over the mailbox of emu/process/channel.h
 * instead of a supervisor call. Preemption and faults need nothing here:
 * the kernel stops and continues the process with SIGSTOP/SIGCONT, and the
 * loader's handlers report faults (emu/process/loader.c).
 */
#include <stddef.h>
#include <string.h>

#include "lth.h"

struct lth_runtime lth__rt;

typedef void (*lth_upcall_fn)(int, int, int, void *);

/* Hand the turn to the kernel and wait for it back. */
static void trap_to_kernel(struct emu_mailbox *mb, uint32_t trap)
{
    mb->trap = trap;
    emu_channel_give(mb, EMU_TURN_KERNEL, &mb->kernel_waiting);
    while (emu_channel_wait(mb, EMU_TURN_APP, &mb->app_waiting, EMU_CHANNEL_SPINS, NULL) != 0)
        ;
}

void lth__syscall_on(struct emu_mailbox *mb, uint32_t class_id, uint64_t a0, uint64_t a1,
                     uint64_t a2, uint64_t a3, uint64_t ret[4])
{
    mb->class_id = class_id;
    mb->arg[0] = a0;
    mb->arg[1] = a1;
    mb->arg[2] = a2;
    mb->arg[3] = a3;
    /* The kernel keeps the lowest stack pointer it saw for the process
     * console's memory map, as Tock notes it at every switch back. */
    mb->fault_sp = (uint64_t)(uintptr_t)__builtin_frame_address(0);
    trap_to_kernel(mb, EMU_TRAP_SYSCALL);

    /* Registers the kernel does not write keep what the caller passed. */
    ret[0] = a0;
    ret[1] = a1;
    ret[2] = a2;
    ret[3] = a3;
    for (unsigned i = 0; i < 4; i++)
        if (mb->written & (1u << i))
            ret[i] = mb->ret[i];
}

void lth__syscall(uint32_t class_id, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t ret[4])
{
    struct emu_mailbox *mb = lth__rt.mailbox;
    lth__syscall_on(mb, class_id, a0, a1, a2, a3, ret);

    /* A yield that delivers an upcall returns when the upcall returns; the
     * upcall may itself yield (libtock-c relies on that re-entrancy). */
    if (mb->op == EMU_OP_UPCALL) {
        uint64_t pc = mb->pc;
        uint64_t up[4] = {mb->ret[0], mb->ret[1], mb->ret[2], mb->ret[3]};
        ((lth_upcall_fn)(uintptr_t)pc)((int)up[0], (int)up[1], (int)up[2],
                                       (void *)(uintptr_t)up[3]);
    }
}

void lth__abort_on(struct emu_mailbox *mb, const char *msg, uint64_t pc)
{
    size_t n = strlen(msg);
    if (n >= sizeof mb->message)
        n = sizeof mb->message - 1;
    memcpy(mb->message, msg, n);
    mb->message[n] = '\0';
    mb->fault_pc = pc;
    mb->fault_sp = (uint64_t)(uintptr_t)__builtin_frame_address(0);
    for (;;)
        trap_to_kernel(mb, EMU_TRAP_ABORT);
}
