/* thr_tls: thread-local storage. Each of 4 threads sees the initial values
 * of __thread variables (an int initialised to 7, a zeroed array, a
 * 64-byte-aligned block), sets them to its own values, meets the others at a
 * barrier and checks that its values survived; main's copies are untouched.
 * pthread_key_create with a destructor: each thread stores its own value;
 * the destructor runs at thread exit (return and pthread_exit) with that
 * value, and runs a second time for a thread whose destructor stores a new
 * value; keys without a value or without a destructor run nothing; main's
 * getspecific is NULL; pthread_key_delete succeeds.
 * Expects: per-thread lines in thread order, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4

static __thread int tv = 7;
static __thread long zeroed[16];
static __thread _Alignas(64) char aligned[100] = "tls";
static pthread_barrier_t barrier;
static pthread_key_t key, plain_key;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int dtor_calls[THREADS], dtor_last[THREADS];
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

/* Values are 1-based thread ids times 100 plus the call number. */
static int values[THREADS][2];

static void destructor(void *p)
{
    int v = *(int *)p, id = v / 100 - 1;
    CHECK(pthread_mutex_lock(&mu));
    dtor_calls[id]++;
    dtor_last[id] = v;
    CHECK(pthread_mutex_unlock(&mu));
    if (id == 2 && v % 100 == 0) /* thread 2 re-arms its key once */
        CHECK(pthread_setspecific(key, &values[id][1]));
}

struct report { int initial_ok, kept_ok, aligned_ok; };

static void *worker(void *arg)
{
    int id = (int)(intptr_t)arg;
    struct report *r = calloc(1, sizeof *r);
    if (!r)
        fail("calloc", ENOMEM);
    long zsum = 0;
    for (int i = 0; i < 16; i++)
        zsum += zeroed[i];
    r->initial_ok = tv == 7 && zsum == 0 && strcmp(aligned, "tls") == 0 && pthread_getspecific(key) == NULL;
    r->aligned_ok = (uintptr_t)aligned % 64 == 0;
    tv = 1000 + id;
    for (int i = 0; i < 16; i++)
        zeroed[i] = id;
    snprintf(aligned, sizeof aligned, "thread %d", id);
    values[id][0] = (id + 1) * 100;
    values[id][1] = (id + 1) * 100 + 1;
    CHECK(pthread_setspecific(key, &values[id][0]));
    CHECK(pthread_setspecific(plain_key, &values[id][0]));
    int b = pthread_barrier_wait(&barrier); /* everyone has written its copy */
    if (b != 0 && b != PTHREAD_BARRIER_SERIAL_THREAD)
        fail("pthread_barrier_wait", b);
    char want[100];
    snprintf(want, sizeof want, "thread %d", id);
    r->kept_ok = tv == 1000 + id && zeroed[15] == id && strcmp(aligned, want) == 0 &&
                 pthread_getspecific(key) == &values[id][0];
    if (id == 3)
        pthread_exit(r); /* destructors run on pthread_exit too */
    return r;
}

int main(void)
{
    pthread_t t[THREADS];
    CHECK(pthread_key_create(&key, destructor));
    CHECK(pthread_key_create(&plain_key, NULL));
    CHECK(pthread_barrier_init(&barrier, NULL, THREADS));
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i));
    for (int i = 0; i < THREADS; i++) {
        struct report *r;
        CHECK(pthread_join(t[i], (void **)&r));
        printf("thread %d: initial values %s, own values kept %s, aligned %s, destructor calls %d, last value %d\n", i,
               r->initial_ok ? "ok" : "WRONG", r->kept_ok ? "ok" : "WRONG", r->aligned_ok ? "yes" : "no",
               dtor_calls[i], dtor_last[i]);
        bad |= !r->initial_ok || !r->kept_ok || !r->aligned_ok || dtor_calls[i] != (i == 2 ? 2 : 1);
        free(r);
    }
    int main_ok = tv == 7 && zeroed[15] == 0 && strcmp(aligned, "tls") == 0 && pthread_getspecific(key) == NULL;
    printf("main: own values untouched %s, aligned %s\n", main_ok ? "ok" : "WRONG", (uintptr_t)aligned % 64 == 0 ? "yes" : "no");
    bad |= !main_ok;
    CHECK(pthread_key_delete(key));
    CHECK(pthread_key_delete(plain_key));
    CHECK(pthread_barrier_destroy(&barrier));
    printf("thr_tls %s\n", bad ? "FAILED" : "done");
    return bad;
}
