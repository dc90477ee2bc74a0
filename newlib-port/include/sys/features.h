/*
 * sys/features.h (Azalea): newlib's, plus the POSIX options this runtime
 * provides (the OS layer in newlib-port/src and pthread-embedded), which
 * newlib's generic x86_64-elf configuration leaves undeclared.
 */
#ifndef _AZALEA_SYS_FEATURES_H
#define _AZALEA_SYS_FEATURES_H
#include_next <sys/features.h>

#ifndef _POSIX_THREADS
#define _POSIX_THREADS 200809L
#endif
#define _POSIX_TIMERS 200809L
#define _POSIX_MONOTONIC_CLOCK 200809L
#define _POSIX_CPUTIME 200809L
#define _POSIX_THREAD_CPUTIME 200809L
#define _POSIX_READER_WRITER_LOCKS 200809L
#define _POSIX_SPIN_LOCKS 200809L
#define _POSIX_BARRIERS 200809L
#define _POSIX_SEMAPHORES 200809L
#define _POSIX_TIMEOUTS 200809L
#define _POSIX_THREAD_ATTR_STACKSIZE 200809L
#define _POSIX_THREAD_ATTR_STACKADDR 200809L
#define _POSIX_THREAD_SAFE_FUNCTIONS 200809L
#ifndef _UNIX98_THREAD_MUTEX_ATTRIBUTES
#define _UNIX98_THREAD_MUTEX_ATTRIBUTES 1
#endif
#endif
