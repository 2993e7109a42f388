/* kv_counter: a boot counter in the KV store (spec §8.14), through
 * libtock-sync/storage/kv.h. Gets "boots", prints it, sets it one higher
 * and prints the result of the set. Runs on the same --flash file count up;
 * a run whose set is torn by --flash-fail-after prints the failure, and the
 * next run finds the old value again (the store leaves the torn record out)
 * and goes on. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/storage/kv.h>

static const uint8_t key[] = "boots";

int main(void)
{
    uint32_t boots = 0, stored = 0;
    returncode_t rc = libtocksync_kv_get(key, strlen((const char *)key), (uint8_t *)&boots,
                                         sizeof boots, &stored);
    if (rc == RETURNCODE_SUCCESS && stored == sizeof boots)
        printf("kv_counter: get boots = %u\n", (unsigned)boots);
    else if (rc == RETURNCODE_ENOSUPPORT)
        printf("kv_counter: get boots: no such key\n");
    else {
        printf("kv_counter: get boots failed: %s (length %u)\n", tock_strrcode(rc),
               (unsigned)stored);
        return 1;
    }
    if (rc != RETURNCODE_SUCCESS)
        boots = 0;
    boots++;
    rc = libtocksync_kv_set(key, strlen((const char *)key), (const uint8_t *)&boots, sizeof boots);
    printf("kv_counter: set boots = %u: %s\n", (unsigned)boots, tock_strrcode(rc));
    return rc == RETURNCODE_SUCCESS ? 0 : 2;
}
