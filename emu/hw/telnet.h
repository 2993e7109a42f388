/* Telnet on the console socket: what a telnet client needs to act as a
 * serial terminal.
 *
 * RFC 854 (the network virtual terminal, IAC commands), RFC 857 (ECHO),
 * RFC 858 (SUPPRESS-GO-AHEAD). A telnet client starts in line mode with
 * its own echo; the server's WILL ECHO and WILL SUPPRESS-GO-AHEAD switch it
 * to a byte at a time with the echo left to the far end, as on a serial
 * line (the process console echoes). Pure logic: the socket is uart.c's.
 * No upstream counterpart @65608d71 (Tock boards have no network console).
 */
#ifndef EMU_TELNET_H
#define EMU_TELNET_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* Sent to each client first: IAC WILL ECHO, IAC WILL SUPPRESS-GO-AHEAD. */
#define EMU_TELNET_GREETING     "\xff\xfb\x01\xff\xfb\x03"
#define EMU_TELNET_GREETING_LEN 6

/* Where the receiver is in the command syntax (carried across reads). */
struct emu_telnet {
    uint8_t state;
};

/* A new client: no command under way. */
void emu_telnet_init(struct emu_telnet *t);
/* Take telnet commands out of `len` bytes received, in place: IAC IAC is
 * the byte 0xFF, option negotiation (WILL, WONT, DO, DONT) and
 * subnegotiation (SB ... IAC SE) and every other command are dropped (the
 * options asked for in the greeting are the only ones wanted, and a
 * client's answers to them need no reply, RFC 854). Enter as CR NUL or
 * CR LF becomes CR, as a serial terminal sends it. Returns the bytes left. */
size_t emu_telnet_receive(struct emu_telnet *t, uint8_t *bytes, size_t len);
/* Append `bytes` to `out` as telnet data: each 0xFF doubled (IAC IAC). */
void emu_telnet_escape(const uint8_t *bytes, size_t len, GString *out);

#endif
