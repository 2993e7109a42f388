/* Test helper: build TBF objects byte by byte (spec §6.2, §6.3, §6.6).
 *
 * Used by the tbf, appid and credentials suites. The builder writes into a
 * caller buffer; the header grows TLV by TLV and tb_end_header() fixes
 * header_size, total_size and the checksum.
 */
#ifndef TESTS_TBF_BUILDER_H
#define TESTS_TBF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

struct tbf_builder {
    uint8_t *buf;
    size_t cap;
    size_t hdr; /* bytes of header written so far */
};

/* Zero `buf` and write a base header: version 2, `flags`. */
void tb_begin(struct tbf_builder *b, uint8_t *buf, size_t cap, uint32_t flags);
/* Append a TLV (type, length, value, zero padding to 4). */
void tb_tlv(struct tbf_builder *b, uint16_t type, const void *value, uint16_t len);
/* Append a TLV with `len` in its header but only `pad_len` bytes reserved. */
void tb_tlv_raw(struct tbf_builder *b, uint16_t type, uint16_t len, size_t reserved);
void tb_main(struct tbf_builder *b, uint32_t init, uint32_t trailer, uint32_t min_ram);
void tb_program(struct tbf_builder *b, uint32_t init, uint32_t trailer, uint32_t min_ram,
                uint32_t binary_end, uint32_t version);
void tb_kernel_version(struct tbf_builder *b, uint16_t major, uint16_t minor);
void tb_name(struct tbf_builder *b, const char *name);
void tb_short_id(struct tbf_builder *b, uint32_t id);
void tb_fixed_addresses(struct tbf_builder *b, uint32_t ram, uint32_t flash);
/* Set header_size = bytes written, total_size, and the checksum. */
void tb_end_header(struct tbf_builder *b, uint32_t total_size);
/* Recompute the checksum after poking at the header. */
void tb_fix_checksum(struct tbf_builder *b);
/* A typical app: Program(init 0x20, min RAM 0x1000, binary_end, version) +
 * KernelVersion 2.0 + name, total `total`. Returns header_size. */
size_t tb_app(struct tbf_builder *b, uint8_t *buf, size_t cap, const char *name,
              uint32_t binary_end, uint32_t total, uint32_t version);
/* Write a footer TLV at `at`: type, length, format and `data_len` bytes of
 * `data` (NULL: zeros). Returns the offset after it (at + 4 + length). */
size_t tb_footer(struct tbf_builder *b, size_t at, uint16_t type, uint16_t length, uint32_t format,
                 const uint8_t *data, size_t data_len);

void tb_put16(uint8_t *p, uint16_t v);
void tb_put32(uint8_t *p, uint32_t v);

#endif
