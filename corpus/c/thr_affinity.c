/* thr_affinity: CPU affinity and scheduling calls from threads. Prints only
 * whether calls succeed and facts that hold on any CPU set (the image's set is
 * its partition, not the machine's): sched_getaffinity and
 * pthread_getaffinity_np in a thread give a non-empty set, setting a thread's
 * affinity to the set it already has succeeds and reads back the same count,
 * an empty set is EINVAL, sched_getcpu returns a CPU in the set,
 * sched_yield succeeds in 4 threads.
 * Expects: every line "yes"/"ok", exits 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void report(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "NO");
    bad |= !ok;
}

static void *probe(void *arg)
{
    cpu_set_t set, again, empty;
    int *ok = arg;
    CHECK(pthread_getaffinity_np(pthread_self(), sizeof set, &set));
    ok[0] = CPU_COUNT(&set) >= 1;
    ok[1] = pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
    CHECK(pthread_getaffinity_np(pthread_self(), sizeof again, &again));
    ok[2] = CPU_EQUAL(&set, &again);
    CPU_ZERO(&empty);
    ok[3] = pthread_setaffinity_np(pthread_self(), sizeof empty, &empty) == EINVAL;
    int cpu = sched_getcpu();
    ok[4] = cpu >= 0 && CPU_ISSET(cpu, &set);
    return NULL;
}

static void *yielder(void *arg)
{
    int *ok = arg;
    *ok = 1;
    for (int i = 0; i < 100; i++)
        *ok &= sched_yield() == 0;
    return NULL;
}

int main(void)
{
    cpu_set_t set;
    pthread_t t, y[4];
    int ok[5] = { 0 }, yok[4];
    report("sched_getaffinity succeeds", sched_getaffinity(0, sizeof set, &set) == 0);
    report("process CPU set non-empty", CPU_COUNT(&set) >= 1);
    CHECK(pthread_create(&t, NULL, probe, ok));
    CHECK(pthread_join(t, NULL));
    report("thread: pthread_getaffinity_np set non-empty", ok[0]);
    report("thread: pthread_setaffinity_np to its own set succeeds", ok[1]);
    report("thread: set reads back unchanged", ok[2]);
    report("thread: empty set is EINVAL", ok[3]);
    report("thread: sched_getcpu is in the set", ok[4]);
    for (int i = 0; i < 4; i++)
        CHECK(pthread_create(&y[i], NULL, yielder, &yok[i]));
    int all = 1;
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_join(y[i], NULL));
        all &= yok[i];
    }
    report("sched_yield in 4 threads succeeds", all);
    printf("thr_affinity %s\n", bad ? "FAILED" : "done");
    return bad;
}
