/* console_echo: reads the console a byte at a time and prints each line it
 * got as "NAME got: 'LINE'" (tests/e2e/test_console.c, the terminal tests).
 * One byte per read is the hardest case for burst input: every byte must
 * reach this app, in order, however fast they are typed. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/interface/console.h>

int main(void)
{
    char line[128];
    size_t len = 0;
    printf("echo ready\n");
    for (;;) {
        uint8_t byte;
        uint32_t got = 0;
        if (libtocksync_console_read(&byte, 1, &got) != RETURNCODE_SUCCESS || got != 1)
            continue;
        if (byte == '\r' || byte == '\n') {
            line[len] = 0;
            if (strcmp(line, "exit") == 0)
                return 0;
            printf("got: '%s'\n", line);
            len = 0;
        } else if (len + 1 < sizeof line) {
            line[len++] = (char)byte;
        }
    }
}
