/* Board options for sharing between apps: parsing `--sharing LIST`.
 *
 * Owns the text form of the issue 12 policies (sharing.h); the policies
 * themselves live in the kernel (emu/kernel/lend.c) and the IPC capsule
 * (emu/capsules/ipc.c). No upstream counterpart: a Tock board fixes these
 * in its main.rs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pins.h"
#include "sharing.h"

#define SHARING_ITEMS                                                                              \
    "ipc-revised, lend, lend-onward=deny|revoke|keep, lend-limit=TIME, reshare=deny|allow|copy"

/* The index of `value` in `names` (NULL-terminated), or -1. */
static int choice(const char *value, const char *const *names)
{
    for (int i = 0; names[i] != NULL; i++)
        if (strcmp(value, names[i]) == 0)
            return i;
    return -1;
}

static int apply(struct emu_sharing_options *o, const char *item)
{
    static const char *const onward[] = {"deny", "revoke", "keep", NULL};
    static const char *const reshare[] = {"deny", "allow", "copy", NULL};
    const char *eq = strchr(item, '=');
    size_t key_len = eq != NULL ? (size_t)(eq - item) : strlen(item);
    const char *value = eq != NULL ? eq + 1 : NULL;
    int index;

    if (value == NULL && strcmp(item, "ipc-revised") == 0)
        o->revised_ipc = true;
    else if (value == NULL && strcmp(item, "lend") == 0)
        o->lend_demo = true;
    else if (value != NULL && key_len == 11 && strncmp(item, "lend-onward", key_len) == 0 &&
             (index = choice(value, onward)) >= 0)
        o->lend_onward = (enum tk_lend_onward)index;
    else if (value != NULL && key_len == 10 && strncmp(item, "lend-limit", key_len) == 0)
        return strcmp(value, "0") == 0 ? (o->lend_limit_ns = 0, 0)
                                       : emu_pins_parse_time(value, &o->lend_limit_ns);
    else if (value != NULL && key_len == 7 && strncmp(item, "reshare", key_len) == 0 &&
             (index = choice(value, reshare)) >= 0)
        o->reshare = (enum tk_ipc_reshare)index;
    else
        return -EINVAL;
    return 0;
}

int emu_sharing_options_parse(struct emu_sharing_options *o, const char *list, struct emu_err *err)
{
    char *copy = strdup(list);
    if (copy == NULL) {
        emu_err_set(err, "--sharing: out of memory");
        return -ENOMEM;
    }
    int rc = 0;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item != NULL && rc == 0;
         item = strtok_r(NULL, ",", &save)) {
        rc = apply(o, item);
        if (rc != 0)
            emu_err_set(err, "--sharing %s: expected one of: %s", item, SHARING_ITEMS);
    }
    free(copy);
    return rc;
}
