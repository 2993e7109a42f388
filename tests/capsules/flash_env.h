/* Shared set-up for the flash, app flash, nonvolatile storage and KV tests.
 *
 * The real NOR flash model (emu/hw/flash.c) stands behind every capsule; it
 * completes through kernel deferred calls, which fx_settle runs until none is
 * left. Flash files live in a fresh temporary directory per test.
 */
#ifndef TK_TEST_FLASH_ENV_H
#define TK_TEST_FLASH_ENV_H

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "flash.h"
#include "kernel.h"

/* Run deferred calls until the kernel has none left (a multi-page flash
 * operation takes several rounds). */
static inline void fx_settle(struct tk_kernel *k)
{
    for (unsigned rounds = 0; tk_kernel_run_deferred_calls(k); rounds++)
        ck_assert_uint_lt(rounds, 100000);
}

/* Options for a small device: `pages` pages of `page_size` bytes, in RAM if
 * `path` is NULL. */
static inline struct emu_flash_options flash_env_options(const char *path, uint32_t page_size,
                                                         uint32_t pages)
{
    struct emu_flash_options o;
    emu_flash_options_init(&o);
    o.path = path != NULL ? g_strdup(path) : NULL;
    o.ram = path == NULL;
    o.page_size = page_size;
    o.size = (gint64)page_size * pages;
    return o;
}

/* Open a device, failing the test on error. */
static inline struct emu_flash *flash_env_open(struct tk_kernel *k, struct emu_flash_options *o)
{
    struct emu_err err = {{0}};
    int errnum = 0;
    struct emu_flash *f = emu_flash_new(k, o, &err, &errnum);
    ck_assert_msg(f != NULL, "emu_flash_new: %s (%d)", err.msg, errnum);
    return f;
}

/* A fresh temporary directory and a file name inside it (not created). */
static inline char *flash_env_tmpfile(char **dir)
{
    GError *error = NULL;
    *dir = g_dir_make_tmp("tockemu-flash-XXXXXX", &error);
    ck_assert_ptr_nonnull(*dir);
    return g_build_filename(*dir, "flash.bin", NULL);
}

/* Remove the file (if any) and the directory. */
static inline void flash_env_tmp_free(char *dir, char *path)
{
    remove(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
}

/* Read a syscall-visible upcall: the next task must be a function call with
 * these arguments. */
static inline void fx_expect_upcall(struct tk_process *p, uint32_t a0, uint32_t a1, uint32_t a2)
{
    struct tk_task t;
    ck_assert_msg(fx_pop_task(p, &t), "no upcall queued");
    ck_assert_int_eq(t.kind, TK_TASK_FUNCTION_CALL);
    ck_assert_uint_eq((uint32_t)t.arg[0], a0);
    ck_assert_uint_eq((uint32_t)t.arg[1], a1);
    ck_assert_uint_eq((uint32_t)t.arg[2], a2);
}

#endif
