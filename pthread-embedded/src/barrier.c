/*
 * barrier.c: barriers on a mutex and a condition variable with a round
 * number; the last thread of a round gets PTHREAD_BARRIER_SERIAL_THREAD.
 */
#include "internal.h"

int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
    attr->pshared = PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count)
{
    (void)attr;
    if (count == 0) {
        return EINVAL;
    }
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->round_done, NULL);
    b->count = count;
    b->waiting = 0;
    b->round = 0;
    return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
    return b->waiting != 0 ? EBUSY : 0;
}

int pthread_barrier_wait(pthread_barrier_t *b)
{
    pthread_mutex_lock(&b->lock);
    unsigned round = b->round;
    if (++b->waiting == b->count) {
        b->waiting = 0;
        b->round++;
        pthread_cond_broadcast(&b->round_done);
        pthread_mutex_unlock(&b->lock);
        return PTHREAD_BARRIER_SERIAL_THREAD;
    }
    while (b->round == round) {
        pthread_cond_wait(&b->round_done, &b->lock);
    }
    pthread_mutex_unlock(&b->lock);
    return 0;
}
