/* nvs: nonvolatile storage (spec §8.13) across emulator runs. Reads a
 * record at offset 0; prints it (or "blank"), then writes the next one, so
 * the second run on the same --flash file reads what the first wrote. */
#include <stdio.h>
#include <string.h>

#include "../storage/storage.h"

struct record {
    char tag[8]; /* "nvsrec" */
    uint32_t run;
};

int main(void)
{
    uint32_t size = 0;
    int rc = tock_command_return_u32_to_returncode(command(NVS_DRIVER, 1, 0, 0), &size);
    if (rc != RETURNCODE_SUCCESS) {
        printf("nvs: no nonvolatile storage: %s\n", tock_strrcode(rc));
        return 1;
    }
    struct record r;
    rc = app_nvs_read(0, &r, sizeof r);
    if (rc != RETURNCODE_SUCCESS) {
        printf("nvs: read failed: %s\n", tock_strrcode(rc));
        return 1;
    }
    uint32_t run = 1;
    if (memcmp(r.tag, "nvsrec", 7) == 0) {
        printf("nvs: %u bytes; read record of run %u\n", (unsigned)size, (unsigned)r.run);
        run = r.run + 1;
    } else {
        printf("nvs: %u bytes; blank\n", (unsigned)size);
    }
    struct record next = {"nvsrec", run};
    rc = app_nvs_write(0, &next, sizeof next);
    struct record back;
    if (rc == RETURNCODE_SUCCESS)
        rc = app_nvs_read(0, &back, sizeof back);
    if (rc != RETURNCODE_SUCCESS || memcmp(&back, &next, sizeof next) != 0) {
        printf("nvs: write of run %u failed: %s\n", (unsigned)run, tock_strrcode(rc));
        return 1;
    }
    printf("nvs: wrote and read back record of run %u\n", (unsigned)run);
    return 0;
}
