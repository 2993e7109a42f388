/* Real-time clock model (see emu_rtc.h).
 *
 * Stands for a chip's RTC under tock/tock kernel/src/hil/date_time.rs
 * @65608d71 (e.g. chips/rp2040/src/rtc.rs). Calendar arithmetic is the C
 * library's (timegm, gmtime_r), so any field the capsule lets through
 * (hour 24, day 0) normalises as mktime does.
 */
#define _DEFAULT_SOURCE /* timegm */
#include "emu_rtc.h"

#include <time.h>

#include "container_of.h"
#include "errorcode.h"

int64_t emu_rtc_seconds(const struct emu_rtc *m)
{
    uint64_t elapsed_ns = tk_kernel_now(m->kernel) - m->base_ns;
    return m->base_seconds + (int64_t)(elapsed_ns / 1000000000ull);
}

static void rtc_read(struct emu_rtc *m, struct tk_date_time_values *v)
{
    time_t now = (time_t)emu_rtc_seconds(m);
    struct tm tm;
    gmtime_r(&now, &tm);
    *v = (struct tk_date_time_values){
        .year = (uint16_t)(tm.tm_year + 1900),
        .month = (uint8_t)(tm.tm_mon + 1),
        .day = (uint8_t)tm.tm_mday,
        .day_of_week = (uint8_t)((unsigned)(tm.tm_wday + (int)m->day_of_week_offset) % 7),
        .hour = (uint8_t)tm.tm_hour,
        .minute = (uint8_t)tm.tm_min,
        .seconds = (uint8_t)tm.tm_sec,
    };
}

static void rtc_write(struct emu_rtc *m, const struct tk_date_time_values *v)
{
    struct tm tm = {
        .tm_year = v->year - 1900,
        .tm_mon = v->month - 1,
        .tm_mday = v->day,
        .tm_hour = v->hour,
        .tm_min = v->minute,
        .tm_sec = v->seconds,
    };
    m->base_seconds = (int64_t)timegm(&tm); /* fills tm_wday */
    m->base_ns = tk_kernel_now(m->kernel);
    m->day_of_week_offset = (unsigned)(v->day_of_week + 7 - tm.tm_wday) % 7;
}

static void rtc_done(struct tk_deferred_call *dc)
{
    struct emu_rtc *m = dc->owner;
    int pending = m->pending;
    m->pending = EMU_RTC_IDLE;
    if (pending == EMU_RTC_GET) {
        struct tk_date_time_values v;
        rtc_read(m, &v);
        m->hil.client->get_date_time_done(m->hil.client, 0, &v);
    } else if (pending == EMU_RTC_SET) {
        rtc_write(m, &m->set_values);
        m->hil.client->set_date_time_done(m->hil.client, 0);
    }
}

static int rtc_start(struct emu_rtc *m, int what)
{
    if (m->pending != EMU_RTC_IDLE)
        return TK_BUSY;
    m->pending = what;
    tk_deferred_call_schedule(m->kernel, &m->done);
    return 0;
}

static int rtc_get(struct tk_date_time *rtc)
{
    return rtc_start(tk_container_of(rtc, struct emu_rtc, hil), EMU_RTC_GET);
}

static int rtc_set(struct tk_date_time *rtc, const struct tk_date_time_values *v)
{
    struct emu_rtc *m = tk_container_of(rtc, struct emu_rtc, hil);
    int rc = rtc_start(m, EMU_RTC_SET);
    if (rc == 0)
        m->set_values = *v;
    return rc;
}

static const struct tk_date_time_ops rtc_ops = {
    .get_date_time = rtc_get,
    .set_date_time = rtc_set,
};

void emu_rtc_init(struct emu_rtc *m, struct tk_kernel *k, int64_t start_seconds)
{
    *m = (struct emu_rtc){
        .hil = {.ops = &rtc_ops},
        .kernel = k,
        .base_seconds = start_seconds,
        .base_ns = tk_kernel_now(k),
        .done = {.fn = rtc_done, .owner = m},
    };
}
