/* restart: exit-restart twice, then exit-terminate with completion code 5.
 *
 * Each run prints "run <restart count> pid <ProcessId>" and one "ok <rule>"
 * or "FAIL <rule>" line per rule of a fresh start (spec §5.1 reset, §10.20,
 * §10.21): .data and .bss as in the ELF, a heap that the kernel zeroed as
 * brk grew, RAM that start-up code never writes (the far end of the stack,
 * at the start of RAM) as zero as all of a fresh RAM, and no subscription
 * or allow left from the run before. Each run then dirties all of that, so
 * a restart that kept anything shows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtock/tock.h>

#include "../common/self.h"

enum { HEAP_BLOCK = 16 * 1024, RESTARTS = 2, FINAL_CODE = 5, FAR_END = 64 };

static int initialised = 7;
static int zeroed;
static uint8_t rw_buffer[8];

static void check(const char *rule, int holds)
{
    printf("%s %s\n", holds ? "ok" : "FAIL", rule);
}

static void upcall(int a, int b, int c, void *userdata)
{
    (void)a, (void)b, (void)c, (void)userdata;
}

static int all_zero(const uint8_t *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (bytes[i] != 0)
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    (void)argc;
    struct self_info self;
    if (self_info_get(argv[0], &self) != 0) {
        printf("FAIL no ProcessInfo for '%s'\n", argv[0]);
        return 1;
    }
    printf("run %u pid %u\n", self.restart_count, self.process_id);

    /* The runtime copies .data and zeroes .bss itself, and the heap's brk
     * zero-fills; these bytes only the RAM's reset can clear. */
    volatile uint8_t *far_end = tock_app_memory_begins_at();
    int far_end_zero = 1;
    for (size_t i = 0; i < FAR_END; i++)
        far_end_zero &= far_end[i] == 0;
    check("ram_zeroed", far_end_zero);
    for (size_t i = 0; i < FAR_END; i++)
        far_end[i] = 0xAA;

    check("data_fresh", initialised == 7);
    check("bss_fresh", zeroed == 0);
    initialised++;
    zeroed = 1;

    /* glibc's malloc state is in .data/.bss too, so each run takes the
     * same fresh memory from sbrk. */
    uint8_t *block = malloc(HEAP_BLOCK);
    check("heap_zeroed", block != NULL && all_zero(block, HEAP_BLOCK));
    if (block != NULL)
        memset(block, 0xAA, HEAP_BLOCK);

    subscribe_return_t s = subscribe(0, 0, upcall, (void *)0x1234);
    check("subscribe_first_returns_null_pair",
          s.success && s.callback == NULL && s.userdata == NULL);
    allow_rw_return_t a = allow_readwrite(1, 1, rw_buffer, sizeof rw_buffer);
    check("allow_first_returns_null_pair", a.success && a.ptr == NULL && a.size == 0);

    fflush(stdout);
    if (self.restart_count < RESTARTS)
        tock_restart(0);
    tock_exit(FINAL_CODE);
}
