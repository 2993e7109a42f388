/* The Tock system-call ABI as numbers: classes, yield, exit and memop
 * operations, return variants.
 *
 * Mirrors tock/tock kernel/src/syscall.rs, kernel/src/memop.rs and
 * utilities/arch_helpers.rs @65608d71 (spec §1.1-§1.3, §4). Both sides of the
 * syscall boundary include this one header: the kernel (emu/kernel/syscall.h)
 * and the app runtime (libtock-host), so the numbers cannot drift apart. Plain
 * ISO C, no other include, so an app can include it.
 */
#ifndef TK_ABI_H
#define TK_ABI_H

enum tk_syscall_class {
    TK_CLASS_YIELD = 0,
    TK_CLASS_SUBSCRIBE = 1,
    TK_CLASS_COMMAND = 2,
    TK_CLASS_ALLOW_RW = 3,
    TK_CLASS_ALLOW_RO = 4,
    TK_CLASS_MEMOP = 5,
    TK_CLASS_EXIT = 6,
    TK_CLASS_ALLOW_UR = 7,
    TK_CLASS_COUNT = 8,
};

/* Yield's r0. */
enum tk_yield_kind { TK_YIELD_NO_WAIT = 0, TK_YIELD_WAIT = 1, TK_YIELD_WAIT_FOR = 2 };

/* Exit's r0. */
enum tk_exit_kind { TK_EXIT_TERMINATE = 0, TK_EXIT_RESTART = 1 };

/* Memop's r0 (kernel/src/memop.rs). */
enum tk_memop_op {
    TK_MEMOP_BRK = 0,
    TK_MEMOP_SBRK = 1,
    TK_MEMOP_MEMORY_START = 2,
    TK_MEMOP_MEMORY_END = 3,
    TK_MEMOP_FLASH_START = 4,
    TK_MEMOP_FLASH_END = 5,
    TK_MEMOP_GRANT_START = 6,
    TK_MEMOP_FLASH_REGION_COUNT = 7,
    TK_MEMOP_FLASH_REGION_START = 8,
    TK_MEMOP_FLASH_REGION_END = 9,
    TK_MEMOP_STACK_START = 10,
    TK_MEMOP_HEAP_START = 11,
};

/* The return variant in r0; failure variants are below 128. */
enum tk_return_variant {
    TK_RV_FAILURE = 0,
    TK_RV_FAILURE_U32 = 1,
    TK_RV_FAILURE_U32_U32 = 2,
    TK_RV_FAILURE_U64 = 3,
    TK_RV_SUCCESS = 128,
    TK_RV_SUCCESS_U32 = 129,
    TK_RV_SUCCESS_U32_U32 = 130,
    TK_RV_SUCCESS_U64 = 131,
    TK_RV_SUCCESS_U32_U32_U32 = 132,
    TK_RV_SUCCESS_U32_U64 = 133,
};

#endif
