/* lth_peripherals: LED 1 on, 4 random bytes, a key-value set and get, all
 * through libtock-c calls or raw syscalls; prints what it saw, including
 * each KV command's return code (0: accepted) so a refusal shows. */
#include <stdio.h>

#include <libtock-sync/peripherals/rng.h>
#include <libtock/interface/led.h>
#include <libtock/tock.h>

#define KV 0x50003

static bool kv_done;
static int kv_status, kv_length;

static void on_kv(int status, int length, int unused, void *userdata)
{
    (void)unused, (void)userdata;
    kv_status = status, kv_length = length;
    kv_done = true;
}

/* Issue KV command `op`; wait for its upcall if accepted. Returns the
 * command's return code; kv_status is -1 if no upcall came. */
static int kv_op(uint32_t op)
{
    kv_done = false;
    kv_status = -1;
    int rc = tock_command_return_novalue_to_returncode(command(KV, op, 0, 0));
    if (rc == RETURNCODE_SUCCESS)
        yield_for(&kv_done);
    return rc;
}

int main(void)
{
    libtock_led_on(1);
    uint8_t random[4] = {0};
    int got = 0;
    libtocksync_rng_get_random_bytes(random, sizeof random, sizeof random, &got);
    printf("rng %d: %u %u %u %u\n", got, random[0], random[1], random[2], random[3]);

    static const char key[] = "k", value[] = "v1";
    static char out[8];
    subscribe_return_t s = subscribe(KV, 0, on_kv, NULL);
    allow_ro_return_t k = allow_readonly(KV, 0, key, 1);
    allow_ro_return_t v = allow_readonly(KV, 1, value, 2);
    allow_rw_return_t o = allow_readwrite(KV, 0, out, sizeof out - 1);
    (void)s, (void)k, (void)v, (void)o;
    int rc = kv_op(2);
    printf("kv set rc %d status %d\n", rc, kv_status);
    rc = kv_op(1);
    printf("kv get rc %d status %d %d '%s'\n", rc, kv_status, kv_length, out);
    rc = kv_op(3);
    kv_op(1);
    printf("kv delete rc %d, after delete %d\n", rc, kv_status);
    return 0;
}
