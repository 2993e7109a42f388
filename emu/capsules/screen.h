/* Screen capsule (driver 0x90001): apps draw into a pixel display.
 *
 * Mirrors tock/tock capsules/extra/src/screen/screen.rs @65608d71; the
 * syscall interface is in screen.c.
 */
#ifndef TK_CAPSULE_SCREEN_H
#define TK_CAPSULE_SCREEN_H

#include <stdbool.h>

#include "driver.h"
#include "hil/screen.h"

/* The capsule's bounce buffer between app memory and the screen (a board's
 * SCREEN_BUF_LEN); a write larger than this goes out in several chunks. */
#define TK_SCREEN_BUFFER_LEN 1024

struct tk_screen_driver {
    struct tk_driver driver; /* what the board registers */
    struct tk_screen_client client;
    struct tk_screen *screen;
    bool has_current;    /* a process's command is with the screen */
    uint32_t current_id; /* its ProcessId */
    /* The format the capsule was built with: screen.rs reads it once, so
     * fills keep using it after a set_pixel_format. */
    enum tk_screen_pixel_format pixel_format;
    bool buffer_taken; /* the buffer is with the screen (or lost, see screen.c) */
    uint8_t buffer[TK_SCREEN_BUFFER_LEN];
};

/* Set up `d` over `screen` (with or without setup_ops), becoming its
 * client. The screen must outlive `d`. */
void tk_screen_driver_init(struct tk_screen_driver *d, struct tk_screen *screen);

#endif
