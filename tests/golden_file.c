/* Golden files for tests (see golden_file.h). */
#include <check.h>
#include <glib.h>
#include <stdbool.h>
#include <string.h>

#include "golden_file.h"

static bool golden_update(void)
{
    const char *update = g_getenv("TOCKEMU_UPDATE_GOLDEN");
    return update != NULL && strcmp(update, "1") == 0;
}

static void write_file(const char *path, const void *bytes, size_t len)
{
    GError *err = NULL;
    ck_assert_msg(g_file_set_contents(path, bytes, (gssize)len, &err), "cannot write %s: %s", path,
                  err != NULL ? err->message : "");
}

void golden_assert(const char *name, const void *bytes, size_t len)
{
    char *path = g_strdup_printf("%s/tests/golden/%s.console", TOCKEMU_SOURCE_ROOT, name);
    if (golden_update()) {
        write_file(path, bytes, len);
        g_free(path);
        return;
    }
    gchar *expected = NULL;
    gsize expected_len = 0;
    gboolean found = g_file_get_contents(path, &expected, &expected_len, NULL);
    bool same = found && expected_len == len && memcmp(expected, bytes, len) == 0;
    g_free(expected);
    if (same) {
        g_free(path);
        return;
    }
    char *actual = g_strdup_printf("%s/%s.console.actual", TOCKEMU_BUILD_ROOT, name);
    write_file(actual, bytes, len);
    ck_abort_msg(found ? "output differs from %s (actual in %s)"
                       : "missing %s (run with TOCKEMU_UPDATE_GOLDEN=1; actual in %s)",
                 path, actual);
}
