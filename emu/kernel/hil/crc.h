/* CRC HIL: feed data in chunks, then compute, each answered through a client.
 *
 * Mirrors tock/tock kernel/src/hil/crc.rs @65608d71 (Crc, Client,
 * CrcAlgorithm, CrcOutput). A chunk is lent to the engine and handed back by
 * input_done with how many of its bytes the engine did not take; completions
 * come from the kernel loop, never inside input or compute.
 */
#ifndef TK_HIL_CRC_H
#define TK_HIL_CRC_H

#include <stddef.h>
#include <stdint.h>

/* Numbered as the CRC capsule numbers them for apps. All consume each byte
 * least significant bit first. */
enum tk_crc_algorithm {
    TK_CRC_32,         /* poly 0x04C11DB7, output reversed then inverted */
    TK_CRC_32C,        /* poly 0x1EDC6F41, output reversed then inverted */
    TK_CRC_16CCITT,    /* poly 0x1021, no output post-processing */
    TK_CRC_ALGORITHMS, /* how many */
};

struct tk_crc_client {
    /* A chunk was processed: `error` 0 or an ErrorCode; `data` points at the
     * first byte of the lent chunk not taken and `left` is how many remain
     * (0: all taken), as Tock hands back the SubSliceMut with its window
     * advanced. */
    void (*input_done)(struct tk_crc_client *c, int error, uint8_t *data, size_t left);
    /* The CRC: `error` 0 with `value` (16-bit results in the low half). */
    void (*crc_done)(struct tk_crc_client *c, int error, enum tk_crc_algorithm algorithm,
                     uint32_t value);
};

struct tk_crc;

struct tk_crc_ops {
    /* Choose the algorithm and reset the state: 0, TK_BUSY (processing),
     * TK_NOSUPPORT. */
    int (*set_algorithm)(struct tk_crc *crc, enum tk_crc_algorithm algorithm);
    /* Lend `len` bytes: 0 (input_done follows), TK_RESERVE (no algorithm
     * set), TK_BUSY. */
    int (*input)(struct tk_crc *crc, uint8_t *data, size_t len);
    /* Finish: 0 (crc_done follows), TK_RESERVE, TK_BUSY. */
    int (*compute)(struct tk_crc *crc);
};

struct tk_crc {
    const struct tk_crc_ops *ops;
    struct tk_crc_client *client;
};

#endif
