/* thr_barrier: pthread_barrier_wait over 200 rounds with 4 threads. In each
 * round every thread counts its arrival, waits, then checks that all 4 had
 * arrived; exactly one wait per round returns PTHREAD_BARRIER_SERIAL_THREAD
 * (counted per round), the others 0. A barrier of count 1 returns
 * PTHREAD_BARRIER_SERIAL_THREAD every time; count 0 is EINVAL.
 * Expects: "serial per round: 1 in all 200 rounds", no early passes,
 * exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 200

static pthread_barrier_t barrier;
static atomic_int arrived[ROUNDS], serial[ROUNDS];
static atomic_int early, other_results;
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void *worker(void *arg)
{
    (void)arg;
    for (int r = 0; r < ROUNDS; r++) {
        atomic_fetch_add(&arrived[r], 1);
        int rc = pthread_barrier_wait(&barrier);
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
            atomic_fetch_add(&serial[r], 1);
        else if (rc != 0)
            atomic_fetch_add(&other_results, 1);
        if (atomic_load(&arrived[r]) != THREADS)
            atomic_fetch_add(&early, 1);
    }
    return NULL;
}

static void rounds(void)
{
    pthread_t t[THREADS];
    CHECK(pthread_barrier_init(&barrier, NULL, THREADS));
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, NULL));
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_join(t[i], NULL));
    CHECK(pthread_barrier_destroy(&barrier));
    int exact = 0;
    for (int r = 0; r < ROUNDS; r++)
        exact += atomic_load(&serial[r]) == 1;
    printf("serial per round: 1 in %d of %d rounds\n", exact, ROUNDS);
    printf("passed before all arrived: %d, other results: %d\n", atomic_load(&early), atomic_load(&other_results));
    bad |= exact != ROUNDS || atomic_load(&early) || atomic_load(&other_results);
}

static void single(void)
{
    pthread_barrier_t b;
    int serials = 0;
    CHECK(pthread_barrier_init(&b, NULL, 1));
    for (int i = 0; i < 3; i++)
        serials += pthread_barrier_wait(&b) == PTHREAD_BARRIER_SERIAL_THREAD;
    CHECK(pthread_barrier_destroy(&b));
    printf("count 1: serial %d of 3\n", serials);
    bad |= serials != 3;
    int r = pthread_barrier_init(&b, NULL, 0);
    printf("count 0: %s\n", r == EINVAL ? "EINVAL" : "UNEXPECTED");
    bad |= r != EINVAL;
}

int main(void)
{
    rounds();
    single();
    printf("thr_barrier %s\n", bad ? "FAILED" : "done");
    return bad;
}
