/* Text LCD model: an HD44780 character display, shown in the trace.
 *
 * Plays tock/tock capsules/extra/src/hd44780.rs @65608d71 behind
 * hil/text_screen.h: a grid of columns x rows characters (16 x 2 by
 * default), a cursor, display, cursor and blink switches. Each operation
 * takes the controller's execution time (37 us; clear 1.52 ms) before its
 * completion; one at a time (BUSY meanwhile); printing writes at the
 * cursor and moves it right, wrapping to the next row (the model keeps
 * rows apart, where the chip's DDRAM joins row 0 to row 2); a cursor past
 * the grid is moved to its edge. After every completed change a `device` trace event
 * shows the whole screen: `text-screen |Hello!          |Goodbyee!       |`.
 */
#include <string.h>

#include "devices.h"

#define LCD_COMMAND_NS 37000ull
#define LCD_CLEAR_NS   1520000ull

enum lcd_op { LCD_PRINT = -2, LCD_SET_CURSOR = -1 }; /* else a tk_text_screen_op */

char *emu_text_lcd_dump(const struct emu_text_lcd *m)
{
    GString *s = g_string_new(NULL);
    for (unsigned r = 0; r < m->rows; r++) {
        g_string_append_c(s, '|');
        g_string_append_len(s, m->cells[r], m->columns);
        g_string_append(s, "|\n");
    }
    g_string_append_printf(s, "display %s, cursor %s at %u,%u, blink %s\n",
                           m->display_on ? "on" : "off", m->cursor_shown ? "shown" : "hidden",
                           m->cursor_column, m->cursor_row, m->blink ? "on" : "off");
    return g_string_free(s, FALSE);
}

static void lcd_trace(struct emu_text_lcd *m)
{
    char line[EMU_TEXT_LCD_MAX_ROWS * (EMU_TEXT_LCD_MAX_COLUMN + 1) + 2];
    size_t n = 0;
    line[n++] = '|';
    for (unsigned r = 0; r < m->rows; r++) {
        memcpy(line + n, m->cells[r], m->columns);
        n += m->columns;
        line[n++] = '|';
    }
    line[n] = 0;
    tk_kernel_device_event(m->kernel, "text-screen %s%s", m->display_on ? "" : "(off) ", line);
}

static void lcd_clear_cells(struct emu_text_lcd *m)
{
    memset(m->cells, ' ', sizeof m->cells);
    m->cursor_column = m->cursor_row = 0;
}

static void lcd_print(struct emu_text_lcd *m)
{
    for (size_t i = 0; i < m->print_len; i++) {
        uint8_t c = m->print_buffer[i];
        m->cells[m->cursor_row][m->cursor_column] = c >= 0x20 && c < 0x7f ? (char)c : '?';
        if (++m->cursor_column == m->columns) {
            m->cursor_column = 0;
            m->cursor_row = (m->cursor_row + 1) % m->rows;
        }
    }
}

static void lcd_done(struct tk_deadline *dl)
{
    struct emu_text_lcd *m = dl->owner;
    struct tk_text_screen_client *c = m->hil.client;
    m->busy = false;
    switch (m->op) {
    case LCD_PRINT:
        lcd_print(m);
        break;
    case LCD_SET_CURSOR:
        break;
    case TK_TEXT_SCREEN_DISPLAY_ON:
    case TK_TEXT_SCREEN_DISPLAY_OFF:
        m->display_on = m->op == TK_TEXT_SCREEN_DISPLAY_ON;
        break;
    case TK_TEXT_SCREEN_BLINK_ON:
    case TK_TEXT_SCREEN_BLINK_OFF:
        m->blink = m->op == TK_TEXT_SCREEN_BLINK_ON;
        break;
    case TK_TEXT_SCREEN_SHOW_CURSOR:
    case TK_TEXT_SCREEN_HIDE_CURSOR:
        m->cursor_shown = m->op == TK_TEXT_SCREEN_SHOW_CURSOR;
        break;
    case TK_TEXT_SCREEN_CLEAR:
        lcd_clear_cells(m);
        break;
    }
    if (m->op == LCD_PRINT || m->op == TK_TEXT_SCREEN_CLEAR || m->op == TK_TEXT_SCREEN_DISPLAY_ON ||
        m->op == TK_TEXT_SCREEN_DISPLAY_OFF)
        lcd_trace(m);
    if (c == NULL)
        return;
    if (m->op == LCD_PRINT)
        c->write_complete(c, m->print_buffer, m->print_len, 0);
    else
        c->command_complete(c, 0);
}

static int lcd_start(struct emu_text_lcd *m, int op)
{
    if (m->busy)
        return TK_BUSY;
    m->busy = true;
    m->op = op;
    uint64_t ns = op == TK_TEXT_SCREEN_CLEAR ? LCD_CLEAR_NS : LCD_COMMAND_NS;
    if (op == LCD_PRINT)
        ns *= m->print_len > 0 ? m->print_len : 1;
    tk_deadline_arm(m->kernel, &m->done_deadline, tk_kernel_now(m->kernel) + ns);
    return 0;
}

static void lcd_get_size(struct tk_text_screen *s, size_t *columns, size_t *rows)
{
    struct emu_text_lcd *m = s->state;
    *columns = m->columns;
    *rows = m->rows;
}

static int lcd_print_start(struct tk_text_screen *s, uint8_t *buffer, size_t len)
{
    struct emu_text_lcd *m = s->state;
    if (m->busy)
        return TK_BUSY;
    m->print_buffer = buffer;
    m->print_len = len;
    return lcd_start(m, LCD_PRINT);
}

static int lcd_set_cursor(struct tk_text_screen *s, size_t column, size_t row)
{
    struct emu_text_lcd *m = s->state;
    /* hd44780.rs moves a row past the last to the last; the model does the
     * same to a column, where the chip would write out of view. */
    row = row < m->rows ? row : m->rows - 1;
    column = column < m->columns ? column : m->columns - 1;
    int rc = lcd_start(m, LCD_SET_CURSOR);
    if (rc == 0)
        m->cursor_column = (unsigned)column, m->cursor_row = (unsigned)row;
    return rc;
}

static int lcd_command(struct tk_text_screen *s, enum tk_text_screen_op op)
{
    return lcd_start(s->state, (int)op);
}

static const struct tk_text_screen_ops lcd_ops = {
    .get_size = lcd_get_size,
    .print = lcd_print_start,
    .set_cursor = lcd_set_cursor,
    .command = lcd_command,
};

void emu_text_lcd_init(struct emu_text_lcd *m, struct tk_kernel *k, unsigned columns, unsigned rows)
{
    *m = (struct emu_text_lcd){
        .hil = {.ops = &lcd_ops, .state = m},
        .kernel = k,
        .columns = columns >= 1 && columns <= EMU_TEXT_LCD_MAX_COLUMN ? columns : 16,
        .rows = rows >= 1 && rows <= EMU_TEXT_LCD_MAX_ROWS ? rows : 2,
        .done_deadline = {.fire = lcd_done, .owner = m},
    };
    lcd_clear_cells(m);
}

void emu_text_lcd_fini(struct emu_text_lcd *m)
{
    if (m->kernel != NULL)
        tk_deadline_disarm(m->kernel, &m->done_deadline);
}
