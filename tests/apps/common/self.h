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

/* Where the app placed right after this one has its RAM: tockemu places
 * apps in the order given, each on the page past the previous one's flash
 * and past the flash addresses its RAM shadows (its RAM is its flash start
 * + 0x20000000, emu/tbf/tbf_write.h EMU_TBF_RAM_OFFSET). */
uintptr_t next_app_ram(void);

/* Where the RW data of an app built with the default STACK_SIZE (2048)
 * starts in its RAM: above that stack and the runtime's 8 KiB
 * (libtock-host/ld/gen-app-ld.sh). */
#define DEFAULT_APP_DATA_OFFSET (2048u + 8192u)

#endif
