/* Screen model host output: PNG files (libpng) and the terminal view.
 *
 * The only file of the screen model that touches files and terminals
 * (style §1, x_host.c): writes the picture emu_screen_render gives as an
 * 8-bit RGB PNG, reads a golden PNG back to compare, and draws the picture
 * with upper-half blocks (U+2580), foreground = top pixel, background =
 * bottom pixel, in 24-bit ANSI colour.
 */
#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "emu_screen.h"

int emu_screen_png_write(const struct emu_screen *m, const char *path, struct emu_err *err)
{
    size_t row_bytes = m->width * 3;
    uint8_t *picture = malloc(row_bytes * m->height);
    FILE *f = picture != NULL ? fopen(path, "wb") : NULL;
    int rc = f != NULL ? 0 : -errno;
    if (f == NULL) {
        emu_err_set(err, "%s: cannot write PNG: %s", path, strerror(-rc));
        free(picture);
        return rc;
    }
    emu_screen_render(m, picture);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        emu_err_set(err, "%s: cannot write PNG", path);
        rc = -EIO;
    } else {
        png_init_io(png, f);
        png_set_IHDR(png, info, (png_uint_32)m->width, (png_uint_32)m->height, 8,
                     PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_write_info(png, info);
        for (size_t y = 0; y < m->height; y++)
            png_write_row(png, picture + y * row_bytes);
        png_write_end(png, NULL);
    }
    png_destroy_write_struct(&png, &info);
    if (fclose(f) != 0 && rc == 0) {
        rc = -errno;
        emu_err_set(err, "%s: cannot write PNG: %s", path, strerror(-rc));
    }
    free(picture);
    return rc;
}

/* Read `path` as 8-bit RGB (libpng's simplified API converts any PNG). */
static uint8_t *png_read_rgb(const char *path, size_t *width, size_t *height, struct emu_err *err)
{
    png_image image = {.version = PNG_IMAGE_VERSION};
    if (!png_image_begin_read_from_file(&image, path)) {
        emu_err_set(err, "%s: cannot read PNG: %s", path, image.message);
        return NULL;
    }
    image.format = PNG_FORMAT_RGB;
    uint8_t *pixels = malloc(PNG_IMAGE_SIZE(image));
    if (pixels == NULL || !png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        emu_err_set(err, "%s: cannot read PNG: %s", path, pixels ? image.message : "no memory");
        png_image_free(&image);
        free(pixels);
        return NULL;
    }
    *width = image.width;
    *height = image.height;
    return pixels;
}

int emu_screen_png_compare(const struct emu_screen *m, const char *path, struct emu_err *err)
{
    size_t width, height;
    uint8_t *golden = png_read_rgb(path, &width, &height, err);
    if (golden == NULL)
        return -EINVAL;
    int rc = 0;
    if (width != m->width || height != m->height) {
        emu_err_set(err, "%s: %zux%zu, the screen is %zux%zu", path, width, height, m->width,
                    m->height);
        rc = 1;
    } else {
        uint8_t *picture = malloc(width * height * 3);
        emu_screen_render(m, picture);
        for (size_t i = 0; i < width * height && rc == 0; i++) {
            if (memcmp(picture + i * 3, golden + i * 3, 3) != 0) {
                const uint8_t *a = picture + i * 3, *b = golden + i * 3;
                emu_err_set(err, "%s: pixel (%zu, %zu) is #%02x%02x%02x, expected #%02x%02x%02x",
                            path, i % width, i / width, a[0], a[1], a[2], b[0], b[1], b[2]);
                rc = 1;
            }
        }
        free(picture);
    }
    free(golden);
    return rc;
}

void emu_screen_draw_terminal(const struct emu_screen *m, FILE *out)
{
    uint8_t *picture = malloc(m->width * m->height * 3 + 3);
    if (picture == NULL)
        return;
    emu_screen_render(m, picture);
    static const uint8_t black[3] = {0, 0, 0};
    fputs("\x1b[H", out); /* redraw in place */
    for (size_t y = 0; y < m->height; y += 2) {
        for (size_t x = 0; x < m->width; x++) {
            const uint8_t *top = picture + (y * m->width + x) * 3;
            const uint8_t *bottom =
                y + 1 < m->height ? picture + ((y + 1) * m->width + x) * 3 : black;
            fprintf(out, "\x1b[38;2;%u;%u;%um\x1b[48;2;%u;%u;%um\xe2\x96\x80", top[0], top[1],
                    top[2], bottom[0], bottom[1], bottom[2]);
        }
        fputs("\x1b[0m\n", out);
    }
    fflush(out);
    free(picture);
}
