/* Scanning app flash: one verdict per TBF object (load, skip or stop).
 *
 * Mirrors tock/tock kernel/src/process_loading.rs discover_process_binary and
 * the match on ProcessBinaryError in load_processes_from_flash @65608d71
 * (spec §6.5): NotEnoughFlash and TbfHeaderNotFound end the scan, every other
 * error skips one object.
 */
#include "loader.h"

static size_t stop(struct tk_tbf_object *obj, const struct tk_tbf_error *e)
{
    obj->verdict = TK_LOAD_STOP;
    obj->error = *e;
    return 0;
}

static size_t skip(struct tk_tbf_object *obj, const struct tk_tbf_error *e)
{
    obj->verdict = TK_LOAD_SKIP;
    obj->error = *e;
    return obj->len;
}

/* The object's header and post-parse checks (ProcessBinary::create). */
static size_t create_binary(struct tk_tbf_object *obj, uint16_t version, uint16_t header_size)
{
    struct tk_tbf_error e = {0};
    if (tk_tbf_parse_header(obj->data, header_size, version, &obj->header, &e) != TK_TBF_OK)
        return skip(obj, &e);
    obj->has_header = true;
    /* spec §10.25: the loader always requires the Kernel Version TLV. */
    enum tk_tbf_err r = tk_tbf_check_binary(&obj->header, obj->len, obj->address, true, &e);
    if (r == TK_TBF_OK) {
        obj->verdict = TK_LOAD_OK;
        return obj->len;
    }
    /* spec §10.28: binary_end > total_size ends discovery of every later app. */
    return r == TK_TBF_NOT_ENOUGH_FLASH ? stop(obj, &e) : skip(obj, &e);
}

size_t tk_tbf_discover(const uint8_t *flash, size_t len, uint64_t address,
                       struct tk_tbf_object *obj)
{
    struct tk_tbf_error e = {0};
    unsigned index = obj->index;
    uint32_t offset = obj->offset;
    *obj = (struct tk_tbf_object){.index = index, .offset = offset, .address = address};

    enum tk_tbf_err r = tk_tbf_parse_lengths(flash, len, &obj->lengths, &e);
    if (r == TK_TBF_NOT_ENOUGH_FLASH)
        return stop(obj, &e);
    obj->has_lengths = true;
    obj->initial_error = r;
    if (r == TK_TBF_UNABLE_TO_PARSE) {
        e = (struct tk_tbf_error){.code = TK_TBF_TBF_HEADER_NOT_FOUND, .cause = r};
        return stop(obj, &e);
    }
    /* An InvalidHeader object is still sliced by total_size and then fails
     * to parse as version 0 (spec §6.5 row 3). */
    uint16_t version = r == TK_TBF_INVALID_HEADER ? 0 : obj->lengths.version;
    uint16_t header_size = r == TK_TBF_INVALID_HEADER ? 0 : obj->lengths.header_size;
    if (obj->lengths.total_size > len) {
        e = (struct tk_tbf_error){.code = TK_TBF_NOT_ENOUGH_FLASH, .a = obj->lengths.total_size};
        return stop(obj, &e);
    }
    if (obj->lengths.total_size == 0) {
        /* Deviation: the reference loader would skip 0 bytes and loop on
         * this object forever (spec §6.5, §10.28); we end the scan. */
        e = (struct tk_tbf_error){.code = TK_TBF_TOTAL_SIZE_ZERO};
        return stop(obj, &e);
    }
    obj->data = flash;
    obj->len = obj->lengths.total_size;
    return create_binary(obj, version, header_size);
}

unsigned tk_tbf_scan(const uint8_t *flash, size_t len, uint64_t base, tk_tbf_scan_fn fn, void *ctx)
{
    size_t pos = 0;
    unsigned count = 0;
    for (;;) {
        struct tk_tbf_object obj = {.index = count, .offset = (uint32_t)pos};
        size_t step = tk_tbf_discover(flash + pos, len - pos, base + pos, &obj);
        count++;
        bool go_on = fn(ctx, &obj);
        /* Every non-stop verdict advances by total_size >= 1, so this ends. */
        if (obj.verdict == TK_LOAD_STOP || !go_on)
            return count;
        pos += step;
    }
}

const char *tk_load_verdict_name(enum tk_load_verdict verdict)
{
    switch (verdict) {
    case TK_LOAD_OK:
        return "load";
    case TK_LOAD_SKIP:
        return "skip";
    case TK_LOAD_STOP:
        return "stop";
    }
    return "unknown";
}
