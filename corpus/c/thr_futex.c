/* thr_futex: raw futex(2) semantics through syscall(SYS_futex, ...).
 * FUTEX_WAIT with a mismatching value: EAGAIN (private and shared); with a
 * 20 ms relative timeout: ETIMEDOUT after at least 20 ms; FUTEX_WAIT_BITSET
 * with an absolute CLOCK_MONOTONIC deadline (and with FUTEX_CLOCK_REALTIME, and
 * a deadline in the past): ETIMEDOUT; FUTEX_WAKE of nobody: 0; with 3 blocked
 * waiters FUTEX_WAKE(1) returns 1 and FUTEX_WAKE(INT_MAX) 2; FUTEX_WAKE_BITSET
 * with a bitset disjoint from the waiter's wakes nobody, an overlapping one
 * wakes it; bitset 0 is EINVAL; FUTEX_REQUEUE wakes 1 of 3 and moves 1 to a
 * second futex; FUTEX_CMP_REQUEUE fails EAGAIN when the value differs and
 * otherwise moves both waiters; a shared waiter is not woken by a private wake
 * nor a private waiter by a shared wake (Linux keys them apart), the matching
 * wake wakes each; an unaligned address is EINVAL; an unknown op is ENOSYS.
 * Waiters are known to be blocked: each counts itself just before FUTEX_WAIT,
 * main waits for the count and then 50 ms more.
 * Expects: every line as named in the source, exits 0. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The futex ABI (linux/futex.h, which musl-gcc does not see). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY (-1)

#define MAX_WAITERS 3

static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static long futex(void *uaddr, int op, int val, const struct timespec *t, void *uaddr2, int val3)
{
    return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

static const char *ename(int e)
{
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    case EINTR: return "EINTR";
    default: return "other";
    }
}

/* Prints a futex result ("2" or "-1 EAGAIN") and checks it against want
 * (a count, or minus an errno). */
static void expect(const char *what, long r, long want)
{
    long got = r == -1 ? -errno : r;
    if (got < 0)
        printf("%s: -1 %s%s\n", what, ename((int)-got), got == want ? "" : " UNEXPECTED");
    else
        printf("%s: %ld%s\n", what, got, got == want ? "" : " UNEXPECTED");
    bad |= got != want;
}

static void msleep(long ms)
{
    struct timespec t = { ms / 1000, ms % 1000 * 1000000 };
    while (nanosleep(&t, &t) != 0)
        if (errno != EINTR)
            fail("nanosleep", errno);
}

static struct timespec now_plus(clockid_t clock, long ms)
{
    struct timespec t;
    CHECK(clock_gettime(clock, &t) ? errno : 0);
    t.tv_nsec += ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    if (ms < 0) {
        t.tv_sec -= 1;
        t.tv_nsec = 0;
    }
    return t;
}

static long long ms_since(struct timespec a)
{
    struct timespec b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) ? errno : 0);
    return (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
}

static void single_thread(void)
{
    int word = 1;
    struct timespec start, rel = { 0, 20000000 }, abs;
    expect("FUTEX_WAIT_PRIVATE, value differs", futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), -EAGAIN);
    expect("FUTEX_WAIT shared, value differs", futex(&word, FUTEX_WAIT, 0, NULL, NULL, 0), -EAGAIN);
    word = 0;
    start = now_plus(CLOCK_MONOTONIC, 0);
    expect("FUTEX_WAIT_PRIVATE, 20 ms relative timeout", futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), -ETIMEDOUT);
    printf("  waited at least 20 ms: %s\n", ms_since(start) >= 20 ? "yes" : "no");
    bad |= ms_since(start) < 20;
    start = now_plus(CLOCK_MONOTONIC, 0);
    abs = now_plus(CLOCK_MONOTONIC, 20);
    expect("FUTEX_WAIT_BITSET_PRIVATE, CLOCK_MONOTONIC deadline in 20 ms",
           futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
    printf("  waited at least 20 ms: %s\n", ms_since(start) >= 20 ? "yes" : "no");
    bad |= ms_since(start) < 20;
    abs = now_plus(CLOCK_REALTIME, 20);
    expect("FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, deadline in 20 ms",
           futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
    abs = now_plus(CLOCK_MONOTONIC, -1);
    expect("FUTEX_WAIT_BITSET_PRIVATE, deadline in the past",
           futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
    expect("FUTEX_WAIT_BITSET_PRIVATE, bitset 0", futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0), -EINVAL);
    expect("FUTEX_WAKE_BITSET_PRIVATE, bitset 0", futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0), -EINVAL);
    expect("FUTEX_WAKE_PRIVATE, nobody waiting", futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    char *bytes = (char *)&word;
    expect("FUTEX_WAIT_PRIVATE, unaligned address", futex(bytes + 1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), -EINVAL);
    expect("FUTEX_WAKE_PRIVATE, unaligned address", futex(bytes + 1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), -EINVAL);
    expect("unknown futex op 99", futex(&word, 99, 0, NULL, NULL, 0), -ENOSYS);
}

/* A waiter blocks once on word (value 0) with op and bitset, then records the result. */
struct waiter { pthread_t t; int *word; int op; int bitset; long result; };
static atomic_int arrived;

static void *wait_once(void *arg)
{
    struct waiter *w = arg;
    atomic_fetch_add(&arrived, 1);
    w->result = futex(w->word, w->op, 0, NULL, NULL, w->bitset);
    if (w->result == -1)
        w->result = -errno;
    return NULL;
}

static void start_waiters(struct waiter *w, int n, int *word, int op, int bitset)
{
    atomic_store(&arrived, 0);
    for (int i = 0; i < n; i++) {
        w[i] = (struct waiter){ .word = word, .op = op, .bitset = bitset, .result = 99 };
        CHECK(pthread_create(&w[i].t, NULL, wait_once, &w[i]));
    }
    while (atomic_load(&arrived) < n)
        msleep(1);
    msleep(50); /* each has counted itself and then blocked in FUTEX_WAIT */
}

static void join_waiters(const char *what, struct waiter *w, int n)
{
    int zero = 0;
    for (int i = 0; i < n; i++) {
        CHECK(pthread_join(w[i].t, NULL));
        zero += w[i].result == 0;
    }
    printf("  %s: %d of %d waiters returned 0\n", what, zero, n);
    bad |= zero != n;
}

static int f1, f2, shared_word;

static void wake_counts(void)
{
    struct waiter w[MAX_WAITERS];
    start_waiters(w, 3, &f1, FUTEX_WAIT_PRIVATE, 0);
    expect("3 waiters, FUTEX_WAKE_PRIVATE 1", futex(&f1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 1);
    expect("2 left, FUTEX_WAKE_PRIVATE INT_MAX", futex(&f1, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 2);
    join_waiters("wake", w, 3);

    start_waiters(w, 1, &f1, FUTEX_WAIT_BITSET_PRIVATE, 0x1);
    expect("waiter bitset 0x1, FUTEX_WAKE_BITSET_PRIVATE 0x6", futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x6), 0);
    expect("waiter bitset 0x1, FUTEX_WAKE_BITSET_PRIVATE 0x3", futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 0x3), 1);
    join_waiters("bitset", w, 1);
}

static void requeue(void)
{
    struct waiter w[MAX_WAITERS];
    const struct timespec *one = (const struct timespec *)(uintptr_t)1;
    const struct timespec *all = (const struct timespec *)(uintptr_t)INT_MAX;
    start_waiters(w, 3, &f1, FUTEX_WAIT_PRIVATE, 0);
    expect("3 waiters, FUTEX_REQUEUE_PRIVATE wake 1 requeue 1", futex(&f1, FUTEX_REQUEUE_PRIVATE, 1, one, &f2, 0), 2);
    expect("  then FUTEX_WAKE_PRIVATE on the first futex", futex(&f1, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
    expect("  then FUTEX_WAKE_PRIVATE on the second futex", futex(&f2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
    join_waiters("requeue", w, 3);

    start_waiters(w, 2, &f1, FUTEX_WAIT_PRIVATE, 0);
    expect("2 waiters, FUTEX_CMP_REQUEUE_PRIVATE expecting 5 (value 0)",
           futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 0, all, &f2, 5), -EAGAIN);
    expect("2 waiters, FUTEX_CMP_REQUEUE_PRIVATE wake 0 requeue all",
           futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 0, all, &f2, 0), 2);
    expect("  then FUTEX_WAKE_PRIVATE on the first futex", futex(&f1, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    expect("  then FUTEX_WAKE_PRIVATE on the second futex", futex(&f2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 2);
    join_waiters("cmp_requeue", w, 2);
}

static void private_shared(void)
{
    struct waiter w[1];
    shared_word = 0; /* written: the page is the process's own (anonymous) copy */
    start_waiters(w, 1, &shared_word, FUTEX_WAIT, 0);
    expect("shared waiter, FUTEX_WAKE_PRIVATE", futex(&shared_word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    expect("shared waiter, FUTEX_WAKE", futex(&shared_word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
    join_waiters("shared", w, 1);
    start_waiters(w, 1, &shared_word, FUTEX_WAIT_PRIVATE, 0);
    expect("private waiter, FUTEX_WAKE", futex(&shared_word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    expect("private waiter, FUTEX_WAKE_PRIVATE", futex(&shared_word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
    join_waiters("private", w, 1);
}

int main(void)
{
    single_thread();
    wake_counts();
    requeue();
    private_shared();
    printf("thr_futex %s\n", bad ? "FAILED" : "done");
    return bad;
}
