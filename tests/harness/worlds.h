/* Whole worlds that several harness test programs and the harness bench
 * run alike (worlds.c): each makes a world (given `shared`, or its own
 * loader when NULL), runs one app to its end, checks it and frees it. */
#ifndef TOCKEMU_TESTS_HARNESS_WORLDS_H
#define TOCKEMU_TESTS_HARNESS_WORLDS_H

#include <tockemu/harness.h>

/* lth_hello: exit code 0 and "hello harness\n" on the console. */
void world_hello(struct lth_shared *shared);
/* The restart app (spec §5.1): it checks its .data, .bss, heap,
 * subscriptions and allows at each start, dirties them all, and exits
 * with code 5; nothing of an earlier world's run may show ("FAIL"). */
void world_restart_starts_fresh(struct lth_shared *shared);

#endif
