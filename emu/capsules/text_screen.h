/* Text screen capsule (driver 0x90003): userspace writes to a character LCD.
 *
 * Mirrors tock/tock capsules/extra/src/text_screen.rs @65608d71
 * (TextScreen); the syscall interface is in text_screen.c.
 */
#ifndef TK_CAPSULE_TEXT_SCREEN_H
#define TK_CAPSULE_TEXT_SCREEN_H

#include <stdbool.h>

#include "driver.h"
#include "hil/text_screen.h"

/* The kernel buffer a write goes through (screen_buffer_size!(64)). */
#define TK_TEXT_SCREEN_BUFFER_LENGTH 64

struct tk_text_screen_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_text_screen_client client;
    struct tk_text_screen *screen;
    bool has_current;    /* a process's command is the screen's ... */
    uint32_t current_id; /* ... this one's */
    uint8_t buffer[TK_TEXT_SCREEN_BUFFER_LENGTH];
    bool buffer_lent; /* the screen holds `buffer` */
};

/* Set up `d` over `screen` (which must outlive it), becoming its client. */
void tk_text_screen_driver_init(struct tk_text_screen_driver *d, struct tk_text_screen *screen);

#endif
