/* nvs: nonvolatile storage (spec §8.13) across emulator runs, through
 * libtock-sync/storage/nonvolatile_storage.h. Reads a record at offset 0;
 * prints it (or "blank"), then writes the next one, so the second run on
 * the same --flash file reads what the first wrote. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/storage/nonvolatile_storage.h>

struct record {
    char tag[8]; /* "nvsrec" */
    uint32_t run;
};

int main(void)
{
    uint32_t size = 0;
    int done = 0;
    returncode_t rc = libtock_nonvolatile_storage_get_number_bytes(&size);
    if (rc != RETURNCODE_SUCCESS) {
        printf("nvs: no nonvolatile storage: %s\n", tock_strrcode(rc));
        return 1;
    }
    struct record r;
    rc = libtocksync_nonvolatile_storage_read(0, sizeof r, (uint8_t *)&r, sizeof r, &done);
    if (rc != RETURNCODE_SUCCESS || done != (int)sizeof r) {
        printf("nvs: read failed: %s (%d bytes)\n", tock_strrcode(rc), done);
        return 1;
    }
    uint32_t run = 1;
    if (memcmp(r.tag, "nvsrec", 7) == 0) {
        printf("nvs: %u bytes; read record of run %u\n", (unsigned)size, (unsigned)r.run);
        run = r.run + 1;
    } else {
        printf("nvs: %u bytes; blank\n", (unsigned)size);
    }
    struct record next = {"nvsrec", run}, back;
    rc =
        libtocksync_nonvolatile_storage_write(0, sizeof next, (uint8_t *)&next, sizeof next, &done);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtocksync_nonvolatile_storage_read(0, sizeof back, (uint8_t *)&back, sizeof back,
                                                  &done);
    if (rc != RETURNCODE_SUCCESS || memcmp(&back, &next, sizeof next) != 0) {
        printf("nvs: write of run %u failed: %s\n", (unsigned)run, tock_strrcode(rc));
        return 1;
    }
    printf("nvs: wrote and read back record of run %u\n", (unsigned)run);
    return 0;
}
