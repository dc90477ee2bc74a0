/* thr_exit: pthread_exit from main while other threads still run. Main
 * starts two workers and calls pthread_exit with a value; worker A waits a
 * little and finishes; worker B (the last thread) joins main, getting main's
 * pthread_exit value, and joins A, prints both and returns. When the last
 * thread ends the process exits with status 0, flushing stdio.
 * Expects: the lines of main and both workers in that order, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_t main_thread, worker_a;
static pthread_barrier_t started;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void wait_started(void)
{
    int r = pthread_barrier_wait(&started);
    if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
        fail("pthread_barrier_wait", r);
}

static void *a_body(void *arg)
{
    struct timespec t = { 0, 30000000 };
    (void)arg;
    wait_started();
    while (nanosleep(&t, &t) != 0)
        if (errno != EINTR)
            fail("nanosleep", errno);
    return (void *)(intptr_t)11;
}

static void *b_body(void *arg)
{
    void *from_main, *from_a;
    (void)arg;
    wait_started();
    CHECK(pthread_join(main_thread, &from_main));
    CHECK(pthread_join(worker_a, &from_a));
    printf("worker B: main's pthread_exit value %ld, worker A returned %ld\n", (long)(intptr_t)from_main,
           (long)(intptr_t)from_a);
    printf("worker B: last thread returning\n");
    return NULL;
}

int main(void)
{
    pthread_t b;
    main_thread = pthread_self();
    CHECK(pthread_barrier_init(&started, NULL, 3));
    CHECK(pthread_create(&worker_a, NULL, a_body, NULL));
    CHECK(pthread_create(&b, NULL, b_body, NULL));
    printf("main: calling pthread_exit\n");
    if (fflush(stdout) != 0)
        fail("fflush", errno);
    wait_started();
    pthread_exit((void *)(intptr_t)7);
}
