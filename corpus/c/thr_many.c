/* thr_many: thread creation at scale and thread stacks. 1000 threads are
 * created and joined in batches of 50 (64 KiB stacks), each returning a value
 * derived from its index that main sums; a tree of threads where each thread
 * below depth 5 creates and joins two children (63 threads) sums its nodes;
 * a thread with an 8 MiB stack (pthread_attr_setstacksize) touches 6 MiB of
 * it by recursion; a thread runs on a caller-provided mmap'd stack
 * (pthread_attr_setstack) and its locals lie inside that stack.
 * Expects: sums 333833500 and 63, "deep recursion ok", "own stack used: yes",
 * exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define TOTAL 1000
#define BATCH 50
#define DEPTH 5

static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void *square(void *arg)
{
    long i = (long)(intptr_t)arg;
    return (void *)(intptr_t)(i * i);
}

static void batches(void)
{
    pthread_attr_t attr;
    pthread_t t[BATCH];
    long sum = 0;
    CHECK(pthread_attr_init(&attr));
    CHECK(pthread_attr_setstacksize(&attr, 64 * 1024));
    for (int base = 0; base < TOTAL; base += BATCH) {
        for (int i = 0; i < BATCH; i++)
            CHECK(pthread_create(&t[i], &attr, square, (void *)(intptr_t)(base + i + 1)));
        for (int i = 0; i < BATCH; i++) {
            void *r;
            CHECK(pthread_join(t[i], &r));
            sum += (long)(intptr_t)r;
        }
    }
    CHECK(pthread_attr_destroy(&attr));
    printf("%d threads: sum of squares %ld\n", TOTAL, sum);
    bad |= sum != 333833500L;
}

static void *node(void *arg)
{
    long depth = (long)(intptr_t)arg, count = 1;
    if (depth < DEPTH) {
        pthread_t l, r;
        void *a, *b;
        CHECK(pthread_create(&l, NULL, node, (void *)(intptr_t)(depth + 1)));
        CHECK(pthread_create(&r, NULL, node, (void *)(intptr_t)(depth + 1)));
        CHECK(pthread_join(l, &a));
        CHECK(pthread_join(r, &b));
        count += (long)(intptr_t)a + (long)(intptr_t)b;
    }
    return (void *)(intptr_t)count;
}

static void tree(void)
{
    void *n = node((void *)(intptr_t)0);
    printf("thread tree of depth %d: %ld nodes\n", DEPTH, (long)(intptr_t)n);
    bad |= (long)(intptr_t)n != 63;
}

static long recurse(int n)
{
    volatile char frame[4096];
    frame[0] = (char)n;
    frame[4095] = (char)(n >> 8);
    if (n == 0)
        return frame[0];
    return recurse(n - 1) + frame[0] + frame[4095];
}

static void *deep(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)recurse(1536); /* 1536 frames of > 4 KiB: over 6 MiB */
}

static void big_stack(void)
{
    pthread_attr_t attr;
    pthread_t t;
    void *r;
    size_t size;
    CHECK(pthread_attr_init(&attr));
    CHECK(pthread_attr_setstacksize(&attr, 8 << 20));
    CHECK(pthread_attr_getstacksize(&attr, &size));
    CHECK(pthread_create(&t, &attr, deep, NULL));
    CHECK(pthread_join(t, &r));
    CHECK(pthread_attr_destroy(&attr));
    long want = 0; /* what recurse(1536) adds up, computed without the deep stack */
    for (int n = 1; n <= 1536; n++)
        want += (char)n + (char)(n >> 8);
    printf("stack size attribute %zu MiB, deep recursion %s\n", size >> 20, (long)(intptr_t)r == want ? "ok" : "WRONG");
    bad |= (long)(intptr_t)r != want;
}

static char *own_lo, *own_hi;

static void *where(void *arg)
{
    char local;
    (void)arg;
    return (void *)(intptr_t)(&local >= own_lo && &local < own_hi);
}

static void own_stack(void)
{
    size_t size = 256 * 1024;
    pthread_attr_t attr;
    pthread_t t;
    void *r;
    own_lo = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (own_lo == MAP_FAILED)
        fail("mmap", errno);
    own_hi = own_lo + size;
    CHECK(pthread_attr_init(&attr));
    CHECK(pthread_attr_setstack(&attr, own_lo, size));
    CHECK(pthread_create(&t, &attr, where, NULL));
    CHECK(pthread_join(t, &r));
    CHECK(pthread_attr_destroy(&attr));
    printf("own stack used: %s\n", r ? "yes" : "no");
    bad |= !r;
    if (munmap(own_lo, size) != 0)
        fail("munmap", errno);
}

int main(void)
{
    batches();
    tree();
    big_stack();
    own_stack();
    printf("thr_many %s\n", bad ? "FAILED" : "done");
    return bad;
}
