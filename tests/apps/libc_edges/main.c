/* libc_edges: glibc functions that ask Linux questions of their own still
 * work under the seccomp filter (qsort, clock), and a failed assert is
 * reported as an abort, after its message went out on the console. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int by_value(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

int main(void)
{
    int v[] = {3, 1, 2};
    qsort(v, 3, sizeof v[0], by_value);
    printf("sorted %d %d %d\n", v[0], v[1], v[2]);
    printf("clock %s\n", clock() == (clock_t)-1 ? "unavailable" : "available");
    assert(v[0] == 2);
    printf("not reached\n");
    return 0;
}
