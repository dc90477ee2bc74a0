/*
 * latency.c: lmbench-style latencies of the calls programs make most, in
 * cycles per operation (rdtscp): a 1-byte read of /dev/zero and of /dev/null,
 * a 1-byte write to /dev/null and to /dev/zero, open+close of a file,
 * fstat, mmap+munmap of one anonymous page, and a 1-byte write+read through a
 * pipe within one thread. Each figure is the median of ROUNDS rounds of CALLS
 * operations. Run natively and as an image, side by side, by `azalea bench`.
 * Usage: latency [quick] (quick: fewer rounds).
 * Output: one line per case, "name cycles_per_op", then "tsc_per_ns N".
 * A call that fails ends the program with status 1 and the call named.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <x86intrin.h>
#include "bench.h"

#define CALLS 2000
static int rounds = BENCH_MAX_ROUNDS;

static void fail(const char *what)
{
    perror(what);
    exit(1);
}

#define MEASURE(name, stmt) BENCH_MEASURE(name, CALLS, rounds, stmt)

static int open_or_fail(const char *path, int flags)
{
    int fd = open(path, flags);
    if (fd < 0)
        fail(path);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "quick"))
        rounds = 7;
    char byte = 0;
    int zero = open_or_fail("/dev/zero", O_RDWR);
    int null = open_or_fail("/dev/null", O_RDWR);
    MEASURE("read_zero", if (read(zero, &byte, 1) != 1) fail("read /dev/zero"));
    MEASURE("read_null", if (read(null, &byte, 1) != 0) fail("read /dev/null"));
    MEASURE("write_null", if (write(null, &byte, 1) != 1) fail("write /dev/null"));
    MEASURE("write_zero", if (write(zero, &byte, 1) != 1) fail("write /dev/zero"));
    /* lmbench opens a file given on its command line; /etc/passwd is on every Debian system. */
    MEASURE("open_close", if (close(open_or_fail("/etc/passwd", O_RDONLY)) != 0) fail("close"));
    struct stat st;
    MEASURE("fstat", if (fstat(zero, &st) != 0) fail("fstat"));
    MEASURE("mmap_munmap", {
        void *p = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED || munmap(p, 4096) != 0)
            fail("mmap/munmap");
    });
    int p[2];
    if (pipe(p) != 0)
        fail("pipe");
    MEASURE("pipe_write_read", if (write(p[1], &byte, 1) != 1 || read(p[0], &byte, 1) != 1) fail("pipe"));
    printf("tsc_per_ns %.4f\n", tsc_per_ns());
    return 0;
}
