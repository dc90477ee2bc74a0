/* thr_signal: signals and threads. Each thread knows its id through a
 * __thread variable, which the handlers record. pthread_kill(SIGUSR1) to each
 * of 3 workers in turn is handled by that worker; pthread_kill(t, 0) is 0.
 * With SIGUSR2 blocked everywhere except in worker 2, kill(getpid(), SIGUSR2)
 * is handled by worker 2, three times over. A thread in sigwait({SIGTERM})
 * takes a process-directed SIGTERM that every thread blocks; sigtimedwait
 * times out with EAGAIN after 30 ms and then returns a SIGHUP sent to the
 * thread with pthread_kill. A read() on an empty pipe in a thread,
 * interrupted by a handler installed without SA_RESTART, fails EINTR; with
 * SA_RESTART the read resumes and returns the byte written after the signal.
 * Expects: the handling thread named in every line, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 3

static __thread int my_id; /* 0 in main, 1.. in the threads */
static atomic_int handled_by = -1, ready, stop;
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)
#define CHECKSYS(call) do { if ((call) != 0) fail(#call, errno); } while (0)

static void record(int sig)
{
    (void)sig;
    atomic_store(&handled_by, my_id);
}

static void msleep(long ms)
{
    struct timespec t = { ms / 1000, ms % 1000 * 1000000 };
    while (nanosleep(&t, &t) != 0)
        if (errno != EINTR)
            fail("nanosleep", errno);
}

/* Waits (at most 5 s) for a handler to run and returns the thread that ran it. */
static int wait_handled(void)
{
    for (int i = 0; i < 5000 && atomic_load(&handled_by) < 0; i++)
        msleep(1);
    return atomic_exchange(&handled_by, -1);
}

static void handle(int sig, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record;
    sa.sa_flags = flags;
    CHECKSYS(sigemptyset(&sa.sa_mask));
    CHECKSYS(sigaction(sig, &sa, NULL));
}

static void mask(int how, int sig)
{
    sigset_t s;
    CHECKSYS(sigemptyset(&s));
    CHECKSYS(sigaddset(&s, sig));
    CHECK(pthread_sigmask(how, &s, NULL));
}

static void *worker(void *arg)
{
    sigset_t now;
    my_id = (int)(intptr_t)arg;
    CHECK(pthread_sigmask(SIG_SETMASK, NULL, &now));
    if (sigismember(&now, SIGUSR2) != 1)
        fail("SIGUSR2 not inherited as blocked", 0);
    if (my_id == 2)
        mask(SIG_UNBLOCK, SIGUSR2);
    atomic_fetch_add(&ready, 1);
    while (!atomic_load(&stop))
        msleep(1);
    return NULL;
}

static void directed(pthread_t *w)
{
    for (int i = 0; i < WORKERS; i++) {
        CHECK(pthread_kill(w[i], SIGUSR1));
        int by = wait_handled();
        printf("pthread_kill(worker %d, SIGUSR1): handled by worker %d\n", i + 1, by);
        bad |= by != i + 1;
    }
    int r = pthread_kill(w[0], 0);
    printf("pthread_kill(worker 1, 0): %s\n", r == 0 ? "0" : "UNEXPECTED");
    bad |= r != 0;
    for (int i = 0; i < 3; i++) {
        CHECKSYS(kill(getpid(), SIGUSR2));
        int by = wait_handled();
        printf("kill(getpid(), SIGUSR2) with only worker 2 unblocked: handled by worker %d\n", by);
        bad |= by != 2;
    }
}

static void *sigwaiter(void *arg)
{
    sigset_t s;
    int sig = 0;
    (void)arg;
    CHECKSYS(sigemptyset(&s));
    CHECKSYS(sigaddset(&s, SIGTERM));
    CHECK(sigwait(&s, &sig));
    return (void *)(intptr_t)sig;
}

static void *timedwaiter(void *arg)
{
    sigset_t s;
    struct timespec t = { 0, 30000000 }, forever = { 5, 0 };
    int *results = arg;
    CHECKSYS(sigemptyset(&s));
    CHECKSYS(sigaddset(&s, SIGHUP));
    results[0] = sigtimedwait(&s, NULL, &t) == -1 ? errno : 0;
    atomic_store(&ready, 1);
    results[1] = sigtimedwait(&s, NULL, &forever);
    return NULL;
}

static void waiting(void)
{
    pthread_t t;
    void *sig;
    int results[2];
    CHECK(pthread_create(&t, NULL, sigwaiter, NULL));
    CHECKSYS(kill(getpid(), SIGTERM));
    CHECK(pthread_join(t, &sig));
    printf("sigwait in a thread: %s\n", (intptr_t)sig == SIGTERM ? "SIGTERM" : "UNEXPECTED");
    bad |= (intptr_t)sig != SIGTERM;
    atomic_store(&ready, 0);
    CHECK(pthread_create(&t, NULL, timedwaiter, results));
    while (!atomic_load(&ready))
        msleep(1);
    CHECK(pthread_kill(t, SIGHUP));
    CHECK(pthread_join(t, NULL));
    printf("sigtimedwait 30 ms: %s\n", results[0] == EAGAIN ? "EAGAIN" : "UNEXPECTED");
    printf("sigtimedwait after pthread_kill: %s\n", results[1] == SIGHUP ? "SIGHUP" : "UNEXPECTED");
    bad |= results[0] != EAGAIN || results[1] != SIGHUP;
}

static int pipefd[2];
static atomic_int reading;

static void *reader(void *arg)
{
    static char got[2][32];
    char c;
    my_id = (int)(intptr_t)arg;
    atomic_store(&reading, 1);
    ssize_t n = read(pipefd[0], &c, 1);
    char *out = got[my_id - 4];
    if (n == 1) {
        snprintf(out, 32, "1 byte '%c'", c);
    } else if (n == -1 && errno == EINTR && read(pipefd[0], &c, 1) == 1) {
        snprintf(out, 32, "EINTR, then '%c'", c);
    } else {
        snprintf(out, 32, "UNEXPECTED");
    }
    return out;
}

/* Interrupts a reader blocked on an empty pipe, then writes one byte. */
static void interrupted_read(int id, int sig, char byte)
{
    pthread_t t;
    char *result;
    atomic_store(&reading, 0);
    CHECK(pthread_create(&t, NULL, reader, (void *)(intptr_t)id));
    while (!atomic_load(&reading))
        msleep(1);
    msleep(50); /* let it block in read() */
    CHECK(pthread_kill(t, sig));
    int by = wait_handled();
    msleep(20);
    if (write(pipefd[1], &byte, 1) != 1)
        fail("write", errno);
    CHECK(pthread_join(t, (void **)&result));
    printf("read interrupted by %s: handled by thread %d, read gave %s\n",
           sig == SIGUSR1 ? "a handler without SA_RESTART" : "an SA_RESTART handler", by, result);
    bad |= by != id || strcmp(result, sig == SIGUSR1 ? "EINTR, then 'x'" : "1 byte 'y'") != 0;
}

int main(void)
{
    pthread_t w[WORKERS];
    handle(SIGUSR1, 0);
    handle(SIGUSR2, SA_RESTART);
    mask(SIG_BLOCK, SIGUSR2);
    mask(SIG_BLOCK, SIGTERM);
    mask(SIG_BLOCK, SIGHUP);
    for (int i = 0; i < WORKERS; i++)
        CHECK(pthread_create(&w[i], NULL, worker, (void *)(intptr_t)(i + 1)));
    while (atomic_load(&ready) < WORKERS)
        msleep(1);
    directed(w);
    atomic_store(&stop, 1);
    for (int i = 0; i < WORKERS; i++)
        CHECK(pthread_join(w[i], NULL));
    waiting();
    CHECKSYS(pipe(pipefd));
    mask(SIG_UNBLOCK, SIGUSR2);
    interrupted_read(4, SIGUSR1, 'x');
    interrupted_read(5, SIGUSR2, 'y');
    printf("thr_signal %s\n", bad ? "FAILED" : "done");
    return bad;
}
