/* thr_sem: POSIX unnamed semaphores. sem_trywait on 0 fails EAGAIN;
 * sem_timedwait on 0 fails ETIMEDOUT after at least 30 ms and EINVAL for
 * tv_nsec >= 1e9; three posts give value 3; 4 threads each sem_wait 250
 * times while main posts 1000 times (value 0 after); two threads hand a
 * token back and forth 1000 times through two semaphores, appending to a
 * sequence whose checksum proves strict alternation.
 * Expects: results as named, checksum identical every run, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAKERS 4
#define TAKES 250
#define HANDOFFS 1000

static int bad;

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case EAGAIN: return "EAGAIN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINVAL: return "EINVAL";
    case EINTR: return "EINTR";
    default: return "other";
    }
}

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)
#define CHECKSYS(call) do { if ((call) != 0) fail(#call, errno); } while (0)

/* The errno of a -1 result, 0 for success. */
static int result(int r)
{
    return r == 0 ? 0 : errno;
}

static void expect(const char *what, int got, int want)
{
    printf("%s: %s%s\n", what, ename(got), got == want ? "" : " UNEXPECTED");
    bad |= got != want;
}

static struct timespec in_ms(long ms)
{
    struct timespec t;
    CHECKSYS(clock_gettime(CLOCK_REALTIME, &t));
    t.tv_nsec += ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

static void errors(void)
{
    sem_t s;
    int v;
    struct timespec start, end, deadline;
    CHECKSYS(sem_init(&s, 0, 0));
    expect("trywait on 0", result(sem_trywait(&s)), EAGAIN);
    CHECKSYS(clock_gettime(CLOCK_MONOTONIC, &start));
    deadline = in_ms(30);
    expect("timedwait 30 ms on 0", result(sem_timedwait(&s, &deadline)), ETIMEDOUT);
    CHECKSYS(clock_gettime(CLOCK_MONOTONIC, &end));
    long long ms = (end.tv_sec - start.tv_sec) * 1000LL + (end.tv_nsec - start.tv_nsec) / 1000000;
    printf("timedwait waited at least 29 ms: %s\n", ms >= 29 ? "yes" : "no");
    bad |= ms < 29;
    deadline.tv_nsec = 1000000000;
    expect("timedwait with tv_nsec 1e9", result(sem_timedwait(&s, &deadline)), EINVAL);
    for (int i = 0; i < 3; i++)
        CHECKSYS(sem_post(&s));
    CHECKSYS(sem_getvalue(&s, &v));
    printf("value after 3 posts: %d\n", v);
    bad |= v != 3;
    deadline = in_ms(30);
    expect("timedwait on 3", result(sem_timedwait(&s, &deadline)), 0);
    expect("trywait on 2", result(sem_trywait(&s)), 0);
    expect("trywait on 1", result(sem_trywait(&s)), 0);
    expect("trywait on 0 again", result(sem_trywait(&s)), EAGAIN);
    CHECKSYS(sem_destroy(&s));
}

static sem_t items;

static void *taker(void *arg)
{
    (void)arg;
    for (int i = 0; i < TAKES; i++)
        while (sem_wait(&items) != 0)
            if (errno != EINTR)
                fail("sem_wait", errno);
    return NULL;
}

static void many_waiters(void)
{
    pthread_t t[TAKERS];
    int v;
    CHECKSYS(sem_init(&items, 0, 0));
    for (int i = 0; i < TAKERS; i++)
        CHECK(pthread_create(&t[i], NULL, taker, NULL));
    for (int i = 0; i < TAKERS * TAKES; i++)
        CHECKSYS(sem_post(&items));
    for (int i = 0; i < TAKERS; i++)
        CHECK(pthread_join(t[i], NULL));
    CHECKSYS(sem_getvalue(&items, &v));
    printf("%d posts taken by %d threads, value left %d\n", TAKERS * TAKES, TAKERS, v);
    bad |= v != 0;
    CHECKSYS(sem_destroy(&items));
}

static sem_t ping, pong;
static unsigned long sequence;

static void *ponger(void *arg)
{
    (void)arg;
    for (int i = 0; i < HANDOFFS; i++) {
        CHECKSYS(sem_wait(&ping));
        sequence = sequence * 31 + 2;
        CHECKSYS(sem_post(&pong));
    }
    return NULL;
}

static void handoff(void)
{
    pthread_t t;
    CHECKSYS(sem_init(&ping, 0, 0));
    CHECKSYS(sem_init(&pong, 0, 0));
    CHECK(pthread_create(&t, NULL, ponger, NULL));
    for (int i = 0; i < HANDOFFS; i++) {
        sequence = sequence * 31 + 1;
        CHECKSYS(sem_post(&ping));
        CHECKSYS(sem_wait(&pong));
    }
    CHECK(pthread_join(t, NULL));
    unsigned long want = 0;
    for (int i = 0; i < HANDOFFS; i++)
        want = (want * 31 + 1) * 31 + 2;
    printf("handoff %d rounds, sequence %016lx, alternated: %s\n", HANDOFFS, sequence, sequence == want ? "yes" : "no");
    bad |= sequence != want;
}

int main(void)
{
    errors();
    many_waiters();
    handoff();
    printf("thr_sem %s\n", bad ? "FAILED" : "done");
    return bad;
}
