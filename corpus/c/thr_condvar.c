/* thr_condvar: condition variables. A bounded queue (4 slots) fed by 2
 * producers (1000 items each) and drained by 2 consumers, using two condvars
 * (not full / not empty); a broadcast that releases 3 waiters at once (main
 * waits until all 3 are waiting); pthread_cond_timedwait that times out with
 * ETIMEDOUT on a CLOCK_MONOTONIC condvar and a default (CLOCK_REALTIME) one,
 * after at least the requested 30 ms, and at once for a deadline in the past.
 * Expects: 2000 items summing to 2001000, "woken 3", every timeout
 * ETIMEDOUT, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 4
#define PER_PRODUCER 1000
#define WAITERS 3

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long queue[SLOTS];
static int head, count;
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void put(long v)
{
    CHECK(pthread_mutex_lock(&mu));
    while (count == SLOTS)
        CHECK(pthread_cond_wait(&not_full, &mu));
    queue[(head + count) % SLOTS] = v;
    count++;
    CHECK(pthread_cond_signal(&not_empty));
    CHECK(pthread_mutex_unlock(&mu));
}

static long take(void)
{
    CHECK(pthread_mutex_lock(&mu));
    while (count == 0)
        CHECK(pthread_cond_wait(&not_empty, &mu));
    long v = queue[head];
    head = (head + 1) % SLOTS;
    count--;
    CHECK(pthread_cond_signal(&not_full));
    CHECK(pthread_mutex_unlock(&mu));
    return v;
}

static void *producer(void *arg)
{
    long base = (long)arg;
    for (long i = 1; i <= PER_PRODUCER; i++)
        put(base + i);
    return NULL;
}

struct tally { long items, sum; };

static void *consumer(void *arg)
{
    struct tally *t = arg;
    for (long v; (v = take()) != -1;) {
        t->items++;
        t->sum += v;
    }
    return NULL;
}

static void producer_consumer(void)
{
    pthread_t p[2], c[2];
    struct tally t[2] = { { 0, 0 }, { 0, 0 } };
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&c[i], NULL, consumer, &t[i]));
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&p[i], NULL, producer, (void *)(long)(i * PER_PRODUCER)));
    for (int i = 0; i < 2; i++)
        CHECK(pthread_join(p[i], NULL));
    put(-1);
    put(-1);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_join(c[i], NULL));
    long items = t[0].items + t[1].items, sum = t[0].sum + t[1].sum;
    printf("queue: %ld items, sum %ld\n", items, sum);
    bad |= items != 2 * PER_PRODUCER || sum != 2001000;
}

static pthread_cond_t go_cond = PTHREAD_COND_INITIALIZER, ready_cond = PTHREAD_COND_INITIALIZER;
static int go, waiting, woken;

static void *broadcast_waiter(void *arg)
{
    (void)arg;
    CHECK(pthread_mutex_lock(&mu));
    waiting++;
    CHECK(pthread_cond_signal(&ready_cond));
    while (!go)
        CHECK(pthread_cond_wait(&go_cond, &mu));
    woken++;
    CHECK(pthread_mutex_unlock(&mu));
    return NULL;
}

static void broadcast(void)
{
    pthread_t t[WAITERS];
    for (int i = 0; i < WAITERS; i++)
        CHECK(pthread_create(&t[i], NULL, broadcast_waiter, NULL));
    CHECK(pthread_mutex_lock(&mu));
    while (waiting < WAITERS)
        CHECK(pthread_cond_wait(&ready_cond, &mu));
    go = 1; /* every waiter is now inside pthread_cond_wait or past it */
    CHECK(pthread_cond_broadcast(&go_cond));
    CHECK(pthread_mutex_unlock(&mu));
    for (int i = 0; i < WAITERS; i++)
        CHECK(pthread_join(t[i], NULL));
    printf("broadcast: woken %d\n", woken);
    bad |= woken != WAITERS;
}

static long long ms_between(struct timespec a, struct timespec b)
{
    return (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
}

static void timed(const char *name, clockid_t clock, long delay_ms)
{
    pthread_cond_t c;
    pthread_condattr_t a;
    struct timespec start, deadline, end;
    CHECK(pthread_condattr_init(&a));
    CHECK(pthread_condattr_setclock(&a, clock));
    CHECK(pthread_cond_init(&c, &a));
    CHECK(pthread_condattr_destroy(&a));
    CHECK(clock_gettime(clock, &start));
    deadline = start;
    if (delay_ms < 0) {
        deadline.tv_sec -= 1;
    } else {
        deadline.tv_nsec += delay_ms * 1000000;
        deadline.tv_sec += deadline.tv_nsec / 1000000000;
        deadline.tv_nsec %= 1000000000;
    }
    CHECK(pthread_mutex_lock(&mu));
    int r = pthread_cond_timedwait(&c, &mu, &deadline);
    CHECK(pthread_mutex_unlock(&mu));
    CHECK(clock_gettime(clock, &end));
    long long took = ms_between(start, end);
    int long_enough = delay_ms < 0 || took >= delay_ms;
    printf("timedwait %s: %s, waited long enough: %s\n", name,
           r == ETIMEDOUT ? "ETIMEDOUT" : "UNEXPECTED", long_enough ? "yes" : "no");
    bad |= r != ETIMEDOUT || !long_enough;
    CHECK(pthread_cond_destroy(&c));
}

int main(void)
{
    producer_consumer();
    broadcast();
    timed("CLOCK_MONOTONIC 30 ms", CLOCK_MONOTONIC, 30);
    timed("CLOCK_REALTIME 30 ms", CLOCK_REALTIME, 30);
    timed("CLOCK_MONOTONIC in the past", CLOCK_MONOTONIC, -1);
    timed("CLOCK_REALTIME in the past", CLOCK_REALTIME, -1);
    printf("thr_condvar %s\n", bad ? "FAILED" : "done");
    return bad;
}
