/* What every fuzz target needs from the host: somewhere to send output.
 *
 * Private to tests/fuzz. The board's UART and the pin models write what the
 * apps and the process console print; a fuzzer wants none of it.
 */
#ifndef TESTS_FUZZ_IO_H
#define TESTS_FUZZ_IO_H

#include <fcntl.h>

/* /dev/null for writing, opened once and kept for the life of the fuzzer
 * process (every input reuses it; the engine runs them one at a time). */
static inline int fuzz_null_fd(void)
{
    static int fd = -1;
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    return fd;
}

#endif
