/* sigwait: signal masks and synchronous waiting, single-threaded.
 * sigprocmask SIG_BLOCK/UNBLOCK/SETMASK and the old set, SIGKILL/SIGSTOP
 * silently not blockable, sigpending, standard signals coalescing while
 * blocked, real-time ones queuing in order with their values, the order
 * handlers run in when several are unblocked at once (frames stacked),
 * sigsuspend (returns EINTR after the handler, mask restored), sigwaitinfo and sigtimedwait (consume without a
 * handler, si_code/si_value, EAGAIN on timeout, EINVAL on a bad timeout),
 * alarm (remaining seconds, cancel), setitimer ITIMER_REAL periodic ticks
 * counted by sigwait, getitimer.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t order[8], norder, hits;

static void record(int sig)
{
    if (norder < 8)
        order[norder++] = sig;
    hits++;
}

static void handle(int sig, void (*h)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    sigset_t s, old, pend;
    siginfo_t si;
    struct timespec zero = {0, 0}, short_wait = {0, 20000000};

    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGKILL);
    sigaddset(&s, SIGSTOP);
    CHECK("SIG_BLOCK", sigprocmask(SIG_BLOCK, &s, &old) == 0 && !sigismember(&old, SIGUSR1));
    CHECK("SIGKILL and SIGSTOP silently stay unblocked", sigprocmask(SIG_BLOCK, NULL, &old) == 0 &&
          sigismember(&old, SIGUSR1) && !sigismember(&old, SIGKILL) && !sigismember(&old, SIGSTOP));
    CHECK_ERR("bad how", sigprocmask(99, &s, NULL), EINVAL);
    CHECK("nothing pending", sigpending(&pend) == 0 && sigisemptyset(&pend));

    handle(SIGUSR1, record);
    handle(SIGUSR2, record);
    handle(SIGRTMIN, record);
    handle(SIGRTMIN + 1, record);
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    CHECK("blocked: pending, not run", sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1) && hits == 0);
    CHECK("unblock runs it once (coalesced)", sigprocmask(SIG_UNBLOCK, &s, NULL) == 0 && hits == 1);

    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigaddset(&s, SIGUSR2);
    sigaddset(&s, SIGRTMIN);
    sigaddset(&s, SIGRTMIN + 1);
    sigprocmask(SIG_SETMASK, &s, &old);
    norder = hits = 0;
    raise(SIGRTMIN + 1);
    raise(SIGRTMIN);
    raise(SIGUSR2);
    raise(SIGRTMIN);
    raise(SIGUSR1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    CHECK("all delivered: 2 standard + 3 real-time", hits == 5);
    printf("     delivery order:");
    for (int i = 0; i < norder; i++)
        printf(" %s", order[i] == SIGUSR1 ? "USR1" : order[i] == SIGUSR2 ? "USR2"
                      : order[i] == SIGRTMIN ? "RTMIN" : "RTMIN+1");
    printf("\n");
    /* Linux sets up a frame for every deliverable signal before returning to
       user space, lowest number first, each on top of the last: the handler
       of the highest runs first. */
    CHECK("frames stacked lowest first, run highest first", norder == 5 && order[0] == SIGRTMIN + 1 &&
          order[1] == SIGRTMIN && order[2] == SIGRTMIN && order[3] == SIGUSR2 && order[4] == SIGUSR1);

    sigprocmask(SIG_SETMASK, &s, NULL);
    hits = 0;
    raise(SIGUSR2);
    sigset_t wait_mask = s;
    sigdelset(&wait_mask, SIGUSR2);
    CHECK_ERR("sigsuspend returns EINTR", sigsuspend(&wait_mask), EINTR);
    CHECK("the handler ran inside", hits == 1);
    CHECK("mask restored after sigsuspend", sigprocmask(SIG_BLOCK, NULL, &old) == 0 && sigismember(&old, SIGUSR2));

    sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 1});
    sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 2});
    kill(getpid(), SIGUSR1); /* not raise: glibc's sigwaitinfo reports SI_TKILL as SI_USER */
    hits = 0;
    CHECK("sigwaitinfo takes USR1 first", sigwaitinfo(&s, &si) == SIGUSR1 && si.si_code == SI_USER);
    CHECK("then RTMIN value 1", sigwaitinfo(&s, &si) == SIGRTMIN && si.si_code == SI_QUEUE &&
          si.si_value.sival_int == 1 && si.si_pid == getpid());
    CHECK("sigtimedwait takes RTMIN value 2", sigtimedwait(&s, &si, &zero) == SIGRTMIN && si.si_value.sival_int == 2);
    CHECK("no handler ran", hits == 0);
    CHECK_ERR("sigtimedwait zero timeout, nothing pending", sigtimedwait(&s, &si, &zero), EAGAIN);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_ERR("sigtimedwait 20 ms", sigtimedwait(&s, &si, &short_wait), EAGAIN);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK("waited at least 20 ms", (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) >= 20000000L);
    struct timespec bad = {0, 1000000000};
    CHECK_ERR("sigtimedwait bad timeout", sigtimedwait(&s, &si, &bad), EINVAL);
    int sig = 0;
    kill(getpid(), SIGUSR2);
    CHECK("sigwait", sigwait(&s, &sig) == 0 && sig == SIGUSR2);

    CHECK("alarm(0) with none set", alarm(0) == 0);
    alarm(100);
    CHECK("alarm returns the seconds left", alarm(0) >= 99);
    struct itimerval it = {{0, 10000}, {0, 10000}}, cur;
    sigset_t alrm;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, NULL);
    CHECK("setitimer periodic 10 ms", setitimer(ITIMER_REAL, &it, NULL) == 0);
    int ticks = 0;
    for (int i = 0; i < 5; i++)
        if (sigwait(&alrm, &sig) == 0 && sig == SIGALRM)
            ticks++;
    CHECK("five ticks by sigwait", ticks == 5);
    CHECK("getitimer: interval kept, value running", getitimer(ITIMER_REAL, &cur) == 0 &&
          cur.it_interval.tv_usec == 10000 && cur.it_value.tv_usec <= 10000);
    it = (struct itimerval){{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &it, &cur);
    CHECK("disarm returns the old setting", cur.it_interval.tv_usec == 10000);
    sigtimedwait(&alrm, &si, &zero); /* a tick that raced the disarm */
    CHECK("nothing pending at the end", sigpending(&pend) == 0 && sigisemptyset(&pend));
    it.it_value.tv_usec = 1000000;
    CHECK_ERR("setitimer usec out of range", setitimer(ITIMER_REAL, &it, NULL), EINVAL);
    return failed;
}
