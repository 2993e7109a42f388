/* Fake LED, GPIO pin and entropy source (fake_peripherals.h). */
#include <check.h>

#include "container_of.h"
#include "fake_peripherals.h"

/* ---- LED ---- */

static struct fake_led *as_led(struct tk_led *led)
{
    return tk_container_of(led, struct fake_led, hil);
}

static void led_init(struct tk_led *led)
{
    as_led(led)->init_calls++;
}

static void led_on(struct tk_led *led)
{
    as_led(led)->lit = true;
}

static void led_off(struct tk_led *led)
{
    as_led(led)->lit = false;
}

static void led_toggle(struct tk_led *led)
{
    as_led(led)->lit = !as_led(led)->lit;
}

static bool led_read(struct tk_led *led)
{
    return as_led(led)->lit;
}

static const struct tk_led_ops fake_led_ops = {led_init, led_on, led_off, led_toggle, led_read};

void fake_led_init(struct fake_led *f)
{
    *f = (struct fake_led){.hil = {.ops = &fake_led_ops}};
}

/* ---- GPIO pin ---- */

static struct fake_pin *as_pin(struct tk_gpio_pin *pin)
{
    return tk_container_of(pin, struct fake_pin, hil);
}

static enum tk_gpio_configuration pin_make_output(struct tk_gpio_pin *pin)
{
    return as_pin(pin)->config = TK_GPIO_CONFIG_OUTPUT;
}

static enum tk_gpio_configuration pin_make_input(struct tk_gpio_pin *pin)
{
    return as_pin(pin)->config = TK_GPIO_CONFIG_INPUT;
}

static void pin_deactivate(struct tk_gpio_pin *pin)
{
    as_pin(pin)->config = TK_GPIO_CONFIG_LOW_POWER;
    as_pin(pin)->deactivate_calls++;
}

static void pin_set_floating_state(struct tk_gpio_pin *pin, enum tk_gpio_floating_state state)
{
    as_pin(pin)->pull = state;
}

static enum tk_gpio_configuration pin_configuration(struct tk_gpio_pin *pin)
{
    return as_pin(pin)->config;
}

static void pin_set(struct tk_gpio_pin *pin)
{
    as_pin(pin)->level = true;
}

static void pin_clear(struct tk_gpio_pin *pin)
{
    as_pin(pin)->level = false;
}

static bool pin_toggle(struct tk_gpio_pin *pin)
{
    return as_pin(pin)->level = !as_pin(pin)->level;
}

static bool pin_read(struct tk_gpio_pin *pin)
{
    return as_pin(pin)->level;
}

static int pin_enable_interrupts(struct tk_gpio_pin *pin, enum tk_gpio_interrupt_edge edge)
{
    as_pin(pin)->interrupt_enabled = true;
    as_pin(pin)->edge = edge;
    return 0;
}

static void pin_disable_interrupts(struct tk_gpio_pin *pin)
{
    as_pin(pin)->interrupt_enabled = false;
    as_pin(pin)->disable_calls++;
}

static const struct tk_gpio_pin_ops fake_pin_ops = {
    .make_output = pin_make_output,
    .make_input = pin_make_input,
    .deactivate_to_low_power = pin_deactivate,
    .set_floating_state = pin_set_floating_state,
    .configuration = pin_configuration,
    .set = pin_set,
    .clear = pin_clear,
    .toggle = pin_toggle,
    .read = pin_read,
    .enable_interrupts = pin_enable_interrupts,
    .disable_interrupts = pin_disable_interrupts,
};

void fake_pin_init(struct fake_pin *f)
{
    *f = (struct fake_pin){
        .hil = {.ops = &fake_pin_ops},
        .config = TK_GPIO_CONFIG_LOW_POWER,
        .pull = TK_GPIO_PULL_NONE,
    };
}

void fake_pin_fire(struct fake_pin *f, bool level)
{
    ck_assert_ptr_nonnull(f->hil.client);
    f->level = level;
    f->hil.client->fired(f->hil.client, f->hil.value);
}

/* ---- entropy ---- */

static int entropy_get(struct tk_entropy32 *e)
{
    tk_container_of(e, struct fake_entropy, hil)->get_calls++;
    return 0;
}

static int entropy_cancel(struct tk_entropy32 *e)
{
    tk_container_of(e, struct fake_entropy, hil)->cancel_calls++;
    return 0;
}

static const struct tk_entropy32_ops fake_entropy_ops = {entropy_get, entropy_cancel};

void fake_entropy_init(struct fake_entropy *f)
{
    *f = (struct fake_entropy){.hil = {.ops = &fake_entropy_ops}};
}

struct word_iter {
    struct tk_entropy_iter iter;
    struct fake_entropy *source;
    const uint32_t *words;
    size_t left;
};

static bool word_next(struct tk_entropy_iter *it, uint32_t *word)
{
    struct word_iter *w = tk_container_of(it, struct word_iter, iter);
    if (w->left == 0)
        return false;
    *word = *w->words++;
    w->left--;
    w->source->words_pulled++;
    return true;
}

enum tk_entropy_continue fake_entropy_deliver(struct fake_entropy *f, const uint32_t *words,
                                              size_t count)
{
    ck_assert_ptr_nonnull(f->hil.client);
    struct word_iter it = {{word_next}, f, words, count};
    return f->hil.client->entropy_available(f->hil.client, &it.iter, 0);
}
