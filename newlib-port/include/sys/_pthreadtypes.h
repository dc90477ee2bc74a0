/*
 * sys/_pthreadtypes.h (Azalea): the POSIX threads types of pthread-embedded,
 * in place of newlib's (RTEMS-style 32-bit object ids). Each object holds its
 * own state, futex words first, so a static initializer is all zeros.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_
#include <sys/cpuset.h>

typedef unsigned long pthread_t;

typedef struct {
    size_t stacksize;
    void *stackaddr;
    size_t guardsize;
    int detachstate;
    int has_affinity;
    cpu_set_t affinity;
} pthread_attr_t;

typedef struct {
    int lock;   /* futex word: 0 free, 1 held, 2 held with waiters */
    int owner;  /* holder's thread id */
    int count;  /* recursion depth */
    int type;   /* PTHREAD_MUTEX_* */
} pthread_mutex_t;

typedef struct {
    int type;
    int pshared;
} pthread_mutexattr_t;

typedef struct {
    unsigned seq; /* futex word: bumped by every signal and broadcast */
    int clock;    /* Linux clock id for timed waits (0 realtime, 1 monotonic) */
} pthread_cond_t;

typedef struct {
    int clock;
    int pshared;
} pthread_condattr_t;

typedef unsigned pthread_key_t;

typedef struct {
    int state; /* futex word: 0 not run, 1 running, 2 done */
} pthread_once_t;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t readable;
    pthread_cond_t writable;
    int readers;        /* holding a read lock */
    int writer;         /* a writer holds it */
    int writers_waiting;
} pthread_rwlock_t;

typedef struct {
    int pshared;
} pthread_rwlockattr_t;

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t round_done;
    unsigned count;
    unsigned waiting;
    unsigned round;
} pthread_barrier_t;

typedef struct {
    int pshared;
} pthread_barrierattr_t;

typedef int pthread_spinlock_t;

#define _PTHREAD_MUTEX_INITIALIZER {0, 0, 0, 0}
#define _PTHREAD_COND_INITIALIZER {0, 0}
#define _PTHREAD_ONCE_INIT {0}
#define _PTHREAD_RWLOCK_INITIALIZER {{0, 0, 0, 0}, {0, 0}, {0, 0}, 0, 0, 0}
#endif
