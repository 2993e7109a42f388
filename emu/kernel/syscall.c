/* Return-variant encoding and the names of classes and variants.
 *
 * Mirrors tock/tock kernel/src/utilities/arch_helpers.rs
 * encode_syscall_return_trd104 and kernel/src/syscall.rs @65608d71 (spec
 * §1.1, §1.3). Only the registers a variant defines are marked written; the
 * others keep what the process passed (spec §10.12).
 */
#include "kernel-internal.h"
#include "syscall.h"

/* Registers after r0 that each variant defines (spec §1.3 table). */
static unsigned variant_data_registers(uint32_t variant)
{
    switch (variant) {
    case TK_RV_FAILURE:
    case TK_RV_SUCCESS_U32:
        return 1;
    case TK_RV_FAILURE_U32:
    case TK_RV_SUCCESS_U32_U32:
    case TK_RV_SUCCESS_U64:
        return 2;
    case TK_RV_FAILURE_U32_U32:
    case TK_RV_FAILURE_U64:
    case TK_RV_SUCCESS_U32_U32_U32:
    case TK_RV_SUCCESS_U32_U64:
        return 3;
    default:
        return 0;
    }
}

/* A variant with up to three data registers; `data` are full 64-bit words
 * because subscribe/allow pointers and memop addresses are host pointers. */
static struct tk_syscall_return encode(uint32_t variant, uint64_t d0, uint64_t d1, uint64_t d2)
{
    struct tk_syscall_return ret = {{variant, d0, d1, d2}, 0};
    unsigned n = variant_data_registers(variant);

    ret.written = (uint8_t)((1u << (n + 1)) - 1);
    for (unsigned i = n + 1; i < 4; i++)
        ret.reg[i] = 0;
    return ret;
}

struct tk_syscall_return tk_cmd_return_encode(struct tk_cmd_return rv)
{
    return encode(rv.variant, rv.data[0], rv.data[1], rv.data[2]);
}

struct tk_syscall_return tk__ret_failure(enum tk_errorcode e)
{
    return encode(TK_RV_FAILURE, (uint64_t)e, 0, 0);
}

struct tk_syscall_return tk__ret_failure2(enum tk_errorcode e, uint64_t a, uint64_t b)
{
    return encode(TK_RV_FAILURE_U32_U32, (uint64_t)e, a, b);
}

struct tk_syscall_return tk__ret_success(void)
{
    return encode(TK_RV_SUCCESS, 0, 0, 0);
}

/* Deviation: "Success + u32" carries a full 64-bit address in r1 (memop),
 * since host addresses do not fit 32 bits. */
struct tk_syscall_return tk__ret_success1(uint64_t a)
{
    return encode(TK_RV_SUCCESS_U32, a, 0, 0);
}

struct tk_syscall_return tk__ret_success2(uint64_t a, uint64_t b)
{
    return encode(TK_RV_SUCCESS_U32_U32, a, b, 0);
}

const char *tk_syscall_class_name(uint32_t class_id)
{
    static const char *const names[TK_CLASS_COUNT] = {
        "yield", "subscribe", "command", "allow_rw", "allow_ro", "memop", "exit", "allow_ur",
    };
    return class_id < TK_CLASS_COUNT ? names[class_id] : "unknown";
}

const char *tk_return_variant_name(uint32_t variant)
{
    switch (variant) {
    case TK_RV_FAILURE:
        return "FAILURE";
    case TK_RV_FAILURE_U32:
        return "FAILURE_U32";
    case TK_RV_FAILURE_U32_U32:
        return "FAILURE_U32_U32";
    case TK_RV_FAILURE_U64:
        return "FAILURE_U64";
    case TK_RV_SUCCESS:
        return "SUCCESS";
    case TK_RV_SUCCESS_U32:
        return "SUCCESS_U32";
    case TK_RV_SUCCESS_U32_U32:
        return "SUCCESS_U32_U32";
    case TK_RV_SUCCESS_U64:
        return "SUCCESS_U64";
    case TK_RV_SUCCESS_U32_U32_U32:
        return "SUCCESS_U32_U32_U32";
    case TK_RV_SUCCESS_U32_U64:
        return "SUCCESS_U32_U64";
    default:
        return "UNKNOWN";
    }
}
