/*
 * thread_cost.c: what threads cost: thread create + join, futex, pipe and
 * unix socket ping-pong between two threads (both pinned to one CPU, or one on each of
 * two CPUs) and a contended pthread mutex (2 and 4 threads). Run natively and
 * as an image, side by side, by `azalea bench`, one case a process so a case
 * an image cannot run yet fails alone.
 *
 * Each case is timed with CLOCK_MONOTONIC around a batch of operations (the
 * threads move between CPUs, so wall time rather than one CPU's TSC) and its
 * figure is the median of the rounds' ns per operation. The ping-pongs keep
 * one partner thread for all rounds, so thread creation is outside them; the
 * mutex case creates its threads inside the timed span, which is well under
 * 1% of it at these counts. The pinned cases use the first (and second) CPU
 * of the process's affinity set.
 *
 * Usage: thread_cost [quick] [CASE...], CASE one of create_join futex_1core
 * futex_2core pipe_1core pipe_2core socket_1core socket_2core mutex_2 mutex_4
 * (all when none is given);
 * quick runs fewer operations and rounds.
 * Output: "affinity_cpus N", then "CASE_ns N" for each case, or
 * "CASE_ns skipped: REASON" when the machine cannot run it (one CPU, or the
 * affinity cannot be set).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "bench.h"

#define MAX_ROUNDS 11

static int rounds = MAX_ROUNDS;
static int quick;

/* The process's affinity set as it started, and its first two CPUs (-1: none). */
static cpu_set_t initial;
static int cpu[2] = {-1, -1};

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double median(double *r, int n)
{
    qsort(r, n, sizeof r[0], cmp_double);
    return r[n / 2];
}

/* Pins the calling thread to one CPU; 0, or the error number. */
static int pin(int c)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(c, &s);
    return pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

static void unpin(void)
{
    pthread_setaffinity_np(pthread_self(), sizeof initial, &initial);
}

/* ---- create + join ------------------------------------------------------- */

static void *nothing(void *arg)
{
    return arg;
}

static void create_join(void)
{
    int n = quick ? 200 : 1000;
    double r[MAX_ROUNDS];
    for (int k = 0; k < rounds; k++) {
        double t0 = now_ns();
        for (int i = 0; i < n; i++) {
            pthread_t t;
            if (pthread_create(&t, 0, nothing, 0) || pthread_join(t, 0)) {
                fprintf(stderr, "thread_cost: pthread_create/join failed\n");
                exit(1);
            }
        }
        r[k] = (now_ns() - t0) / n;
    }
    printf("create_join_ns %.1f\n", median(r, rounds));
}

/* ---- ping-pong ------------------------------------------------------------- */

/* What carries a ping-pong's messages; a socketpair's two ends stand for
   each direction's pipe (either end reads what the other writes). */
enum transport { FUTEX, PIPE, SOCKET };

/* A ping-pong: main sends, the partner answers, trips round trips a round. */
struct pingpong {
    int partner_cpu;
    long trips;
    atomic_int to_partner, to_main; /* futex words: 1 when a message waits */
    int pipe_to_partner[2], pipe_to_main[2];
    int pin_failed;
};

static long futex(atomic_int *word, int op, int val)
{
    return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

static void futex_post(atomic_int *w)
{
    atomic_store(w, 1);
    futex(w, FUTEX_WAKE_PRIVATE, 1);
}

static void futex_take(atomic_int *w)
{
    while (!atomic_exchange(w, 0))
        if (futex(w, FUTEX_WAIT_PRIVATE, 0) < 0 && errno != EAGAIN && errno != EINTR) {
            perror("thread_cost: futex wait");
            exit(1);
        }
}

static void pipe_post(int fd)
{
    if (write(fd, "x", 1) != 1) {
        perror("thread_cost: pipe write");
        exit(1);
    }
}

static void pipe_take(int fd)
{
    char c;
    if (read(fd, &c, 1) != 1) {
        perror("thread_cost: pipe read");
        exit(1);
    }
}

static void *futex_partner(void *arg)
{
    struct pingpong *p = arg;
    if (pin(p->partner_cpu))
        p->pin_failed = 1; /* main sees it after the join; the trips still run so main does not hang */
    for (long i = 0; i < p->trips; i++) {
        futex_take(&p->to_partner);
        futex_post(&p->to_main);
    }
    return 0;
}

static void *pipe_partner(void *arg)
{
    struct pingpong *p = arg;
    if (pin(p->partner_cpu))
        p->pin_failed = 1;
    for (long i = 0; i < p->trips; i++) {
        pipe_take(p->pipe_to_partner[0]);
        pipe_post(p->pipe_to_main[1]);
    }
    return 0;
}

/* name_ns: ns per round trip, main on main_cpu and the partner on partner_cpu. */
static void pingpong(const char *name, enum transport transport, int two_cores)
{
    if (cpu[0] < 0) {
        printf("%s_ns skipped: the CPU affinity cannot be read\n", name);
        return;
    }
    if (two_cores && cpu[1] < 0) {
        printf("%s_ns skipped: only one CPU in the affinity set\n", name);
        return;
    }
    /* A wake-up on another CPU costs about ten times a switch on one (an idle CPU wakes first). */
    int n = two_cores ? (quick ? 200 : 1000) : (quick ? 1000 : 5000);
    struct pingpong p = {.partner_cpu = cpu[two_cores], .trips = (long)n * rounds};
    int err = pin(cpu[0]);
    if (err) {
        printf("%s_ns skipped: cannot set the CPU affinity (%s)\n", name, strerror(err));
        return;
    }
    int use_pipe = transport != FUTEX;
    if (transport == PIPE && (pipe(p.pipe_to_partner) || pipe(p.pipe_to_main))) {
        perror("thread_cost: pipe");
        exit(1);
    }
    if (transport == SOCKET && (socketpair(AF_UNIX, SOCK_STREAM, 0, p.pipe_to_partner) ||
                                socketpair(AF_UNIX, SOCK_STREAM, 0, p.pipe_to_main))) {
        perror("thread_cost: socketpair");
        exit(1);
    }
    pthread_t t;
    if (pthread_create(&t, 0, use_pipe ? pipe_partner : futex_partner, &p)) {
        fprintf(stderr, "thread_cost: pthread_create failed\n");
        exit(1);
    }
    double r[MAX_ROUNDS];
    for (int k = 0; k < rounds; k++) {
        double t0 = now_ns();
        for (int i = 0; i < n; i++) {
            if (use_pipe) {
                pipe_post(p.pipe_to_partner[1]);
                pipe_take(p.pipe_to_main[0]);
            } else {
                futex_post(&p.to_partner);
                futex_take(&p.to_main);
            }
        }
        r[k] = (now_ns() - t0) / n;
    }
    pthread_join(t, 0);
    unpin();
    if (use_pipe)
        for (int i = 0; i < 2; i++) {
            close(p.pipe_to_partner[i]);
            close(p.pipe_to_main[i]);
        }
    if (p.pin_failed)
        printf("%s_ns skipped: cannot set the partner thread's CPU affinity\n", name);
    else
        printf("%s_ns %.1f\n", name, median(r, rounds));
}

/* ---- contended mutex ------------------------------------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *increment(void *arg)
{
    long n = (long)arg;
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return 0;
}

/* mutex_T_ns: ns per increment of total increments shared by T threads. */
static void mutex(int threads)
{
    long total = quick ? 400000 : 2000000;
    double r[MAX_ROUNDS];
    pthread_t t[4];
    for (int k = 0; k < rounds; k++) {
        counter = 0;
        double t0 = now_ns();
        for (int i = 0; i < threads; i++)
            if (pthread_create(&t[i], 0, increment, (void *)(total / threads))) {
                fprintf(stderr, "thread_cost: pthread_create failed\n");
                exit(1);
            }
        for (int i = 0; i < threads; i++)
            pthread_join(t[i], 0);
        r[k] = (now_ns() - t0) / total;
        if (counter != total / threads * threads) {
            fprintf(stderr, "thread_cost: mutex lost increments (%ld of %ld)\n", counter, total);
            exit(1);
        }
    }
    printf("mutex_%d_ns %.2f\n", threads, median(r, rounds));
}

/* ---- main ------------------------------------------------------------------ */

static void run(const char *c)
{
    if (!strcmp(c, "create_join"))
        create_join();
    else if (!strcmp(c, "futex_1core"))
        pingpong(c, FUTEX, 0);
    else if (!strcmp(c, "futex_2core"))
        pingpong(c, FUTEX, 1);
    else if (!strcmp(c, "pipe_1core"))
        pingpong(c, PIPE, 0);
    else if (!strcmp(c, "pipe_2core"))
        pingpong(c, PIPE, 1);
    else if (!strcmp(c, "socket_1core"))
        pingpong(c, SOCKET, 0);
    else if (!strcmp(c, "socket_2core"))
        pingpong(c, SOCKET, 1);
    else if (!strcmp(c, "mutex_2"))
        mutex(2);
    else if (!strcmp(c, "mutex_4"))
        mutex(4);
    else {
        fprintf(stderr, "thread_cost: no case %s\n", c);
        exit(2);
    }
    fflush(stdout);
}

int main(int argc, char **argv)
{
    static const char *all[] = {"create_join", "futex_1core",  "futex_2core",  "pipe_1core", "pipe_2core",
                                "socket_1core", "socket_2core", "mutex_2",     "mutex_4"};
    int first = 1;
    if (argc > 1 && !strcmp(argv[1], "quick")) {
        quick = 1;
        rounds = 5;
        first = 2;
    }
    if (!sched_getaffinity(0, sizeof initial, &initial)) {
        for (int c = 0, n = 0; c < CPU_SETSIZE && n < 2; c++)
            if (CPU_ISSET(c, &initial))
                cpu[n++] = c;
        printf("affinity_cpus %d\n", CPU_COUNT(&initial));
    }
    if (first == argc)
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            run(all[i]);
    for (int i = first; i < argc; i++)
        run(argv[i]);
    return 0;
}
