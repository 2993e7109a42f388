/* The calling app's ProcessId and counters from ProcessInfo (see self.h). */
#include <stdbool.h>
#include <string.h>

#include <libtock/tock.h>

#include "self.h"

enum {
    PROCESS_INFO = 0x10002,
    CMD_IDS = 2,      /* fill the buffer with u32 process ids */
    CMD_NAME = 4,     /* copy the name of process `pid` */
    CMD_COUNTERS = 5, /* timeslice expirations, syscalls, restarts, state */
    MAX_PROCESSES = 16,
};

/* Run `command_num(arg)` with `buffer` allowed as RW 0; true on success.
 * The buffer is un-allowed again, so no allow outlives the call. */
static bool info_command(uint32_t command_num, int arg, void *buffer, size_t len, uint32_t *value)
{
    allow_rw_return_t a = allow_readwrite(PROCESS_INFO, 0, buffer, len);
    if (!a.success)
        return false;
    syscall_return_t r = command(PROCESS_INFO, command_num, arg, 0);
    allow_rw_return_t undo = allow_readwrite(PROCESS_INFO, 0, NULL, 0);
    (void)undo;
    if (value != NULL)
        *value = r.data[0];
    return r.type == TOCK_SYSCALL_SUCCESS || r.type == TOCK_SYSCALL_SUCCESS_U32;
}

int self_info_get(const char *name, struct self_info *info)
{
    uint32_t ids[MAX_PROCESSES] = {0};
    uint32_t count = 0;
    if (!info_command(CMD_IDS, 0, ids, sizeof ids, &count))
        return -1;
    for (uint32_t i = 0; i < count && i < MAX_PROCESSES; i++) {
        char other[64] = {0};
        uint32_t len = 0;
        if (!info_command(CMD_NAME, (int)ids[i], other, sizeof other - 1, &len) ||
            len != strlen(name) || strcmp(other, name) != 0)
            continue;
        uint32_t counters[4] = {0};
        if (!info_command(CMD_COUNTERS, (int)ids[i], counters, sizeof counters, NULL))
            return -1;
        info->process_id = ids[i];
        info->timeslice_expirations = counters[0];
        info->syscall_count = counters[1];
        info->restart_count = counters[2];
        info->state = counters[3];
        return 0;
    }
    return -1;
}

uintptr_t next_app_ram(void)
{
    uintptr_t flash = (uintptr_t)tock_app_flash_begins_at();
    uintptr_t flash_len = (uintptr_t)tock_app_flash_ends_at() - flash;
    uintptr_t ram_len =
        (uintptr_t)tock_app_memory_ends_at() - (uintptr_t)tock_app_memory_begins_at();
    uintptr_t reserved = flash_len > ram_len ? flash_len : ram_len;
    return ((flash + reserved + 4095) & ~(uintptr_t)4095) + 0x20000000u;
}
