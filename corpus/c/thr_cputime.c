/*
 * thr_cputime.c: per-thread CPU-time clocks. A thread spins until its own
 * CLOCK_THREAD_CPUTIME_ID reaches 30 ms (giving up after 5 s of wall time, so
 * a clock that does not advance shows), another sleeps 60 ms and reads its
 * clock; the main thread reads the spinner's clock through
 * pthread_getcpuclockid (the spinner stays until main has read it, so a
 * slow main cannot find it gone). Expected, whatever the load on the machine: the
 * spinner reached 30 ms, the sleeper used under 20 ms, the process used at
 * least the spinner's time, and the clocks never go backwards.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) {
        perror("clock_gettime");
        exit(1);
    }
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static atomic_int clock_read;

static void *spin(void *arg)
{
    double *used = arg, start = seconds(CLOCK_MONOTONIC), last = 0;
    while (last < 0.030 && seconds(CLOCK_MONOTONIC) - start < 5.0) {
        double now = seconds(CLOCK_THREAD_CPUTIME_ID);
        if (now < last) {
            printf("thread clock went backwards\n");
            exit(1);
        }
        last = now;
    }
    while (!atomic_load(&clock_read))
        sched_yield();
    *used = seconds(CLOCK_THREAD_CPUTIME_ID);
    return NULL;
}

static void *nap(void *arg)
{
    double *used = arg;
    struct timespec ts = {0, 60 * 1000 * 1000};
    nanosleep(&ts, NULL);
    *used = seconds(CLOCK_THREAD_CPUTIME_ID);
    return NULL;
}

int main(void)
{
    double spun = 0, napped = 0;
    pthread_t a, b;
    if (pthread_create(&a, NULL, spin, &spun) || pthread_create(&b, NULL, nap, &napped)) {
        printf("pthread_create failed\n");
        return 1;
    }
    clockid_t other;
    int r = pthread_getcpuclockid(a, &other);
    printf("pthread_getcpuclockid: %s\n", r == 0 ? "0" : strerror(r));
    struct timespec ts;
    int read_ok = r == 0 && clock_gettime(other, &ts) == 0;
    atomic_store(&clock_read, 1);
    printf("the spinner's clock read from main: %s\n", read_ok ? "ok" : "failed");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("spinning thread's clock reached 30 ms: %s\n", spun >= 0.030 ? "yes" : "no");
    printf("sleeping thread used under 20 ms of CPU: %s\n", napped < 0.020 ? "yes" : "no");
    printf("process used at least the spinner's CPU: %s\n",
           seconds(CLOCK_PROCESS_CPUTIME_ID) >= spun * 0.9 ? "yes" : "no");
    return 0;
}
