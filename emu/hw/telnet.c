/* Telnet on the console socket (see telnet.h).
 *
 * The receiver, RFC 854 section "The Telnet command structure":
 *
 *   DATA --0xFF--> IAC --0xFF--> DATA (the byte 0xFF)
 *                  IAC --WILL/WONT/DO/DONT--> OPTION --any--> DATA
 *                  IAC --SB--> SUB --0xFF--> SUB_IAC --SE--> DATA
 *                                            SUB_IAC --other--> SUB
 *                  IAC --other command--> DATA
 *   DATA --CR--> AFTER_CR --NUL or LF: dropped--> DATA
 */
#include "telnet.h"

enum {
    IAC = 0xFF,
    DONT = 0xFE,
    DO = 0xFD,
    WONT = 0xFC,
    WILL = 0xFB,
    SB = 0xFA,
    SE = 0xF0,
};

enum { AT_DATA, AT_IAC, AT_OPTION, AT_SUB, AT_SUB_IAC, AT_AFTER_CR };

void emu_telnet_init(struct emu_telnet *t)
{
    t->state = AT_DATA;
}

size_t emu_telnet_receive(struct emu_telnet *t, uint8_t *bytes, size_t len)
{
    size_t kept = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = bytes[i];
        if (t->state == AT_AFTER_CR) {
            t->state = AT_DATA;
            if (b == '\0' || b == '\n')
                continue; /* the rest of an Enter */
        }
        switch (t->state) {
        case AT_DATA:
            if (b == IAC) {
                t->state = AT_IAC;
                break;
            }
            bytes[kept++] = b;
            if (b == '\r')
                t->state = AT_AFTER_CR;
            break;
        case AT_IAC:
            if (b == IAC) {
                bytes[kept++] = b;
                t->state = AT_DATA;
            } else if (b >= WILL && b <= DONT) {
                t->state = AT_OPTION;
            } else {
                t->state = b == SB ? AT_SUB : AT_DATA;
            }
            break;
        case AT_OPTION:
            t->state = AT_DATA;
            break;
        case AT_SUB:
            if (b == IAC)
                t->state = AT_SUB_IAC;
            break;
        case AT_SUB_IAC:
            t->state = b == SE ? AT_DATA : AT_SUB;
            break;
        }
    }
    return kept;
}

void emu_telnet_escape(const uint8_t *bytes, size_t len, GString *out)
{
    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, (char)bytes[i]);
        if (bytes[i] == IAC)
            g_string_append_c(out, (char)IAC);
    }
}
