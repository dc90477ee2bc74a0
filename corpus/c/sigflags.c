/* sigflags: sigaction flags and handler arguments, single-threaded.
 * A pipe read interrupted by setitimer's SIGALRM returns EINTR without
 * SA_RESTART and keeps waiting (then gets data written by the handler) with
 * it; SA_RESETHAND (the second raise takes the default: ignored for SIGURG,
 * verified through the disposition), SA_NODEFER (a handler re-entered by its
 * own signal) versus the default (the nested raise waits until return),
 * sa_mask blocking another signal during the handler, SA_SIGINFO with
 * sigqueue (si_code SI_QUEUE, si_value, si_pid), raise (SI_TKILL) and kill
 * (SI_USER), oldact round trips, SIG_IGN discarding a pending signal,
 * EINVAL for SIGKILL/SIGSTOP and bad numbers, signal() semantics (BSD:
 * restarting, not reset).
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "check.h"

static int pfd[2];
static volatile sig_atomic_t alarms, depth, max_depth, calls, usr1_seen_blocked, hits;
static volatile int last_code, last_value, last_pid_ok;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    if (alarms == 2)
        write(pfd[1], "R", 1);
}

static void arm_ms(int ms)
{
    struct itimerval it = {{0, 0}, {0, ms * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

static void nested(int sig)
{
    depth++;
    calls++;
    if (depth > max_depth)
        max_depth = depth;
    if (calls == 1)
        raise(sig);
    depth--;
}

static void with_mask(int sig)
{
    (void)sig;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    usr1_seen_blocked = sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2);
}

static void info(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    last_code = si->si_code;
    last_value = si->si_value.sival_int;
    last_pid_ok = si->si_pid == getpid();
    hits++;
}

static void count(int sig)
{
    (void)sig;
    hits++;
}

static void set(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    char c;
    struct sigaction sa, old;
    CHECK("pipe", pipe(pfd) == 0);

    set(SIGALRM, on_alarm, 0);
    arm_ms(20);
    CHECK_ERR("read without SA_RESTART: EINTR", read(pfd[0], &c, 1), EINTR);
    CHECK("one alarm", alarms == 1);
    set(SIGALRM, on_alarm, SA_RESTART);
    arm_ms(20);
    CHECK("read with SA_RESTART restarts and gets the handler's byte", read(pfd[0], &c, 1) == 1 && c == 'R');
    CHECK("two alarms", alarms == 2);
    struct itimerval cur;
    CHECK("timer disarmed after one shot", getitimer(ITIMER_REAL, &cur) == 0 && cur.it_value.tv_sec == 0 &&
          cur.it_value.tv_usec == 0);

    hits = 0;
    set(SIGUSR2, count, SA_RESETHAND);
    raise(SIGUSR2);
    CHECK("SA_RESETHAND: handler ran", hits == 1);
    CHECK("SA_RESETHAND: disposition now SIG_DFL", sigaction(SIGUSR2, NULL, &old) == 0 && old.sa_handler == SIG_DFL);
    set(SIGURG, count, SA_RESETHAND);
    raise(SIGURG);
    raise(SIGURG);
    CHECK("second SIGURG took the default (ignore)", hits == 2);

    set(SIGUSR1, nested, 0);
    depth = max_depth = calls = 0;
    raise(SIGUSR1);
    CHECK("without SA_NODEFER the nested raise waits", max_depth == 1 && depth == 0 && calls == 2);
    set(SIGUSR1, nested, SA_NODEFER);
    depth = max_depth = calls = 0;
    raise(SIGUSR1);
    CHECK("SA_NODEFER re-enters the handler", max_depth == 2 && depth == 0 && calls == 2);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = with_mask;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    CHECK("sa_mask and the signal itself blocked in the handler", usr1_seen_blocked == 1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    CHECK("mask restored after the handler", !sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2));

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    hits = 0;
    CHECK("sigqueue", sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 4242}) == 0);
    CHECK("SI_QUEUE with the value and our pid", hits == 1 && last_code == SI_QUEUE && last_value == 4242 &&
          last_pid_ok);
    raise(SIGUSR1);
    CHECK("raise: SI_TKILL", hits == 2 && last_code == SI_TKILL && last_pid_ok);
    kill(getpid(), SIGUSR1);
    CHECK("kill: SI_USER", hits == 3 && last_code == SI_USER && last_pid_ok);
    CHECK("oldact returns SA_SIGINFO and the handler", sigaction(SIGUSR1, NULL, &old) == 0 &&
          (old.sa_flags & SA_SIGINFO) && old.sa_sigaction == info);

    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigprocmask(SIG_BLOCK, &b, NULL);
    raise(SIGUSR1);
    sigset_t pend;
    CHECK("blocked signal pending", sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
    set(SIGUSR1, SIG_IGN, 0);
    CHECK("SIG_IGN discards it", sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &b, NULL);
    raise(SIGUSR1);
    CHECK("ignored signal does nothing", hits == 3);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count;
    CHECK_ERR("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERR("sigaction SIGSTOP", sigaction(SIGSTOP, &sa, NULL), EINVAL);
    CHECK("SIGKILL's disposition can be read", sigaction(SIGKILL, NULL, &old) == 0 && old.sa_handler == SIG_DFL);
    CHECK_ERR("sigaction 0", sigaction(0, &sa, NULL), EINVAL);
    CHECK_ERR("sigaction 65", sigaction(65, &sa, NULL), EINVAL);
    CHECK_ERR("kill with a bad signal", kill(getpid(), 65), EINVAL);
    CHECK("kill with signal 0 probes", kill(getpid(), 0) == 0);

    signal(SIGALRM, on_alarm);
    CHECK("signal(): not reset", sigaction(SIGALRM, NULL, &old) == 0 && old.sa_handler == on_alarm &&
          !(old.sa_flags & SA_RESETHAND));
    CHECK("signal(): SA_RESTART", (old.sa_flags & SA_RESTART) != 0);
    alarms = 1; /* the handler writes again */
    arm_ms(20);
    CHECK("read through signal()'s handler restarts", read(pfd[0], &c, 1) == 1 && c == 'R');
    return failed;
}
