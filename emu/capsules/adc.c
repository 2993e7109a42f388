/* ADC capsule: single and continuous samples for the app that owns the ADC.
 *
 * Mirrors tock/tock capsules/core/src/adc.rs @65608d71 (AdcDedicated).
 *
 * Syscall interface, driver 0x5:
 *
 *   command | arg0    | arg1      | result
 *   --------+---------+-----------+----------------------------------------
 *   0       |         |           | S32(number of channels)
 *   1       | channel |           | one sample: S; F(BUSY) sampling already;
 *           |         |           | F(INVAL) no such channel
 *   2       | channel | frequency | samples until stopped: S; F(BUSY);
 *           |         |           | F(INVAL) no such channel or frequency
 *   3       | channel | frequency | fill RW allow 0 with samples: S; F(BUSY);
 *           |         |           | F(INVAL); F(NOMEM) allow 0 empty
 *   4       | channel | frequency | fill allows 0, 1, 0, 1 ... until stopped:
 *           |         |           | as 3; F(NOMEM) either allow empty
 *   5       |         |           | stop sampling: S (also when idle)
 *   101     |         |           | S32(resolution bits)
 *   102     |         |           | S32(reference mV); F(NOSUPPORT) unknown
 *   other   |         |           | F(NOSUPPORT)
 *
 * Every command first claims the ADC for the caller: F(NOMEM) while another
 * process owns it, i.e. used it last and is sampling, or idle but alive.
 * Subscribes 0 and 1 both get (mode, channel, sample) per sample, mode 0
 * single, 1 continuous; the sample is left-justified 16 bits. For a full
 * buffer (mode 2 single, 3 continuous) subscribe 0 gets (mode, samples << 8
 * | channel, the buffer's address) and subscribe 1 (mode, samples << 8 |
 * channel, allow number 0 or 1). Allows: RW 0 and 1, the buffers, filled
 * with len / 2 little-endian 16-bit samples.
 *
 * Upstream juggles three 128-sample kernel buffers against the app's;
 * here one goes back and forth (hil/adc.h says why that changes nothing an
 * app sees). The buffer's address is the app's pointer cut to 32 bits,
 * exact here (apps live below 2 GiB), a usize on Tock's 32-bit chips.
 */
#include "adc.h"
#include "container_of.h"

enum adc_upcall { ADC_UPCALL_SAMPLE, ADC_UPCALL_SAMPLE_ALSO, ADC_UPCALL_COUNT };
enum adc_allow_rw { ADC_ALLOW_RW_BUFFER, ADC_ALLOW_RW_DOUBLE_BUFFER, ADC_ALLOW_RW_COUNT };

struct adc_app {
    size_t offset;      /* samples already in the buffer being filled */
    bool using_buffer1; /* that buffer: allow 1, else allow 0 */
};

/* The owner check every command starts with: the ADC belongs to whoever
 * used it last, unless that process is gone and it is idle. */
static bool adc_claim(struct tk_adc_driver *d, struct tk_process *p)
{
    bool free = !d->has_owner || d->owner_id == p->id ||
                (!d->active && tk_kernel_process_by_id(d->driver.kernel, d->owner_id) == NULL);
    if (free) {
        d->has_owner = true;
        d->owner_id = p->id;
    }
    return free;
}

/* Commands 1 and 2. */
static struct tk_cmd_return adc_start(struct tk_adc_driver *d, enum tk_adc_mode mode,
                                      uint32_t channel, uint32_t frequency)
{
    if (d->active)
        return tk_cmd_failure(TK_BUSY);
    if (channel >= d->channels)
        return tk_cmd_failure(TK_INVAL);
    d->active = true;
    d->mode = mode;
    d->channel = channel;
    int rc = mode == TK_ADC_SINGLE_SAMPLE
                 ? d->adc->ops->sample(d->adc, channel)
                 : d->adc->ops->sample_continuous(d->adc, channel, frequency);
    if (rc != 0) {
        d->active = false;
        d->mode = TK_ADC_NO_MODE;
    }
    return tk_cmd_from_status(rc);
}

/* The next chunk of the buffer being filled: up to 128 samples. */
static int adc_next_chunk(struct tk_adc_driver *d, struct tk_process *p, struct adc_app *app)
{
    size_t total = tk_allow_rw_get(&d->driver, p, app->using_buffer1).len / 2;
    size_t n = total > app->offset ? tk_min_size(total - app->offset, TK_ADC_BUFFER_SAMPLES) : 0;
    return d->adc->ops->sample_buffer(d->adc, d->channel, d->frequency, d->buffer, n);
}

/* Commands 3 and 4 (sample_buffer, sample_buffer_continuous). */
static struct tk_cmd_return adc_start_buffered(struct tk_adc_driver *d, struct tk_process *p,
                                               enum tk_adc_mode mode, uint32_t channel,
                                               uint32_t frequency)
{
    if (d->active)
        return tk_cmd_failure(TK_BUSY);
    if (channel >= d->channels)
        return tk_cmd_failure(TK_INVAL);
    /* adc.rs: no sampling into a buffer without a buffer (two for 4). */
    if (tk_allow_rw_get(&d->driver, p, ADC_ALLOW_RW_BUFFER).len == 0 ||
        (mode == TK_ADC_CONTINUOUS_BUFFER &&
         tk_allow_rw_get(&d->driver, p, ADC_ALLOW_RW_DOUBLE_BUFFER).len == 0))
        return tk_cmd_failure(TK_NOMEM);
    struct adc_app *app = tk_grant_get(&d->driver, p);
    d->active = true;
    d->mode = mode;
    d->channel = channel;
    d->frequency = frequency;
    app->offset = 0;
    app->using_buffer1 = false;
    int rc = adc_next_chunk(d, p, app);
    if (rc != 0) {
        d->active = false;
        d->mode = TK_ADC_NO_MODE;
    }
    return tk_cmd_from_status(rc);
}

/* Command 5. */
static struct tk_cmd_return adc_stop(struct tk_adc_driver *d)
{
    if (!d->active || d->mode == TK_ADC_NO_MODE)
        return tk_cmd_success();
    d->active = false;
    d->mode = TK_ADC_NO_MODE;
    return tk_cmd_from_status(d->adc->ops->stop_sampling(d->adc));
}

static struct tk_cmd_return adc_command(struct tk_driver *drv, struct tk_process *p,
                                        uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_adc_driver *d = drv->state;
    int err = 0;
    /* As every capsule here: the grant exists before a sample can come. */
    if (tk_grant_enter(drv, p, &err) == NULL)
        return tk_cmd_failure(err);
    if (!adc_claim(d, p))
        return tk_cmd_failure(TK_NOMEM);

    switch (command) {
    case 0:
        return tk_cmd_success_u32(d->channels);
    case 1:
        return adc_start(d, TK_ADC_SINGLE_SAMPLE, arg0, 0);
    case 2:
        return adc_start(d, TK_ADC_CONTINUOUS_SAMPLE, arg0, arg1);
    case 3:
        return adc_start_buffered(d, p, TK_ADC_SINGLE_BUFFER, arg0, arg1);
    case 4:
        return adc_start_buffered(d, p, TK_ADC_CONTINUOUS_BUFFER, arg0, arg1);
    case 5:
        return adc_stop(d);
    case 101:
        return tk_cmd_success_u32(d->adc->ops->resolution_bits(d->adc));
    case 102: {
        unsigned mv = d->adc->ops->voltage_reference_mv(d->adc);
        return mv != 0 ? tk_cmd_success_u32(mv) : tk_cmd_failure(TK_NOSUPPORT);
    }
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* A sample: both upcalls to the owner; with nobody to tell, stop. */
static void adc_sample_ready(struct tk_adc_client *client, uint16_t sample)
{
    struct tk_adc_driver *d = tk_container_of(client, struct tk_adc_driver, client);
    struct tk_process *p =
        d->has_owner ? tk_kernel_process_by_id(d->driver.kernel, d->owner_id) : NULL;
    bool told = false;
    if (d->active && (d->mode == TK_ADC_SINGLE_SAMPLE || d->mode == TK_ADC_CONTINUOUS_SAMPLE)) {
        enum tk_adc_mode mode = d->mode;
        if (mode == TK_ADC_SINGLE_SAMPLE) {
            d->active = false;
            d->mode = TK_ADC_NO_MODE;
        }
        if (p != NULL && tk_grant_get(&d->driver, p) != NULL) {
            told = true;
            for (unsigned n = ADC_UPCALL_SAMPLE; n < ADC_UPCALL_COUNT; n++)
                (void)tk_upcall_schedule(&d->driver, p, n, (uint32_t)mode, d->channel, sample);
        } else {
            d->has_owner = false;
        }
    }
    if (!told) {
        d->active = false;
        d->mode = TK_ADC_NO_MODE;
        (void)d->adc->ops->stop_sampling(d->adc);
    }
}

/* Stop everything: the owner is gone or the ADC is in no buffered mode. */
static void adc_abandon(struct tk_adc_driver *d)
{
    d->active = false;
    d->mode = TK_ADC_NO_MODE;
    (void)d->adc->ops->stop_sampling(d->adc);
}

/* A buffer is full: both upcalls, then the next buffer or the end. */
static void adc_buffer_full(struct tk_adc_driver *d, struct tk_process *p, struct adc_app *app,
                            struct tk_buffer buffer)
{
    unsigned index = app->using_buffer1;
    uint32_t len_chan = (uint32_t)(buffer.len / 2) << 8 | (d->channel & 0xFF);
    uint32_t address = (uint32_t)(uintptr_t)buffer.ptr;
    (void)tk_upcall_schedule(&d->driver, p, ADC_UPCALL_SAMPLE, (uint32_t)d->mode, len_chan,
                             address);
    (void)tk_upcall_schedule(&d->driver, p, ADC_UPCALL_SAMPLE_ALSO, (uint32_t)d->mode, len_chan,
                             index);
    app->offset = 0;
    if (d->mode == TK_ADC_SINGLE_BUFFER) {
        adc_abandon(d);
        return;
    }
    app->using_buffer1 = !app->using_buffer1;
    if (adc_next_chunk(d, p, app) != 0)
        adc_abandon(d);
}

/* HighSpeedClient::samples_ready: copy the chunk into the app's buffer. */
static void adc_samples_ready(struct tk_adc_client *client, uint16_t *samples, size_t len)
{
    struct tk_adc_driver *d = tk_container_of(client, struct tk_adc_driver, client);
    struct tk_process *p = NULL;
    bool buffered = d->mode == TK_ADC_SINGLE_BUFFER || d->mode == TK_ADC_CONTINUOUS_BUFFER;
    struct adc_app *app = d->active && buffered && d->has_owner
                              ? tk_grant_get_by_id(&d->driver, d->owner_id, &p)
                              : NULL;
    if (app == NULL) {
        adc_abandon(d);
        return;
    }
    /* The app may have swapped the buffer since: write only what fits. */
    struct tk_buffer buffer = tk_allow_rw_get(&d->driver, p, app->using_buffer1);
    for (size_t i = 0; i < len && 2 * (app->offset + i) + 1 < buffer.len; i++) {
        buffer.ptr[2 * (app->offset + i)] = (uint8_t)samples[i];
        buffer.ptr[2 * (app->offset + i) + 1] = (uint8_t)(samples[i] >> 8);
    }
    app->offset += len;
    if (app->offset >= buffer.len / 2)
        adc_buffer_full(d, p, app, buffer);
    else if (adc_next_chunk(d, p, app) != 0)
        adc_abandon(d);
}

static const struct tk_driver_ops adc_ops = {
    .command = adc_command,
    .has_grant = true,
    .grant_size = sizeof(struct adc_app),
    .upcall_count = ADC_UPCALL_COUNT,
    .allow_rw_count = ADC_ALLOW_RW_COUNT,
};

void tk_adc_driver_init(struct tk_adc_driver *d, struct tk_adc *adc, unsigned channels)
{
    *d = (struct tk_adc_driver){
        .driver = {.number = TK_DRIVER_NUM_ADC, .ops = &adc_ops, .state = d},
        .client = {.sample_ready = adc_sample_ready, .samples_ready = adc_samples_ready},
        .adc = adc,
        .channels = channels,
        .mode = TK_ADC_NO_MODE,
    };
    adc->client = &d->client;
}
