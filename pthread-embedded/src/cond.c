/*
 * cond.c: condition variables as a sequence word: a waiter notes it, unlocks
 * the mutex and sleeps while it is unchanged; signal and broadcast bump it
 * and wake one or all. Spurious wake-ups are allowed by POSIX and callers
 * loop. The mutex is retaken as contended (2), since other waiters may sleep
 * on it. Timed waits use the condition's clock (realtime unless set).
 */
#include "internal.h"

int pthread_condattr_init(pthread_condattr_t *attr)
{
    attr->clock = L_CLOCK_REALTIME;
    attr->pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
    if (clock == CLOCK_REALTIME) {
        attr->clock = L_CLOCK_REALTIME;
    } else if (clock == CLOCK_MONOTONIC) {
        attr->clock = L_CLOCK_MONOTONIC;
    } else {
        return EINVAL;
    }
    return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
    *clock = attr->clock == L_CLOCK_MONOTONIC ? CLOCK_MONOTONIC : CLOCK_REALTIME;
    return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
    attr->pshared = pshared;
    return 0;
}

int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared)
{
    *pshared = attr->pshared;
    return 0;
}

int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr)
{
    cond->seq = 0;
    cond->clock = attr != NULL ? attr->clock : L_CLOCK_REALTIME;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *cond)
{
    (void)cond;
    return 0;
}

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *deadline)
{
    if (__pthread_bad_deadline(deadline)) {
        return EINVAL;
    }
    if (mutex->type != PTHREAD_MUTEX_NORMAL && mutex->owner != __pthread_tid()) {
        return EPERM;
    }
    unsigned seq = __atomic_load_n(&cond->seq, __ATOMIC_ACQUIRE);
    int count = mutex->count;
    __atomic_store_n(&mutex->owner, 0, __ATOMIC_RELAXED);
    mutex->count = 0;
    if (__atomic_exchange_n(&mutex->lock, 0, __ATOMIC_RELEASE) == 2) {
        __pthread_futex_wake(&mutex->lock, 1);
    }
    int r = __pthread_futex_wait(&cond->seq, seq, deadline, cond->clock);
    while (__atomic_exchange_n(&mutex->lock, 2, __ATOMIC_ACQUIRE) != 0) {
        __pthread_futex_wait(&mutex->lock, 2, NULL, L_CLOCK_MONOTONIC);
    }
    __atomic_store_n(&mutex->owner, __pthread_tid(), __ATOMIC_RELAXED);
    mutex->count = count;
    return r == ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
    return pthread_cond_timedwait(cond, mutex, NULL);
}

int pthread_cond_signal(pthread_cond_t *cond)
{
    __atomic_add_fetch(&cond->seq, 1, __ATOMIC_RELEASE);
    __pthread_futex_wake(&cond->seq, 1);
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t *cond)
{
    __atomic_add_fetch(&cond->seq, 1, __ATOMIC_RELEASE);
    __pthread_futex_wake(&cond->seq, 0x7fffffff);
    return 0;
}
