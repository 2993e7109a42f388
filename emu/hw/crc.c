/* CRC engine model (see emu_crc.h).
 *
 * Stands for a chip's CRC unit under tock/tock kernel/src/hil/crc.rs
 * @65608d71. Deviation: the brief's "through libcrypto" cannot hold for
 * CRCs, which libcrypto does not offer; they are the textbook bitwise
 * register below (a checksum, not cryptography), parameterised per
 * algorithm as capsules/extra/src/crc.rs documents them and checked
 * against libtock-c's CRC test vectors (tests/capsules/test_crc.c).
 */
#include "emu_crc.h"

#include "container_of.h"
#include "errorcode.h"

/* Reflected forms of the polynomials (bit i <-> bit width-1-i), since input
 * bytes are consumed least significant bit first. */
#define CRC32_REFLECTED  0xedb88320u /* 0x04C11DB7 */
#define CRC32C_REFLECTED 0x82f63b78u /* 0x1EDC6F41 */
#define CRC16_CCITT      0x1021u

static uint32_t crc_initial(enum tk_crc_algorithm algorithm)
{
    return algorithm == TK_CRC_16CCITT ? 0xffffu : 0xffffffffu;
}

static uint8_t reverse_byte(uint8_t b)
{
    b = (uint8_t)((b & 0xf0) >> 4 | (b & 0x0f) << 4);
    b = (uint8_t)((b & 0xcc) >> 2 | (b & 0x33) << 2);
    return (uint8_t)((b & 0xaa) >> 1 | (b & 0x55) << 1);
}

static uint32_t crc_update(enum tk_crc_algorithm algorithm, uint32_t crc, const uint8_t *data,
                           size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (algorithm == TK_CRC_16CCITT) {
            /* Bytes reversed into an MSB-first 16-bit register; the output
             * is not reversed back. */
            crc ^= (uint32_t)reverse_byte(data[i]) << 8;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000u ? crc << 1 ^ CRC16_CCITT : crc << 1) & 0xffffu;
        } else {
            uint32_t poly = algorithm == TK_CRC_32 ? CRC32_REFLECTED : CRC32C_REFLECTED;
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++)
                crc = crc & 1u ? crc >> 1 ^ poly : crc >> 1;
        }
    }
    return crc;
}

static uint32_t crc_final(enum tk_crc_algorithm algorithm, uint32_t crc)
{
    return algorithm == TK_CRC_16CCITT ? crc : ~crc;
}

uint32_t emu_crc_of(enum tk_crc_algorithm algorithm, const uint8_t *data, size_t len)
{
    return crc_final(algorithm, crc_update(algorithm, crc_initial(algorithm), data, len));
}

static void crc_done(struct tk_deferred_call *dc)
{
    struct emu_crc *m = dc->owner;
    int pending = m->pending;
    m->pending = EMU_CRC_IDLE;
    if (pending == EMU_CRC_INPUT) {
        m->hil.client->input_done(m->hil.client, 0, m->chunk_end, 0);
    } else if (pending == EMU_CRC_COMPUTE) {
        uint32_t value = crc_final(m->algorithm, m->state);
        m->state = crc_initial(m->algorithm);
        m->hil.client->crc_done(m->hil.client, 0, m->algorithm, value);
    }
}

static int crc_set_algorithm(struct tk_crc *crc, enum tk_crc_algorithm algorithm)
{
    struct emu_crc *m = tk_container_of(crc, struct emu_crc, hil);
    if (m->pending != EMU_CRC_IDLE)
        return TK_BUSY;
    if ((unsigned)algorithm >= TK_CRC_ALGORITHMS)
        return TK_NOSUPPORT;
    m->has_algorithm = true;
    m->algorithm = algorithm;
    m->state = crc_initial(algorithm);
    return 0;
}

/* The checks input and compute share, then the deferred completion. */
static int crc_start(struct emu_crc *m, int what)
{
    if (!m->has_algorithm)
        return TK_RESERVE;
    if (m->pending != EMU_CRC_IDLE)
        return TK_BUSY;
    m->pending = what;
    tk_deferred_call_schedule(m->kernel, &m->done);
    return 0;
}

static int crc_input(struct tk_crc *crc, uint8_t *data, size_t len)
{
    struct emu_crc *m = tk_container_of(crc, struct emu_crc, hil);
    int rc = crc_start(m, EMU_CRC_INPUT);
    if (rc == 0) {
        /* The unit takes the whole chunk. */
        m->state = crc_update(m->algorithm, m->state, data, len);
        m->chunk_end = data + len;
    }
    return rc;
}

static int crc_compute(struct tk_crc *crc)
{
    return crc_start(tk_container_of(crc, struct emu_crc, hil), EMU_CRC_COMPUTE);
}

static const struct tk_crc_ops crc_ops = {
    .set_algorithm = crc_set_algorithm,
    .input = crc_input,
    .compute = crc_compute,
};

void emu_crc_init(struct emu_crc *m, struct tk_kernel *k)
{
    *m = (struct emu_crc){
        .hil = {.ops = &crc_ops},
        .kernel = k,
        .done = {.fn = crc_done, .owner = m},
    };
}
