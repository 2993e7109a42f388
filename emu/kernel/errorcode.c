/* Names of Tock error codes, from the one list in errorcode.h.
 *
 * Mirrors tock/tock kernel/src/errorcode.rs @65608d71 (spec §1.4).
 */
#include "errorcode.h"

const char *tk_errorcode_name(unsigned code)
{
    switch (code) {
    case TK_OK:
        return "OK";
#define TK__ERR_NAME(name, value)                                                                  \
    case value:                                                                                    \
        return #name;
        TK_ERRORCODE_MAP(TK__ERR_NAME)
#undef TK__ERR_NAME
    case 1024:
        return "BADRVAL";
    default:
        return "UNKNOWN";
    }
}
