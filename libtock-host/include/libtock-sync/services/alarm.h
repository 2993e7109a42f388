/* Blocking delays on top of libtock/services/alarm.h.
 *
 * Same names and signatures as tock/libtock-c
 * libtock-sync/services/alarm.h @497ea7cf.
 */
#pragma once

#include <libtock/services/alarm.h>
#include <libtock/tock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Blocks for ms milliseconds; other upcalls run meanwhile (it yields). Returns
 * RETURNCODE_SUCCESS or the driver error (then it did not wait). Safe to call
 * from an upcall. */
int libtocksync_alarm_delay_ms(uint32_t ms);

/* yield_for(cond) that gives up after ms milliseconds: RETURNCODE_SUCCESS
 * once *cond is true, RETURNCODE_FAIL on timeout. */
int libtocksync_alarm_yield_for_with_timeout(bool *cond, uint32_t ms);

#ifdef __cplusplus
}
#endif
