/* Laying app files into the app-flash region (see appflash.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appflash.h"
#include "appload.h"
#include "emu_file.h"
#include "loader.h"
#include "tab.h"
#include "tbf.h"
#include "tbf_inspect.h"

void emu_app_image_init(struct emu_app_image *img, struct emu_app_flash *flash)
{
    memset(img, 0, sizeof *img);
    img->flash = flash;
}

static uint64_t image_end(const struct emu_app_image *img)
{
    uint64_t end = 0;
    for (unsigned i = 0; i < img->count; i++)
        if (img->placed[i].offset + img->placed[i].len > end)
            end = img->placed[i].offset + img->placed[i].len;
    return end;
}

/* Where the next app may start: past every placed object and past the flash
 * addresses whose RAM (flash + EMU_TBF_RAM_OFFSET) an app already uses. */
static uint64_t reserved_end(const struct emu_app_image *img)
{
    uint64_t end = 0;
    for (unsigned i = 0; i < img->count; i++) {
        uint64_t len = img->placed[i].len > img->placed[i].ram_len ? img->placed[i].len
                                                                   : img->placed[i].ram_len;
        if (img->placed[i].offset + len > end)
            end = img->placed[i].offset + len;
    }
    return end;
}

static const char *overlapping(const struct emu_app_image *img, uint64_t offset, uint64_t len)
{
    for (unsigned i = 0; i < img->count; i++)
        if (offset < img->placed[i].offset + img->placed[i].len &&
            img->placed[i].offset < offset + len)
            return img->placed[i].path;
    return NULL;
}

/* Where a TBF goes: its fixed flash address if it has one, else, as
 * tockloader appends an app, after the last object, at the next page (the
 * host MPU's granularity: a page-aligned app built by tockbin ends on a
 * page, so its flash end is exact). Deviation: an app also starts past the
 * RAM of the apps before it, which follows their flash at
 * EMU_TBF_RAM_OFFSET; the gap becomes padding. Fails with a message if it
 * cannot go there. */
static int choose_offset(const struct emu_app_image *img, const char *path,
                         const struct tk_tbf_header *h, uint64_t len, uint64_t *offset,
                         struct emu_err *err)
{
    uint32_t fixed = tk_tbf_fixed_address_flash(h);
    if (fixed == TK_TBF_NOT_FIXED) {
        *offset = (reserved_end(img) + 4095) & ~(uint64_t)4095;
    } else {
        uint64_t start = (uint64_t)fixed - tk_tbf_protected_size(h);
        if (fixed < tk_tbf_protected_size(h) || start < EMU_APP_FLASH_BASE ||
            start + len > EMU_APP_FLASH_BASE + EMU_APP_FLASH_SIZE) {
            emu_err_set(err, "%s: fixed flash address 0x%x is outside app flash [0x%llx, 0x%llx)",
                        path, fixed, (unsigned long long)EMU_APP_FLASH_BASE,
                        (unsigned long long)(EMU_APP_FLASH_BASE + EMU_APP_FLASH_SIZE));
            return -ERANGE;
        }
        *offset = start - EMU_APP_FLASH_BASE;
    }
    /* Its RAM shadows flash too (emu_app_memory_start): both must fit. */
    uint64_t ram_len = emu_app_memory_len(h);
    if (*offset + (len > ram_len ? len : ram_len) > EMU_APP_FLASH_SIZE) {
        emu_err_set(err, "%s: app flash is full", path);
        return -ENOSPC;
    }
    const char *other = overlapping(img, *offset, len);
    if (other != NULL) {
        /* Only fixed-address TBFs collide; position-independent ones move. */
        emu_err_set(err,
                    "%s: its flash range overlaps %s: both are linked for fixed flash "
                    "addresses that overlap; rebuild one position-independent (libtock-host "
                    "does) or load only one",
                    path, other);
        return -EEXIST;
    }
    return 0;
}

/* Copy `len` bytes into app flash at `offset` through its descriptor, not
 * its mapping: the kernel fills the pages without faulting them into the
 * emulator, which never reads most of them (bench/: start-up faults). */
static int flash_write(struct emu_app_image *img, const char *path, uint64_t offset,
                       const uint8_t *buf, size_t len, struct emu_err *err)
{
    while (len > 0) {
        ssize_t n = pwrite(img->flash->fd, buf, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int rc = n < 0 ? -errno : -EIO;
            emu_err_set(err, "%s: cannot write it into app flash: %s", path, strerror(-rc));
            return rc;
        }
        buf += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

/* Where the TBF whose header is `h` goes (choose_offset), if there is room
 * for one more app. */
static int reserve(const struct emu_app_image *img, const char *path, const struct tk_tbf_header *h,
                   uint64_t *offset, struct emu_err *err)
{
    int rc = choose_offset(img, path, h, h->total_size, offset, err);
    if (rc == 0 && img->count == EMU_APP_IMAGE_MAX) {
        emu_err_set(err, "%s: more than %d apps", path, EMU_APP_IMAGE_MAX);
        rc = -E2BIG;
    }
    return rc;
}

static void record(struct emu_app_image *img, const char *path, const struct tk_tbf_header *h,
                   uint64_t offset)
{
    snprintf(img->placed[img->count].path, sizeof img->placed[0].path, "%s", path);
    img->placed[img->count].offset = offset;
    img->placed[img->count].len = h->total_size;
    img->placed[img->count].ram_len = emu_app_memory_len(h);
    img->count++;
}

static int place(struct emu_app_image *img, const char *path, const uint8_t *buf, size_t len,
                 struct emu_err *err)
{
    struct tk_tbf_header h;
    uint64_t offset;
    int rc = emu_tbf_open(buf, len, path, false, &h, err);
    if (rc == 0)
        rc = reserve(img, path, &h, &offset, err);
    if (rc == 0)
        rc = flash_write(img, path, offset, buf, h.total_size, err);
    if (rc == 0)
        record(img, path, &h, offset);
    return rc;
}

/* A plain TBF file (not a TAB) straight into app flash: its first bytes
 * read for the header, the rest copied by the kernel from file to flash
 * (sendfile). No mapping of the file is made and unmade, and an munmap
 * costs a TLB flush: half a millisecond per harness world on the virtual
 * machines measured (bench/harness_bench.c). Returns 1 for a file this
 * does not take (a TAB, or one the general path must report on). */
static int place_tbf_file(struct emu_app_image *img, const char *path, struct emu_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 512 ||
        (uint64_t)st.st_size > EMU_APP_FILE_MAX) {
        if (fd >= 0)
            close(fd);
        return 1;
    }
    uint8_t start[512];
    uint8_t *head = start;
    ssize_t got = pread(fd, start, sizeof start, 0);
    uint32_t header_size = got == (ssize_t)sizeof start ? start[2] | (uint32_t)start[3] << 8 : 0;
    if (got != (ssize_t)sizeof start || emu_tab_is_archive(start, sizeof start)) {
        close(fd);
        return 1;
    }
    if (header_size > sizeof start) {
        head = malloc(header_size);
        got = head != NULL ? pread(fd, head, header_size, 0) : -1;
    }
    struct tk_tbf_header h;
    uint64_t offset;
    int rc = emu_tbf_open_prefix(head, got < 0 ? 0 : (size_t)got, (size_t)st.st_size, path, false,
                                 &h, err);
    if (head != start)
        free(head);
    if (rc == 0)
        rc = reserve(img, path, &h, &offset, err);
    off_t from = 0;
    for (size_t left = rc == 0 ? h.total_size : 0; left > 0;) {
        ssize_t n = lseek(img->flash->fd, (off_t)(offset + h.total_size - left), SEEK_SET) < 0
                        ? -1
                        : sendfile(img->flash->fd, fd, &from, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -errno : -EIO;
            emu_err_set(err, "%s: cannot write it into app flash: %s", path, strerror(-rc));
            break;
        }
        left -= (size_t)n;
    }
    close(fd);
    if (rc == 0)
        record(img, path, &h, offset);
    return rc;
}

int emu_app_image_add_file(struct emu_app_image *img, const char *path, struct emu_err *err)
{
    int placed = place_tbf_file(img, path, err);
    if (placed <= 0)
        return placed;
    struct emu_file_view file;
    int rc = emu_file_view_open(path, "app", EMU_APP_FILE_MAX, &file, err);
    if (rc != 0)
        return rc;
    const uint8_t *tbf = file.data;
    size_t tbf_len = file.len;
    if (emu_tab_is_archive(tbf, tbf_len))
        rc = emu_tab_find_host_tbf(path, tbf, tbf_len, &tbf, &tbf_len, err);
    else
        rc = 0;
    if (rc == 0)
        rc = place(img, path, tbf, tbf_len, err);
    emu_file_view_close(&file);
    return rc;
}

int emu_app_image_add_raw(struct emu_app_image *img, const char *path, struct emu_err *err)
{
    struct emu_file_view file;
    int rc = emu_file_view_open(path, "app flash image", EMU_APP_FLASH_SIZE, &file, err);
    if (rc != 0)
        return rc;
    size_t len = file.len;
    if (overlapping(img, 0, len) != NULL) {
        emu_err_set(err, "%s: image of %zu bytes does not fit app flash", path, (size_t)len);
        emu_file_view_close(&file);
        return -E2BIG;
    }
    rc = flash_write(img, path, 0, file.data, len, err);
    emu_file_view_close(&file);
    if (rc != 0)
        return rc;
    snprintf(img->placed[img->count].path, sizeof img->placed[0].path, "%s", path);
    img->placed[img->count].offset = 0;
    img->placed[img->count].len = len;
    img->count++;
    return 0;
}

/* A padding object: a bare 16-byte base header (spec §6.5: Padding). */
static void write_padding(uint8_t *at, uint32_t total_size)
{
    uint8_t header[16] = {2, 0, 16, 0};
    memcpy(header + 4, &total_size, 4);
    uint32_t checksum = tk_tbf_checksum(header, sizeof header);
    memcpy(header + 12, &checksum, 4);
    memcpy(at, header, sizeof header);
}

uint64_t emu_app_image_finish(struct emu_app_image *img)
{
    uint64_t end = image_end(img);
    uint64_t at = 0;
    while (at < end) {
        uint64_t next = end;
        bool covered = false;
        for (unsigned i = 0; i < img->count; i++) {
            if (img->placed[i].offset == at) {
                at += img->placed[i].len;
                covered = true;
                break;
            }
            if (img->placed[i].offset > at && img->placed[i].offset < next)
                next = img->placed[i].offset;
        }
        if (covered)
            continue;
        /* Objects start 4-byte aligned, so every gap is at least 16 bytes
         * when it is not empty; a raw image is scanned as it is. */
        write_padding(img->flash->base + at, (uint32_t)(next - at));
        at = next;
    }
    return end;
}

int emu_app_image_erase(struct emu_app_image *img)
{
    /* Padding objects start where no object does: at 0, or right after an
     * object (emu_app_image_finish). */
    int rc = img->count > 0 ? emu_app_flash_erase(img->flash, 0, TK_TBF_BASE_HEADER_SIZE) : 0;
    for (unsigned i = 0; i < img->count && rc == 0; i++)
        rc = emu_app_flash_erase(img->flash, img->placed[i].offset,
                                 img->placed[i].len + TK_TBF_BASE_HEADER_SIZE);
    return rc;
}

const char *emu_app_image_path_at(const struct emu_app_image *img, uint64_t offset)
{
    for (unsigned i = 0; i < img->count; i++)
        if (offset >= img->placed[i].offset && offset < img->placed[i].offset + img->placed[i].len)
            return img->placed[i].path;
    return NULL;
}
