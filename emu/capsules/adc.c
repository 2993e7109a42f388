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
 *   3, 4    |         |           | F(NOSUPPORT) (see Deviation)
 *   5       |         |           | stop sampling: S (also when idle)
 *   101     |         |           | S32(resolution bits)
 *   102     |         |           | S32(reference mV); F(NOSUPPORT) unknown
 *   other   |         |           | F(NOSUPPORT)
 *
 * Every command first claims the ADC for the caller: F(NOMEM) while another
 * process owns it, i.e. used it last and is sampling, or idle but alive.
 * Subscribes 0 and 1 both get (mode, channel, sample) per sample, mode 0
 * single, 1 continuous; the sample is left-justified 16 bits. Allows: RW 0
 * and 1 exist for the buffered commands.
 *
 * Deviation: buffered sampling (commands 3, 4; AdcHighSpeed) is not
 * emulated: F(NOSUPPORT).
 */
#include "adc.h"
#include "container_of.h"

enum adc_upcall { ADC_UPCALL_SAMPLE, ADC_UPCALL_SAMPLE_ALSO, ADC_UPCALL_COUNT };
enum adc_allow_rw { ADC_ALLOW_RW_BUFFER, ADC_ALLOW_RW_DOUBLE_BUFFER, ADC_ALLOW_RW_COUNT };

struct adc_app {
    uint8_t unused; /* the buffered commands' offsets would live here */
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
        .client = {.sample_ready = adc_sample_ready},
        .adc = adc,
        .channels = channels,
        .mode = TK_ADC_NO_MODE,
    };
    adc->client = &d->client;
}
