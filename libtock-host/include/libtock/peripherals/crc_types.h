/* CRC algorithm numbers.
 *
 * Same names and values as tock/libtock-c libtock/peripherals/crc_types.h
 * @497ea7cf. Input bytes are consumed least significant bit first.
 */
#pragma once

#include "../tock.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    LIBTOCK_CRC_32,      /* polynomial 0x04C11DB7, output reversed then inverted */
    LIBTOCK_CRC_32C,     /* polynomial 0x1EDC6F41, output reversed then inverted */
    LIBTOCK_CRC_16CCITT, /* polynomial 0x1021, no output post-processing */
} libtock_crc_alg_t;

#ifdef __cplusplus
}
#endif
