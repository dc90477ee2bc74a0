/* cpuinfo: scheduling and system facts as relations. sched_getaffinity
 * (count >= 1, agrees with CPU_COUNT and sysconf online <= configured),
 * EINVAL for a too-small mask, sched_setaffinity to the current mask,
 * sched_yield, sched_getscheduler SCHED_OTHER, sched_getparam priority 0,
 * priority min/max for SCHED_OTHER (0/0) and SCHED_FIFO (1/99), getpriority
 * of itself (a nice value in range) and setpriority raising it,
 * sched_rr_get_interval, uname fields non-empty (sysname "Linux", machine
 * "x86_64"), sysinfo relations (uptime > 0, freeram <= totalram, mem_unit),
 * getrandom lengths and flags (never its bytes): 0 bytes, 256 bytes,
 * GRND_NONBLOCK, GRND_RANDOM, EINVAL for bad flags, two draws differ.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK("sched_getaffinity", sched_getaffinity(0, sizeof set, &set) == 0);
    int n = CPU_COUNT(&set);
    CHECK("at least one CPU, no more than online", n >= 1 && n <= sysconf(_SC_NPROCESSORS_ONLN));
    CHECK("online <= configured", sysconf(_SC_NPROCESSORS_ONLN) <= sysconf(_SC_NPROCESSORS_CONF));
    CHECK("raw call returns the mask size in bytes", syscall(SYS_sched_getaffinity, 0, sizeof set, &set) > 0);
    CHECK_ERR("mask too small", syscall(SYS_sched_getaffinity, 0, 1, &set), EINVAL);
    CHECK("set affinity to the same mask", sched_setaffinity(0, sizeof set, &set) == 0);
    cpu_set_t empty;
    CPU_ZERO(&empty);
    CHECK_ERR("set an empty mask", sched_setaffinity(0, sizeof empty, &empty), EINVAL);
    CHECK("sched_yield", sched_yield() == 0);
    /* Raw calls: musl's sched_getscheduler and sched_getparam are ENOSYS stubs. */
    CHECK("SCHED_OTHER", syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER);
    struct sched_param sp = {.sched_priority = 99};
    CHECK("priority 0", syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 0);
    CHECK("SCHED_OTHER priorities 0..0", sched_get_priority_min(SCHED_OTHER) == 0 &&
          sched_get_priority_max(SCHED_OTHER) == 0);
    CHECK("SCHED_FIFO priorities 1..99", sched_get_priority_min(SCHED_FIFO) == 1 &&
          sched_get_priority_max(SCHED_FIFO) == 99);
    CHECK_ERR("priority_max of a bad policy", sched_get_priority_max(42), EINVAL);
    struct timespec q;
    CHECK("sched_rr_get_interval", sched_rr_get_interval(0, &q) == 0 && q.tv_sec >= 0);
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    CHECK("getpriority in range", errno == 0 && nice >= -20 && nice <= 19);
    int raised = nice < 19 ? nice + 1 : 19;
    CHECK("setpriority to a nicer value", setpriority(PRIO_PROCESS, 0, raised) == 0 &&
          getpriority(PRIO_PROCESS, 0) == raised);
    CHECK_ERR("getpriority bad which", getpriority(42, 0), EINVAL);

    struct utsname u;
    CHECK("uname", uname(&u) == 0);
    CHECK("sysname Linux", !strcmp(u.sysname, "Linux"));
    CHECK("machine x86_64", !strcmp(u.machine, "x86_64"));
    CHECK("release, version, nodename non-empty", u.release[0] && u.version[0] && u.nodename[0]);
    char host[256];
    CHECK("gethostname = nodename", gethostname(host, sizeof host) == 0 && !strcmp(host, u.nodename));

    struct sysinfo si;
    CHECK("sysinfo", sysinfo(&si) == 0);
    CHECK("uptime positive", si.uptime > 0);
    CHECK("freeram <= totalram", si.mem_unit >= 1 && si.freeram <= si.totalram && si.totalram > 0);
    CHECK("procs >= 1", si.procs >= 1);

    unsigned char a[256], b[256];
    CHECK("getrandom 0 bytes", getrandom(a, 0, 0) == 0);
    CHECK("getrandom 256 bytes", getrandom(a, sizeof a, 0) == 256);
    CHECK("GRND_NONBLOCK", getrandom(b, sizeof b, GRND_NONBLOCK) == 256);
    CHECK("two draws differ", memcmp(a, b, sizeof a) != 0);
    CHECK("GRND_RANDOM returns some bytes", getrandom(b, 16, GRND_RANDOM | GRND_NONBLOCK) > 0);
    CHECK_ERR("getrandom bad flags", getrandom(a, 8, 0x100), EINVAL);
    CHECK_ERR("getrandom to a bad buffer", syscall(SYS_getrandom, (void *)16, 8, 0), EFAULT);
    return failed;
}
