/* Key-value HIL with storage permissions (what the KV syscall driver uses).
 *
 * Mirrors tock/tock kernel/src/hil/kv.rs `KVPermissions` and `KVClient`
 * @65608d71 (spec §7.6, §8.14). Keys are byte strings; every stored value
 * starts with a header of `header_size` bytes that the store fills in and
 * checks (the Tock KV header: version u8, length u32 LE, write_id u32 LE).
 *
 * Buffers are lent to the store from the call until the matching completion
 * and never touched afterwards. Every accepted call completes exactly once,
 * later, through the client. Status codes are 0 or a TK_ error code:
 *
 *   get     NOSUPPORT  key missing, no read permission or bad header
 *           SIZE       stored value longer than the buffer (prefix copied)
 *   set     NOSUPPORT  key exists and may not be modified
 *   add     NOSUPPORT  key exists
 *   update  NOSUPPORT  key missing or may not be modified
 *   delete  NOSUPPORT  key missing or may not be modified
 *   set/add/update     NOMEM store full, FAIL flash error
 */
#ifndef TK_HIL_KV_H
#define TK_HIL_KV_H

#include <stddef.h>
#include <stdint.h>

#include "../process.h"

struct tk_kv;

struct tk_kv_client {
    /* `value_len` is the stored value's length (without header) when rcode
     * is 0; the value is at value + header_size. 0 on error. */
    void (*get_done)(struct tk_kv_client *c, int rcode, size_t value_len);
    void (*set_done)(struct tk_kv_client *c, int rcode);
    void (*add_done)(struct tk_kv_client *c, int rcode);
    void (*update_done)(struct tk_kv_client *c, int rcode);
    void (*delete_done)(struct tk_kv_client *c, int rcode);
    void (*garbage_collect_done)(struct tk_kv_client *c, int rcode);
};

/* Immediate returns: 0 (a completion follows), TK_BUSY (an operation is
 * under way), TK_INVAL (set/add/update without a write id), TK_SIZE (value
 * buffer shorter than the header, key too long). On error nothing follows. */
struct tk_kv_ops {
    /* Look `key` up; on success the header and value are copied into `value`
     * (capacity `value_cap`, header included). */
    int (*get)(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
               size_t value_cap, const struct tk_storage_permissions *perms);
    /* `value` holds header_size bytes of room, then value_len - header_size
     * bytes of value; the store writes the header. */
    int (*set)(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
               size_t value_len, const struct tk_storage_permissions *perms);
    int (*add)(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
               size_t value_len, const struct tk_storage_permissions *perms);
    int (*update)(struct tk_kv *kv, const uint8_t *key, size_t key_len, uint8_t *value,
                  size_t value_len, const struct tk_storage_permissions *perms);
    int (*delete)(struct tk_kv *kv, const uint8_t *key, size_t key_len,
                  const struct tk_storage_permissions *perms);
    int (*garbage_collect)(struct tk_kv *kv);
};

struct tk_kv {
    const struct tk_kv_ops *ops;
    struct tk_kv_client *client;
    size_t header_size;
    void *state; /* the implementation's */
};

/* Storage permission checks (kernel/src/storage_permissions.rs
 * check_read_permission, check_modify_permission, get_write_id), shared by
 * every store. Invalid (null) permissions deny everything; id 0 is never
 * readable or modifiable through the lists (spec §7.6). */
static inline bool tk_storage_id_listed(const uint32_t *ids, unsigned count, uint32_t id)
{
    for (unsigned i = 0; i < count && i < 8; i++)
        if (ids[i] == id)
            return true;
    return false;
}
static inline bool tk_storage_may_read(const struct tk_storage_permissions *p, uint32_t stored_id)
{
    if (!p->valid)
        return false;
    return (p->read_modify_self && p->write_id != 0 && stored_id == p->write_id) ||
           (stored_id != 0 && tk_storage_id_listed(p->read_ids, p->read_count, stored_id));
}
static inline bool tk_storage_may_modify(const struct tk_storage_permissions *p, uint32_t stored_id)
{
    if (!p->valid)
        return false;
    return (p->read_modify_self && p->write_id != 0 && stored_id == p->write_id) ||
           (stored_id != 0 && tk_storage_id_listed(p->modify_ids, p->modify_count, stored_id));
}
/* The id to store with a record, or 0 if the process may not write. */
static inline uint32_t tk_storage_write_id(const struct tk_storage_permissions *p)
{
    return p->valid ? p->write_id : 0;
}

#endif
