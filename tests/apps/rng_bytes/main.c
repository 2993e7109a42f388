/* rng_bytes: print 16 random bytes in hex (spec §8.11). With --seed N two
 * runs print the same bytes. */
#include <stdio.h>

#include <libtock-sync/peripherals/rng.h>

int main(void)
{
    uint8_t bytes[16];
    int received = 0;
    int rc = libtocksync_rng_get_random_bytes(bytes, sizeof bytes, sizeof bytes, &received);
    if (rc != RETURNCODE_SUCCESS || received != (int)sizeof bytes) {
        printf("rng_bytes: %s, %d bytes\n", tock_strrcode(rc), received);
        return 1;
    }
    printf("rng_bytes:");
    for (int i = 0; i < received; i++)
        printf(" %02x", bytes[i]);
    printf("\n");
    return 0;
}
