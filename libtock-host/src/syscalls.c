/* The 11 system-call functions of libtock-c, over the tockemu channel.
 *
 * Mirrors libtock-c libtock/crt0 arch syscall stubs (arch/arm, arch/riscv
 * in tock.c): same signatures and the same return decoding that the asm
 * functions do on a board (libtock-c-surface §1.1). Pointers travel 64 bits
 * wide; everything else is the 32-bit ABI.
 */
#include <stdio.h>
#include <stdlib.h>

#include "libtock/tock.h"
#include "lth.h"

void yield(void)
{
    uint64_t r[4];
    lth__syscall(TK_CLASS_YIELD, TK_YIELD_WAIT, 0, 0, 0, r);
}

int yield_no_wait(void)
{
    /* The kernel writes the flag only if the byte lies in app RAM; the stack
     * is in app RAM. Preset 0 so "not written" reads as "nothing ran". */
    volatile uint8_t result = 0;
    uint64_t r[4];
    lth__syscall(TK_CLASS_YIELD, TK_YIELD_NO_WAIT, (uint64_t)(uintptr_t)&result, 0, 0, r);
    return result;
}

yield_waitfor_return_t yield_wait_for(uint32_t driver, uint32_t subscribe)
{
    uint64_t r[4];
    lth__syscall(TK_CLASS_YIELD, TK_YIELD_WAIT_FOR, driver, subscribe, 0, r);
    return (yield_waitfor_return_t){(uint32_t)r[0], (uint32_t)r[1], (uint32_t)r[2]};
}

/* Exit never returns: the emulator ends this process. If it ever answered
 * (it does only for an invalid exit number), ask again. */
static void __attribute__((noreturn)) exit_syscall(uint32_t how, uint32_t completion_code)
{
    fflush(NULL);
    for (;;) {
        uint64_t r[4];
        lth__syscall(TK_CLASS_EXIT, how, completion_code, 0, 0, r);
    }
}

void tock_exit(uint32_t completion_code)
{
    exit_syscall(TK_EXIT_TERMINATE, completion_code);
}

void tock_restart(uint32_t completion_code)
{
    exit_syscall(TK_EXIT_RESTART, completion_code);
}

syscall_return_t command(uint32_t driver, uint32_t command, int arg1, int arg2)
{
    uint64_t r[4];
    lth__syscall(TK_CLASS_COMMAND, driver, command, (uint32_t)arg1, (uint32_t)arg2, r);
    return (syscall_return_t){(syscall_rtype_t)(uint32_t)r[0],
                              {(uint32_t)r[1], (uint32_t)r[2], (uint32_t)r[3]}};
}

/* Subscribe and the three allows share one decoding: Success+2×u32 gives
 * the previous pair, Failure+2×u32 gives status plus the pair passed in,
 * anything else is a protocol violation and ends the app, as in libtock-c. */
struct pair_return {
    bool success;
    uint64_t a, b;
    statuscode_t status;
};

static struct pair_return pair_syscall(uint32_t class_id, uint32_t driver, uint32_t number,
                                       uint64_t a, uint64_t b, int bad_variant_exit)
{
    uint64_t r[4];
    lth__syscall(class_id, driver, number, a, b, r);
    switch ((uint32_t)r[0]) {
    case TOCK_SYSCALL_SUCCESS_U32_U32:
        return (struct pair_return){true, r[1], r[2], TOCK_STATUSCODE_SUCCESS};
    case TOCK_SYSCALL_FAILURE_U32_U32:
        return (struct pair_return){false, r[2], r[3], (statuscode_t)(uint32_t)r[1]};
    default:
        exit(bad_variant_exit);
    }
}

subscribe_return_t subscribe(uint32_t driver, uint32_t subscribe, subscribe_upcall uc,
                             void *userdata)
{
    struct pair_return p = pair_syscall(TK_CLASS_SUBSCRIBE, driver, subscribe,
                                        (uint64_t)(uintptr_t)uc, (uint64_t)(uintptr_t)userdata, 1);
    return (subscribe_return_t){p.success, (subscribe_upcall *)(uintptr_t)p.a,
                                (void *)(uintptr_t)p.b, p.status};
}

allow_rw_return_t allow_readwrite(uint32_t driver, uint32_t allow, void *ptr, size_t size)
{
    struct pair_return p =
        pair_syscall(TK_CLASS_ALLOW_RW, driver, allow, (uint64_t)(uintptr_t)ptr, size, 1);
    return (allow_rw_return_t){p.success, (void *)(uintptr_t)p.a, (size_t)p.b, p.status};
}

allow_userspace_r_return_t allow_userspace_read(uint32_t driver, uint32_t allow, void *ptr,
                                                size_t size)
{
    struct pair_return p =
        pair_syscall(TK_CLASS_ALLOW_UR, driver, allow, (uint64_t)(uintptr_t)ptr, size, -1);
    return (allow_userspace_r_return_t){p.success, (void *)(uintptr_t)p.a, (size_t)p.b, p.status};
}

allow_ro_return_t allow_readonly(uint32_t driver, uint32_t allow, const void *ptr, size_t size)
{
    struct pair_return p =
        pair_syscall(TK_CLASS_ALLOW_RO, driver, allow, (uint64_t)(uintptr_t)ptr, size, 1);
    return (allow_ro_return_t){p.success, (const void *)(uintptr_t)p.a, (size_t)p.b, p.status};
}

memop_return_t memop(uint32_t op_type, uintptr_t arg1)
{
    uint64_t r[4];
    lth__syscall(TK_CLASS_MEMOP, op_type, arg1, 0, 0, r);
    switch ((uint32_t)r[0]) {
    case TOCK_SYSCALL_SUCCESS:
        return (memop_return_t){TOCK_STATUSCODE_SUCCESS, 0};
    case TOCK_SYSCALL_SUCCESS_U32:
        return (memop_return_t){TOCK_STATUSCODE_SUCCESS, (uintptr_t)r[1]};
    case TOCK_SYSCALL_FAILURE:
        return (memop_return_t){(statuscode_t)(uint32_t)r[1], 0};
    default:
        exit(1);
    }
}
