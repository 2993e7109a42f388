/* RTC API with callbacks, and the date packing both APIs share.
 *
 * Counterpart: tock/libtock-c libtock/peripherals/rtc.c @497ea7cf.
 */
#include "libtock/peripherals/rtc.h"

#include "libtock/peripherals/syscalls/rtc_syscalls.h"

void lth_rtc_unpack(uint32_t date, uint32_t time, libtock_rtc_date_t *out)
{
    out->year = (int)(date >> 9 & 0xfff);
    out->month = (int)(date >> 5 & 0xf);
    out->day = (int)(date & 0x1f);
    out->day_of_week = (int)(time >> 17 & 0x7);
    out->hour = (int)(time >> 12 & 0x1f);
    out->minute = (int)(time >> 6 & 0x3f);
    out->seconds = (int)(time & 0x3f);
}

void lth_rtc_pack(const libtock_rtc_date_t *in, uint32_t *date, uint32_t *time)
{
    /* As libtock-c: no masking, so a field out of range reaches the kernel's
     * check (or spills into its neighbour, as there). */
    *date = (uint32_t)in->year << 9 | (uint32_t)in->month << 5 | (uint32_t)in->day;
    *time = (uint32_t)in->day_of_week << 17 | (uint32_t)in->hour << 12 | (uint32_t)in->minute << 6 |
            (uint32_t)in->seconds;
}

static void rtc_date_upcall(int status, int date, int time, void *opaque)
{
    libtock_rtc_callback_date cb = (libtock_rtc_callback_date)opaque;
    libtock_rtc_date_t value;
    lth_rtc_unpack((uint32_t)date, (uint32_t)time, &value);
    cb(tock_status_to_returncode((statuscode_t)status), value);
}

static void rtc_set_upcall(int status, int unused1, int unused2, void *opaque)
{
    (void)unused1, (void)unused2;
    libtock_rtc_callback_done cb = (libtock_rtc_callback_done)opaque;
    cb(tock_status_to_returncode((statuscode_t)status));
}

bool libtock_rtc_exists(void)
{
    return libtock_rtc_driver_exists();
}

returncode_t libtock_rtc_get_date(libtock_rtc_callback_date cb)
{
    returncode_t ret = libtock_rtc_set_upcall(rtc_date_upcall, (void *)cb);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_rtc_command_get_date();
}

returncode_t libtock_rtc_set_date(libtock_rtc_date_t *set_date, libtock_rtc_callback_done cb)
{
    uint32_t date, time;
    lth_rtc_pack(set_date, &date, &time);
    returncode_t ret = libtock_rtc_set_upcall(rtc_set_upcall, (void *)cb);
    if (ret != RETURNCODE_SUCCESS)
        return ret;
    return libtock_rtc_command_set_date(date, time);
}
