/* Scanning app flash for TBF objects, object by object, with a verdict each.
 *
 * Mirrors tock/tock kernel/src/process_loading.rs discover_process_binary and
 * the error handling of load_processes_from_flash / SequentialProcessLoaderMachine
 * load_and_check @65608d71 (spec §6.5, §10.28). The scan only decides; creating
 * processes (memory, slots) is the caller's business, and so is credential
 * checking (appid.h): the kernel's synchronous load_processes checks none and
 * gives every process ShortId LocallyUnique, the asynchronous
 * SequentialProcessLoaderMachine runs tk_credentials_check on every TK_LOAD_OK
 * object and then tk_appid_select over those accepted (spec §7.2, §7.5).
 */
#ifndef TK_LOADER_H
#define TK_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tbf.h"

enum tk_load_verdict {
    TK_LOAD_OK,   /* a process binary: the loader goes on to create it */
    TK_LOAD_SKIP, /* not loaded; the scan continues at offset + total_size */
    TK_LOAD_STOP, /* the scan of app flash ends here */
};

/* What the scan found at one offset of app flash. */
struct tk_tbf_object {
    unsigned index;      /* 0 for the first object */
    uint32_t offset;     /* from the start of the image */
    uint64_t address;    /* base + offset */
    const uint8_t *data; /* the object's bytes (len = total_size), NULL on a stop
                          * before the lengths were known */
    size_t len;

    bool has_lengths; /* the 8-byte base header could be read */
    struct tk_tbf_lengths lengths;
    /* InitialTbfParseError if parse_tbf_header_lengths failed, else TK_TBF_OK. */
    enum tk_tbf_err initial_error;
    bool has_header; /* the header parsed (even if a later check failed) */
    struct tk_tbf_header header;

    enum tk_load_verdict verdict;
    struct tk_tbf_error error; /* why, for SKIP and STOP */
};

/* Look at the object at the start of `flash` (len bytes, at `address`), as
 * discover_process_binary does, and fill `obj` (index and offset are left to
 * the caller). Returns the number of bytes the scan moves on by: total_size
 * for OK and SKIP, 0 for STOP. Stops with TK_TBF_NOT_ENOUGH_FLASH when fewer
 * than 8 bytes are left, when total_size exceeds what is left or when
 * binary_end > total_size; TK_TBF_TBF_HEADER_NOT_FOUND (cause UnableToParse)
 * when the version is not 2; TK_TBF_TOTAL_SIZE_ZERO for an invalid header with
 * total_size 0. Deviation: the reference loader skips total_size bytes there,
 * i.e. never advances, and spins forever; we stop instead (spec §6.5). */
size_t tk_tbf_discover(const uint8_t *flash, size_t len, uint64_t address,
                       struct tk_tbf_object *obj);

/* Called once per object, in flash order. Return false to end the scan early
 * (e.g. when the process slots are full). */
typedef bool (*tk_tbf_scan_fn)(void *ctx, const struct tk_tbf_object *obj);

/* Scan an app-flash image of `len` bytes mapped at `base`: call `fn` for
 * each object until a STOP verdict (which is reported too) or until `fn`
 * returns false. Returns the number of objects reported. */
unsigned tk_tbf_scan(const uint8_t *flash, size_t len, uint64_t base, tk_tbf_scan_fn fn, void *ctx);

/* "load", "skip" or "stop". */
const char *tk_load_verdict_name(enum tk_load_verdict verdict);

#endif
