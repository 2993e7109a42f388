/* private to emu/hw: a growable FIFO of bytes (byte_queue.c).
 *
 * The stream buffers of the USB host model and the USB/IP server's
 * connections: bytes [start, end) of `bytes` are queued.
 */
#ifndef EMU_BYTE_QUEUE_INTERNAL_H
#define EMU_BYTE_QUEUE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct emu__byte_queue {
    uint8_t *bytes;
    size_t start, end, cap;
};

/* Append `len` bytes, growing the queue. False (nothing appended) if memory
 * ran out. */
bool emu__byte_queue_push(struct emu__byte_queue *q, const void *bytes, size_t len);
/* Drop `n` <= emu__byte_queue_len bytes from the front. */
void emu__byte_queue_pop(struct emu__byte_queue *q, size_t n);
/* Free the storage; the queue is empty and usable again. */
void emu__byte_queue_fini(struct emu__byte_queue *q);

static inline size_t emu__byte_queue_len(const struct emu__byte_queue *q)
{
    return q->end - q->start;
}

static inline uint8_t *emu__byte_queue_head(const struct emu__byte_queue *q)
{
    return q->bytes + q->start;
}

#endif
