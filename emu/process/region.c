/* Memory regions shared with app children: memfds at fixed addresses.
 *
 * The emulator and each child map the same memfd at the same address, so an
 * address an app passes in a syscall names the same bytes on both sides and
 * the kernel reads and writes allowed buffers in place (architecture.md,
 * "Memory model").
 *
 * The MPU is the RAM memfd's size. Both sides map the whole RAM region, but
 * the file is only as long as the app break rounded up to a page: an access
 * past the end of the file raises SIGBUS in the child, a fault with its
 * address. Only the emulator holds a descriptor that can change the size,
 * so no app code can move its own boundary, and no grant or other kernel
 * state lives in the file (emu/kernel/grant.c keeps it in emulator memory).
 *
 *   memory_start + memory_len --+
 *                               |  mapped, past the end of the file: SIGBUS
 *   page_up(app break) ---------+
 *                               |  the file: read-write in the child
 *   memory_start ---------------+
 *
 * Growing the file gives zero pages, shrinking it drops them, which is what
 * brk promises (spec §10.17: growth zero-fills).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "process-internal.h"

/* Map `len` bytes of `fd` at exactly `addr`, refusing to replace anything. */
static int map_fixed(uint64_t addr, uint64_t len, int prot, int fd)
{
    void *p = mmap((void *)(uintptr_t)addr, len, prot, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
    if (p == MAP_FAILED)
        return -errno;
    if ((uint64_t)(uintptr_t)p != addr) { /* kernels before 4.17 ignore the flag */
        munmap(p, len);
        return -EEXIST;
    }
    return 0;
}

static int memfd_of_size(const char *name, uint64_t size)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (ftruncate(fd, (off_t)size) != 0) {
        int rc = -errno;
        close(fd);
        return rc;
    }
    return fd;
}

/* A second, read-only open of the flash memfd: what children map. A
 * MAP_PRIVATE mapping of it can never write the file, whatever the child's
 * protections become (a debugger's breakpoints land in private copies). */
static int read_only_reopen(int fd)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int ro = open(path, O_RDONLY | O_CLOEXEC);
    return ro < 0 ? -errno : ro;
}

int emu_app_flash_init(struct emu_app_flash *af, struct emu_err *err)
{
    int rc;
    memset(af, 0, sizeof *af);
    af->child_fd = -1;
    af->fd = memfd_of_size("tockemu-app-flash", EMU_APP_FLASH_SIZE);
    if (af->fd < 0) {
        emu_err_set(err, "app flash: memfd_create: %s", strerror(-af->fd));
        return af->fd;
    }
    rc = map_fixed(EMU_APP_FLASH_BASE, EMU_APP_FLASH_SIZE, PROT_READ | PROT_WRITE, af->fd);
    if (rc != 0) {
        emu_err_set(err, "app flash: cannot map at 0x%llx: %s",
                    (unsigned long long)EMU_APP_FLASH_BASE, strerror(-rc));
        goto fail;
    }
    af->base = (uint8_t *)(uintptr_t)EMU_APP_FLASH_BASE;
    af->size = EMU_APP_FLASH_SIZE;
    if ((af->child_fd = rc = read_only_reopen(af->fd)) < 0) {
        emu_err_set(err, "app flash: cannot reopen read-only: %s", strerror(-rc));
        goto fail;
    }
    af->owns_zygote = true;
    af->owner_pid = getpid();
    if ((rc = emu_zygote_new(&af->zygote)) != 0) {
        emu_err_set(err, "app loader: %s", strerror(-rc));
        goto fail;
    }
    return 0;
fail:
    emu_app_flash_fini(af);
    return rc;
}

void emu_app_flash_leave_for_exit(struct emu_app_flash *af)
{
    af->leave_mapped = true;
    if (af->zygote != NULL)
        emu_zygote_leave_children(af->zygote);
}

bool emu_app_flash_borrow(struct emu_app_flash *af, struct emu_app_flash *owner)
{
    if (owner->lender != NULL || owner->base == NULL)
        return false;
    if (owner->owner_pid != getpid()) {
        /* Inherited through a fork: its memory is shared with the parent
         * (and holds the fixed address), its zygote serves the parent.
         * Make it this process's own, anew; the parent's stays as it is. */
        struct emu_err err;
        owner->lent = owner->spoiled = false;
        owner->leave_mapped = false;
        emu_app_flash_fini(owner);
        if (emu_app_flash_init(owner, &err) != 0)
            return false;
    }
    if (owner->lent || owner->spoiled)
        return false;
    *af = (struct emu_app_flash){.fd = owner->fd,
                                 .child_fd = owner->child_fd,
                                 .zygote = owner->zygote,
                                 .base = owner->base,
                                 .size = owner->size,
                                 .lender = owner};
    owner->lent = true;
    return true;
}

int emu_app_flash_erase(struct emu_app_flash *af, uint64_t offset, uint64_t len)
{
    /* One zero block, written many times over by each pwritev. */
    static const uint8_t zeros[16384];
    enum { BLOCKS = 64 };
    struct iovec iov[BLOCKS];
    for (unsigned i = 0; i < BLOCKS; i++)
        iov[i] = (struct iovec){(void *)zeros, sizeof zeros};
    if (offset > af->size)
        return -EINVAL;
    if (len > af->size - offset)
        len = af->size - offset;
    while (len > 0) {
        unsigned blocks = (unsigned)((len + sizeof zeros - 1) / sizeof zeros);
        if (blocks > BLOCKS)
            blocks = BLOCKS;
        if ((uint64_t)blocks * sizeof zeros > len) /* the last block is short */
            iov[blocks - 1].iov_len = (size_t)(len - (uint64_t)(blocks - 1) * sizeof zeros);
        ssize_t done = pwritev(af->fd, iov, (int)blocks, (off_t)offset);
        iov[blocks - 1].iov_len = sizeof zeros;
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0) {
            /* Bytes left behind: the owner is never lent again. */
            if (af->lender != NULL)
                af->lender->spoiled = true;
            return done < 0 ? -errno : -EIO;
        }
        offset += (uint64_t)done;
        len -= (uint64_t)done;
    }
    return 0;
}

void emu_app_flash_fini(struct emu_app_flash *af)
{
    if (af->lender != NULL) {
        /* A loan: the memory and descriptors are the owner's. */
        if (af->zygote != NULL)
            emu_zygote_reap_killed(af->zygote);
        af->lender->lent = false;
        *af = (struct emu_app_flash){.fd = -1, .child_fd = -1};
        return;
    }
    bool inherited = af->owner_pid != getpid(); /* through a fork */
    while (af->parked_count > 0) {
        struct emu_process_host *h = af->parked[--af->parked_count];
        if (inherited) {
            /* Its kept child is the parent's, whose copy of this host
             * restarts or kills it; here it is only forgotten. */
            h->pid = h->killed_pid = 0;
            h->kept = false;
        }
        emu_process_host_kill(h); /* reaped with the zygote's other children */
        h->flash = NULL;          /* not parked again */
        emu_process_host_free(h);
    }
    if (af->base != NULL && !af->leave_mapped)
        munmap(af->base, af->size);
    if (af->fd >= 0)
        close(af->fd);
    if (af->child_fd >= 0)
        close(af->child_fd);
    /* Every child of these apps is reaped by the end: none dies later, with
     * a SIGCHLD in the middle of the caller's own code (a test's). */
    if (af->owns_zygote)
        emu_zygote_free(af->zygote);
    else if (af->zygote != NULL)
        emu_zygote_reap_killed(af->zygote);
    af->zygote = NULL;
    af->base = NULL;
    af->fd = af->child_fd = -1;
}

void emu_app_flash_use_zygote(struct emu_app_flash *af, struct emu_zygote *shared)
{
    if (af->owns_zygote)
        emu_zygote_free(af->zygote);
    af->zygote = shared;
    af->owns_zygote = false;
}

/* The settings a new host starts with (callers change them after). */
static void host_defaults(struct emu_process_host *h, const struct emu_app_flash *af,
                          const char *name, uint64_t flash_start, uint64_t flash_len)
{
    h->flash = af;
    snprintf(h->name, sizeof h->name, "%s", name);
    h->flash_start = flash_start;
    h->flash_len = flash_len;
    h->verbose = false;
    h->debugger_expected = false;
    h->attach_timeout_ns = 5000000000ull;
    h->stop_bound_ns = EMU_STOP_BOUND_NS;
    h->stall_bound_ns = EMU_STALL_BOUND_NS;
}

/* A host a borrower of `af`'s lender freed with RAM at the same place and
 * of the same size, taken out of the park; NULL if none. Kept hosts whose
 * RAM overlaps it otherwise are freed, so that the new RAM can be mapped.
 * Its mappings, descriptors and kept child stay; what a child sees is reset
 * when the next app starts (RAM emptied, mailbox cleared, windows hidden),
 * in the kept child if it is the same app, else in a new one once the kept
 * one, killed, has been reaped. */
static struct emu_process_host *unpark_host(const struct emu_app_flash *af, uint64_t memory_start,
                                            uint64_t memory_len)
{
    struct emu_app_flash *owner = af->lender;
    if (owner == NULL)
        return NULL;
    struct emu_process_host *found = NULL;
    for (unsigned i = 0; i < owner->parked_count;) {
        struct emu_process_host *h = owner->parked[i];
        bool same = h->memory_start == memory_start && h->memory_len == memory_len;
        bool overlaps = h->memory_start < memory_start + memory_len &&
                        memory_start < h->memory_start + h->memory_len;
        if (!overlaps) {
            i++;
            continue;
        }
        owner->parked[i] = owner->parked[--owner->parked_count];
        if (same && found == NULL) {
            found = h;
        } else {
            /* Its RAM (and lend area) would stand in the new one's way. */
            emu_process_host_kill(h); /* reaped later, by the owner's zygote */
            h->flash = NULL;
            emu_process_host_free(h);
        }
    }
    return found;
}

/* The app flash `h` would be kept on, if it can be kept: the lender of a
 * borrowed app flash with room in its park. */
static struct emu_app_flash *park_of(const struct emu_process_host *h)
{
    struct emu_app_flash *owner = h->flash != NULL ? h->flash->lender : NULL;
    if (owner == NULL || owner->parked_count == EMU_PARKED_HOSTS || !h->ram_mapped ||
        h->mailbox == NULL || h->window_fd < 0)
        return NULL;
    return owner;
}

/* Keep `h` for a later borrower of the app flash it was made on: the next
 * world's process at the same RAM skips the memfds, mappings and
 * unmappings (each unmap a TLB flush), and, for the same app, the new
 * child (its child is kept, emu_process_host_retire). Its lend area is
 * emptied now. Returns false if it cannot be kept. */
static bool park_host(struct emu_process_host *h)
{
    struct emu_app_flash *owner = park_of(h);
    if (owner == NULL)
        return false;
    if (h->lend_mapped && madvise((void *)(uintptr_t)emu_process_host_lend_area(h), h->memory_len,
                                  MADV_DONTNEED) != 0)
        return false;
    h->flash = owner;
    owner->parked[owner->parked_count++] = h;
    return true;
}

int emu_process_host_new(struct emu_process_host **out, const struct emu_app_flash *af,
                         const char *name, uint64_t flash_start, uint64_t flash_len,
                         uint64_t memory_start, uint64_t memory_len, struct emu_err *err)
{
    int rc;
    struct emu_process_host *h = unpark_host(af, memory_start, memory_len);
    if (h != NULL) {
        host_defaults(h, af, name, flash_start, flash_len);
        *out = h;
        return 0;
    }
    h = calloc(1, sizeof *h);
    if (h == NULL) {
        emu_err_set(err, "%s: out of memory", name);
        return -ENOMEM;
    }
    host_defaults(h, af, name, flash_start, flash_len);
    h->memory_start = memory_start;
    h->memory_len = memory_len;
    h->ram_fd = h->mailbox_fd = h->window_fd = -1;

    if ((h->ram_fd = rc = memfd_of_size("tockemu-ram", 0)) < 0 ||
        (h->mailbox_fd = rc = memfd_of_size("tockemu-mailbox", 4096)) < 0) {
        emu_err_set(err, "%s: memfd_create: %s", name, strerror(-rc));
        goto fail;
    }
    rc = map_fixed(memory_start, memory_len, PROT_READ | PROT_WRITE, h->ram_fd);
    if (rc != 0) {
        emu_err_set(err, "%s: cannot map its RAM at 0x%llx (%llu bytes): %s%s", name,
                    (unsigned long long)memory_start, (unsigned long long)memory_len, strerror(-rc),
                    rc == -EEXIST ? " (another app's RAM is there)" : "");
        goto fail;
    }
    h->ram_mapped = true;
    h->mailbox = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, h->mailbox_fd, 0);
    if (h->mailbox == MAP_FAILED) {
        rc = -errno;
        h->mailbox = NULL;
        emu_err_set(err, "%s: cannot map its mailbox: %s", name, strerror(-rc));
        goto fail;
    }
    if ((rc = emu__window_init(h, err)) != 0)
        goto fail;
    *out = h;
    return 0;
fail:
    emu_process_host_free(h);
    return rc;
}

void emu_process_host_free(struct emu_process_host *h)
{
    if (h == NULL)
        return;
    if (park_of(h) != NULL) {
        emu_process_host_retire(h);
        if (park_host(h))
            return;
    }
    emu_process_host_kill(h);
    emu__window_fini(h);
    if (h->mailbox != NULL && emu__host_unmaps(h))
        munmap(h->mailbox, 4096);
    if (h->ram_mapped && emu__host_unmaps(h))
        munmap((void *)(uintptr_t)h->memory_start, h->memory_len);
    if (h->ram_fd >= 0)
        close(h->ram_fd);
    if (h->mailbox_fd >= 0)
        close(h->mailbox_fd);
    free(h);
}

int emu_process_host_set_break(struct emu_process_host *h, uint64_t app_break)
{
    /* Deviation: the host MPU has page granularity, so the accessible end
     * is the break rounded up to 4 KiB (a Cortex-M MPU rounds too). */
    uint64_t size = app_break > h->memory_start ? app_break - h->memory_start : 0;
    size = (size + 4095) & ~(uint64_t)4095;
    if (size > h->memory_len)
        size = h->memory_len;
    if (size == h->ram_size)
        return 0;
    if (ftruncate(h->ram_fd, (off_t)size) != 0)
        return -errno;
    h->ram_size = size;
    return 0;
}
