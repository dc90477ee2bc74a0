/*
 * signal.c: POSIX signal handlers, masks and interval timers on the libOS's
 * Linux signals. newlib's generic headers number signals as BSD does and lay
 * sigset_t out as bit n for signal n; both are translated here, and a
 * handler is reached through one dispatcher that gives it newlib's number.
 * Handlers take one argument: SA_SIGINFO is refused (EINVAL), as newlib's
 * siginfo_t is not Linux's. Replaces newlib's own signal() and raise(),
 * which only emulate signals inside the process.
 */
#include <azalea/call.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define L_SA_RESTORER 0x04000000UL
#define L_SA_NOCLDSTOP 1UL
#define L_SIG_BLOCK 0
#define L_SIG_UNBLOCK 1
#define L_SIG_SETMASK 2

/* Linux's struct sigaction as rt_sigaction takes it. */
struct ksigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

void __az_restore_rt(void);

/* newlib's numbers where they differ from Linux's, and Linux's for them. */
static const struct {
    int newlib, host;
} renumbered[] = {
    {SIGBUS, 7}, {SIGSYS, 31}, {SIGURG, 23}, {SIGSTOP, 19}, {SIGTSTP, 20}, {SIGCONT, 18}, {SIGCHLD, 17},
    {SIGIO, 29}, {SIGUSR1, 10}, {SIGUSR2, 12}, {SIGEMT, 0}, {SIGTTIN, 21}, {SIGTTOU, 22}, {SIGXCPU, 24},
    {SIGXFSZ, 25}, {SIGVTALRM, 26}, {SIGPROF, 27}, {SIGWINCH, 28}, {SIGLOST, 0},
};

long __az_signal_to_linux(int sig)
{
    for (size_t i = 0; i < sizeof renumbered / sizeof renumbered[0]; i++) {
        if (renumbered[i].newlib == sig) {
            return renumbered[i].host;
        }
    }
    return sig;
}

static int signal_from_linux(long sig)
{
    for (size_t i = 0; i < sizeof renumbered / sizeof renumbered[0]; i++) {
        if (renumbered[i].host == sig) {
            return renumbered[i].newlib;
        }
    }
    return (int)sig;
}

static unsigned long mask_to_linux(sigset_t set)
{
    unsigned long out = 0;
    for (int s = 1; s < NSIG; s++) {
        long l = __az_signal_to_linux(s);
        if ((set & (1UL << s)) && l > 0) {
            out |= 1UL << (l - 1);
        }
    }
    return out;
}

static sigset_t mask_from_linux(unsigned long mask)
{
    sigset_t out = 0;
    for (int l = 1; l <= 64; l++) {
        int s = signal_from_linux(l);
        if ((mask & (1UL << (l - 1))) && s > 0 && s < NSIG) {
            out |= 1UL << s;
        }
    }
    return out;
}

static _sig_func_ptr handlers[NSIG];

static void dispatch(int linux_sig)
{
    int sig = signal_from_linux(linux_sig);
    handlers[sig](sig);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    long lsig = __az_signal_to_linux(sig);
    if (sig <= 0 || sig >= NSIG || lsig <= 0 || (act != NULL && (act->sa_flags & ~SA_NOCLDSTOP) != 0)) {
        errno = EINVAL;
        return -1;
    }
    _sig_func_ptr previous = handlers[sig];
    struct ksigaction k, ko;
    if (act != NULL) {
        int user = act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
        if (user) {
            handlers[sig] = act->sa_handler;
        }
        k.handler = user ? dispatch : act->sa_handler;
        k.flags = L_SA_RESTORER | ((act->sa_flags & SA_NOCLDSTOP) ? L_SA_NOCLDSTOP : 0);
        k.restorer = __az_restore_rt;
        k.mask = mask_to_linux(act->sa_mask);
    }
    if (__az_ret(__AZ_CALL4(SYS_rt_sigaction, lsig, act != NULL ? &k : NULL, &ko, 8)) < 0) {
        handlers[sig] = previous;
        return -1;
    }
    if (old != NULL) {
        old->sa_handler = ko.handler == dispatch ? previous : ko.handler;
        old->sa_mask = mask_from_linux(ko.mask);
        old->sa_flags = (ko.flags & L_SA_NOCLDSTOP) ? SA_NOCLDSTOP : 0;
    }
    return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr handler)
{
    struct sigaction act = {.sa_handler = handler}, old;
    return sigaction(sig, &act, &old) < 0 ? SIG_ERR : old.sa_handler;
}

_sig_func_ptr _signal_r(struct _reent *ptr, int sig, _sig_func_ptr handler)
{
    (void)ptr;
    return signal(sig, handler);
}

int raise(int sig)
{
    return (int)__az_ret(__AZ_CALL3(SYS_tgkill, getpid(), gettid(), __az_signal_to_linux(sig)));
}

int _raise_r(struct _reent *ptr, int sig)
{
    (void)ptr;
    return raise(sig);
}

static long how_to_linux(int how)
{
    return how == SIG_BLOCK ? L_SIG_BLOCK : how == SIG_UNBLOCK ? L_SIG_UNBLOCK : how == SIG_SETMASK ? L_SIG_SETMASK : -1;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
    unsigned long k = set != NULL ? mask_to_linux(*set) : 0, ko = 0;
    long r = __AZ_CALL4(SYS_rt_sigprocmask, set != NULL ? how_to_linux(how) : 0, set != NULL ? &k : NULL, &ko, 8);
    if (r < 0) {
        return (int)-r;
    }
    if (old != NULL) {
        *old = mask_from_linux(ko);
    }
    return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    int r = pthread_sigmask(how, set, old);
    if (r != 0) {
        errno = r;
        return -1;
    }
    return 0;
}

int sigpending(sigset_t *set)
{
    unsigned long k = 0;
    if (__az_ret(__AZ_CALL2(SYS_rt_sigpending, &k, 8)) < 0) {
        return -1;
    }
    *set = mask_from_linux(k);
    return 0;
}

int sigsuspend(const sigset_t *set)
{
    unsigned long k = mask_to_linux(*set);
    return (int)__az_ret(__AZ_CALL2(SYS_rt_sigsuspend, &k, 8));
}

int pause(void)
{
    return (int)__az_ret(__AZ_CALL0(SYS_pause));
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
    return (int)__az_ret(__AZ_CALL3(SYS_setitimer, which, value, old));
}

int getitimer(int which, struct itimerval *value)
{
    return (int)__az_ret(__AZ_CALL2(SYS_getitimer, which, value));
}

unsigned alarm(unsigned seconds)
{
    return (unsigned)__AZ_CALL1(SYS_alarm, seconds);
}
