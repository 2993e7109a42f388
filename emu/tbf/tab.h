/* TAB archives (Tock Application Bundles): a tar of metadata and per-arch TBFs.
 *
 * elf2tab writes a POSIX tar whose members are `metadata.toml` and one
 * `<arch>.tbf` (`<arch>.bin` before 2020) per architecture (e.g. `cortex-m4.tbf`,
 * `rv32imac.0x20040080.0x80002800.tbf`). tockemu runs the host's member,
 * named `x86_64.tbf` (or starting with `x86_64`).
 */
#ifndef EMU_TAB_H
#define EMU_TAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "emu_err.h"

/* True if `buf` starts with a ustar header. */
bool emu_tab_is_archive(const uint8_t *buf, size_t len);

/* Call `fn` for every regular member, in archive order, with its name and
 * bytes (pointing into `buf`). Stops early if `fn` returns false. Returns 0,
 * or -EINVAL with `err` naming `path` if the archive is malformed. */
typedef bool (*emu_tab_member_fn)(void *ctx, const char *name, const uint8_t *data, size_t len);
int emu_tab_each_member(const char *path, const uint8_t *buf, size_t len, emu_tab_member_fn fn,
                        void *ctx, struct emu_err *err);

/* Rewrite the TAB in `buf` into `out` (appended): each regular member's
 * bytes go through `fn`, which may change them and their length; its header
 * gets the new size and checksum, everything else is copied as it is.
 * `fn` returns 0 or a negative errno with `err` set, which stops the
 * rewrite. Returns 0, `fn`'s error, or -EINVAL with `err` naming `path`
 * if the archive is malformed; on error `out` holds a partial archive. */
typedef int (*emu_tab_edit_fn)(void *ctx, const char *name, GByteArray *member,
                               struct emu_err *err);
int emu_tab_edit(const char *path, const uint8_t *buf, size_t len, emu_tab_edit_fn fn, void *ctx,
                 GByteArray *out, struct emu_err *err);

/* True if a TAB member named `name` is a TBF: elf2tab names members
 * <arch>.tbf; before 2020 (libtock-c 1.0) it wrote <arch>.bin. */
bool emu_tab_is_tbf_member(const char *name);

/* Find the host architecture's TBF in a TAB. Returns 0 with *tbf and *tbf_len
 * pointing into `buf`, or -ENOENT with `err` listing the members there are. */
int emu_tab_find_host_tbf(const char *path, const uint8_t *buf, size_t len, const uint8_t **tbf,
                          size_t *tbf_len, struct emu_err *err);

#endif
