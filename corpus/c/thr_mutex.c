/* thr_mutex: pthread mutexes under contention and their error results.
 * 4 threads add 1 to a shared counter 50000 times each under a default mutex
 * (and a static PTHREAD_MUTEX_INITIALIZER one); a RECURSIVE mutex is locked
 * three times and unlocked three times, a fourth unlock gives EPERM and
 * trylock from another thread while held gives EBUSY; an ERRORCHECK mutex
 * gives EDEADLK on relock, EPERM on unlock when unlocked or by a non-owner;
 * trylock on a held default mutex gives EBUSY (same thread and another one).
 * Expects: counters exactly 200000, every result as named, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define ADDS 50000

static pthread_mutex_t lock;
static pthread_mutex_t static_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter, static_counter;
static int bad;

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case EBUSY: return "EBUSY";
    case EPERM: return "EPERM";
    case EDEADLK: return "EDEADLK";
    case EINVAL: return "EINVAL";
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

static void *adder(void *arg)
{
    (void)arg;
    for (int i = 0; i < ADDS; i++) {
        CHECK(pthread_mutex_lock(&lock));
        counter++;
        CHECK(pthread_mutex_unlock(&lock));
        CHECK(pthread_mutex_lock(&static_lock));
        static_counter++;
        CHECK(pthread_mutex_unlock(&static_lock));
    }
    return NULL;
}

static void contention(void)
{
    pthread_t t[THREADS];
    CHECK(pthread_mutex_init(&lock, NULL));
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, adder, NULL));
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_join(t[i], NULL));
    printf("counter %ld static counter %ld (want %d)\n", counter, static_counter, THREADS * ADDS);
    bad |= counter != THREADS * ADDS || static_counter != THREADS * ADDS;
}

/* Runs one operation on a mutex from a second thread and returns its result. */
enum op { TRYLOCK, UNLOCK };
struct other { pthread_mutex_t *m; enum op op; int result; };

static void *other_thread(void *arg)
{
    struct other *o = arg;
    o->result = o->op == TRYLOCK ? pthread_mutex_trylock(o->m) : pthread_mutex_unlock(o->m);
    if (o->op == TRYLOCK && o->result == 0)
        CHECK(pthread_mutex_unlock(o->m));
    return NULL;
}

static int from_other(pthread_mutex_t *m, enum op op)
{
    struct other o = { m, op, -1 };
    pthread_t t;
    CHECK(pthread_create(&t, NULL, other_thread, &o));
    CHECK(pthread_join(t, NULL));
    return o.result;
}

static void init_typed(pthread_mutex_t *m, int type)
{
    pthread_mutexattr_t a;
    CHECK(pthread_mutexattr_init(&a));
    CHECK(pthread_mutexattr_settype(&a, type));
    CHECK(pthread_mutex_init(m, &a));
    CHECK(pthread_mutexattr_destroy(&a));
}

static void recursive(void)
{
    pthread_mutex_t m;
    init_typed(&m, PTHREAD_MUTEX_RECURSIVE);
    for (int i = 0; i < 3; i++)
        expect("recursive lock", pthread_mutex_lock(&m), 0);
    expect("recursive trylock while held by self", pthread_mutex_trylock(&m), 0);
    expect("recursive trylock from other thread", from_other(&m, TRYLOCK), EBUSY);
    for (int i = 0; i < 4; i++)
        expect("recursive unlock", pthread_mutex_unlock(&m), 0);
    expect("recursive unlock when unlocked", pthread_mutex_unlock(&m), EPERM);
    expect("recursive trylock from other thread when free", from_other(&m, TRYLOCK), 0);
    CHECK(pthread_mutex_destroy(&m));
}

static void errorcheck(void)
{
    pthread_mutex_t m;
    init_typed(&m, PTHREAD_MUTEX_ERRORCHECK);
    expect("errorcheck lock", pthread_mutex_lock(&m), 0);
    expect("errorcheck relock", pthread_mutex_lock(&m), EDEADLK);
    expect("errorcheck trylock while held", pthread_mutex_trylock(&m), EBUSY);
    expect("errorcheck unlock by other thread", from_other(&m, UNLOCK), EPERM);
    expect("errorcheck unlock", pthread_mutex_unlock(&m), 0);
    expect("errorcheck unlock when unlocked", pthread_mutex_unlock(&m), EPERM);
    CHECK(pthread_mutex_destroy(&m));
}

static void normal_trylock(void)
{
    pthread_mutex_t m;
    CHECK(pthread_mutex_init(&m, NULL));
    expect("default trylock", pthread_mutex_trylock(&m), 0);
    expect("default trylock while held by self", pthread_mutex_trylock(&m), EBUSY);
    expect("default trylock from other thread", from_other(&m, TRYLOCK), EBUSY);
    expect("default unlock", pthread_mutex_unlock(&m), 0);
    expect("default trylock from other thread when free", from_other(&m, TRYLOCK), 0);
    CHECK(pthread_mutex_destroy(&m));
}

int main(void)
{
    contention();
    recursive();
    errorcheck();
    normal_trylock();
    printf("thr_mutex %s\n", bad ? "FAILED" : "done");
    return bad;
}
