/*
 * bench.h: what the benchmark programs share: ordering doubles for medians,
 * the rdtscp-timed median of a repeated statement (BENCH_MEASURE), and the TSC rate measured against CLOCK_MONOTONIC over 20 ms (cycles are
 * read with rdtscp; hardware counters are not assumed). Inline, so a program
 * that uses only some of them builds without warnings.
 */
#ifndef AZALEA_BENCH_H
#define AZALEA_BENCH_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <x86intrin.h>

static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline long elapsed_ns(const struct timespec *a, const struct timespec *b)
{
    return (b->tv_sec - a->tv_sec) * 1000000000L + (b->tv_nsec - a->tv_nsec);
}

/* Prints "name cycles_per_op": the median over `rounds` (at most
   BENCH_MAX_ROUNDS) rounds of `calls` runs of stmt, timed with rdtscp. */
#define BENCH_MAX_ROUNDS 31
#define BENCH_MEASURE(name, calls, rounds, stmt)                     \
    do {                                                             \
        double r_[BENCH_MAX_ROUNDS];                                 \
        for (int k_ = 0; k_ < (rounds); k_++) {                      \
            unsigned aux_;                                           \
            unsigned long long t0_ = __rdtscp(&aux_);                \
            for (int i_ = 0; i_ < (calls); i_++) {                   \
                stmt;                                                \
            }                                                        \
            r_[k_] = (double)(__rdtscp(&aux_) - t0_) / (calls);      \
        }                                                            \
        qsort(r_, (rounds), sizeof r_[0], cmp_double);               \
        printf("%s %.2f\n", name, r_[(rounds) / 2]);                 \
    } while (0)

static inline double tsc_per_ns(void)
{
    struct timespec a, b;
    unsigned aux;
    clock_gettime(CLOCK_MONOTONIC, &a);
    unsigned long long t0 = __rdtscp(&aux);
    do
        clock_gettime(CLOCK_MONOTONIC, &b);
    while (elapsed_ns(&a, &b) < 20000000L);
    return (double)(__rdtscp(&aux) - t0) / (double)elapsed_ns(&a, &b);
}
#endif
