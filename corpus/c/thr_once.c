/* thr_once: pthread_once. 8 threads released together by a barrier race to
 * call pthread_once on the same control; the init routine (which sleeps 20 ms
 * to widen the race) runs exactly once and every caller returns only after it
 * finished, so each sees the initialised value. A second once control is
 * initialised by main alone. Also checks pthread_self/pthread_equal.
 * Expects: "init ran 1 time", "8 of 8 saw the value", exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREADS 8

static pthread_once_t once = PTHREAD_ONCE_INIT, once2 = PTHREAD_ONCE_INIT;
static pthread_barrier_t barrier;
static atomic_int init_runs, init2_runs;
static int value;
static pthread_t self_seen[THREADS];

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void init(void)
{
    struct timespec t = { 0, 20000000 };
    atomic_fetch_add(&init_runs, 1);
    while (nanosleep(&t, &t) != 0)
        if (errno != EINTR)
            fail("nanosleep", errno);
    value = 42;
}

static void init2(void)
{
    atomic_fetch_add(&init2_runs, 1);
}

static void *caller(void *arg)
{
    int i = (int)(intptr_t)arg;
    self_seen[i] = pthread_self();
    int b = pthread_barrier_wait(&barrier);
    if (b != 0 && b != PTHREAD_BARRIER_SERIAL_THREAD)
        fail("pthread_barrier_wait", b);
    CHECK(pthread_once(&once, init));
    return (void *)(intptr_t)(value == 42);
}

int main(void)
{
    pthread_t t[THREADS];
    int saw = 0, same = 0, bad;
    CHECK(pthread_barrier_init(&barrier, NULL, THREADS));
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, caller, (void *)(intptr_t)i));
    for (int i = 0; i < THREADS; i++) {
        void *r;
        CHECK(pthread_join(t[i], &r));
        saw += r != NULL;
        same += pthread_equal(t[i], self_seen[i]) != 0;
    }
    CHECK(pthread_once(&once, init));
    CHECK(pthread_once(&once2, init2));
    CHECK(pthread_once(&once2, init2));
    int main_differs = !pthread_equal(pthread_self(), t[0]);
    printf("init ran %d time(s), %d of %d saw the value\n", atomic_load(&init_runs), saw, THREADS);
    printf("second control: init ran %d time(s)\n", atomic_load(&init2_runs));
    printf("pthread_self matches pthread_create's id: %d of %d, main differs: %s\n", same, THREADS,
           main_differs ? "yes" : "no");
    bad = atomic_load(&init_runs) != 1 || saw != THREADS || atomic_load(&init2_runs) != 1 || same != THREADS ||
          !main_differs;
    CHECK(pthread_barrier_destroy(&barrier));
    printf("thr_once %s\n", bad ? "FAILED" : "done");
    return bad;
}
