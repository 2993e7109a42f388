/* Text screen HIL: a character display (an HD44780-style LCD).
 *
 * Mirrors tock/tock kernel/src/hil/text_screen.rs @65608d71 (TextScreen,
 * TextScreenClient). Every call but get_size only starts an operation: 0
 * means the screen will call command_complete (print: write_complete) once,
 * later, from the kernel loop; an error code means nothing was started.
 */
#ifndef TK_HIL_TEXT_SCREEN_H
#define TK_HIL_TEXT_SCREEN_H

#include <stddef.h>
#include <stdint.h>

struct tk_text_screen;

struct tk_text_screen_client {
    void (*command_complete)(struct tk_text_screen_client *client, int status);
    /* print finished: the screen hands `buffer` back with `len` written. */
    void (*write_complete)(struct tk_text_screen_client *client, uint8_t *buffer, size_t len,
                           int status);
};

enum tk_text_screen_op {
    TK_TEXT_SCREEN_DISPLAY_ON,
    TK_TEXT_SCREEN_DISPLAY_OFF,
    TK_TEXT_SCREEN_BLINK_ON,
    TK_TEXT_SCREEN_BLINK_OFF,
    TK_TEXT_SCREEN_SHOW_CURSOR,
    TK_TEXT_SCREEN_HIDE_CURSOR,
    TK_TEXT_SCREEN_CLEAR,
};

struct tk_text_screen_ops {
    /* Columns and rows. Synchronous. */
    void (*get_size)(struct tk_text_screen *s, size_t *columns, size_t *rows);
    /* Print buffer[0, len) at the cursor; the screen keeps `buffer` until
     * write_complete. */
    int (*print)(struct tk_text_screen *s, uint8_t *buffer, size_t len);
    int (*set_cursor)(struct tk_text_screen *s, size_t column, size_t row);
    /* One of the argument-less commands. */
    int (*command)(struct tk_text_screen *s, enum tk_text_screen_op op);
};

struct tk_text_screen {
    const struct tk_text_screen_ops *ops;
    struct tk_text_screen_client *client;
    void *state; /* the implementation's */
};

#endif
