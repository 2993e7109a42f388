/* libtock-c's core syscall surface (types, the 11 syscalls, helpers).
 *
 * Same public names, types and signatures as tock/libtock-c libtock/tock.h
 * @497ea7cf so that libtock-c drivers and apps compile unchanged on the host.
 * Spec: libtock-c surface §1.1 (the 11 functions and their return
 * decoding), §1.2 (the pure-C helpers).
 *
 * Who implements what:
 *   the 11 syscall functions      libtock-host/src/syscalls.c (the lead)
 *   the helpers below them        libtock-host/src/tock.c
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tock_abi.h" /* the kernel's own syscall numbers */

#ifdef __cplusplus
extern "C" {
#endif

/* An upcall as the kernel delivers it: three driver-defined arguments and
 * the userdata pointer given at subscribe time. */
typedef void(subscribe_upcall)(int, int, int, void *);

/* The SyscallReturn variant the kernel put in r0 (kernel
 * kernel/src/syscall.rs SyscallReturnVariant). Failure variants are < 128. */
typedef enum {
    TOCK_SYSCALL_FAILURE = TK_RV_FAILURE,
    TOCK_SYSCALL_FAILURE_U32 = TK_RV_FAILURE_U32,
    TOCK_SYSCALL_FAILURE_U32_U32 = TK_RV_FAILURE_U32_U32,
    TOCK_SYSCALL_FAILURE_U64 = TK_RV_FAILURE_U64,
    TOCK_SYSCALL_SUCCESS = TK_RV_SUCCESS,
    TOCK_SYSCALL_SUCCESS_U32 = TK_RV_SUCCESS_U32,
    TOCK_SYSCALL_SUCCESS_U32_U32 = TK_RV_SUCCESS_U32_U32,
    TOCK_SYSCALL_SUCCESS_U64 = TK_RV_SUCCESS_U64,
    TOCK_SYSCALL_SUCCESS_U32_U32_U32 = TK_RV_SUCCESS_U32_U32_U32,
    TOCK_SYSCALL_SUCCESS_U32_U64 = TK_RV_SUCCESS_U32_U64
} syscall_rtype_t;

/* C-style result: 0 on success, minus the kernel ErrorCode on failure, and
 * RETURNCODE_EBADRVAL when the kernel answered with a variant the caller did
 * not expect. */
typedef enum {
    RETURNCODE_SUCCESS = 0,
    RETURNCODE_FAIL = -1,
    RETURNCODE_EBUSY = -2,
    RETURNCODE_EALREADY = -3,
    RETURNCODE_EOFF = -4,
    RETURNCODE_ERESERVE = -5,
    RETURNCODE_EINVAL = -6,
    RETURNCODE_ESIZE = -7,
    RETURNCODE_ECANCEL = -8,
    RETURNCODE_ENOMEM = -9,
    RETURNCODE_ENOSUPPORT = -10,
    RETURNCODE_ENODEVICE = -11,
    RETURNCODE_EUNINSTALLED = -12,
    RETURNCODE_ENOACK = -13,
    RETURNCODE_EBADRVAL = -1024
} returncode_t;

/* The kernel's StatusCode: ErrorCode numbering (kernel/src/errorcode.rs)
 * with 0 meaning success. */
typedef enum {
    TOCK_STATUSCODE_SUCCESS = 0,
    TOCK_STATUSCODE_FAIL = 1,
    TOCK_STATUSCODE_BUSY = 2,
    TOCK_STATUSCODE_ALREADY = 3,
    TOCK_STATUSCODE_OFF = 4,
    TOCK_STATUSCODE_RESERVE = 5,
    TOCK_STATUSCODE_INVAL = 6,
    TOCK_STATUSCODE_SIZE = 7,
    TOCK_STATUSCODE_CANCEL = 8,
    TOCK_STATUSCODE_NOMEM = 9,
    TOCK_STATUSCODE_NOSUPPORT = 10,
    TOCK_STATUSCODE_NODEVICE = 11,
    TOCK_STATUSCODE_UNINSTALLED = 12,
    TOCK_STATUSCODE_NOACK = 13,
} statuscode_t;

/* Raw Command result: the variant and registers r1..r3, undecoded. */
typedef struct {
    syscall_rtype_t type;
    uint32_t data[3];
} syscall_return_t;

/* Decoded Subscribe result. On success callback/userdata are the previous
 * subscription; on failure they are the ones passed in and status says why. */
typedef struct {
    bool success;
    subscribe_upcall *callback;
    void *userdata;
    statuscode_t status;
} subscribe_return_t;

/* Decoded Allow results, same convention as subscribe_return_t: the previous
 * buffer on success, the rejected buffer plus status on failure. */
typedef struct {
    bool success;
    void *ptr;
    size_t size;
    statuscode_t status;
} allow_rw_return_t;

typedef struct {
    bool success;
    const void *ptr;
    size_t size;
    statuscode_t status;
} allow_ro_return_t;

typedef struct {
    bool success;
    void *ptr;
    size_t size;
    statuscode_t status;
} allow_userspace_r_return_t;

/* Decoded Memop result; data is meaningful only when status is SUCCESS. */
typedef struct {
    statuscode_t status;
    uintptr_t data;
} memop_return_t;

/* The three arguments of the upcall a Yield-WaitFor consumed. */
typedef struct {
    uint32_t data0;
    uint32_t data1;
    uint32_t data2;
} yield_waitfor_return_t;

/* ---- Result conversions (tock.c) ---------------------------------------- */

/* Maps a StatusCode to the matching returncode_t (negation). */
returncode_t tock_status_to_returncode(statuscode_t);

/* The following decode a Command result whose only success variant is the
 * one named. They return RETURNCODE_SUCCESS and fill the out-parameters, the
 * negated status for TOCK_SYSCALL_FAILURE (out-parameters untouched), or
 * RETURNCODE_EBADRVAL for any other variant (out-parameters untouched). */
int tock_command_return_novalue_to_returncode(syscall_return_t);
int tock_command_return_u32_to_returncode(syscall_return_t, uint32_t *);
int tock_command_return_u32_u32_to_returncode(syscall_return_t, uint32_t *, uint32_t *);
int tock_command_return_u64_to_returncode(syscall_return_t command_return, uint64_t *val);

/* RETURNCODE_SUCCESS when the call succeeded, else the negated status. */
int tock_subscribe_return_to_returncode(subscribe_return_t);
int tock_allow_rw_return_to_returncode(allow_rw_return_t);
int tock_allow_ro_return_to_returncode(allow_ro_return_t);
int tock_allow_userspace_r_return_to_returncode(allow_userspace_r_return_t);

/* ---- Yield -------------------------------------------------------------- */

/* Yield-Wait: sleeps until one upcall has run (syscalls.c). */
void yield(void);
/* Calls yield() until *cond is true; returns at once if it already is. */
void yield_for(bool *);
/* Yield-NoWait: runs one queued upcall if any; returns 1 if it did, else 0. */
int yield_no_wait(void);
/* Yield-WaitFor: blocks until an upcall for (driver, subscribe) is queued,
 * dequeues it without running it and returns its arguments. */
yield_waitfor_return_t yield_wait_for(uint32_t driver, uint32_t subscribe);

/* ---- Exit --------------------------------------------------------------- */

void tock_exit(uint32_t completion_code) __attribute__((noreturn));
void tock_restart(uint32_t completion_code) __attribute__((noreturn));

/* ---- Command, Subscribe, Allow, Memop (syscalls.c) ---------------------- */

__attribute__((warn_unused_result)) syscall_return_t command(uint32_t driver, uint32_t command,
                                                             int arg1, int arg2);

/* The null upcall: subscribe with this to unsubscribe. */
#define TOCK_NULL_UPCALL 0

__attribute__((warn_unused_result)) subscribe_return_t
subscribe(uint32_t driver, uint32_t subscribe, subscribe_upcall uc, void *userdata);

__attribute__((warn_unused_result)) allow_rw_return_t
allow_readwrite(uint32_t driver, uint32_t allow, void *ptr, size_t size);

__attribute__((warn_unused_result)) allow_userspace_r_return_t
allow_userspace_read(uint32_t driver, uint32_t allow, void *ptr, size_t size);

__attribute__((warn_unused_result)) allow_ro_return_t
allow_readonly(uint32_t driver, uint32_t allow, const void *ptr, size_t size);

memop_return_t memop(uint32_t op_type, uintptr_t arg1);

/* ---- Memop introspection (tock.c) ---------------------------------------
 * Each issues one memop (2..9) and returns its value, or NULL (0 for the
 * region count) when the kernel refused it, e.g. for a region index that
 * does not exist. */
void *tock_app_memory_begins_at(void);
void *tock_app_memory_ends_at(void);
void *tock_app_flash_begins_at(void);
void *tock_app_flash_ends_at(void);
void *tock_app_grant_begins_at(void);
int tock_app_number_writeable_flash_regions(void);
void *tock_app_writeable_flash_region_begins_at(int region_index);
void *tock_app_writeable_flash_region_ends_at(int region_index);

/* True when command 0 of driver answers with any success variant. */
bool driver_exists(uint32_t driver);

/* Static, human-readable names; never NULL. */
const char *tock_strerr(statuscode_t status);
const char *tock_strrcode(returncode_t returncode);

/* If expected != actual, prints both with file:line and exits with 1. */
void tock_expect(int expected, int actual, const char *file, unsigned line);
#define TOCK_EXPECT(_e, _a) tock_expect((_e), (_a), __FILE__, __LINE__)

#ifdef __cplusplus
}
#endif
