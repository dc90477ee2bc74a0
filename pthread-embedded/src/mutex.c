/*
 * mutex.c: mutexes (normal, recursive, error-checking) as a futex word
 * (0 free, 1 held, 2 held with waiters, Drepper's "Futexes are tricky"
 * scheme) with the holder's thread id and a recursion count; and spin locks.
 */
#include "internal.h"

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
    attr->type = PTHREAD_MUTEX_DEFAULT;
    attr->pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
    if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK) {
        return EINVAL;
    }
    attr->type = type;
    return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
    *type = attr->type;
    return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
    if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED) {
        return EINVAL;
    }
    attr->pshared = pshared;
    return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared)
{
    *pshared = attr->pshared;
    return 0;
}

int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr)
{
    mutex->lock = 0;
    mutex->owner = 0;
    mutex->count = 0;
    mutex->type = attr != NULL ? attr->type : PTHREAD_MUTEX_DEFAULT;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *mutex)
{
    return mutex->lock != 0 ? EBUSY : 0;
}

/* Owner checks before taking the word: 0 to go on, 1 when already done, or an error. */
static int relock(pthread_mutex_t *mutex, int self)
{
    if (mutex->type == PTHREAD_MUTEX_NORMAL || __atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) != self) {
        return 0;
    }
    if (mutex->type == PTHREAD_MUTEX_ERRORCHECK) {
        return EDEADLK;
    }
    if (mutex->count == 0x7fffffff) {
        return EAGAIN;
    }
    mutex->count++;
    return -1;
}

static void taken(pthread_mutex_t *mutex, int self)
{
    __atomic_store_n(&mutex->owner, self, __ATOMIC_RELAXED);
    mutex->count = 1;
}

int pthread_mutex_trylock(pthread_mutex_t *mutex)
{
    int self = __pthread_tid();
    int r = relock(mutex, self);
    if (r != 0) {
        /* an error-checking mutex held by the caller is busy to trylock, a deadlock only to lock */
        return r < 0 ? 0 : r == EDEADLK ? EBUSY : r;
    }
    int expected = 0;
    if (!__atomic_compare_exchange_n(&mutex->lock, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        return EBUSY;
    }
    taken(mutex, self);
    return 0;
}

int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *deadline)
{
    int self = __pthread_tid();
    int r = relock(mutex, self);
    if (r != 0) {
        return r < 0 ? 0 : r;
    }
    int expected = 0;
    if (__atomic_compare_exchange_n(&mutex->lock, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        taken(mutex, self);
        return 0;
    }
    if (__pthread_bad_deadline(deadline)) {
        return EINVAL;
    }
    while (__atomic_exchange_n(&mutex->lock, 2, __ATOMIC_ACQUIRE) != 0) {
        if (__pthread_futex_wait(&mutex->lock, 2, deadline, L_CLOCK_REALTIME) == ETIMEDOUT) {
            return ETIMEDOUT;
        }
    }
    taken(mutex, self);
    return 0;
}

int pthread_mutex_lock(pthread_mutex_t *mutex)
{
    return pthread_mutex_timedlock(mutex, NULL);
}

int pthread_mutex_unlock(pthread_mutex_t *mutex)
{
    if (mutex->type != PTHREAD_MUTEX_NORMAL) {
        if (__atomic_load_n(&mutex->owner, __ATOMIC_RELAXED) != __pthread_tid() || mutex->lock == 0) {
            return EPERM;
        }
        if (--mutex->count > 0) {
            return 0;
        }
    }
    __atomic_store_n(&mutex->owner, 0, __ATOMIC_RELAXED);
    mutex->count = 0;
    if (__atomic_exchange_n(&mutex->lock, 0, __ATOMIC_RELEASE) == 2) {
        __pthread_futex_wake(&mutex->lock, 1);
    }
    return 0;
}

int pthread_spin_init(pthread_spinlock_t *lock, int pshared)
{
    (void)pshared;
    *lock = 0;
    return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *lock)
{
    (void)lock;
    return 0;
}

int pthread_spin_lock(pthread_spinlock_t *lock)
{
    while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE) != 0) {
        while (__atomic_load_n(lock, __ATOMIC_RELAXED) != 0) {
            __builtin_ia32_pause();
        }
    }
    return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *lock)
{
    return __atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE) != 0 ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *lock)
{
    __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
    return 0;
}
