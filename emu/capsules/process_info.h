/* Process info capsule (driver 0x10002): apps inspect and control processes.
 *
 * Mirrors tock/tock capsules/extra/src/process_info_driver.rs @65608d71
 * (ProcessInfo); the syscall interface is in process_info.c. Like the
 * reference, it is meant for tests and tutorials: any app holding it can stop
 * or fault any other.
 */
#ifndef TK_CAPSULE_PROCESS_INFO_H
#define TK_CAPSULE_PROCESS_INFO_H

#include "driver.h"

struct tk_process_info {
    struct tk_driver driver; /* what the board registers */
    struct tk_kernel *kernel;
};

/* Set up `pi` over the processes of `k`. `pi->driver` gets number
 * TK_DRIVER_NUM_PROCESS_INFO and is ready for tk_kernel_add_driver. */
void tk_process_info_init(struct tk_process_info *pi, struct tk_kernel *k);

#endif
