/*
 * signal.c: signals for a single-threaded image on the hosted platform.
 *
 * The host kernel delivers signals to the image's process and builds the
 * frames, so the frame an application handler sees is Linux's own. The libOS
 * stands in between where it must:
 *   - every application handler is installed on the host as az_signal_entry,
 *     which defers a signal that arrives while libOS code runs (it is queued
 *     again, with its siginfo, when the vCPU leaves the libOS; an interrupted
 *     host call returns EINTR or restarts per the handler's SA_RESTART);
 *   - SIGSYS belongs to the trap fallback (Syscall User Dispatch); the
 *     application's SIGSYS disposition and mask bit are kept here, virtually;
 *   - a fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) inside libOS text is a
 *     libOS crash, reported as such (fault.c), never passed to the application;
 *     a fault in the application with the default disposition is re-raised with
 *     the default action so the process ends with Linux's wait status.
 */
#include "az.h"

void az_signal_entry(void);
void az_sigsys_entry(void);
void az_signal_restorer(void);
void az_entry_rt_sigreturn(void);
AZ_NORETURN void az_libos_crash(int sig, const struct k_siginfo *info, const struct k_ucontext *uc);

#define BIT(sig) (1ULL << ((sig) - 1))
#define FAULTS (BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGFPE) | BIT(SIGILL) | BIT(SIGTRAP))

static struct k_sigaction app_act[NSIG + 1];
static uint64_t app_sigsys_blocked;

static long host_sigaction(int sig, uint64_t handler, uint64_t flags, uint64_t restorer, uint64_t mask)
{
    struct k_sigaction act = {handler, flags, restorer, mask & ~BIT(SIGSYS)};
    return host4(NR_rt_sigaction, sig, &act, 0, 8);
}

static void install_libos_handler(int sig, uint64_t flags, uint64_t mask)
{
    host_sigaction(sig, (uint64_t)az_signal_entry, flags | SA_SIGINFO | SA_RESTORER,
                   (uint64_t)az_signal_restorer, mask);
}

void az_signal_init(void)
{
    /* NODEFER: a handler run from inside the SIGSYS frame (a deferred signal) may trap again. */
    long r = host_sigaction(SIGSYS, (uint64_t)az_sigsys_entry, SA_SIGINFO | SA_RESTORER | SA_NODEFER,
                            (uint64_t)az_signal_restorer, 0);
    if (r < 0)
        az_fatal(70, "azalea: cannot install the SIGSYS handler (%ld)\n", r);
    for (int sig = 1; sig <= NSIG; sig++)
        if (FAULTS & BIT(sig))
            install_libos_handler(sig, 0, 0);
}

static int in_libos_text(uint64_t pc)
{
    return pc >= az_boot_info.text_start && pc < az_boot_info.text_end;
}

/* Called by az_signal_entry on the signal's frame: the handler to run, or 0. */
uint64_t az_signal_route(int sig, struct k_siginfo *info, struct k_ucontext *uc)
{
    struct az_cpu *c = this_cpu();
    int fault = (FAULTS & BIT(sig)) && info->si_code > 0;
    if (fault && in_libos_text(uc->gregs[REG_RIP]))
        az_libos_crash(sig, info, uc);
    if (c->in_libos) {
        c->pending_info[sig - 1] = *info;
        c->pending |= BIT(sig);
        return 0;
    }
    struct k_sigaction *a = &app_act[sig];
    if (a->handler == SIG_IGN)
        return 0;
    if (a->handler == SIG_DFL) {
        /* Only faults and SIGSYS get here with the default disposition: let the
           host's default action end the process as Linux would. */
        host_sigaction(sig, SIG_DFL, 0, 0, 0);
        if (!fault)
            host4(NR_rt_tgsigqueueinfo, az_pid_cached, az_tid_cached, sig, info);
        return 0;
    }
    uint64_t handler = a->handler;
    if (a->flags & SA_RESETHAND)
        a->handler = SIG_DFL;
    return handler;
}

/* Queues again what was deferred while the vCPU was in the libOS; the host
   delivers it now, outside the libOS. */
void az_signal_redeliver(void)
{
    struct az_cpu *c = this_cpu();
    while (c->pending) {
        int sig = __builtin_ctzll(c->pending) + 1;
        c->pending &= ~BIT(sig);
        host4(NR_rt_tgsigqueueinfo, az_pid_cached, az_tid_cached, sig, &c->pending_info[sig - 1]);
    }
}

long sys_rt_sigaction(long sig, long act, long oact, long size, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    if (sig < 1 || sig > NSIG || ((sig == SIGKILL || sig == SIGSTOP) && act))
        return -EINVAL;
    struct k_sigaction old = app_act[sig];
    if (act) {
        struct k_sigaction n = *(const struct k_sigaction *)act;
        long r = 0;
        if (sig == SIGSYS)
            r = 0;
        else if (n.handler != SIG_DFL && n.handler != SIG_IGN)
            r = host_sigaction(sig, (uint64_t)az_signal_entry, n.flags | SA_SIGINFO | SA_RESTORER,
                               (n.flags & SA_RESTORER) ? n.restorer : (uint64_t)az_signal_restorer, n.mask);
        else if ((FAULTS & BIT(sig)) && n.handler == SIG_DFL)
            install_libos_handler(sig, 0, n.mask);
        else
            r = host_sigaction(sig, n.handler, n.flags, n.restorer, n.mask);
        if (r < 0)
            return r;
        app_act[sig] = n;
    }
    if (oact)
        *(struct k_sigaction *)oact = old;
    return 0;
}

long sys_rt_sigprocmask(long how, long set, long oset, long size, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    uint64_t host_set = 0, old = 0;
    if (set)
        host_set = *(const uint64_t *)set & ~BIT(SIGSYS);
    long r = host4(NR_rt_sigprocmask, how, set ? &host_set : 0, &old, 8);
    if (r < 0)
        return r;
    uint64_t was = app_sigsys_blocked;
    if (set) {
        uint64_t want = *(const uint64_t *)set & BIT(SIGSYS);
        if (how == SIG_BLOCK)
            app_sigsys_blocked |= want;
        else if (how == SIG_UNBLOCK)
            app_sigsys_blocked &= ~want;
        else
            app_sigsys_blocked = want;
    }
    if (oset)
        *(uint64_t *)oset = (old & ~BIT(SIGSYS)) | was;
    return 0;
}

long sys_sigaltstack(long ss, long old, long c, long d, long e, long f)
{
    return host2(NR_sigaltstack, ss, old);
}

/* Reached through the generic entry when a site's number was not proven:
   the frame is at the application's stack pointer, as for the dedicated entry. */
long sys_rt_sigreturn(long a, long b, long c, long d, long e, long f)
{
    struct az_cpu *cpu = this_cpu();
    cpu->in_libos--;
    __asm__ volatile("mov %0, %%rsp\n\tjmp az_entry_rt_sigreturn" ::"r"(cpu->app_rsp));
    __builtin_unreachable();
}

long sys_kill(long pid, long sig, long c, long d, long e, long f)
{
    return host2(NR_kill, pid, sig);
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f)
{
    return host3(NR_tgkill, tgid, tid, sig);
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f)
{
    return host2(200, tid, sig);
}
