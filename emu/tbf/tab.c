/* TAB archives: just enough POSIX tar to find the members (see tab.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tab.h"

enum { BLOCK = 512 };

bool emu_tab_is_archive(const uint8_t *buf, size_t len)
{
    return len >= BLOCK && memcmp(buf + 257, "ustar", 5) == 0;
}

/* Octal field of a tar header, NUL/space terminated. */
static bool parse_octal(const uint8_t *field, size_t width, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    while (i < width && field[i] == ' ')
        i++;
    for (; i < width && field[i] >= '0' && field[i] <= '7'; i++)
        v = v * 8 + (uint64_t)(field[i] - '0');
    if (i < width && field[i] != 0 && field[i] != ' ')
        return false;
    *out = v;
    return true;
}

int emu_tab_each_member(const char *path, const uint8_t *buf, size_t len, emu_tab_member_fn fn,
                        void *ctx, struct emu_err *err)
{
    size_t at = 0;
    while (at + BLOCK <= len) {
        const uint8_t *h = buf + at;
        if (h[0] == 0) /* end-of-archive blocks */
            return 0;
        uint64_t size;
        if (!parse_octal(h + 124, 12, &size) || size > len - at - BLOCK) {
            emu_err_set(err, "%s: malformed TAB: bad size of the member at byte %zu", path, at);
            return -EINVAL;
        }
        char name[260];
        /* ustar: prefix (155 bytes at 345) "/" name (100 bytes at 0). */
        if (h[345] != 0)
            snprintf(name, sizeof name, "%.155s/%.100s", (const char *)h + 345, (const char *)h);
        else
            snprintf(name, sizeof name, "%.100s", (const char *)h);
        char type = (char)h[156];
        if ((type == '0' || type == 0) && !fn(ctx, name, h + BLOCK, (size_t)size))
            return 0;
        at += BLOCK + ((size + BLOCK - 1) / BLOCK) * BLOCK;
    }
    return 0;
}

struct host_search {
    const uint8_t *data;
    size_t len;
    char seen[512];
};

bool emu_tab_is_tbf_member(const char *name)
{
    size_t n = strlen(name);
    return n >= 4 && (strcmp(name + n - 4, ".tbf") == 0 || strcmp(name + n - 4, ".bin") == 0);
}

static bool match_host(void *ctx, const char *name, const uint8_t *data, size_t len)
{
    struct host_search *s = ctx;
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    if (!emu_tab_is_tbf_member(base))
        return true;
    if (strncmp(base, "x86_64", 6) == 0) {
        s->data = data;
        s->len = len;
        return false;
    }
    size_t used = strlen(s->seen);
    snprintf(s->seen + used, sizeof s->seen - used, "%s%s", used ? ", " : "", base);
    return true;
}

int emu_tab_find_host_tbf(const char *path, const uint8_t *buf, size_t len, const uint8_t **tbf,
                          size_t *tbf_len, struct emu_err *err)
{
    struct host_search s = {0};
    int rc = emu_tab_each_member(path, buf, len, match_host, &s, err);
    if (rc != 0)
        return rc;
    if (s.data == NULL) {
        emu_err_set(err, "%s: no x86_64 TBF in this TAB (it has: %s)", path,
                    s.seen[0] ? s.seen : "no TBF at all");
        return -ENOENT;
    }
    *tbf = s.data;
    *tbf_len = s.len;
    return 0;
}
