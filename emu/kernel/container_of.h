/* tk_container_of: the object that embeds a member, from a member pointer.
 *
 * HIL clients and driver vtables hand a capsule back a pointer to something
 * it embeds (its tk_gpio_client, its tk_driver); this recovers the capsule,
 * as Linux's container_of does.
 */
#ifndef TK_CONTAINER_OF_H
#define TK_CONTAINER_OF_H

#include <stddef.h>

#define tk_container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

#endif
