/* Date-time capsule: apps read and set the real-time clock, one at a time.
 *
 * Mirrors tock/tock capsules/extra/src/date_time.rs @65608d71
 * (DateTimeCapsule).
 *
 * Syscall interface, driver 0x90007:
 *
 *   command | arg0 | arg1 | result
 *   --------+------+------+------------------------------------------------
 *   0       |      |      | S
 *   1       |      |      | read the date and time: S, or the clock's error
 *   2       | date | time | set them: S; F(INVAL) a field out of range
 *   other   |      |      | F(NOSUPPORT)
 *
 * Packing (both ways): date = year << 9 | month << 5 | day (year 12 bits,
 * month 1..12, day 5 bits); time = day_of_week << 17 | hour << 12 |
 * minute << 6 | seconds (day_of_week 0 Sunday .. 6). A set is checked as
 * upstream does: month 1..12, day_of_week 0..6, day <= 31, hour <= 24,
 * minute <= 60, seconds <= 60 (so 24 and 60 pass).
 *
 * Subscribe 0: (status, date, time) after a read, (status, 0, 0) after a
 * set; status 0 or an ErrorCode. No allows.
 *
 * The clock serves one request at a time; the others wait in their grants
 * and start, in process-slot order, when it finishes. A read's completion
 * answers every process waiting for a read.
 *
 * Upstream quirks kept (spec: the kernel's behaviour is the contract):
 * - A command while the caller's own request waits answers S and leaves
 *   the waiting request in place (the BUSY the grant computes is dropped);
 *   if the clock is idle the new command runs anyway.
 * - A set the clock or the range check refuses answers F(code) but stays
 *   recorded, so each later completion re-tries it and upcalls its error.
 * - Grant entry failing answers F(FAIL).
 */
#include "container_of.h"
#include "date_time.h"

enum date_time_upcall { DATE_TIME_UPCALL_DONE, DATE_TIME_UPCALL_COUNT };

enum date_time_task { DATE_TIME_NONE, DATE_TIME_READ, DATE_TIME_SET };

struct date_time_app {
    uint8_t task;        /* enum date_time_task */
    uint32_t date, time; /* a SET's arguments */
};

/* date_from_u32_tuple: unpack and range-check; 0 or TK_INVAL. */
static int date_time_unpack(uint32_t date, uint32_t time, struct tk_date_time_values *v)
{
    uint32_t month = date % (1u << 9) / (1u << 5), day_of_week = time % (1u << 20) / (1u << 17);
    if (month < 1 || month > 12 || day_of_week > 6)
        return TK_INVAL;
    *v = (struct tk_date_time_values){
        .year = (uint16_t)(date % (1u << 21) / (1u << 9)),
        .month = (uint8_t)month,
        .day = (uint8_t)(date % (1u << 5)),
        .day_of_week = (uint8_t)day_of_week,
        .hour = (uint8_t)(time % (1u << 17) / (1u << 12)),
        .minute = (uint8_t)(time % (1u << 12) / (1u << 6)),
        .seconds = (uint8_t)(time % (1u << 6)),
    };
    /* Upstream's bounds, inclusive of 24 and 60; day <= 31 always holds. */
    if (v->hour > 24 || v->minute > 60 || v->seconds > 60)
        return TK_INVAL;
    return 0;
}

/* call_driver: hand one request to the clock; 0 or its error. */
static int date_time_start(struct tk_date_time_driver *d, uint8_t task, uint32_t date,
                           uint32_t time, uint32_t process_id)
{
    int rc;
    if (task == DATE_TIME_READ) {
        rc = d->rtc->ops->get_date_time(d->rtc);
    } else {
        struct tk_date_time_values v;
        rc = date_time_unpack(date, time, &v);
        if (rc == 0)
            rc = d->rtc->ops->set_date_time(d->rtc, &v);
    }
    if (rc == 0) {
        d->in_progress = true;
        d->in_progress_id = process_id;
    }
    return rc;
}

/* Commands 1 and 2 (enqueue_command). */
static struct tk_cmd_return date_time_enqueue(struct tk_date_time_driver *d, struct tk_process *p,
                                              uint8_t task, uint32_t date, uint32_t time)
{
    int err = 0;
    struct date_time_app *app = tk_grant_enter(&d->driver, p, &err);
    if (app == NULL)
        return tk_cmd_failure(TK_FAIL);
    if (app->task == DATE_TIME_NONE) {
        app->task = task;
        app->date = date;
        app->time = time;
    }
    if (d->in_progress)
        return tk_cmd_success();
    return tk_cmd_from_status(date_time_start(d, task, date, time, p->id));
}

/* queue_next_command: start the first waiting request, in slot order; each
 * one the clock refuses gets its error as an upcall and stays recorded. */
static void date_time_next(struct tk_date_time_driver *d)
{
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct date_time_app *app = data;
        if (app->task == DATE_TIME_NONE)
            continue;
        int rc = date_time_start(d, app->task, app->date, app->time, p->id);
        if (rc == 0)
            return;
        (void)tk_upcall_schedule(&d->driver, p, DATE_TIME_UPCALL_DONE, (uint32_t)rc, 0, 0);
    }
}

static struct tk_cmd_return date_time_command(struct tk_driver *drv, struct tk_process *p,
                                              uint32_t command, uint32_t arg0, uint32_t arg1)
{
    struct tk_date_time_driver *d = drv->state;
    switch (command) {
    case 0:
        return tk_cmd_success();
    case 1:
        return date_time_enqueue(d, p, DATE_TIME_READ, 0, 0);
    case 2:
        return date_time_enqueue(d, p, DATE_TIME_SET, arg0, arg1);
    default:
        return tk_cmd_failure(TK_NOSUPPORT);
    }
}

/* A read finished: every process waiting for a read gets it. */
static void date_time_get_done(struct tk_date_time_client *c, int error,
                               const struct tk_date_time_values *v)
{
    struct tk_date_time_driver *d = tk_container_of(c, struct tk_date_time_driver, client);
    uint32_t date = 0, time = 0;
    if (error == 0) {
        date = (uint32_t)v->year * (1u << 9) + (uint32_t)v->month * (1u << 5) + v->day;
        time = (uint32_t)v->day_of_week * (1u << 17) + (uint32_t)v->hour * (1u << 12) +
               (uint32_t)v->minute * (1u << 6) + v->seconds;
    }
    d->in_progress = false;
    unsigned slot = 0;
    struct tk_process *p;
    void *data;
    while ((p = tk_grant_next(&d->driver, &slot, &data)) != NULL) {
        struct date_time_app *app = data;
        if (app->task != DATE_TIME_READ)
            continue;
        app->task = DATE_TIME_NONE;
        (void)tk_upcall_schedule(&d->driver, p, DATE_TIME_UPCALL_DONE, (uint32_t)error, date, time);
    }
    date_time_next(d);
}

/* A set finished: only the process that asked hears of it. */
static void date_time_set_done(struct tk_date_time_client *c, int error)
{
    struct tk_date_time_driver *d = tk_container_of(c, struct tk_date_time_driver, client);
    struct tk_process *p;
    d->in_progress = false;
    struct date_time_app *app = tk_grant_get_by_id(&d->driver, d->in_progress_id, &p);
    if (app != NULL) {
        app->task = DATE_TIME_NONE;
        (void)tk_upcall_schedule(&d->driver, p, DATE_TIME_UPCALL_DONE, (uint32_t)error, 0, 0);
    }
    date_time_next(d);
}

static const struct tk_driver_ops date_time_ops = {
    .command = date_time_command,
    .has_grant = true,
    .grant_size = sizeof(struct date_time_app),
    .upcall_count = DATE_TIME_UPCALL_COUNT,
};

void tk_date_time_driver_init(struct tk_date_time_driver *d, struct tk_date_time *rtc)
{
    *d = (struct tk_date_time_driver){
        .driver = {.number = TK_DRIVER_NUM_DATE_TIME, .ops = &date_time_ops, .state = d},
        .client = {.get_date_time_done = date_time_get_done,
                   .set_date_time_done = date_time_set_done},
        .rtc = rtc,
    };
    rtc->client = &d->client;
}
