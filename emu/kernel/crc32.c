/* CRC-32/POSIX, the checksum AppID assigners turn package names into.
 *
 * Mirrors tock/tock kernel/src/utilities/helpers.rs crc32_posix @65608d71
 * (spec §7.4). Bitwise, no table: names are a few bytes and this runs once
 * per binary at load time.
 */
#include "appid.h"

#define CRC32_POSIX_POLY 0x04C11DB7u

uint32_t tk_crc32_posix(const uint8_t *data, size_t len)
{
    /* spec §7.4: init 0, MSB first (no reflection), final XOR, and unlike
     * cksum(1) the length is not appended. */
    uint32_t crc = 0;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint32_t)data[i] << 24;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x80000000u) ? (crc << 1) ^ CRC32_POSIX_POLY : crc << 1;
    }
    return ~crc;
}
