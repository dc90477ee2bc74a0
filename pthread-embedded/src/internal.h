/*
 * internal.h: what pthread-embedded's files share: the thread descriptor,
 * futex waits (libOS futexes, reached by direct call) and the deadline
 * checks every timed wait makes. Linux errno values come back negative from
 * the libOS; what the pthread functions return is newlib's numbering.
 */
#ifndef PTHREAD_EMBEDDED_INTERNAL_H
#define PTHREAD_EMBEDDED_INTERNAL_H
#include <azalea/call.h>
#include <azalea/tcb.h>
#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE 128
#define FUTEX_CLOCK_REALTIME 256
#define L_ETIMEDOUT 110
#define L_CLOCK_REALTIME 0
#define L_CLOCK_MONOTONIC 1

struct __pthread {
    struct __az_tcb *tcb;
    void *(*start)(void *);
    void *arg;
    void *result;
    int tid;                  /* futex word: the libOS clears it and wakes joiners at exit */
    int detached;             /* 1 once detached: nobody joins, the stack is reclaimed later */
    int joined;               /* a join has claimed the thread */
    void *map;                /* the thread's mapping (stack, descriptor, TLS), NULL for main */
    size_t map_size;
    int has_affinity;
    cpu_set_t affinity;
    int listed;               /* on the list of detached threads whose mappings wait to be reclaimed */
    struct __pthread *next_dead;
    const void *specific[PTHREAD_KEYS_MAX];
};

/* The calling thread's descriptor (the main thread's made on first use). */
struct __pthread *__pthread_self_desc(void);

/* Runs key destructors (PTHREAD_DESTRUCTOR_ITERATIONS rounds). */
void __pthread_run_destructors(struct __pthread *self);

/*
 * Waits while *word == value, until the absolute deadline on the Linux clock
 * (NULL: forever). Returns 0 (woken, or the value had changed), ETIMEDOUT or
 * EINTR.
 */
int __pthread_futex_wait(void *word, unsigned value, const struct timespec *deadline, int linux_clock);

static inline void __pthread_futex_wake(void *word, int count)
{
    __AZ_CALL3(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE, count);
}

static inline int __pthread_bad_deadline(const struct timespec *deadline)
{
    return deadline != NULL && (deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000L);
}

/* The calling thread's id, as lock owners record it. */
static inline int __pthread_tid(void)
{
    return __az_self()->tid;
}
#endif
