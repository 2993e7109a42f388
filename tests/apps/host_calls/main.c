/* host_calls: what an app may still do under the seccomp filter.
 *
 * stdio goes through the console driver, malloc through memop sbrk, and
 * clock_gettime/gettimeofday/time through the vDSO; none of them may reach
 * Linux from app code (architecture.md "Memory model"), so none may fault.
 * Prints "ok <what>" per call that worked, then exits 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static void check(const char *what, int holds)
{
    printf("%s %s\n", holds ? "ok" : "FAIL", what);
}

int main(void)
{
    char *big = malloc(100 * 1024);
    check("malloc", big != NULL);
    if (big != NULL) {
        memset(big, 1, 100 * 1024);
        free(big);
    }
    char text[64];
    snprintf(text, sizeof text, "%.3f %d %s", 3.25, -7, "x");
    check("snprintf", strcmp(text, "3.250 -7 x") == 0);

    struct timespec ts = {0, 0};
    check("clock_gettime", clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec + ts.tv_nsec > 0);
    struct timeval tv = {0, 0};
    check("gettimeofday", gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 0);
    check("time", time(NULL) > 0);
    fprintf(stderr, "stderr goes through the console too\n");
    return 0;
}
