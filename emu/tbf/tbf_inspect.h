/* Describing TBF objects for people and programs: every header field, footer.
 *
 * What tock/tockloader's `inspect-tab` prints, for the objects that
 * emu/kernel/loader.c's scan finds (spec §6). One description, two renderings:
 * indented "key: value" text and JSON, with the same keys; field names follow
 * tock-tbf's getters (init_fn_offset_abs = header_size + init offset, ...).
 */
#ifndef EMU_TBF_INSPECT_H
#define EMU_TBF_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "emu_err.h"
#include "loader.h"

/* How a credential check came out, for the footers of one object; NULL
 * when inspecting without checking. Indexed by footer index. */
struct emu_tbf_footer_verdicts {
    const char *const *names; /* "Accept", "Pass", "Reject" */
    unsigned count;
};

/* Append a description of `obj` (as tk_tbf_scan reports it) to `out`: its
 * place and verdict, the base-header lengths, every header field, and each
 * footer with how the walk ended. Text is indented by two spaces per level;
 * JSON is one object without a trailing newline. `verdicts` (may be NULL)
 * adds a "check" to each footer. */
void emu_tbf_inspect(GString *out, const struct tk_tbf_object *obj, bool json,
                     const struct emu_tbf_footer_verdicts *verdicts);

/* Open the one TBF object at the start of `buf` (`len` bytes) as the
 * kernel's discovery would before its post-parse checks: base-header
 * lengths, truncation, then the header (checksum, TLVs) into `h`. With
 * `exact` the object must fill `buf` (total_size == len); otherwise bytes
 * may follow it (total_size <= len). Returns 0, or -EINVAL with `err` naming
 * `name`: "not a TBF (...)", "invalid TBF base header (...)", "truncated TBF:
 * ...", "... expected exactly one TBF object", "bad TBF header: ...". */
int emu_tbf_open(const uint8_t *buf, size_t len, const char *name, bool exact,
                 struct tk_tbf_header *h, struct emu_err *err);
/* The same for an object of `len` bytes of which only the first `available`
 * are at `buf`: they must hold its header. */
int emu_tbf_open_prefix(const uint8_t *buf, size_t available, size_t len, const char *name,
                        bool exact, struct tk_tbf_header *h, struct emu_err *err);

/* Append `s` (`len` bytes) to `out` as a JSON string literal. */
void emu_json_string(GString *out, const char *s, size_t len);

/* Why the scan stops at `obj` (verdict TK_LOAD_STOP), for a person: the
 * kernel's error with the numbers behind it, e.g. "total_size 8192 but only
 * 100 bytes left (NotEnoughFlash)", "binary_end 9000 is past total_size 8192
 * (NotEnoughFlash)". `left` is the bytes from the object's start to the end
 * of what was scanned. Writes at most `len` bytes including the NUL. */
void emu_tbf_stop_reason(const struct tk_tbf_object *obj, size_t left, char *out, size_t len);

#endif
