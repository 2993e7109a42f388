/* Golden files for tests: tests/golden/<name>.console, compared byte for byte.
 *
 * Style §8: deterministic runs only; TOCKEMU_UPDATE_GOLDEN=1 rewrites the
 * file instead of comparing. A mismatch leaves the actual bytes next to the
 * build as <name>.console.actual and fails the test.
 */
#ifndef TK_TEST_GOLDEN_FILE_H
#define TK_TEST_GOLDEN_FILE_H

#include <stddef.h>

/* `len` bytes at `bytes` equal tests/golden/<name>.console. */
void golden_assert(const char *name, const void *bytes, size_t len);

#endif
