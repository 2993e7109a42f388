/* hello: the first app to run. printf goes through the console driver. */
#include <stdio.h>

int main(void)
{
    printf("Hello, World!\n");
    return 0;
}
