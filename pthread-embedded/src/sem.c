/*
 * sem.c: unnamed semaphores: the count is the futex word; a waiter that finds
 * it 0 registers and sleeps while it is 0; a post wakes one when anybody
 * waits. Errors go to errno, as POSIX wants for semaphores.
 */
#include "internal.h"
#include <limits.h>
#include <semaphore.h>

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    (void)pshared;
    if (value > INT_MAX) {
        errno = EINVAL;
        return -1;
    }
    sem->value = value;
    sem->waiters = 0;
    return 0;
}

int sem_destroy(sem_t *sem)
{
    (void)sem;
    return 0;
}

int sem_trywait(sem_t *sem)
{
    unsigned v = __atomic_load_n(&sem->value, __ATOMIC_RELAXED);
    while (v > 0) {
        if (__atomic_compare_exchange_n(&sem->value, &v, v - 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            return 0;
        }
    }
    errno = EAGAIN;
    return -1;
}

int sem_timedwait(sem_t *sem, const struct timespec *deadline)
{
    for (;;) {
        if (sem_trywait(sem) == 0) {
            return 0;
        }
        if (__pthread_bad_deadline(deadline)) {
            errno = EINVAL;
            return -1;
        }
        __atomic_add_fetch(&sem->waiters, 1, __ATOMIC_SEQ_CST);
        int r = __pthread_futex_wait(&sem->value, 0, deadline, L_CLOCK_REALTIME);
        __atomic_sub_fetch(&sem->waiters, 1, __ATOMIC_ACQ_REL);
        if (r != 0 && sem_trywait(sem) != 0) {
            errno = r;
            return -1;
        }
        if (r != 0) {
            return 0;
        }
    }
}

int sem_wait(sem_t *sem)
{
    return sem_timedwait(sem, NULL);
}

int sem_post(sem_t *sem)
{
    if (__atomic_load_n(&sem->value, __ATOMIC_RELAXED) >= INT_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    __atomic_add_fetch(&sem->value, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&sem->waiters, __ATOMIC_SEQ_CST) > 0) {
        __pthread_futex_wake(&sem->value, 1);
    }
    return 0;
}

int sem_getvalue(sem_t *sem, int *value)
{
    *value = (int)__atomic_load_n(&sem->value, __ATOMIC_RELAXED);
    return 0;
}
