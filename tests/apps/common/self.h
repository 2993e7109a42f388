/* What the kernel says about the calling app, through ProcessInfo (0x10002,
 * spec §8.8): its ProcessId and its counters. Shared by the test apps that
 * restart themselves. */
#ifndef TEST_APPS_SELF_H
#define TEST_APPS_SELF_H

#include <stdint.h>

struct self_info {
    uint32_t process_id;
    uint32_t timeslice_expirations, syscall_count, restart_count, state;
};

/* Fill `info` for the app named `name` (argv[0]). Returns 0, or -1 if
 * ProcessInfo is missing or knows no process of that name. */
int self_info_get(const char *name, struct self_info *info);

#endif
