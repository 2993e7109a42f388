/* ipc_round_trip client: time N IPC notify round trips (client -> service ->
 * client) from inside the app, one time-stamp counter read on each side,
 * and print the median in TSC cycles, as null_command does for one command.
 * The service is "ipc_service" (service.c): it answers every service
 * notification with a client notification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

#ifndef ROUND_TRIPS
#define ROUND_TRIPS 20000
#endif

static bool answered;
static uint32_t samples[ROUND_TRIPS];

static void on_answer(int pid, int len, int buf, void *ud)
{
    (void)pid;
    (void)len;
    (void)buf;
    (void)ud;
    answered = true;
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* One round trip: notify, then wait in yield until the answer's upcall ran. */
static int round_trip(size_t service)
{
    answered = false;
    if (ipc_notify_service(service) < 0)
        return -1;
    while (!answered)
        yield();
    return 0;
}

int main(void)
{
    size_t service;
    if (ipc_discover("ipc_service", &service) < 0 ||
        ipc_register_client_callback(service, on_answer, NULL) < 0)
        return 1;
    for (int i = 0; i < 1000; i++) /* warm up */
        if (round_trip(service) < 0)
            return 1;
    for (int i = 0; i < ROUND_TRIPS; i++) {
        uint64_t t0 = __builtin_ia32_rdtsc();
        if (round_trip(service) < 0)
            return 1;
        samples[i] = (uint32_t)(__builtin_ia32_rdtsc() - t0);
    }
    qsort(samples, ROUND_TRIPS, sizeof samples[0], by_value);
    printf("ipc_round_trip trips=%d median_cycles=%u p90_cycles=%u\n", ROUND_TRIPS,
           samples[ROUND_TRIPS / 2], samples[ROUND_TRIPS * 9 / 10]);
    /* Goodbye: the service exits. Stay until it has run: a notification
     * whose notifier is gone is dropped at delivery. */
    ipc_notify_client(service);
    libtocksync_alarm_delay_ms(1);
    return 0;
}
