/*
 * start_time.c: how long from exec to main, and a whole run, for a program
 * and for its image. `start_time N PROGRAM` spawns PROGRAM N times with the
 * TSC value before the spawn in START_TSC; the program (this same file built
 * as a probe, run with no arguments) prints its main's TSC minus START_TSC on
 * fd 3 and exits. Prints the medians: "exec_to_main_ns N" and "run_ns N".
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>
#include "bench.h"

extern char **environ;

int main(int argc, char **argv)
{
    unsigned aux;
    if (argc < 3) {
        unsigned long long now = __rdtscp(&aux);
        const char *start = getenv("START_TSC");
        if (!start)
            return 2;
        dprintf(3, "%llu\n", now - strtoull(start, 0, 10));
        return 0;
    }
    int n = atoi(argv[1]);
    if (n < 1 || n > 100000)
        return 2;
    double rate = tsc_per_ns();
    double *to_main = calloc(n, sizeof *to_main), *run = calloc(n, sizeof *run);
    for (int i = 0; i < n; i++) {
        int fds[2];
        if (pipe(fds))
            return 1;
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, fds[1], 3);
        char env[64];
        unsigned long long t0 = __rdtscp(&aux);
        snprintf(env, sizeof env, "START_TSC=%llu", t0);
        char *envp[] = {env, 0};
        pid_t pid;
        if (posix_spawn(&pid, argv[2], &fa, 0, &argv[2], envp)) {
            perror(argv[2]);
            return 1;
        }
        close(fds[1]);
        int status;
        waitpid(pid, &status, 0);
        unsigned long long t1 = __rdtscp(&aux);
        char buf[32] = {0};
        if (read(fds[0], buf, sizeof buf - 1) <= 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
            fprintf(stderr, "start_time: %s did not report its start\n", argv[2]);
            return 1;
        }
        close(fds[0]);
        posix_spawn_file_actions_destroy(&fa);
        to_main[i] = (double)strtoull(buf, 0, 10) / rate;
        run[i] = (double)(t1 - t0) / rate;
    }
    qsort(to_main, n, sizeof *to_main, cmp_double);
    qsort(run, n, sizeof *run, cmp_double);
    printf("exec_to_main_ns %.0f\nrun_ns %.0f\n", to_main[n / 2], run[n / 2]);
    return 0;
}
