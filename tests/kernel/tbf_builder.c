/* Test helper: build TBF objects byte by byte (spec §6.2, §6.3, §6.6). */
#include "tbf_builder.h"

#include <assert.h>
#include <string.h>

#include "tbf.h"

void tb_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void tb_put32(uint8_t *p, uint32_t v)
{
    tb_put16(p, (uint16_t)v);
    tb_put16(p + 2, (uint16_t)(v >> 16));
}

void tb_begin(struct tbf_builder *b, uint8_t *buf, size_t cap, uint32_t flags)
{
    assert(cap >= TK_TBF_BASE_HEADER_SIZE);
    memset(buf, 0, cap);
    *b = (struct tbf_builder){buf, cap, TK_TBF_BASE_HEADER_SIZE};
    tb_put16(buf, 2);
    tb_put32(buf + 8, flags);
}

void tb_tlv_raw(struct tbf_builder *b, uint16_t type, uint16_t len, size_t reserved)
{
    assert(b->hdr + 4 + reserved <= b->cap);
    tb_put16(b->buf + b->hdr, type);
    tb_put16(b->buf + b->hdr + 2, len);
    b->hdr += 4 + reserved;
}

void tb_tlv(struct tbf_builder *b, uint16_t type, const void *value, uint16_t len)
{
    size_t at = b->hdr + 4;
    tb_tlv_raw(b, type, len, ((size_t)len + 3) & ~(size_t)3);
    if (len > 0)
        memcpy(b->buf + at, value, len);
}

static void tb_words(struct tbf_builder *b, uint16_t type, const uint32_t *words, unsigned n)
{
    uint8_t v[32];
    for (unsigned i = 0; i < n; i++)
        tb_put32(v + 4 * i, words[i]);
    tb_tlv(b, type, v, (uint16_t)(4 * n));
}

void tb_main(struct tbf_builder *b, uint32_t init, uint32_t trailer, uint32_t min_ram)
{
    uint32_t w[] = {init, trailer, min_ram};
    tb_words(b, TK_TBF_TLV_MAIN, w, 3);
}

void tb_program(struct tbf_builder *b, uint32_t init, uint32_t trailer, uint32_t min_ram,
                uint32_t binary_end, uint32_t version)
{
    uint32_t w[] = {init, trailer, min_ram, binary_end, version};
    tb_words(b, TK_TBF_TLV_PROGRAM, w, 5);
}

void tb_kernel_version(struct tbf_builder *b, uint16_t major, uint16_t minor)
{
    uint32_t w = (uint32_t)major | ((uint32_t)minor << 16);
    tb_words(b, TK_TBF_TLV_KERNEL_VERSION, &w, 1);
}

void tb_name(struct tbf_builder *b, const char *name)
{
    tb_tlv(b, TK_TBF_TLV_PACKAGE_NAME, name, (uint16_t)strlen(name));
}

void tb_short_id(struct tbf_builder *b, uint32_t id)
{
    tb_words(b, TK_TBF_TLV_SHORT_ID, &id, 1);
}

void tb_fixed_addresses(struct tbf_builder *b, uint32_t ram, uint32_t flash)
{
    uint32_t w[] = {ram, flash};
    tb_words(b, TK_TBF_TLV_FIXED_ADDRESSES, w, 2);
}

void tb_fix_checksum(struct tbf_builder *b)
{
    size_t header_size = (size_t)b->buf[2] | ((size_t)b->buf[3] << 8);
    tb_put32(b->buf + 12, tk_tbf_checksum(b->buf, header_size));
}

void tb_end_header(struct tbf_builder *b, uint32_t total_size)
{
    tb_put16(b->buf + 2, (uint16_t)b->hdr);
    tb_put32(b->buf + 4, total_size);
    tb_fix_checksum(b);
}

size_t tb_app(struct tbf_builder *b, uint8_t *buf, size_t cap, const char *name,
              uint32_t binary_end, uint32_t total, uint32_t version)
{
    tb_begin(b, buf, cap, TK_TBF_FLAG_ENABLED);
    tb_program(b, 0x20, 0, 0x1000, binary_end, version);
    tb_kernel_version(b, 2, 0);
    tb_name(b, name);
    tb_end_header(b, total);
    return b->hdr;
}

size_t tb_footer(struct tbf_builder *b, size_t at, uint16_t type, uint16_t length, uint32_t format,
                 const uint8_t *data, size_t data_len)
{
    assert(at + 8 + data_len <= b->cap);
    tb_put16(b->buf + at, type);
    tb_put16(b->buf + at + 2, length);
    tb_put32(b->buf + at + 4, format);
    if (data != NULL)
        memcpy(b->buf + at + 8, data, data_len);
    return at + 4 + length;
}
