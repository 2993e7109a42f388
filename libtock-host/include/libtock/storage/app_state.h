/* App state: a struct kept in a writeable flash region of the app's own
 * TBF, loaded into RAM and saved back through the app flash driver
 * (0x50000, spec §8.12).
 *
 * Same names and signatures as tock/libtock-c libtock/storage/app_state.h.
 *
 * Deviation: the flash copy is declared const in section .wfr.app_state
 * (tockbin makes every .wfr.* section a writeable flash region), where
 * libtock-c puts a writable object in .app_state and its link script moves
 * it. Code never writes through it in either; load and save find the region
 * with memop 7/8 (spec §4), so the emulator's copy is the TBF's bytes.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Declare the app state: reads as `_type _identifier;` (the RAM copy), plus
 * its flash copy and the bookkeeping load and save use. Once per app. */
#define LIBTOCK_APP_STATE_DECLARE(_type, _identifier)                                              \
    __attribute__((section(".wfr.app_state"), used, aligned(8))) const _type _app_state_flash;     \
    _type _identifier;                                                                             \
    void *_app_state_flash_pointer = NULL;                                                         \
    void *_app_state_ram_pointer = &_identifier;                                                   \
    size_t _app_state_size = sizeof(_type);                                                        \
    bool _app_state_inited = false;

/* Called when a save finished, with its result. */
typedef void (*libtock_app_state_callback)(returncode_t);

extern void *_app_state_flash_pointer;
extern void *_app_state_ram_pointer;
extern size_t _app_state_size;
extern bool _app_state_inited;

/* Copy the flash copy (writeable flash region 0) into the RAM copy.
 * RETURNCODE_FAIL if the app has no writeable flash region or it is
 * smaller than the state. */
returncode_t libtock_app_state_load(void);

/* Start writing the RAM copy back to flash; `cb` runs from an upcall when
 * done. Loads the region's address first if load was never called. */
returncode_t libtock_app_state_save(libtock_app_state_callback cb);

#ifdef __cplusplus
}
#endif
