/* private to libtock-host: one-call wrappers shared by the driver files.
 *
 * libtock-c repeats "syscall, then convert the result" in every
 * *_syscalls.c; here each driver wrapper is one call to one of these.
 * All return a returncode_t-valued int (0 or a negated ErrorCode, or
 * RETURNCODE_EBADRVAL for an unexpected variant).
 */
#pragma once

#include "libtock/tock.h"

/* Command whose only success variant is SUCCESS. */
static inline int lth_command_novalue(uint32_t driver, uint32_t command_num, int arg1, int arg2)
{
    return tock_command_return_novalue_to_returncode(command(driver, command_num, arg1, arg2));
}

/* Command whose only success variant is SUCCESS_U32; *value is written only
 * on success. */
static inline int lth_command_u32(uint32_t driver, uint32_t command_num, int arg1, int arg2,
                                  uint32_t *value)
{
    return tock_command_return_u32_to_returncode(command(driver, command_num, arg1, arg2), value);
}

static inline int lth_subscribe(uint32_t driver, uint32_t subscribe_num, subscribe_upcall upcall,
                                void *userdata)
{
    return tock_subscribe_return_to_returncode(subscribe(driver, subscribe_num, upcall, userdata));
}

static inline int lth_allow_rw(uint32_t driver, uint32_t allow_num, void *buffer, size_t len)
{
    return tock_allow_rw_return_to_returncode(allow_readwrite(driver, allow_num, buffer, len));
}

static inline int lth_allow_ro(uint32_t driver, uint32_t allow_num, const void *buffer, size_t len)
{
    return tock_allow_ro_return_to_returncode(allow_readonly(driver, allow_num, buffer, len));
}
