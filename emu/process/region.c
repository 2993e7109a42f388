/* Memory regions shared with app children: memfds at fixed addresses.
 *
 * The emulator and each child map the same memfd at the same address, so an
 * address an app passes in a syscall names the same bytes on both sides and
 * the kernel reads and writes allowed buffers in place (architecture.md,
 * "Memory model").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host.h"

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

int emu_app_flash_init(struct emu_app_flash *af, struct emu_err *err)
{
    memset(af, 0, sizeof *af);
    af->fd = memfd_of_size("tockemu-app-flash", EMU_APP_FLASH_SIZE);
    if (af->fd < 0) {
        emu_err_set(err, "app flash: memfd_create: %s", strerror(-af->fd));
        return af->fd;
    }
    int rc = map_fixed(EMU_APP_FLASH_BASE, EMU_APP_FLASH_SIZE, PROT_READ | PROT_WRITE, af->fd);
    if (rc != 0) {
        emu_err_set(err, "app flash: cannot map at 0x%llx: %s",
                    (unsigned long long)EMU_APP_FLASH_BASE, strerror(-rc));
        close(af->fd);
        return rc;
    }
    af->base = (uint8_t *)(uintptr_t)EMU_APP_FLASH_BASE;
    af->size = EMU_APP_FLASH_SIZE;
    return 0;
}

void emu_app_flash_fini(struct emu_app_flash *af)
{
    if (af->base != NULL)
        munmap(af->base, af->size);
    if (af->fd >= 0)
        close(af->fd);
    af->base = NULL;
    af->fd = -1;
}

static int write_all(int fd, const uint8_t *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int emu_process_host_new(struct emu_process_host **out, const struct emu_app_flash *af,
                         const char *name, uint64_t flash_start, uint64_t flash_len,
                         uint64_t elf_offset, uint64_t elf_len, uint64_t memory_start,
                         uint64_t memory_len, struct emu_err *err)
{
    int rc;
    struct emu_process_host *h = calloc(1, sizeof *h);
    if (h == NULL) {
        emu_err_set(err, "%s: out of memory", name);
        return -ENOMEM;
    }
    h->flash = af;
    snprintf(h->name, sizeof h->name, "%s", name);
    h->flash_start = flash_start;
    h->flash_len = flash_len;
    h->memory_start = memory_start;
    h->memory_len = memory_len;
    h->ram_fd = h->mailbox_fd = h->elf_fd = -1;
    h->attach_timeout_ns = 5000000000ull;

    if ((h->ram_fd = rc = memfd_of_size("tockemu-ram", memory_len)) < 0 ||
        (h->mailbox_fd = rc = memfd_of_size("tockemu-mailbox", 4096)) < 0 ||
        (h->elf_fd = rc = memfd_of_size("tockemu-elf", 0)) < 0) {
        emu_err_set(err, "%s: memfd_create: %s", name, strerror(-rc));
        goto fail;
    }
    rc = map_fixed(memory_start, memory_len, PROT_READ | PROT_WRITE, h->ram_fd);
    if (rc != 0) {
        emu_err_set(err, "%s: cannot map its RAM at 0x%llx (%llu bytes): %s%s", name,
                    (unsigned long long)memory_start, (unsigned long long)memory_len, strerror(-rc),
                    rc == -EEXIST ? " (another app uses that slot)" : "");
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
    rc = write_all(h->elf_fd, (const uint8_t *)(uintptr_t)(flash_start + elf_offset), elf_len);
    if (rc != 0) {
        emu_err_set(err, "%s: cannot copy its ELF: %s", name, strerror(-rc));
        goto fail;
    }
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
    emu__kill(h);
    if (h->mailbox != NULL)
        munmap(h->mailbox, 4096);
    if (h->ram_mapped)
        munmap((void *)(uintptr_t)h->memory_start, h->memory_len);
    if (h->ram_fd >= 0)
        close(h->ram_fd);
    if (h->mailbox_fd >= 0)
        close(h->mailbox_fd);
    if (h->elf_fd >= 0)
        close(h->elf_fd);
    free(h);
}
