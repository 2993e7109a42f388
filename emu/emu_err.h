/* Host and user-input errors: one line naming the input and the reason.
 *
 * Style §3.2: host code returns 0 or -errno; anything a user supplied (a TBF,
 * a board file, a flag, a flash file) also fills a caller-provided emu_err,
 * e.g. "app.tbf: header_size 12 < 16 (base header)". Library code never
 * exits; only main sets the exit status.
 */
#ifndef EMU_ERR_H
#define EMU_ERR_H

#include <stdarg.h>
#include <stdio.h>

struct emu_err {
    char msg[512];
};

/* Fill `err` (may be NULL) with a printf-style message. */
static inline void emu_err_set(struct emu_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void emu_err_set(struct emu_err *err, const char *fmt, ...)
{
    if (err == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
}

#endif
