/* clocks: time sources as relations, never values. clock_getres of each
 * clock (REALTIME/MONOTONIC 1 ns, COARSE ones coarser, EINVAL for a bad
 * clock), gettimeofday against CLOCK_REALTIME and time() (same second),
 * MONOTONIC/BOOTTIME/RAW ordering, clock_nanosleep relative and
 * TIMER_ABSTIME (wakes at or after the deadline, a past deadline returns at
 * once), nanosleep EINVAL, times() and getrusage after a CPU spin (user time
 * grows, counts non-negative, ru_maxrss positive), CLOCK_PROCESS_CPUTIME_ID
 * following the spin, timer_create SIGEV_SIGNAL one-shot and periodic with
 * si_value, expiries while pending counted as overruns (si_overrun and
 * timer_getoverrun, reset by timer_settime), timer_gettime, timer_delete,
 * EINVAL cases.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static int64_t ns(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t res(clockid_t c)
{
    struct timespec t;
    if (clock_getres(c, &t) != 0)
        return -1;
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static volatile uint64_t sink;

static void spin_ms(int ms)
{
    int64_t end = ns(CLOCK_PROCESS_CPUTIME_ID) + (int64_t)ms * 1000000;
    while (ns(CLOCK_PROCESS_CPUTIME_ID) < end)
        for (int i = 0; i < 10000; i++)
            sink += (uint64_t)i * i;
}

int main(void)
{
    CHECK("res REALTIME 1 ns", res(CLOCK_REALTIME) == 1);
    CHECK("res MONOTONIC 1 ns", res(CLOCK_MONOTONIC) == 1);
    CHECK("res BOOTTIME 1 ns", res(CLOCK_BOOTTIME) == 1);
    CHECK("res MONOTONIC_RAW 1 ns", res(CLOCK_MONOTONIC_RAW) == 1);
    CHECK("res PROCESS_CPUTIME 1 ns", res(CLOCK_PROCESS_CPUTIME_ID) == 1);
    CHECK("res REALTIME_COARSE coarser, at most 10 ms", res(CLOCK_REALTIME_COARSE) > 1 &&
          res(CLOCK_REALTIME_COARSE) <= 10000000);
    CHECK("res MONOTONIC_COARSE equals REALTIME_COARSE", res(CLOCK_MONOTONIC_COARSE) == res(CLOCK_REALTIME_COARSE));
    CHECK_ERR("res of clock 99", clock_getres(99, &(struct timespec){0, 0}), EINVAL);
    CHECK_ERR("gettime of clock 99", clock_gettime(99, &(struct timespec){0, 0}), EINVAL);
    CHECK("getres with NULL", clock_getres(CLOCK_MONOTONIC, NULL) == 0);

    struct timeval tv;
    int64_t r0 = ns(CLOCK_REALTIME);
    gettimeofday(&tv, NULL);
    time_t t = time(NULL);
    int64_t r1 = ns(CLOCK_REALTIME);
    int64_t g = (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
    CHECK("gettimeofday between two REALTIME reads", g >= r0 / 1000 * 1000 && g <= r1);
    CHECK("time() agrees to the second", t >= r0 / 1000000000 && t <= r1 / 1000000000);
    CHECK("usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    CHECK("REALTIME after 2020", r0 / 1000000000 > 1577836800);
    int64_t m0 = ns(CLOCK_MONOTONIC), b0 = ns(CLOCK_BOOTTIME), c0 = ns(CLOCK_MONOTONIC_COARSE);
    CHECK("BOOTTIME >= MONOTONIC", b0 >= m0);
    CHECK("COARSE not ahead of MONOTONIC by more than a tick", c0 <= m0 + res(CLOCK_MONOTONIC_COARSE));
    int mono = 1;
    int64_t prev = ns(CLOCK_MONOTONIC);
    for (int i = 0; i < 10000; i++) {
        int64_t now = ns(CLOCK_MONOTONIC);
        mono &= now >= prev;
        prev = now;
    }
    CHECK("MONOTONIC never goes back (10000 reads)", mono);

    struct timespec d = {0, 10000000};
    int64_t s0 = ns(CLOCK_MONOTONIC);
    CHECK("clock_nanosleep relative 10 ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL) == 0 &&
          ns(CLOCK_MONOTONIC) - s0 >= 10000000);
    int64_t deadline = ns(CLOCK_MONOTONIC) + 15000000;
    struct timespec abs = {deadline / 1000000000, deadline % 1000000000};
    CHECK("TIMER_ABSTIME wakes at or after the deadline",
          clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0 && ns(CLOCK_MONOTONIC) >= deadline);
    s0 = ns(CLOCK_MONOTONIC);
    abs.tv_sec -= 10;
    CHECK("a past deadline returns at once", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL) == 0 &&
          ns(CLOCK_MONOTONIC) - s0 < 1000000000);
    int64_t rdl = ns(CLOCK_REALTIME) + 5000000;
    abs = (struct timespec){rdl / 1000000000, rdl % 1000000000};
    CHECK("REALTIME TIMER_ABSTIME", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL) == 0 &&
          ns(CLOCK_REALTIME) >= rdl);
    d.tv_nsec = 1000000000;
    CHECK("clock_nanosleep bad nsec returns EINVAL", clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL) == EINVAL);
    CHECK_ERR("nanosleep bad nsec", nanosleep(&d, NULL), EINVAL);
    d = (struct timespec){-1, 0};
    CHECK_ERR("nanosleep negative", nanosleep(&d, NULL), EINVAL);
    d = (struct timespec){0, 0};
    CHECK("nanosleep 0", nanosleep(&d, NULL) == 0);
    CHECK("clock_nanosleep on a CPU clock: EINVAL",
          clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &(struct timespec){0, 1000}, NULL) == EINVAL);

    struct tms before, after;
    struct rusage ru0, ru1;
    clock_t w0 = times(&before);
    getrusage(RUSAGE_SELF, &ru0);
    int64_t p0 = ns(CLOCK_PROCESS_CPUTIME_ID);
    spin_ms(60);
    int64_t p1 = ns(CLOCK_PROCESS_CPUTIME_ID);
    clock_t w1 = times(&after);
    getrusage(RUSAGE_SELF, &ru1);
    CHECK("PROCESS_CPUTIME grew by the spin", p1 - p0 >= 60000000);
    CHECK("times(): elapsed ticks grow", w1 >= w0);
    CHECK("times(): user+system ticks grow", after.tms_utime + after.tms_stime > before.tms_utime + before.tms_stime);
    CHECK("times(): children 0", after.tms_cutime == 0 && after.tms_cstime == 0);
    long u0 = ru0.ru_utime.tv_sec * 1000000 + ru0.ru_utime.tv_usec + ru0.ru_stime.tv_sec * 1000000 + ru0.ru_stime.tv_usec;
    long u1 = ru1.ru_utime.tv_sec * 1000000 + ru1.ru_utime.tv_usec + ru1.ru_stime.tv_sec * 1000000 + ru1.ru_stime.tv_usec;
    CHECK("getrusage CPU grew by at least 50 ms", u1 - u0 >= 50000);
    CHECK("getrusage maxrss positive", ru1.ru_maxrss > 0);
    CHECK("RUSAGE_CHILDREN zero", getrusage(RUSAGE_CHILDREN, &ru1) == 0 && ru1.ru_utime.tv_sec == 0 &&
          ru1.ru_utime.tv_usec == 0);
    CHECK_ERR("getrusage bad who", getrusage(42, &ru1), EINVAL);
    CHECK("sysconf CLK_TCK 100", sysconf(_SC_CLK_TCK) == 100);

    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    timer_t tm;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGRTMIN + 2;
    ev.sigev_value.sival_int = 777;
    CHECK("timer_create SIGEV_SIGNAL", timer_create(CLOCK_MONOTONIC, &ev, &tm) == 0);
    struct itimerspec its = {{0, 0}, {0, 10000000}}, cur;
    CHECK("timer_settime one-shot 10 ms", timer_settime(tm, 0, &its, NULL) == 0);
    CHECK("timer_gettime: pending, at most 10 ms", timer_gettime(tm, &cur) == 0 && cur.it_value.tv_sec == 0 &&
          cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 10000000);
    siginfo_t si;
    CHECK("expiry signal with the value", sigwaitinfo(&s, &si) == SIGRTMIN + 2 && si.si_code == SI_TIMER &&
          si.si_value.sival_int == 777);
    CHECK("disarmed after", timer_gettime(tm, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    its = (struct itimerspec){{0, 2000000}, {0, 2000000}};
    timer_settime(tm, 0, &its, NULL);
    struct timespec nap = {0, 30000000};
    nanosleep(&nap, NULL);
    CHECK("periodic: signal pending once", sigwaitinfo(&s, &si) == SIGRTMIN + 2);
    CHECK("overruns counted while pending", si.si_overrun >= 5);
    CHECK("timer_getoverrun is the last signal's overrun", timer_getoverrun(tm) == si.si_overrun);
    its = (struct itimerspec){{0, 0}, {0, 0}};
    timer_settime(tm, 0, &its, NULL);
    struct timespec zero = {0, 0};
    sigtimedwait(&s, &si, &zero);
    CHECK("timer_settime resets the overrun count", timer_getoverrun(tm) == 0);
    CHECK("timer_delete", timer_delete(tm) == 0);
    CHECK_ERR("timer_getoverrun of a deleted timer", timer_getoverrun(tm), EINVAL);
    its.it_value.tv_nsec = 2000000000;
    CHECK("timer_create for REALTIME", timer_create(CLOCK_REALTIME, &ev, &tm) == 0);
    CHECK_ERR("timer_settime bad nsec", timer_settime(tm, 0, &its, NULL), EINVAL);
    timer_delete(tm);
    CHECK_ERR("timer_create bad clock", timer_create(99, &ev, &tm), EINVAL);
    ev.sigev_signo = 999;
    CHECK_ERR("timer_create bad signal", timer_create(CLOCK_MONOTONIC, &ev, &tm), EINVAL);
    return failed;
}
