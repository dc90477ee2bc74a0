/*
 * rwlock.c: read-write locks on a mutex and two condition variables.
 * Readers go ahead unless a writer holds the lock (reader preference, as
 * glibc's default, so a thread may take a read lock it already holds);
 * writers wait until nobody holds it. Timed forms use the realtime clock.
 */
#include "internal.h"

int pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
    attr->pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
    (void)attr;
    pthread_mutex_init(&rw->lock, NULL);
    pthread_cond_init(&rw->readable, NULL);
    pthread_cond_init(&rw->writable, NULL);
    rw->readers = 0;
    rw->writer = 0;
    rw->writers_waiting = 0;
    return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
    return rw->readers != 0 || rw->writer ? EBUSY : 0;
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *deadline)
{
    if (__pthread_bad_deadline(deadline)) {
        return EINVAL;
    }
    pthread_mutex_lock(&rw->lock);
    int r = 0;
    while (rw->writer && r == 0) {
        r = pthread_cond_timedwait(&rw->readable, &rw->lock, deadline);
    }
    if (!rw->writer) {
        rw->readers++;
        r = 0;
    }
    pthread_mutex_unlock(&rw->lock);
    return r;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
    return pthread_rwlock_timedrdlock(rw, NULL);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
    pthread_mutex_lock(&rw->lock);
    int r = rw->writer ? EBUSY : 0;
    if (r == 0) {
        rw->readers++;
    }
    pthread_mutex_unlock(&rw->lock);
    return r;
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *deadline)
{
    if (__pthread_bad_deadline(deadline)) {
        return EINVAL;
    }
    pthread_mutex_lock(&rw->lock);
    int r = 0;
    rw->writers_waiting++;
    while ((rw->writer || rw->readers > 0) && r == 0) {
        r = pthread_cond_timedwait(&rw->writable, &rw->lock, deadline);
    }
    rw->writers_waiting--;
    if (!rw->writer && rw->readers == 0) {
        rw->writer = 1;
        r = 0;
    }
    pthread_mutex_unlock(&rw->lock);
    return r;
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
    return pthread_rwlock_timedwrlock(rw, NULL);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
    pthread_mutex_lock(&rw->lock);
    int r = rw->writer || rw->readers > 0 ? EBUSY : 0;
    if (r == 0) {
        rw->writer = 1;
    }
    pthread_mutex_unlock(&rw->lock);
    return r;
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
    pthread_mutex_lock(&rw->lock);
    if (rw->writer) {
        rw->writer = 0;
    } else if (rw->readers > 0) {
        rw->readers--;
    } else {
        pthread_mutex_unlock(&rw->lock);
        return EPERM;
    }
    if (rw->readers == 0 && rw->writers_waiting > 0) {
        pthread_cond_signal(&rw->writable);
    }
    pthread_cond_broadcast(&rw->readable);
    pthread_mutex_unlock(&rw->lock);
    return 0;
}
