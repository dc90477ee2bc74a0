/* thr_deadlock: a real deadlock. Two threads each lock one of two mutexes,
 * meet at a barrier (so both hold their first mutex), then lock the other:
 * neither can proceed. Main prints one line, flushes it, arms a 200 ms
 * ITIMER_REAL (SIGALRM, default disposition: terminate) and joins a
 * deadlocked thread. Nothing may wake the threads or main: the process must
 * die of SIGALRM. A 200 ms timer rather than alarm(1) keeps the test short;
 * it delivers the same process-directed SIGALRM.
 * Expects: prints "deadlocking", then dies of SIGALRM (shell status 142). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void *lock_in_order(void *arg)
{
    pthread_mutex_t **m = arg;
    CHECK(pthread_mutex_lock(m[0]));
    int r = pthread_barrier_wait(&both_hold);
    if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
        fail("pthread_barrier_wait", r);
    CHECK(pthread_mutex_lock(m[1])); /* never returns */
    printf("UNEXPECTED: got the second mutex\n");
    exit(1);
}

int main(void)
{
    static pthread_mutex_t *ab[2] = { &a, &b }, *ba[2] = { &b, &a };
    pthread_t t1, t2;
    struct itimerval in_200ms = { { 0, 0 }, { 0, 200000 } };
    CHECK(pthread_barrier_init(&both_hold, NULL, 2));
    CHECK(pthread_create(&t1, NULL, lock_in_order, ab));
    CHECK(pthread_create(&t2, NULL, lock_in_order, ba));
    printf("deadlocking\n");
    if (fflush(stdout) != 0)
        fail("fflush", errno);
    if (setitimer(ITIMER_REAL, &in_200ms, NULL) != 0)
        fail("setitimer", errno);
    CHECK(pthread_join(t1, NULL));
    printf("UNEXPECTED: joined a deadlocked thread\n");
    return 1;
}
