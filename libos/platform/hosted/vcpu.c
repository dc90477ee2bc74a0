/*
 * vcpu.c: the hosted platform's vCPUs. A vCPU is a host thread pinned to one
 * partition core, with its own per-vCPU data (%gs), host signal stack and
 * Syscall User Dispatch (which a host thread does not inherit). The boot
 * thread is vCPU 0; the others start here and wait for threads to run.
 * Also the platform's part of scheduling: the time-slice timer (a host POSIX
 * timer that signals exactly this vCPU's host thread) and idling on a host
 * futex.
 */
#include "../../core/thread.h"

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define TICK_NS 1000000L

extern struct az_cpu *az_cpus[64];
extern int az_ncpus;
AZ_NORETURN void az_vcpu_run(struct az_cpu *c);

struct k_itimerspec {
    struct k_timespec interval, value;
};

/* The vCPU's data and host signal stack; pinned and with %gs set when `self` is the caller. */
struct az_cpu *az_vcpu_alloc(int index, int host_cpu)
{
    uint64_t size = az_align_up(sizeof(struct az_cpu), AZ_PAGE) + KSTACK_SIZE;
    long m = host6(NR_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m < 0 && m > -4096)
        az_fatal(125, "azalea: cannot allocate vCPU %d (%ld)\n", index, m);
    struct az_cpu *c = (struct az_cpu *)m;
    c->self = c;
    c->index = index;
    c->host_cpu = host_cpu;
    c->in_libos = 1;
    c->sud_selector = SYSCALL_DISPATCH_FILTER_BLOCK;
    c->altstack = (uint64_t)m + az_align_up(sizeof(struct az_cpu), AZ_PAGE);
    az_cpus[index] = c;
    return c;
}

/* Turns Syscall User Dispatch on for the calling vCPU thread: any `syscall`
   outside the libOS's text then raises SIGSYS into the dispatcher. */
static void sud_on(struct az_cpu *c)
{
    long r = host6(NR_prctl, PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, az_boot_info.text_start,
                   az_boot_info.text_end - az_boot_info.text_start, &c->sud_selector, 0);
    if (r < 0)
        az_fatal(125, "azalea: Syscall User Dispatch unavailable (%ld): Linux >= 5.11 is needed "
                      "for the syscalls the rewriter could not prove\n", r);
    c->sud = 1;
}

/* Run on the vCPU's own host thread: %gs, pinning, host signal stack, and SUD when the image needs it. */
void az_vcpu_enter(struct az_cpu *c)
{
    if (host2(NR_arch_prctl, ARCH_SET_GS, c) < 0)
        az_fatal(125, "azalea: cannot set the vCPU's %%gs\n");
    c->host_tid = host0(NR_gettid);
    uint64_t pin = 1ULL << c->host_cpu;
    long r = host3(NR_sched_setaffinity, 0, sizeof pin, &pin);
    if (r < 0)
        az_fatal(125, "azalea: cannot pin to CPU %d (%ld)\n", c->host_cpu, r);
    struct k_stack ss = {c->altstack, 0, 0, KSTACK_SIZE};
    host2(NR_sigaltstack, &ss, 0);
    if (__atomic_load_n(&az_boot_info.sud, __ATOMIC_SEQ_CST))
        sud_on(c);
}

/* Code the program makes executable at run time was never proven: from now on
   every vCPU catches the `syscall`s the rewriter did not see. This one at
   once; the others when their kick arrives (az_vcpu_sud_check). */
void az_sud_require(void)
{
    if (__atomic_exchange_n(&az_boot_info.sud, 1, __ATOMIC_SEQ_CST))
        return;
    sud_on(this_cpu());
    for (int i = 0; i < az_ncpus; i++)
        if (az_cpus[i] != this_cpu() && az_cpus[i]->host_tid)
            host3(NR_tgkill, az_pid_cached, az_cpus[i]->host_tid, AZ_SIG);
}

/* On a vCPU, from its host signal handler: catch up with az_sud_require. */
void az_vcpu_sud_check(struct az_cpu *c)
{
    if (unlikely(!c->sud && __atomic_load_n(&az_boot_info.sud, __ATOMIC_RELAXED)))
        sud_on(c);
}

static void vcpu_main(void *arg)
{
    struct az_cpu *c = arg;
    az_vcpu_enter(c);
    az_vcpu_run(c);
}

/* vCPUs 1..n-1, each on a host thread of its own with a small boot stack. */
void az_vcpus_start(void)
{
    for (int i = 1; i < az_ncpus; i++) {
        struct az_cpu *c = az_cpus[i];
        long m = host6(NR_mmap, 0, KSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m < 0 && m > -4096)
            az_fatal(125, "azalea: cannot start vCPU %d (%ld)\n", i, m);
        long r = az_host_clone((void *)(m + KSTACK_SIZE), vcpu_main, c);
        if (r < 0)
            az_fatal(125, "azalea: cannot start vCPU %d (%ld)\n", i, r);
    }
}

void az_platform_tick(struct az_cpu *c, int on)
{
    if (on == c->tick_on)
        return;
    if (!c->tick_timer) {
        struct k_sigevent ev = {(uint64_t)c, AZ_SIG, SIGEV_THREAD_ID, (int32_t)c->host_tid, {0}};
        int id = 0;
        if (!c->host_tid || host3(222 /* timer_create */, 1 /* CLOCK_MONOTONIC */, &ev, &id) < 0)
            return;
        c->tick_timer = id + 1;
    }
    struct k_itimerspec its = {{0, on ? TICK_NS : 0}, {0, on ? TICK_NS : 0}};
    host4(223 /* timer_settime */, c->tick_timer - 1, 0, &its, 0);
    c->tick_on = on;
}

void az_platform_idle(struct az_cpu *c, uint32_t seq, uint64_t timeout_ns)
{
    struct k_timespec ts = {(int64_t)(timeout_ns / 1000000000ULL), (int64_t)(timeout_ns % 1000000000ULL)};
    host4(NR_futex, &c->idle_seq, FUTEX_WAIT_PRIVATE, seq, timeout_ns ? &ts : 0);
}

void az_platform_wake(struct az_cpu *c)
{
    host3(NR_futex, &c->idle_seq, FUTEX_WAKE_PRIVATE, 1);
}
