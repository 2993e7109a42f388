/* pie: what a position-independent app sees, chosen by the app's name.
 *
 * Built three times (tests/apps/meson.build), checked by tests/e2e/test_pie.c:
 *   pie_where      prints where tockemu put it ("flash 0x... ram 0x...") and
 *                  reads pointers the start-up relocated: a string pointer
 *                  and a function pointer kept in .data
 *   pie_budget     built with APP_HEAP_SIZE 1024, as libtock-c's
 *                  malloc_test02: prints its RAM size, then whether
 *                  malloc(100000) and malloc(512) succeed, then whether
 *                  brk may move one byte past the grant start and to it,
 *                  and where the grant start is in its RAM
 *   pie_flash_end  reads the last byte of its flash, then the one past it,
 *                  after printing "expect: memory fault: read at 0x..."
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtock/tock.h>

static const char *relocated_string = "relocated string";

static int answer(void)
{
    return 42;
}

/* In .data: an absolute address the start-up must fix for the load base. */
static int (*relocated_function)(void) = answer;

static void where(void)
{
    printf("flash %p ram %p\n", tock_app_flash_begins_at(), tock_app_memory_begins_at());
    printf("%s, function %d\n", relocated_string, relocated_function());
}

static const char *brk_result(uintptr_t new_break)
{
    return memop(0 /* brk */, new_break).status == TOCK_STATUSCODE_SUCCESS ? "ok" : "refused";
}

static void budget(void)
{
    uintptr_t start = (uintptr_t)tock_app_memory_begins_at();
    uintptr_t len = (uintptr_t)tock_app_memory_ends_at() - start;
    printf("ram %lu\n", (unsigned long)len);
    void *big = malloc(100000);
    printf("malloc(100000) %s\n", big == NULL ? "failed" : "succeeded");
    void *small = malloc(512);
    printf("malloc(512) %s\n", small == NULL ? "failed" : "succeeded");
    free(small);
    free(big);
    /* Only upward from here: the heap stays below the break. */
    uintptr_t grant = (uintptr_t)tock_app_grant_begins_at();
    printf("brk past the grant start %s\n", brk_result(grant + 1));
    printf("brk to the grant start %s\n", brk_result(grant));
    printf("grant start %lu\n", (unsigned long)(grant - start));
}

static void flash_end(void)
{
    volatile const uint8_t *end = tock_app_flash_ends_at();
    printf("last byte %u\n", end[-1]);
    printf("expect: memory fault: read at %p\n", (const void *)end);
    fflush(stdout);
    printf("past the end %u\n", end[0]);
}

int main(int argc, char **argv)
{
    (void)argc;
    if (strcmp(argv[0], "pie_where") == 0)
        where();
    else if (strcmp(argv[0], "pie_budget") == 0)
        budget();
    else if (strcmp(argv[0], "pie_flash_end") == 0)
        flash_end();
    else
        printf("pie: unknown name %s\n", argv[0]);
    return 0;
}
