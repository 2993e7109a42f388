/* System call classes, return variants and the constructors capsules use.
 *
 * Mirrors tock/tock kernel/src/syscall.rs and utilities/arch_helpers.rs
 * @65608d71 (spec §1.1-§1.3). Registers are carried 64 bits wide so that host
 * pointers (subscribe function pointers, allow addresses) fit; every value the
 * 32-bit kernel would produce fits in the low 32 bits.
 */
#ifndef TK_SYSCALL_H
#define TK_SYSCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "errorcode.h"
#include "tock_abi.h" /* the numbers; shared with libtock-host */

/* One system call as the process issued it: class id and r0-r3. */
struct tk_syscall {
    uint32_t class_id;
    uint64_t arg[4];
};

/* What the kernel writes back into r0-r3. Registers whose bit is clear in
 * `written` are left as the process passed them (spec §1.3, §10.12). */
struct tk_syscall_return {
    uint64_t reg[4];
    uint8_t written; /* bit i set: reg[i] is written */
};

/* A command's result. Capsules build it only through the constructors below,
 * so a command can never forge a subscribe or allow variant (Tock
 * CommandReturn). */
struct tk_cmd_return {
    uint32_t variant;
    uint32_t data[3];
};

static inline struct tk_cmd_return tk_cmd_failure(enum tk_errorcode e)
{
    return (struct tk_cmd_return){TK_RV_FAILURE, {e, 0, 0}};
}
static inline struct tk_cmd_return tk_cmd_failure_u32(enum tk_errorcode e, uint32_t a)
{
    return (struct tk_cmd_return){TK_RV_FAILURE_U32, {e, a, 0}};
}
static inline struct tk_cmd_return tk_cmd_failure_u32_u32(enum tk_errorcode e, uint32_t a,
                                                          uint32_t b)
{
    return (struct tk_cmd_return){TK_RV_FAILURE_U32_U32, {e, a, b}};
}
static inline struct tk_cmd_return tk_cmd_failure_u64(enum tk_errorcode e, uint64_t a)
{
    return (struct tk_cmd_return){TK_RV_FAILURE_U64, {e, (uint32_t)a, (uint32_t)(a >> 32)}};
}
static inline struct tk_cmd_return tk_cmd_success(void)
{
    return (struct tk_cmd_return){TK_RV_SUCCESS, {0, 0, 0}};
}
static inline struct tk_cmd_return tk_cmd_success_u32(uint32_t a)
{
    return (struct tk_cmd_return){TK_RV_SUCCESS_U32, {a, 0, 0}};
}
static inline struct tk_cmd_return tk_cmd_success_u32_u32(uint32_t a, uint32_t b)
{
    return (struct tk_cmd_return){TK_RV_SUCCESS_U32_U32, {a, b, 0}};
}
static inline struct tk_cmd_return tk_cmd_success_u64(uint64_t a)
{
    return (struct tk_cmd_return){TK_RV_SUCCESS_U64, {(uint32_t)a, (uint32_t)(a >> 32), 0}};
}
static inline struct tk_cmd_return tk_cmd_success_u32_u32_u32(uint32_t a, uint32_t b, uint32_t c)
{
    return (struct tk_cmd_return){TK_RV_SUCCESS_U32_U32_U32, {a, b, c}};
}
static inline struct tk_cmd_return tk_cmd_success_u32_u64(uint32_t a, uint64_t b)
{
    return (struct tk_cmd_return){TK_RV_SUCCESS_U32_U64, {a, (uint32_t)b, (uint32_t)(b >> 32)}};
}
/* Result of a failed grant entry or a process error, mapped as spec §1.4. */
static inline struct tk_cmd_return tk_cmd_from_status(int status)
{
    return status == 0 ? tk_cmd_success() : tk_cmd_failure((enum tk_errorcode)status);
}

/* Encode a command result into registers (arch_helpers
 * encode_syscall_return_trd104): r0 = variant, then only the registers that
 * variant defines. */
struct tk_syscall_return tk_cmd_return_encode(struct tk_cmd_return rv);

/* Name of a class ("command") and of a return variant ("SUCCESS_U32"). */
const char *tk_syscall_class_name(uint32_t class_id);
const char *tk_return_variant_name(uint32_t variant);

#endif
