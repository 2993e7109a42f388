/* Tock ErrorCode values, numbered as in the kernel, with their names.
 *
 * Mirrors tock/tock kernel/src/errorcode.rs @65608d71 (spec §1.4). One
 * X-macro list gives the enum, the names used in traces and the test output.
 */
#ifndef TK_ERRORCODE_H
#define TK_ERRORCODE_H

#define TK_ERRORCODE_MAP(X)                                                                        \
    X(FAIL, 1)                                                                                     \
    X(BUSY, 2)                                                                                     \
    X(ALREADY, 3)                                                                                  \
    X(OFF, 4)                                                                                      \
    X(RESERVE, 5)                                                                                  \
    X(INVAL, 6)                                                                                    \
    X(SIZE, 7)                                                                                     \
    X(CANCEL, 8)                                                                                   \
    X(NOMEM, 9)                                                                                    \
    X(NOSUPPORT, 10)                                                                               \
    X(NODEVICE, 11)                                                                                \
    X(UNINSTALLED, 12)                                                                             \
    X(NOACK, 13)

enum tk_errorcode {
    TK_OK = 0, /* only where a status word folds "success" into an error slot */
#define TK__ERR_ENUM(name, value) TK_##name = value,
    TK_ERRORCODE_MAP(TK__ERR_ENUM)
#undef TK__ERR_ENUM
};

/* Name of an error code ("NOMEM"), "OK" for 0, "UNKNOWN" otherwise. */
const char *tk_errorcode_name(unsigned code);

#endif
