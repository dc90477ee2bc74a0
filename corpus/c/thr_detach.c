/* thr_detach: detached threads. 8 threads created with
 * PTHREAD_CREATE_DETACHED each compute a value and post a semaphore; 4
 * joinable threads are detached with pthread_detach after creation and report
 * through a condvar counter; 4 threads detach themselves with
 * pthread_detach(pthread_self()). pthread_attr_getdetachstate reports what
 * was set. No detached thread is ever joined; main waits on the semaphore and
 * the counter and sums the results.
 * Expects: sums 232, 60 and 40, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_ATTR 8
#define N_LATE 4
#define N_SELF 4

static sem_t done_sem;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int finished;
static long attr_results[N_ATTR], late_results[N_LATE], self_results[N_SELF];
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void *attr_worker(void *arg)
{
    int i = (int)(intptr_t)arg;
    attr_results[i] = (long)i * i + 3 * i + 1;
    if (sem_post(&done_sem) != 0)
        fail("sem_post", errno);
    return NULL;
}

static void report(void)
{
    CHECK(pthread_mutex_lock(&mu));
    finished++;
    CHECK(pthread_cond_signal(&cv));
    CHECK(pthread_mutex_unlock(&mu));
}

static void *late_worker(void *arg)
{
    int i = (int)(intptr_t)arg;
    late_results[i] = 10L * i;
    report();
    return NULL;
}

static void *self_worker(void *arg)
{
    int i = (int)(intptr_t)arg;
    CHECK(pthread_detach(pthread_self()));
    self_results[i] = (i + 1) * 4L;
    report();
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t t;
    int state;
    if (sem_init(&done_sem, 0, 0) != 0)
        fail("sem_init", errno);
    CHECK(pthread_attr_init(&attr));
    CHECK(pthread_attr_getdetachstate(&attr, &state));
    printf("default detach state joinable: %s\n", state == PTHREAD_CREATE_JOINABLE ? "yes" : "no");
    CHECK(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED));
    CHECK(pthread_attr_getdetachstate(&attr, &state));
    printf("set detach state detached: %s\n", state == PTHREAD_CREATE_DETACHED ? "yes" : "no");
    bad |= state != PTHREAD_CREATE_DETACHED;
    for (int i = 0; i < N_ATTR; i++)
        CHECK(pthread_create(&t, &attr, attr_worker, (void *)(intptr_t)i));
    CHECK(pthread_attr_destroy(&attr));
    for (int i = 0; i < N_LATE; i++) {
        CHECK(pthread_create(&t, NULL, late_worker, (void *)(intptr_t)i));
        CHECK(pthread_detach(t));
    }
    for (int i = 0; i < N_SELF; i++)
        CHECK(pthread_create(&t, NULL, self_worker, (void *)(intptr_t)i));
    for (int i = 0; i < N_ATTR; i++)
        while (sem_wait(&done_sem) != 0)
            if (errno != EINTR)
                fail("sem_wait", errno);
    CHECK(pthread_mutex_lock(&mu));
    while (finished < N_LATE + N_SELF)
        CHECK(pthread_cond_wait(&cv, &mu));
    CHECK(pthread_mutex_unlock(&mu));
    long a = 0, l = 0, s = 0;
    for (int i = 0; i < N_ATTR; i++)
        a += attr_results[i];
    for (int i = 0; i < N_LATE; i++)
        l += late_results[i];
    for (int i = 0; i < N_SELF; i++)
        s += self_results[i];
    printf("detached by attribute: sum %ld\n", a);
    printf("detached after creation: sum %ld\n", l);
    printf("detached themselves: sum %ld\n", s);
    bad |= a != 232 || l != 60 || s != 40;
    printf("thr_detach %s\n", bad ? "FAILED" : "done");
    return bad;
}
