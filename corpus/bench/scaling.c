/*
 * scaling.c: how a fixed amount of work speeds up when split over T threads.
 * `azalea bench` runs it with T=1 and T=2 natively and as an image on a
 * partition of 1 and of 2 cores; the speed-up is the T=1 time over the T=2
 * time.
 *
 * Two workloads, each a fixed total split evenly over T threads:
 *   cpu    integer hashing (splitmix64 chains), no memory traffic, so it
 *          shows what the scheduler alone lets scale;
 *   alloc  malloc/free of mixed sizes (16 B to 16 KiB, a ring of 64 live
 *          blocks per thread), so it also shows the allocator's arenas and
 *          the brk/mmap calls behind them;
 *   mmap   anonymous mmap/munmap of 1 to 16 pages (a ring of 16 live
 *          mappings per thread, one byte written to each), so it shows
 *          whether two cores mapping at once contend on the memory map.
 * Each figure is the wall time (CLOCK_MONOTONIC) from before the threads are
 * created to after they are joined, the median of ROUNDS runs.
 *
 * Usage: scaling T [quick] (quick: a quarter of the work, fewer rounds).
 * Output: "cpu_ns N", "alloc_ns N" and "mmap_ns N".
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "bench.h"

#define MAX_THREADS 64
#define ROUNDS 5
#define RING 64
#define MAP_RING 16
#define MAP_MAX_PAGES 16
#define PAGE 4096

static long cpu_total = 1L << 26;
static long alloc_total = 1L << 22;
static long mmap_total = 1L << 15;
static volatile uint64_t sink;

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void *hash_work(void *arg)
{
    long n = (long)arg;
    uint64_t h = (uint64_t)n;
    for (long i = 0; i < n; i++)
        h = splitmix(h);
    sink += h;
    return 0;
}

static void *alloc_work(void *arg)
{
    long n = (long)arg;
    void *ring[RING] = {0};
    uint64_t h = (uint64_t)n;
    for (long i = 0; i < n; i++) {
        h = splitmix(h);
        int slot = (int)(h % RING);
        free(ring[slot]);
        /* mostly small blocks, some up to 16 KiB, as programs allocate */
        size_t size = (h >> 8) % 8 ? 16 + (h >> 16) % 496 : 512 + (h >> 16) % 16384;
        ring[slot] = malloc(size);
        if (!ring[slot]) {
            fprintf(stderr, "scaling: out of memory\n");
            exit(1);
        }
        memset(ring[slot], (int)h, 16);
    }
    for (int i = 0; i < RING; i++)
        free(ring[i]);
    return 0;
}

static void *mmap_work(void *arg)
{
    long n = (long)arg;
    char *ring[MAP_RING] = {0};
    size_t sizes[MAP_RING] = {0};
    uint64_t h = (uint64_t)n;
    for (long i = 0; i < n; i++) {
        h = splitmix(h);
        int slot = (int)(h % MAP_RING);
        if (ring[slot])
            munmap(ring[slot], sizes[slot]);
        sizes[slot] = PAGE * (1 + (h >> 8) % MAP_MAX_PAGES);
        ring[slot] = mmap(0, sizes[slot], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (ring[slot] == MAP_FAILED) {
            fprintf(stderr, "scaling: mmap failed\n");
            exit(1);
        }
        ring[slot][0] = (char)h;
    }
    for (int i = 0; i < MAP_RING; i++)
        if (ring[i])
            munmap(ring[i], sizes[i]);
    return 0;
}

/* Median wall ns of total units of fn split over threads. */
static double timed(void *(*fn)(void *), long total, int threads, int rounds)
{
    double r[ROUNDS];
    pthread_t t[MAX_THREADS];
    for (int k = 0; k < rounds; k++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (int i = 0; i < threads; i++)
            if (pthread_create(&t[i], 0, fn, (void *)(total / threads))) {
                fprintf(stderr, "scaling: pthread_create failed\n");
                exit(1);
            }
        for (int i = 0; i < threads; i++)
            pthread_join(t[i], 0);
        clock_gettime(CLOCK_MONOTONIC, &b);
        r[k] = (double)elapsed_ns(&a, &b);
    }
    qsort(r, rounds, sizeof r[0], cmp_double);
    return r[rounds / 2];
}

int main(int argc, char **argv)
{
    int threads = argc > 1 ? atoi(argv[1]) : 0;
    int quick = argc > 2 && !strcmp(argv[2], "quick");
    if (threads < 1 || threads > MAX_THREADS || (argc > 2 && !quick) || argc > 3) {
        fprintf(stderr, "usage: scaling THREADS [quick] (1 to %d threads)\n", MAX_THREADS);
        return 2;
    }
    int rounds = ROUNDS;
    if (quick) {
        cpu_total >>= 2;
        alloc_total >>= 2;
        mmap_total >>= 2;
        rounds = 3;
    }
    printf("cpu_ns %.0f\n", timed(hash_work, cpu_total, threads, rounds));
    printf("alloc_ns %.0f\n", timed(alloc_work, alloc_total, threads, rounds));
    printf("mmap_ns %.0f\n", timed(mmap_work, mmap_total, threads, rounds));
    return 0;
}
