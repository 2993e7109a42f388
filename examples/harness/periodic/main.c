/* lth_heartbeat: one beat every 10 s; a line every 60 beats (10 minutes). */
#include <stdio.h>

#include <libtock/tock.h>

#include "heartbeat.h"

static void on_beat(uint32_t n)
{
    if (n % 60 == 0)
        printf("beat %lu\n", (unsigned long)n);
}

int main(void)
{
    heartbeat_start(10000, 0, on_beat);
    for (;;)
        yield();
}
