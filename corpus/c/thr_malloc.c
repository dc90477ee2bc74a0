/* thr_malloc: the allocator under threads. 4 threads each run 10000
 * deterministic malloc/realloc/free operations (sizes 1 byte to 256 KiB, the
 * large ones mmap-backed) on their own slot table, filling every block with a
 * pattern and checking it before freeing, while main does the same; glibc
 * gives threads their own arenas (more mmap), musl shares one heap.
 * Expects: 0 corrupted blocks, the same per-thread checksum every run,
 * exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define OPS 10000
#define SLOTS 64

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

struct result { unsigned long checksum, corrupt; };

static uint32_t next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static size_t pick_size(uint32_t *s)
{
    uint32_t r = next(s);
    return r % 50 == 0 ? 65536 + r % (192 * 1024) : 1 + r % 2000;
}

static int intact(const unsigned char *p, size_t n, unsigned char tag)
{
    return n == 0 || (p[0] == tag && p[n / 2] == tag && p[n - 1] == tag);
}

static void *churn(void *arg)
{
    struct result *res = arg;
    unsigned char *slot[SLOTS] = { 0 };
    size_t len[SLOTS] = { 0 };
    uint32_t seed = (uint32_t)(res->checksum + 1);
    res->checksum = 0;
    for (int op = 0; op < OPS; op++) {
        int i = next(&seed) % SLOTS;
        unsigned char tag = (unsigned char)(i * 7 + 1);
        if (slot[i] && !intact(slot[i], len[i], tag))
            res->corrupt++;
        size_t n = pick_size(&seed), kept = 0;
        switch (next(&seed) % 3) {
        case 0:
            free(slot[i]);
            slot[i] = malloc(n);
            break;
        case 1:
            slot[i] = realloc(slot[i], n); /* the old block is freed or moved */
            kept = len[i] < n ? len[i] : n;
            break;
        default:
            free(slot[i]);
            slot[i] = NULL;
            len[i] = 0;
            continue;
        }
        if (!slot[i])
            fail("malloc", ENOMEM);
        if (!intact(slot[i], kept, tag))
            res->corrupt++; /* realloc kept the common prefix */
        memset(slot[i], tag, n);
        len[i] = n;
        res->checksum = res->checksum * 31 + n;
    }
    for (int i = 0; i < SLOTS; i++)
        free(slot[i]);
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    struct result r[THREADS + 1];
    int bad = 0;
    for (int i = 0; i <= THREADS; i++)
        r[i] = (struct result){ (unsigned long)i * 1000, 0 };
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, churn, &r[i]));
    churn(&r[THREADS]);
    for (int i = 0; i < THREADS; i++)
        CHECK(pthread_join(t[i], NULL));
    for (int i = 0; i <= THREADS; i++) {
        printf("%s %d: checksum %016lx, corrupted %lu\n", i < THREADS ? "thread" : "main", i, r[i].checksum, r[i].corrupt);
        bad |= r[i].corrupt != 0;
    }
    printf("thr_malloc %s\n", bad ? "FAILED" : "done");
    return bad;
}
