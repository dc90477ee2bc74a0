/*
 * sched.h (Azalea): newlib's, with cpu_set_t (sys/cpuset.h) so that it
 * declares the affinity calls, which the OS layer serves.
 */
#ifndef _AZALEA_SCHED_H
#define _AZALEA_SCHED_H
#include <sys/cpuset.h>
#include_next <sched.h>
#endif
