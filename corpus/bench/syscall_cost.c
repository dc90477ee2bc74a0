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
#include "bench.h"

#define CALLS 10000
#define ROUNDS BENCH_MAX_ROUNDS

__attribute__((noinline)) static long plain_call(long x)
{
    __asm__ volatile("" ::: "memory");
    return x + 1;
}

#define MEASURE(name, stmt) BENCH_MEASURE(name, CALLS, ROUNDS, stmt)

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
    printf("tsc_per_ns %.4f\n", tsc_per_ns());
    return sink == -1;
}
