/* A growable FIFO of bytes (see byte_queue-internal.h). Compacts before it
 * grows, doubling from 4 KiB, so a stream that is drained as fast as it is
 * filled stays in one small buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "byte_queue-internal.h"

bool emu__byte_queue_push(struct emu__byte_queue *q, const void *bytes, size_t len)
{
    if (q->start > 0) {
        memmove(q->bytes, q->bytes + q->start, q->end - q->start);
        q->end -= q->start;
        q->start = 0;
    }
    if (q->end + len > q->cap) {
        size_t cap = q->cap == 0 ? 4096 : q->cap;
        while (cap < q->end + len)
            cap *= 2;
        uint8_t *grown = realloc(q->bytes, cap);
        if (grown == NULL)
            return false;
        q->bytes = grown;
        q->cap = cap;
    }
    if (len > 0)
        memcpy(q->bytes + q->end, bytes, len);
    q->end += len;
    return true;
}

void emu__byte_queue_pop(struct emu__byte_queue *q, size_t n)
{
    q->start += n;
    if (q->start == q->end)
        q->start = q->end = 0;
}

void emu__byte_queue_fini(struct emu__byte_queue *q)
{
    free(q->bytes);
    *q = (struct emu__byte_queue){0};
}
