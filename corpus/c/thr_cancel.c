/* thr_cancel: deferred cancellation. A thread spinning without cancellation
 * points keeps running after pthread_cancel and dies only at
 * pthread_testcancel; threads blocked in pthread_cond_wait, sleep(),
 * nanosleep() and read() on an empty pipe are cancelled there; with
 * cancellation disabled a request stays pending until re-enabled. Every
 * victim pushes a cleanup handler, which runs (the pthread_cond_wait one
 * unlocks the re-acquired mutex); pthread_cleanup_pop(0) does not run its
 * handler, pop(1) does. Every join returns PTHREAD_CANCELED. Whether the
 * request arrives before or during the blocking call, the outcome is the same.
 * Expects: one line per case "canceled, cleanup ran", exits 0. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int started, cancel_sent, cleanups, worked_after_cancel;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static int pipefd[2];
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void count_cleanup(void *arg)
{
    (void)arg;
    atomic_fetch_add(&cleanups, 1);
}

static void unlock_cleanup(void *arg)
{
    CHECK(pthread_mutex_unlock(arg));
    atomic_fetch_add(&cleanups, 1);
}

static void *at_testcancel(void *arg)
{
    (void)arg;
    pthread_cleanup_push(count_cleanup, NULL);
    atomic_store(&started, 1);
    while (!atomic_load(&cancel_sent))
        sched_yield(); /* not a cancellation point: the request must wait */
    atomic_store(&worked_after_cancel, 1);
    for (;;)
        pthread_testcancel();
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_cond_wait(void *arg)
{
    (void)arg;
    CHECK(pthread_mutex_lock(&mu));
    pthread_cleanup_push(unlock_cleanup, &mu);
    atomic_store(&started, 1);
    for (;;)
        CHECK(pthread_cond_wait(&never, &mu));
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_sleep(void *arg)
{
    (void)arg;
    pthread_cleanup_push(count_cleanup, NULL);
    atomic_store(&started, 1);
    for (;;)
        sleep(100);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_nanosleep(void *arg)
{
    struct timespec t = { 100, 0 };
    (void)arg;
    pthread_cleanup_push(count_cleanup, NULL);
    atomic_store(&started, 1);
    for (;;)
        nanosleep(&t, NULL);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *in_read(void *arg)
{
    char c;
    (void)arg;
    pthread_cleanup_push(count_cleanup, NULL);
    atomic_store(&started, 1);
    for (;;)
        if (read(pipefd[0], &c, 1) != -1 || errno != EINTR)
            fail("read returned", errno);
    pthread_cleanup_pop(0);
    return NULL;
}

static void *disabled_then_enabled(void *arg)
{
    int old;
    (void)arg;
    CHECK(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old));
    pthread_cleanup_push(count_cleanup, NULL);
    atomic_store(&started, 1);
    while (!atomic_load(&cancel_sent))
        sched_yield();
    struct timespec t = { 0, 5000000 };
    nanosleep(&t, NULL); /* a cancellation point, but cancellation is disabled */
    pthread_testcancel();
    atomic_store(&worked_after_cancel, 1);
    CHECK(pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old));
    pthread_testcancel();
    pthread_cleanup_pop(0);
    return NULL;
}

static void run_case(const char *name, void *(*victim)(void *), int expect_worked)
{
    pthread_t t;
    void *ret;
    atomic_store(&started, 0);
    atomic_store(&cancel_sent, 0);
    atomic_store(&cleanups, 0);
    atomic_store(&worked_after_cancel, 0);
    CHECK(pthread_create(&t, NULL, victim, NULL));
    while (!atomic_load(&started))
        sched_yield();
    if (victim == in_cond_wait) { /* the victim holds mu until it waits */
        CHECK(pthread_mutex_lock(&mu));
        CHECK(pthread_mutex_unlock(&mu));
    }
    CHECK(pthread_cancel(t));
    atomic_store(&cancel_sent, 1);
    CHECK(pthread_join(t, &ret));
    int ok = ret == PTHREAD_CANCELED && atomic_load(&cleanups) == 1 &&
             atomic_load(&worked_after_cancel) == expect_worked;
    printf("%s: %s, cleanup ran %d, ran on after the request %s\n", name,
           ret == PTHREAD_CANCELED ? "canceled" : "NOT CANCELED", atomic_load(&cleanups),
           atomic_load(&worked_after_cancel) ? "yes" : "no");
    bad |= !ok;
}

static void *pops(void *arg)
{
    (void)arg;
    pthread_cleanup_push(count_cleanup, NULL);
    pthread_cleanup_push(count_cleanup, NULL);
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(1);
    return (void *)42;
}

static void cleanup_pop(void)
{
    pthread_t t;
    void *ret;
    atomic_store(&cleanups, 0);
    CHECK(pthread_create(&t, NULL, pops, NULL));
    CHECK(pthread_join(t, &ret));
    printf("pop(0) then pop(1): cleanup ran %d, returned %ld\n", atomic_load(&cleanups), (long)ret);
    bad |= atomic_load(&cleanups) != 1 || ret != (void *)42;
}

int main(void)
{
    if (pipe(pipefd) != 0)
        fail("pipe", errno);
    run_case("spinning, then pthread_testcancel", at_testcancel, 1);
    run_case("pthread_cond_wait", in_cond_wait, 0);
    CHECK(pthread_mutex_trylock(&mu)); /* the cleanup handler released it */
    CHECK(pthread_mutex_unlock(&mu));
    run_case("sleep", in_sleep, 0);
    run_case("nanosleep", in_nanosleep, 0);
    run_case("read on an empty pipe", in_read, 0);
    run_case("disabled, then enabled", disabled_then_enabled, 1);
    cleanup_pop();
    printf("thr_cancel %s\n", bad ? "FAILED" : "done");
    return bad;
}
