/* CRC engine model: CRC-32, CRC-32C and CRC-16-CCITT behind hil/crc.h.
 *
 * Plays a CRC unit (the SAM4L's CRCCU, the STM32's CRC) that takes a whole
 * chunk at a time. Each chunk and each compute completes from a deferred
 * call, one operation at a time (TK_BUSY otherwise).
 */
#ifndef EMU_HW_EMU_CRC_H
#define EMU_HW_EMU_CRC_H

#include <stdbool.h>
#include <stdint.h>

#include "hil/crc.h"
#include "kernel.h"

struct emu_crc {
    struct tk_crc hil;
    struct tk_kernel *kernel;
    bool has_algorithm;
    enum tk_crc_algorithm algorithm;
    uint32_t state; /* the running register */
    enum { EMU_CRC_IDLE, EMU_CRC_INPUT, EMU_CRC_COMPUTE } pending;
    uint8_t *chunk_end; /* just past the chunk being processed (lent) */
    struct tk_deferred_call done;
};

void emu_crc_init(struct emu_crc *m, struct tk_kernel *k);

/* The CRC of `len` bytes in one go (for tests). */
uint32_t emu_crc_of(enum tk_crc_algorithm algorithm, const uint8_t *data, size_t len);

#endif
