/* read_footer: read the last byte of this app's flash, inside its credential
 * footers. tockemu lets it by default and faults it with --hide-footers. */
#include <stdint.h>
#include <stdio.h>

#include <libtock/tock.h>

int main(void)
{
    const volatile uint8_t *last = (const uint8_t *)tock_app_flash_ends_at() - 1;
    uint8_t byte = *last;
    printf("footer byte %u\n", byte);
    return 0;
}
