/*
 * semaphore.h: unnamed POSIX semaphores of pthread-embedded (a futex word
 * holding the count). Named semaphores (sem_open) are not provided.
 */
#ifndef _AZALEA_SEMAPHORE_H
#define _AZALEA_SEMAPHORE_H
#include <time.h>

typedef struct {
    unsigned value;   /* futex word */
    unsigned waiters;
} sem_t;

#define SEM_FAILED ((sem_t *)0)

int sem_init(sem_t *sem, int pshared, unsigned value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *sem, const struct timespec *deadline);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *sem, int *value);
sem_t *sem_open(const char *name, int flags, ...);
int sem_close(sem_t *sem);
int sem_unlink(const char *name);
#endif
