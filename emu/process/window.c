/* Windows: memory the kernel shows one app child for a while.
 *
 * IPC shares a client's buffer with a service at the client's own address,
 * and a capsule may lend kernel memory to an app for one upcall (issue 12).
 * A child cannot map anything once its filter is in, so each child maps,
 * at start, one memfd of its own (its window) over both window arenas but
 * its own RAM:
 *
 *   EMU_LEND_BASE .. EMU_LEND_END        lend areas    file offset 0 ..
 *   EMU_APP_RAM_BASE .. EMU_APP_RAM_END  app RAM       file offset 256 MiB ..
 *     (minus its own RAM, which is its RAM memfd)
 *
 * The window file is only as long as the highest range shown, so past that
 * every access faults, as the MPU would (region.c plays the same trick with
 * RAM). Only the emulator can resize it. Shown bytes are copies: they are
 * written into the window before the child runs and, when writable, read
 * back into the owner's memory after it stops. Apps never run at the same
 * time, so each side sees the other's last writes, as with a shared
 * mapping. The copies go through pwrite/pread, so an owner whose memory
 * vanished (a restart) costs an EFAULT, never a SIGBUS in the emulator.
 *
 * Deviation: the window's size is a prefix, so below the highest range
 * shown a child reads zeros where a board's MPU would fault (it never reads
 * anyone's bytes but those shown).
 *
 * The lend area itself is emulator memory mapped at the process's lend
 * address, so the kernel reaches lent bytes by app address like any other.
 * No upstream counterpart: on a board the MPU has regions for this.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "process-internal.h"

#define LEND_SPAN (EMU_LEND_END - EMU_LEND_BASE)
#define PAGE      4096ull

/* The window file offset of [address, address + len), or -1 if the range is
 * not inside one arena. */
static int64_t window_offset(uint64_t address, uint64_t len)
{
    uint64_t end = address + len;
    if (address >= EMU_LEND_BASE && end <= EMU_LEND_END)
        return (int64_t)(address - EMU_LEND_BASE);
    if (address >= EMU_APP_RAM_BASE && end <= EMU_APP_RAM_END)
        return (int64_t)(LEND_SPAN + address - EMU_APP_RAM_BASE);
    return -1;
}

static bool has_lend_area(const struct emu_process_host *h)
{
    return h->memory_start >= EMU_APP_RAM_BASE && h->memory_len <= EMU_APP_RAM_END &&
           h->memory_start <= EMU_APP_RAM_END - h->memory_len;
}

uint64_t emu_process_host_lend_area(const struct emu_process_host *h)
{
    return h->lend_mapped ? h->memory_start - EMU_APP_RAM_BASE + EMU_LEND_BASE : 0;
}

int emu__window_init(struct emu_process_host *h, struct emu_err *err)
{
    h->window_fd = memfd_create("tockemu-window", MFD_CLOEXEC);
    if (h->window_fd < 0) {
        int rc = -errno;
        emu_err_set(err, "%s: memfd_create: %s", h->name, strerror(-rc));
        return rc;
    }
    h->window_size = 0;
    h->shown_count = 0;
    /* Lend areas are optional: a host whose RAM lies outside the arena (a
     * test's fake) or whose lend address is taken simply has none. */
    if (has_lend_area(h)) {
        uint64_t lend = h->memory_start - EMU_APP_RAM_BASE + EMU_LEND_BASE;
        void *m = mmap((void *)(uintptr_t)lend, h->memory_len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (m != MAP_FAILED && (uint64_t)(uintptr_t)m == lend)
            h->lend_mapped = true;
        else if (m != MAP_FAILED)
            munmap(m, h->memory_len);
    }
    return 0;
}

void emu__window_fini(struct emu_process_host *h)
{
    if (h->lend_mapped && emu__host_unmaps(h))
        munmap((void *)(uintptr_t)emu_process_host_lend_area(h), h->memory_len);
    h->lend_mapped = false;
    if (h->window_fd >= 0)
        close(h->window_fd);
    h->window_fd = -1;
}

/* Size the file to the highest range shown: everything past it faults. */
static int resize(struct emu_process_host *h)
{
    uint64_t size = 0;
    for (unsigned i = 0; i < h->shown_count; i++) {
        uint64_t end =
            (uint64_t)window_offset(h->shown[i].address, h->shown[i].len) + h->shown[i].len;
        if (end > size)
            size = end;
    }
    size = (size + PAGE - 1) & ~(PAGE - 1);
    if (size == h->window_size)
        return 0;
    if (ftruncate(h->window_fd, (off_t)size) != 0)
        return -errno;
    h->window_size = size;
    return 0;
}

int emu_process_host_window_show(struct emu_process_host *h, uint64_t address, uint64_t len,
                                 bool writable)
{
    if (len == 0 || address + len < address)
        return -EINVAL;
    uint64_t mine_end = h->memory_start + h->memory_len;
    if (address < mine_end && address + len > h->memory_start)
        return -EINVAL; /* its own RAM is its own already */
    if (h->window_fd < 0 || window_offset(address, len) < 0)
        return -ERANGE;
    for (unsigned i = 0; i < h->shown_count; i++) {
        if (h->shown[i].address == address && h->shown[i].len == len) {
            h->shown[i].writable = writable;
            return 0;
        }
    }
    if (h->shown_count == EMU_WINDOWS_MAX)
        return -ENOSPC;
    h->shown[h->shown_count++] = (struct emu_window_range){address, len, writable};
    int rc = resize(h);
    if (rc != 0)
        h->shown_count--;
    return rc;
}

/* Discard the child's copy of one range: zeros, and whole pages freed. */
static void discard(struct emu_process_host *h, const struct emu_window_range *r)
{
    off_t at = (off_t)window_offset(r->address, r->len);
    if ((uint64_t)at >= h->window_size)
        return;
    fallocate(h->window_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, at, (off_t)r->len);
}

int emu_process_host_window_hide(struct emu_process_host *h, uint64_t address, uint64_t len)
{
    for (unsigned i = 0; i < h->shown_count; i++) {
        if (h->shown[i].address != address || h->shown[i].len != len)
            continue;
        discard(h, &h->shown[i]);
        h->shown[i] = h->shown[--h->shown_count];
        return resize(h);
    }
    return -ENOENT;
}

void emu__window_reset(struct emu_process_host *h)
{
    h->shown_count = 0;
    if (h->window_fd >= 0 && ftruncate(h->window_fd, 0) == 0)
        h->window_size = 0;
}

void emu__window_copy_in(struct emu_process_host *h)
{
    for (unsigned i = 0; i < h->shown_count; i++) {
        const struct emu_window_range *r = &h->shown[i];
        off_t at = (off_t)window_offset(r->address, r->len);
        /* Short or EFAULT: the owner's memory is gone (a restart, a break
         * moved down); the child sees zeros rather than stale bytes. */
        if (pwrite(h->window_fd, (const void *)(uintptr_t)r->address, r->len, at) !=
            (ssize_t)r->len)
            discard(h, r);
    }
}

void emu__window_copy_out(struct emu_process_host *h)
{
    for (unsigned i = 0; i < h->shown_count; i++) {
        const struct emu_window_range *r = &h->shown[i];
        if (!r->writable)
            continue;
        off_t at = (off_t)window_offset(r->address, r->len);
        /* EFAULT: the owner's memory is gone, and nothing is lost. */
        (void)!pread(h->window_fd, (void *)(uintptr_t)r->address, r->len, at);
    }
}
