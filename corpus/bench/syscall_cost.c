/*
 * syscall_cost.c: the Azalea paper's experiment (Fig. 5). Cycles per call of
 * 10,000 consecutive getpid calls, and the same for getppid, clock_gettime
 * and a plain function call, read with rdtscp. Each figure is the median of
 * ROUNDS rounds. Run natively and as images, side by side, by `azalea bench`.
 * With any argument, only getpid is measured.
 * Output: one line per case, "name cycles_per_call", then "tsc_per_ns N".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define CALLS 10000
#define ROUNDS 31

__attribute__((noinline)) static long plain_call(long x)
{
    __asm__ volatile("" ::: "memory");
    return x + 1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define MEASURE(name, stmt)                                          \
    do {                                                             \
        double r[ROUNDS];                                            \
        for (int k = 0; k < ROUNDS; k++) {                           \
            unsigned aux;                                            \
            unsigned long long t0 = __rdtscp(&aux);                  \
            for (int i = 0; i < CALLS; i++) {                        \
                stmt;                                                \
            }                                                        \
            r[k] = (double)(__rdtscp(&aux) - t0) / CALLS;            \
        }                                                            \
        qsort(r, ROUNDS, sizeof r[0], cmp);                          \
        printf("%s %.2f\n", name, r[ROUNDS / 2]);                    \
    } while (0)

int main(int argc, char **argv)
{
    (void)argv;
    volatile long sink = 0;
    struct timespec ts;
    int only_getpid = argc > 1;
    MEASURE("getpid", sink += getpid());
    if (!only_getpid) {
        MEASURE("getppid", sink += getppid());
        MEASURE("clock_gettime", (clock_gettime(CLOCK_MONOTONIC, &ts), sink += ts.tv_nsec));
        MEASURE("function_call", sink = plain_call(sink));
    }
    struct timespec a, b;
    unsigned aux;
    clock_gettime(CLOCK_MONOTONIC, &a);
    unsigned long long t0 = __rdtscp(&aux);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) < 20000000L);
    unsigned long long t1 = __rdtscp(&aux);
    double ns = (double)((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec));
    printf("tsc_per_ns %.4f\n", (double)(t1 - t0) / ns);
    return sink == -1;
}
