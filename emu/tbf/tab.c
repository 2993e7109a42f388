/* TAB archives: enough POSIX tar to read and rewrite members (see tab.h). */
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

/* The member whose header starts at `at`: its size, full name and whether
 * it is a regular file. False, with `err` naming `path`, if its size field is
 * bad or runs past the archive. */
static bool member_at(const char *path, const uint8_t *buf, size_t len, size_t at, uint64_t *size,
                      char name[260], bool *regular, struct emu_err *err)
{
    const uint8_t *h = buf + at;
    if (!parse_octal(h + 124, 12, size) || *size > len - at - BLOCK) {
        emu_err_set(err, "%s: malformed TAB: bad size of the member at byte %zu", path, at);
        return false;
    }
    /* ustar: prefix (155 bytes at 345) "/" name (100 bytes at 0). */
    if (h[345] != 0)
        snprintf(name, 260, "%.155s/%.100s", (const char *)h + 345, (const char *)h);
    else
        snprintf(name, 260, "%.100s", (const char *)h);
    *regular = h[156] == '0' || h[156] == 0;
    return true;
}

static size_t padded(uint64_t size)
{
    return (size_t)((size + BLOCK - 1) / BLOCK) * BLOCK;
}

int emu_tab_each_member(const char *path, const uint8_t *buf, size_t len, emu_tab_member_fn fn,
                        void *ctx, struct emu_err *err)
{
    size_t at = 0;
    while (at + BLOCK <= len && buf[at] != 0) { /* a zero block ends the archive */
        uint64_t size;
        char name[260];
        bool regular;
        if (!member_at(path, buf, len, at, &size, name, &regular, err))
            return -EINVAL;
        if (regular && !fn(ctx, name, buf + at + BLOCK, (size_t)size))
            return 0;
        at += BLOCK + padded(size);
    }
    return 0;
}

/* A copy of the header block `h` for a member of `size` bytes: the size
 * field rewritten, then the checksum (the byte sum with the checksum field
 * read as spaces, POSIX ustar). */
static void append_header(GByteArray *out, const uint8_t *h, uint64_t size)
{
    uint8_t block[BLOCK];
    char field[16];
    unsigned sum = 0;
    memcpy(block, h, BLOCK);
    snprintf(field, sizeof field, "%011llo", (unsigned long long)size);
    memcpy(block + 124, field, 12); /* 11 digits and the NUL */
    memset(block + 148, ' ', 8);
    for (size_t i = 0; i < BLOCK; i++)
        sum += block[i];
    snprintf(field, sizeof field, "%06o", sum & 0777777u);
    memcpy(block + 148, field, 7); /* 6 digits, NUL, and the space kept */
    g_byte_array_append(out, block, BLOCK);
}

int emu_tab_edit(const char *path, const uint8_t *buf, size_t len, emu_tab_edit_fn fn, void *ctx,
                 GByteArray *out, struct emu_err *err)
{
    static const uint8_t zeros[BLOCK];
    size_t at = 0;
    while (at + BLOCK <= len && buf[at] != 0) {
        uint64_t size;
        char name[260];
        bool regular;
        if (!member_at(path, buf, len, at, &size, name, &regular, err))
            return -EINVAL;
        if (!regular) {
            g_byte_array_append(out, buf + at, (guint)(BLOCK + padded(size)));
            at += BLOCK + padded(size);
            continue;
        }
        GByteArray *member = g_byte_array_sized_new((guint)size);
        g_byte_array_append(member, buf + at + BLOCK, (guint)size);
        int rc = fn(ctx, name, member, err);
        if (rc == 0) {
            append_header(out, buf + at, member->len);
            g_byte_array_append(out, member->data, member->len);
            g_byte_array_append(out, zeros, (guint)(padded(member->len) - member->len));
        }
        g_byte_array_unref(member);
        if (rc != 0)
            return rc;
        at += BLOCK + padded(size);
    }
    /* The end-of-archive blocks (and whatever follows them) as they were. */
    g_byte_array_append(out, buf + at, (guint)(len - at));
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
