/* host_calls: what an app may still do under the seccomp filter.
 *
 * stdio goes through the console driver and malloc through memop sbrk, so
 * neither may fault. A board has no clock but the alarm: the host clocks
 * answer ENOSYS, as newlib's stubs do on a board, and deterministically (the
 * vDSO is gone). Prints "ok <what>" per call that behaved, then exits 0.
 */
#include <errno.h>
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
    check("clock_gettime", clock_gettime(CLOCK_MONOTONIC, &ts) == -1 && errno == ENOSYS);
    struct timeval tv = {0, 0};
    check("gettimeofday", gettimeofday(&tv, NULL) == -1 && errno == ENOSYS);
    check("time", time(NULL) == (time_t)-1);
    fprintf(stderr, "stderr goes through the console too\n");
    return 0;
}
