/* kv_perms: two apps built from this file (KV_PERMS_ALICE or _BOB) with
 * different TBF ShortIds and Storage Permissions TLVs (tests/apps/
 * meson.build) read and write each other's KV keys (spec §7.6, §8.14,
 * §10.35):
 *
 *   alice: ShortId 0xa11ce, may write, reads 0xb0b, modifies 0xb0b
 *   bob:   ShortId 0xb0b,   may write, reads 0xa11ce, modifies nothing
 *
 * Neither lists itself, so neither may read or modify its own records
 * (read_modify_self is false for TBF-header permissions). The steps are
 * spaced in virtual time so the two apps take turns:
 *
 *     0 ms  alice sets alice-key
 *   100 ms  bob reads alice-key (allowed), overwrites it (denied), sets bob-key
 *   200 ms  alice reads bob-key (allowed), overwrites it (allowed), reads
 *           alice-key (denied: her own record)
 *   300 ms  bob reads bob-key, now written by alice (allowed)
 */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/services/alarm.h>
#include <libtock-sync/storage/kv.h>

#if defined(KV_PERMS_ALICE)
#define WHO "kv_alice"
#else
#define WHO "kv_bob"
#endif

static void get(const char *key)
{
    char value[64] = {0};
    uint32_t stored = 0;
    returncode_t rc = libtocksync_kv_get((const uint8_t *)key, strlen(key), (uint8_t *)value,
                                         sizeof value - 1, &stored);
    if (rc == RETURNCODE_SUCCESS)
        printf(WHO ": get %s: %s \"%.*s\"\n", key, tock_strrcode(rc), (int)stored, value);
    else
        printf(WHO ": get %s: %s\n", key, tock_strrcode(rc));
}

static void set(const char *key, const char *value)
{
    returncode_t rc = libtocksync_kv_set((const uint8_t *)key, strlen(key), (const uint8_t *)value,
                                         strlen(value));
    printf(WHO ": set %s: %s\n", key, tock_strrcode(rc));
}

int main(void)
{
#if defined(KV_PERMS_ALICE)
    set("alice-key", "from alice");
    libtocksync_alarm_delay_ms(200);
    get("bob-key");
    set("bob-key", "alice was here");
    get("alice-key");
#else
    libtocksync_alarm_delay_ms(100);
    get("alice-key");
    set("alice-key", "bob was here");
    set("bob-key", "from bob");
    libtocksync_alarm_delay_ms(200);
    get("bob-key");
#endif
    return 0;
}
