/* The syscall channel: one shared mailbox page per process.
 *
 * Shared by emu/process/ (the kernel side) and libtock-host/ (the app side);
 * nothing else may include it. The app and the emulator never run at the same
 * time: `turn` says whose it is, and the side that is waiting spins briefly,
 * then sleeps on it as a futex.
 *
 *   app                                   emulator
 *   fill class/arg, turn = KERNEL  --->   sees KERNEL: dispatch
 *   wait for turn == APP           <---   fill op/ret or upcall, turn = APP
 *
 * Everything is little-endian host order and fixed width, pointers 64-bit.
 */
#ifndef EMU_CHANNEL_H
#define EMU_CHANNEL_H

#include <stdint.h>

#define EMU_CHANNEL_MAGIC 0x544f434bu /* "TOCK" */
#define EMU_CHANNEL_VERSION 1u

/* File descriptors the child inherits across exec, and the environment
 * variable that names them ("mailbox,ram,flash"). */
#define EMU_CHANNEL_ENV "TOCKEMU_CHANNEL"

enum emu_turn { EMU_TURN_APP = 0, EMU_TURN_KERNEL = 1 };

/* What the app reports when it hands the turn to the kernel. */
enum emu_trap {
    EMU_TRAP_ATTACH = 1,  /* start-up done; waiting for the init call */
    EMU_TRAP_SYSCALL = 2, /* class + arg[] hold a system call */
    EMU_TRAP_PREEMPTED = 3, /* the timeslice signal arrived while computing */
    EMU_TRAP_FAULT = 4,   /* fault_* hold a CPU exception */
};

/* What the kernel asks of the app when it hands the turn back. */
enum emu_op {
    EMU_OP_START = 1,    /* init call: arg = (app start, mem start, mem len, break) */
    EMU_OP_RETURN = 2,   /* syscall returns: ret[i] valid where `written` bit i set */
    EMU_OP_UPCALL = 3,   /* call pc(arg0..arg3), then return from the yield */
    EMU_OP_CONTINUE = 4, /* resume after preemption */
};

struct emu_mailbox {
    uint32_t magic, version;
    uint32_t turn;          /* futex word: enum emu_turn */
    uint32_t kernel_waiting; /* futex word hint: 1 while the kernel sleeps */
    uint32_t app_waiting;   /* 1 while the app sleeps */
    uint32_t preempt_armed; /* 1 while the app computes and may be preempted */

    /* app -> kernel */
    uint32_t trap;
    uint32_t class_id;
    uint64_t arg[4];
    int32_t fault_signal, fault_code;
    uint64_t fault_addr, fault_pc;
    uint32_t fault_access; /* enum tk_access */
    uint32_t pad0;
    uint64_t stack_pointer; /* at the trap, for the process printer */

    /* kernel -> app */
    uint32_t op;
    uint32_t written;
    uint64_t ret[4];
    uint64_t pc;
    uint64_t app_break; /* MPU boundary to apply before running app code */

    /* Set once by the kernel before the child runs. */
    uint64_t memory_start, memory_len, flash_start, flash_len;
};

#endif
