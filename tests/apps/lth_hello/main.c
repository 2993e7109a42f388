/* lth_hello: one line on the console, then exit 0 (harness tests, bench). */
#include <stdio.h>

int main(void)
{
    printf("hello harness\n");
    return 0;
}
