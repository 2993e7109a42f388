/* malloc and friends over memop sbrk, as newlib's malloc runs on a board.
 *
 * Replaces musl's allocator, which would ask Linux for memory (brk, mmap)
 * and so fault under the seccomp filter. The heap grows only through the
 * Tock kernel (memop 1, spec §4), so an app gets exactly the RAM its TBF
 * asks for and malloc returns NULL when that is used up, as on a board.
 *
 * A first-fit allocator with boundary tags (dlmalloc's chunk layout, much
 * simplified): single-threaded, like a Tock process. Each chunk is
 *
 *   +------------------+ <- chunk (8 mod 16)
 *   | size | PREV | USE|    size includes this word; multiple of 16
 *   +------------------+ <- payload, 16-aligned
 *   | next, prev       |    free chunks: links in the free list
 *   |     ...          |
 *   | size             |    free chunks: footer, for coalescing backwards
 *   +------------------+
 *
 * and the heap ends in a zero-size in-use "end" header, so that no chunk
 * coalesces past the break.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "libtock/tock.h"

#define IN_USE    1u
#define PREV_USE  2u
#define FLAGS     3u
#define HEAD      8u  /* bytes of header before the payload */
#define MIN_CHUNK 32u /* header + two links + footer */

struct chunk {
    size_t head;
    struct chunk *next, *prev; /* free chunks only */
};

static struct {
    struct chunk *free_list;
    struct chunk *end; /* the end header, at the break - HEAD */
} heap;

static size_t chunk_size(const struct chunk *c)
{
    return c->head & ~(size_t)FLAGS;
}

static struct chunk *chunk_after(struct chunk *c)
{
    return (struct chunk *)((char *)c + chunk_size(c));
}

static void set_footer(struct chunk *c)
{
    *(size_t *)((char *)c + chunk_size(c) - sizeof(size_t)) = chunk_size(c);
}

static void unlink_free(struct chunk *c)
{
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        heap.free_list = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
}

static void push_free(struct chunk *c)
{
    c->prev = NULL;
    c->next = heap.free_list;
    if (heap.free_list != NULL)
        heap.free_list->prev = c;
    heap.free_list = c;
}

/* Make `c` (size and PREV_USE already in its head) a free chunk, merged with
 * free neighbours, and tell the chunk after it. */
static void release(struct chunk *c)
{
    struct chunk *after = chunk_after(c);
    if (!(after->head & IN_USE)) {
        unlink_free(after);
        c->head += chunk_size(after);
    }
    if (!(c->head & PREV_USE)) {
        size_t prev_size = *(size_t *)((char *)c - sizeof(size_t));
        struct chunk *before = (struct chunk *)((char *)c - prev_size);
        unlink_free(before);
        before->head = (before->head & PREV_USE) | (prev_size + chunk_size(c));
        c = before;
    }
    c->head &= ~(size_t)IN_USE;
    set_footer(c);
    chunk_after(c)->head &= ~(size_t)PREV_USE;
    push_free(c);
}

/* Grow the heap through memop sbrk until a free chunk of `need` bytes ends at
 * the break; false when the kernel says no (the process's RAM is used up).
 *
 * The break moves by what is missing and no more, as newlib-nano's malloc
 * (libtock-c builds newlib with --enable-newlib-nano-malloc) asks sbrk for
 * the chunk it needs: the RAM above the break is where the kernel puts the
 * process's grants, so every byte taken early is one a grant may lack later.
 * (Growing a page at a time took u8g2's triangle demo past its 2000-byte
 * APP_HEAP_SIZE into its 1 KiB KERNEL_HEAP_SIZE, and its screen grant failed
 * with NOMEM.) A free chunk at the end of the heap counts towards `need`. */
static bool grow(size_t need)
{
    if (heap.end == NULL) {
        /* First use: the heap starts at the break, 8 mod 16. */
        memop_return_t r = memop(TK_MEMOP_SBRK, 0);
        if (r.status != TOCK_STATUSCODE_SUCCESS)
            return false;
        uintptr_t start = ((r.data + 15) & ~(uintptr_t)15) + 8;
        if (memop(TK_MEMOP_SBRK, start + HEAD - r.data).status != TOCK_STATUSCODE_SUCCESS)
            return false;
        heap.end = (struct chunk *)start;
        heap.end->head = IN_USE | PREV_USE;
    }
    size_t step = need;
    if (!(heap.end->head & PREV_USE)) {
        /* The free chunk before the end header merges with the new one. */
        size_t tail = *(size_t *)((char *)heap.end - sizeof(size_t));
        step = need - tail; /* tail < need, or take() had used it */
        if (step < MIN_CHUNK)
            step = MIN_CHUNK;
    }
    if (memop(TK_MEMOP_SBRK, step).status != TOCK_STATUSCODE_SUCCESS)
        return false;
    struct chunk *c = heap.end;
    c->head = step | (c->head & PREV_USE) | IN_USE;
    heap.end = (struct chunk *)((char *)c + step);
    heap.end->head = IN_USE;
    release(c);
    return true;
}

static size_t request_size(size_t n)
{
    if (n > SIZE_MAX - 64)
        return 0;
    size_t size = (n + HEAD + 15) & ~(size_t)15;
    return size < MIN_CHUNK ? MIN_CHUNK : size;
}

/* Cut `c` (in use) down to `size`, freeing the tail if it is big enough. */
static void trim(struct chunk *c, size_t size)
{
    size_t have = chunk_size(c);
    if (have - size < MIN_CHUNK)
        return;
    struct chunk *tail = (struct chunk *)((char *)c + size);
    c->head = size | (c->head & FLAGS);
    tail->head = (have - size) | PREV_USE | IN_USE;
    release(tail);
}

static struct chunk *take(size_t size)
{
    for (;;) {
        for (struct chunk *c = heap.free_list; c != NULL; c = c->next) {
            if (chunk_size(c) < size)
                continue;
            unlink_free(c);
            c->head |= IN_USE;
            chunk_after(c)->head |= PREV_USE;
            trim(c, size);
            return c;
        }
        if (!grow(size))
            return NULL;
    }
}

void *malloc(size_t n)
{
    size_t size = request_size(n);
    struct chunk *c = size == 0 ? NULL : take(size);
    if (c == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    return (char *)c + HEAD;
}

void free(void *p)
{
    if (p == NULL)
        return;
    release((struct chunk *)((char *)p - HEAD));
}

void *calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

size_t malloc_usable_size(void *p)
{
    return p == NULL ? 0 : chunk_size((struct chunk *)((char *)p - HEAD)) - HEAD;
}

void *realloc(void *p, size_t n)
{
    if (p == NULL)
        return malloc(n);
    size_t size = request_size(n);
    if (size == 0) {
        errno = ENOMEM;
        return NULL;
    }
    struct chunk *c = (struct chunk *)((char *)p - HEAD);
    struct chunk *after = chunk_after(c);
    if (chunk_size(c) < size && !(after->head & IN_USE) &&
        chunk_size(c) + chunk_size(after) >= size) {
        unlink_free(after);
        c->head += chunk_size(after);
        chunk_after(c)->head |= PREV_USE;
    }
    if (chunk_size(c) >= size) {
        trim(c, size);
        return p;
    }
    void *q = malloc(n);
    if (q != NULL) {
        memcpy(q, p, chunk_size(c) - HEAD);
        free(p);
    }
    return q;
}

void *aligned_alloc(size_t align, size_t n)
{
    if (align <= 16)
        return malloc(n);
    if ((align & (align - 1)) != 0 || n > SIZE_MAX - align - 2 * MIN_CHUNK) {
        errno = EINVAL;
        return NULL;
    }
    struct chunk *c = take(request_size(n + align + MIN_CHUNK));
    if (c == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    uintptr_t payload = (uintptr_t)c + HEAD;
    if (payload % align == 0)
        return (void *)payload;
    /* Give the lead-in back as a free chunk of its own (at least MIN_CHUNK,
     * so that it can hold its links). */
    uintptr_t aligned = (payload + MIN_CHUNK + align - 1) & ~(uintptr_t)(align - 1);
    struct chunk *moved = (struct chunk *)(aligned - HEAD);
    size_t lead = (size_t)(aligned - payload);
    moved->head = (chunk_size(c) - lead) | PREV_USE | IN_USE;
    c->head = lead | (c->head & PREV_USE) | IN_USE;
    release(c);
    trim(moved, request_size(n));
    return (void *)aligned;
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    void *p = aligned_alloc(align, n);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void *memalign(size_t align, size_t n)
{
    return aligned_alloc(align, n);
}

/* musl's own code reaches the allocator under these names. */
void *__libc_malloc(size_t n)
{
    return malloc(n);
}

void *__libc_calloc(size_t count, size_t size)
{
    return calloc(count, size);
}

void __libc_free(void *p)
{
    free(p);
}

/* sbrk as libtock-c's sys.c has it (memop 1, the old break back); musl's
 * would make a brk system call, which the loader's filter kills. libtock-c's
 * MPU tests read sbrk(0). Deviation: growing the break with sbrk between
 * mallocs leaves a hole malloc does not know; newlib's malloc copes. */
void *sbrk(intptr_t increment)
{
    memop_return_t r = memop(TK_MEMOP_SBRK, (uintptr_t)increment);
    if (r.status != TOCK_STATUSCODE_SUCCESS) {
        errno = ENOMEM;
        return (void *)-1;
    }
    return (void *)(uintptr_t)r.data;
}
