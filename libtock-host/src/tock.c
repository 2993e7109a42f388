/* Pure-C helpers of libtock-c's tock.h: result decoding, memop wrappers.
 *
 * Owns everything in libtock/tock.h except the 11 syscall functions, which
 * live in syscalls.c. Counterpart: tock/libtock-c libtock/tock.c @497ea7cf
 * (its non-asm half). Spec: libtock-c-surface.md §1.2.
 */
#include "libtock/tock.h"

#include <stdio.h>
#include <stdlib.h>

returncode_t tock_status_to_returncode(statuscode_t status)
{
    /* ReturnCode numbering is the negated ErrorCode, and both use 0 for success. */
    return (returncode_t) - (int)status;
}

/* Shared by the command decoders: the result of a variant that is neither the
 * expected success nor a plain failure. */
static int unexpected_or_failure(syscall_return_t ret)
{
    if (ret.type == TOCK_SYSCALL_FAILURE)
        return tock_status_to_returncode((statuscode_t)ret.data[0]);
    return RETURNCODE_EBADRVAL;
}

int tock_command_return_novalue_to_returncode(syscall_return_t ret)
{
    if (ret.type != TOCK_SYSCALL_SUCCESS)
        return unexpected_or_failure(ret);
    return RETURNCODE_SUCCESS;
}

int tock_command_return_u32_to_returncode(syscall_return_t ret, uint32_t *val)
{
    if (ret.type != TOCK_SYSCALL_SUCCESS_U32)
        return unexpected_or_failure(ret);
    *val = ret.data[0];
    return RETURNCODE_SUCCESS;
}

int tock_command_return_u32_u32_to_returncode(syscall_return_t ret, uint32_t *val1, uint32_t *val2)
{
    if (ret.type != TOCK_SYSCALL_SUCCESS_U32_U32)
        return unexpected_or_failure(ret);
    *val1 = ret.data[0];
    *val2 = ret.data[1];
    return RETURNCODE_SUCCESS;
}

int tock_command_return_u64_to_returncode(syscall_return_t command_return, uint64_t *val)
{
    if (command_return.type != TOCK_SYSCALL_SUCCESS_U64)
        return unexpected_or_failure(command_return);
    /* Kernel ABI: r1 holds the low word, r2 the high word. */
    *val = ((uint64_t)command_return.data[1] << 32) | command_return.data[0];
    return RETURNCODE_SUCCESS;
}

/* The decoded subscribe/allow results share one rule: success, or the status. */
static int success_or_status(bool success, statuscode_t status)
{
    return success ? RETURNCODE_SUCCESS : tock_status_to_returncode(status);
}

int tock_subscribe_return_to_returncode(subscribe_return_t ret)
{
    return success_or_status(ret.success, ret.status);
}

int tock_allow_rw_return_to_returncode(allow_rw_return_t ret)
{
    return success_or_status(ret.success, ret.status);
}

int tock_allow_ro_return_to_returncode(allow_ro_return_t ret)
{
    return success_or_status(ret.success, ret.status);
}

int tock_allow_userspace_r_return_to_returncode(allow_userspace_r_return_t ret)
{
    return success_or_status(ret.success, ret.status);
}

void yield_for(bool *cond)
{
    /* The flag is set by an upcall, and upcalls run only inside yield(). */
    while (!*cond)
        yield();
}

/* One memop returning a value, or 0 when the kernel refused it. */
static uintptr_t memop_value(uint32_t op, uintptr_t arg)
{
    memop_return_t ret = memop(op, arg);
    return ret.status == TOCK_STATUSCODE_SUCCESS ? ret.data : 0;
}

void *tock_app_memory_begins_at(void)
{
    return (void *)memop_value(TK_MEMOP_MEMORY_START, 0);
}

void *tock_app_memory_ends_at(void)
{
    return (void *)memop_value(TK_MEMOP_MEMORY_END, 0);
}

void *tock_app_flash_begins_at(void)
{
    return (void *)memop_value(TK_MEMOP_FLASH_START, 0);
}

void *tock_app_flash_ends_at(void)
{
    return (void *)memop_value(TK_MEMOP_FLASH_END, 0);
}

void *tock_app_grant_begins_at(void)
{
    return (void *)memop_value(TK_MEMOP_GRANT_START, 0);
}

int tock_app_number_writeable_flash_regions(void)
{
    return (int)memop_value(TK_MEMOP_FLASH_REGION_COUNT, 0);
}

void *tock_app_writeable_flash_region_begins_at(int region_index)
{
    /* As libtock-c: the int is passed through as the register value. */
    return (void *)memop_value(TK_MEMOP_FLASH_REGION_START, (uintptr_t)region_index);
}

void *tock_app_writeable_flash_region_ends_at(int region_index)
{
    return (void *)memop_value(TK_MEMOP_FLASH_REGION_END, (uintptr_t)region_index);
}

bool driver_exists(uint32_t driver)
{
    /* Command 0 is the existence check; drivers answer with any success
     * variant (LED and button return their count). */
    syscall_return_t ret = command(driver, 0, 0, 0);
    return ret.type >= TOCK_SYSCALL_SUCCESS;
}

const char *tock_strerr(statuscode_t status)
{
    return tock_strrcode(tock_status_to_returncode(status));
}

const char *tock_strrcode(returncode_t returncode)
{
    /* Indexed by -returncode. The texts match libtock-c's so app output is
     * byte-identical on the host and on hardware. */
    static const char *const names[] = {
        "Success",
        "Unknown Error",
        "Underlying system is busy; retry",
        "The state requested is already set",
        "The component is powered down",
        "Reservation required before use",
        "An invalid parameter was passed",
        "Parameter passed was too large",
        "Operation cancelled by a call",
        "Memory required not available",
        "Operation or command is unsupported",
        "Device does not exist",
        "Device is not physically installed",
        "Packet transmission not acknowledged",
    };
    int index = -(int)returncode;

    if (returncode == RETURNCODE_EBADRVAL)
        return "Invalid SyscallReturn variant";
    if (index < 0 || (size_t)index >= sizeof(names) / sizeof(names[0]))
        return "Invalid error number";
    return names[index];
}

void tock_expect(int expected, int actual, const char *file, unsigned line)
{
    if (expected == actual)
        return;
    printf("Expectation failure in \"%s\" at line %u\n", file, line);
    printf("Expected value: %d\n", expected);
    printf(" But got value: %d (possible error: %s)\n", actual,
           tock_strrcode((returncode_t)actual));
    exit(1);
}
