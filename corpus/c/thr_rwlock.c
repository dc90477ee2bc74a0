/* thr_rwlock: reader/writer locks. 4 readers check, under the read lock,
 * that an 8-element array is consistent (all elements equal) while 2 writers
 * each advance every element 2000 times under the write lock; a second thread
 * probes the lock while main holds it: with a read lock held tryrdlock gives
 * 0 and trywrlock EBUSY, with the write lock held both give EBUSY and
 * timedwrlock/timedrdlock give ETIMEDOUT after 20 ms; with the lock free
 * trywrlock gives 0.
 * Expects: 0 inconsistent reads, final value 4000, results as named, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define READERS 4
#define WRITERS 2
#define ROUNDS 2000
#define ELEMS 8

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long data[ELEMS];
static long inconsistent;
static int bad;

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case EBUSY: return "EBUSY";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EDEADLK: return "EDEADLK";
    default: return "other";
    }
}

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void expect(const char *what, int got, int want)
{
    printf("%s: %s%s\n", what, ename(got), got == want ? "" : " UNEXPECTED");
    bad |= got != want;
}

static void *reader(void *arg)
{
    long seen = 0;
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        CHECK(pthread_rwlock_rdlock(&rw));
        for (int j = 1; j < ELEMS; j++)
            seen += data[j] != data[0];
        CHECK(pthread_rwlock_unlock(&rw));
    }
    return (void *)seen;
}

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        CHECK(pthread_rwlock_wrlock(&rw));
        for (int j = 0; j < ELEMS; j++)
            data[j]++;
        CHECK(pthread_rwlock_unlock(&rw));
    }
    return NULL;
}

static void readers_writers(void)
{
    pthread_t r[READERS], w[WRITERS];
    for (int i = 0; i < READERS; i++)
        CHECK(pthread_create(&r[i], NULL, reader, NULL));
    for (int i = 0; i < WRITERS; i++)
        CHECK(pthread_create(&w[i], NULL, writer, NULL));
    for (int i = 0; i < READERS; i++) {
        void *seen;
        CHECK(pthread_join(r[i], &seen));
        inconsistent += (long)seen;
    }
    for (int i = 0; i < WRITERS; i++)
        CHECK(pthread_join(w[i], NULL));
    printf("inconsistent reads %ld, final value %ld\n", inconsistent, data[0]);
    bad |= inconsistent != 0 || data[0] != WRITERS * ROUNDS;
}

enum probe { TRYRD, TRYWR, TIMEDRD, TIMEDWR };

static void *probe_thread(void *arg)
{
    enum probe p = *(enum probe *)arg;
    struct timespec t;
    int r;
    CHECK(clock_gettime(CLOCK_REALTIME, &t));
    t.tv_nsec += 20000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    switch (p) {
    case TRYRD: r = pthread_rwlock_tryrdlock(&rw); break;
    case TRYWR: r = pthread_rwlock_trywrlock(&rw); break;
    case TIMEDRD: r = pthread_rwlock_timedrdlock(&rw, &t); break;
    default: r = pthread_rwlock_timedwrlock(&rw, &t); break;
    }
    if (r == 0)
        CHECK(pthread_rwlock_unlock(&rw));
    return (void *)(long)r;
}

static int probe(enum probe p)
{
    pthread_t t;
    void *r;
    CHECK(pthread_create(&t, NULL, probe_thread, &p));
    CHECK(pthread_join(t, &r));
    return (int)(long)r;
}

static void try_locks(void)
{
    CHECK(pthread_rwlock_rdlock(&rw));
    expect("read-held: tryrdlock from other thread", probe(TRYRD), 0);
    expect("read-held: trywrlock from other thread", probe(TRYWR), EBUSY);
    expect("read-held: timedwrlock from other thread", probe(TIMEDWR), ETIMEDOUT);
    CHECK(pthread_rwlock_unlock(&rw));
    CHECK(pthread_rwlock_wrlock(&rw));
    expect("write-held: tryrdlock from other thread", probe(TRYRD), EBUSY);
    expect("write-held: trywrlock from other thread", probe(TRYWR), EBUSY);
    expect("write-held: timedrdlock from other thread", probe(TIMEDRD), ETIMEDOUT);
    CHECK(pthread_rwlock_unlock(&rw));
    expect("free: trywrlock from other thread", probe(TRYWR), 0);
    expect("free: tryrdlock from other thread", probe(TRYRD), 0);
}

int main(void)
{
    readers_writers();
    try_locks();
    printf("thr_rwlock %s\n", bad ? "FAILED" : "done");
    return bad;
}
