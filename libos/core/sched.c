/*
 * sched.c: libOS threads and the per-vCPU scheduler.
 *
 * Each vCPU has its own run queue (round-robin, FIFO) and its own sleepers
 * (threads with a deadline, sorted). A thread is placed at creation on the
 * vCPU with the fewest threads and stays there (migration rule: none; see
 * thread.h for why). With no more threads than cores every thread owns its
 * core: nothing else is queued there, no time-slice timer is armed, and it is
 * never preempted. With more, the vCPU's host timer ticks every TICK_NS and a
 * thread that has used its slice goes to the back of the queue at the next
 * safe point (a system call exit, or application code interrupted by the tick).
 *
 * Safe points run in the libOS on the current thread's stack: they take in the
 * signals the host handler recorded, wake expired sleepers and reschedule.
 * An idle vCPU waits on a host futex (its idle_seq) with the earliest
 * deadline as timeout; whoever queues work for it bumps idle_seq and wakes it.
 */
#include "thread.h"
#include <azalea/image.h>
#include <azalea/trampoline.h>

#define TICK_NS 1000000ULL
#define SLICE_NS 4000000ULL
#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_PIDFD 0x1000
#define CLONE_PTRACE 0x2000
#define CLONE_VFORK 0x4000
#define CLONE_PARENT 0x8000
#define CLONE_THREAD 0x10000
#define CLONE_SYSVSEM 0x40000
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_CLEARTID 0x200000
#define CLONE_DETACHED 0x400000
#define CLONE_CHILD_SETTID 0x1000000
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)
#define ALLOWED_FLAGS (THREAD_FLAGS | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                       CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_CHILD_SETTID)

void az_switch(uint64_t *save_ksp, uint64_t load_ksp, void *save_fp, void *load_fp);
void az_fp_save(void *area);
AZ_NORETURN void az_thread_first_run(void);
static struct az_thread *idle_thread_for(struct az_cpu *c);
static void stop_clock(struct az_thread *t);
static void start_clock(struct az_thread *t);
long az_unsupported(long nr);
void az_platform_tick(struct az_cpu *c, int on);
void az_platform_idle(struct az_cpu *c, uint32_t seq, uint64_t timeout_ns);
void az_platform_wake(struct az_cpu *c);
void az_robust_exit(struct az_thread *t);
long sys_clock_gettime(long clock, long ts, long c, long d, long e, long f);

struct az_cpu *az_cpus[64];
int az_ncpus;
uint32_t az_fpstate_size;
static uint32_t xsave_size;

static struct az_lock threads_lock;
static struct az_thread *all_threads, *free_threads;
static int live_threads;
static long next_tid;

struct az_thread *az_current(void) { return this_cpu()->current; }
struct az_frame *az_frame(struct az_thread *t) { return (struct az_frame *)(t->kstack_top - FRAME_SIZE); }

/* The application's registers a rewritten site's entry saved, as ucontext
   registers resuming after the call (in the trampoline, past the red-zone
   step back); rax, the result, is the caller's to set. */
void az_frame_gregs(const struct az_frame *f, uint64_t *g)
{
    g[REG_R8] = f->r8; g[REG_R9] = f->r9; g[REG_R10] = f->r10;
    g[REG_R12] = f->r12; g[REG_R13] = f->r13; g[REG_R14] = f->r14; g[REG_R15] = f->r15;
    g[REG_RDI] = f->rdi; g[REG_RSI] = f->rsi; g[REG_RBP] = f->rbp; g[REG_RBX] = f->rbx;
    g[REG_RDX] = f->rdx;
    g[REG_RSP] = f->app_rsp + AZ_ENTRY_APP_RSP_OFFSET;
    g[REG_RIP] = f->ret + AZ_TRAMPOLINE_RESUME_LEN;
    g[REG_EFL] = 0x202;
    g[REG_RCX] = g[REG_RIP]; /* as `syscall` leaves them */
    g[REG_R11] = g[REG_EFL];
}
int az_thread_count(void) { return __atomic_load_n(&live_threads, __ATOMIC_RELAXED); }
void az_threads_lock(void) { az_lock(&threads_lock); }
void az_threads_unlock(void) { az_unlock(&threads_lock); }
struct az_thread *az_threads_first(void) { return all_threads; }

uint64_t az_now(void)
{
    struct k_timespec ts;
    sys_clock_gettime(1 /* CLOCK_MONOTONIC */, (long)&ts, 0, 0, 0, 0);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t rdfsbase(void)
{
    uint64_t v;
    __asm__ volatile("rdfsbase %0" : "=r"(v));
    return v;
}

static void wrfsbase(uint64_t v) { __asm__ volatile("wrfsbase %0" ::"r"(v) : "memory"); }

static uint32_t cpuid_ebx(uint32_t leaf, uint32_t sub)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(sub));
    return b;
}

/* One host mapping per thread: [libOS stack][struct az_thread][xsave area][fpstate area].
   Freed threads are kept for reuse (thread create+join is a benchmark). */
static struct az_thread *thread_alloc(void)
{
    az_lock(&threads_lock);
    struct az_thread *t = free_threads;
    if (t)
        free_threads = t->next;
    az_unlock(&threads_lock);
    uint64_t base, size;
    if (t) {
        base = t->map_base;
        size = t->map_size;
    } else {
        size = KSTACK_SIZE + az_align_up(sizeof *t, 64) + az_align_up(xsave_size, 64) + az_fpstate_size;
        size = az_align_up(size, AZ_PAGE);
        long m = host6(NR_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m < 0 && m > -4096)
            return 0;
        base = (uint64_t)m;
        t = (struct az_thread *)(base + KSTACK_SIZE);
    }
    memset(t, 0, sizeof *t);
    t->map_base = base;
    t->map_size = size;
    t->kstack_top = base + KSTACK_SIZE;
    t->xsave = (uint8_t *)az_align_up((uint64_t)(t + 1), 64);
    t->fpstate = t->xsave + az_align_up(xsave_size, 64);
    t->in_libos = 1;
    t->wake_reason = WAKE_NORMAL; /* not waiting: a stray wake finds nothing to do */
    t->altstack.flags = 2; /* SS_DISABLE */
    return t;
}

static void link_thread(struct az_thread *t)
{
    az_lock(&threads_lock);
    t->tid = next_tid++;
    t->all_next = all_threads;
    if (all_threads)
        all_threads->all_prev = t;
    all_threads = t;
    live_threads++;
    az_unlock(&threads_lock);
}

struct az_thread *az_thread_by_tid(long tid)
{
    for (struct az_thread *t = all_threads; t; t = t->all_next)
        if (t->tid == tid)
            return t;
    return 0;
}

void az_sched_init(struct az_cpu *boot)
{
    xsave_size = cpuid_ebx(0xd, 0);
    az_fpstate_size = (uint32_t)az_align_up(xsave_size + 4, 64);
    struct az_thread *t = thread_alloc();
    if (!t)
        az_fatal(70, "azalea: cannot allocate the main thread\n");
    next_tid = az_tid_cached;
    t->cpu = boot;
    t->state = T_RUNNING;
    t->fsbase = rdfsbase();
    t->affinity = az_boot_info.cpu_mask;
    start_clock(t);
    link_thread(t);
    boot->idle_thread = idle_thread_for(boot);
    boot->current = t;
    boot->kstack = t->kstack_top;
    boot->nthreads = 1;
}

/* --- run queues ------------------------------------------------------------ */

static void rq_push(struct az_cpu *c, struct az_thread *t)
{
    t->next = 0;
    if (c->run_tail)
        c->run_tail->next = t;
    else
        c->run_head = t;
    c->run_tail = t;
}

static struct az_thread *rq_pop(struct az_cpu *c)
{
    struct az_thread *t = c->run_head;
    if (t) {
        c->run_head = t->next;
        if (!c->run_head)
            c->run_tail = 0;
    }
    return t;
}

/* Wakes a vCPU that may be idle, so it looks at its queue. */
void az_cpu_nudge(struct az_cpu *c)
{
    if (c == this_cpu() || !__atomic_load_n(&c->idle, __ATOMIC_SEQ_CST))
        return;
    __atomic_add_fetch(&c->idle_seq, 1, __ATOMIC_SEQ_CST);
    az_platform_wake(c);
}

/* Queues t on its vCPU and nudges that vCPU. */
static void make_runnable(struct az_thread *t)
{
    struct az_cpu *c = t->cpu;
    az_lock(&c->lock);
    t->state = T_RUNNABLE;
    rq_push(c, t);
    az_unlock(&c->lock);
    az_cpu_nudge(c);
}

int az_wake(struct az_thread *t, int reason)
{
    int none = WAKE_NONE;
    if (!__atomic_compare_exchange_n(&t->wake_reason, &none, reason, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return 0;
    make_runnable(t);
    return 1;
}

/* --- sleepers --------------------------------------------------------------- */

static void sleepers_insert(struct az_cpu *c, struct az_thread *t)
{
    az_lock(&c->lock);
    struct az_thread **p = &c->sleepers;
    while (*p && (*p)->deadline <= t->deadline)
        p = &(*p)->sleep_next;
    t->sleep_next = *p;
    *p = t;
    t->sleeping = 1;
    az_unlock(&c->lock);
}

void az_sleepers_remove(struct az_thread *t)
{
    struct az_cpu *c = t->cpu;
    az_lock(&c->lock);
    if (t->sleeping) {
        struct az_thread **p = &c->sleepers;
        while (*p != t)
            p = &(*p)->sleep_next;
        *p = t->sleep_next;
        t->sleeping = 0;
    }
    az_unlock(&c->lock);
}

static void expire_sleepers(struct az_cpu *c)
{
    if (!c->sleepers)
        return;
    uint64_t now = az_now();
    for (;;) {
        az_lock(&c->lock);
        struct az_thread *t = c->sleepers;
        if (!t || t->deadline > now) {
            az_unlock(&c->lock);
            return;
        }
        c->sleepers = t->sleep_next;
        t->sleeping = 0;
        az_unlock(&c->lock);
        az_wake(t, WAKE_TIMEOUT);
    }
}

/* --- switching --------------------------------------------------------------- */

static void finish_switch(struct az_cpu *c)
{
    struct az_thread *moved = c->migrating;
    if (moved && moved != c->current) {
        c->migrating = 0;
        make_runnable(moved);
    }
    struct az_thread *dead = c->dead;
    if (dead && dead != c->current) {
        c->dead = 0;
        az_lock(&threads_lock);
        dead->next = free_threads;
        free_threads = dead;
        az_unlock(&threads_lock);
    }
}

static void switch_to(struct az_cpu *c, struct az_thread *cur, struct az_thread *next)
{
    cur->in_libos = c->in_libos;
    cur->fsbase = rdfsbase();
    next->state = T_RUNNING;
    c->current = next;
    c->kstack = next->kstack_top;
    c->in_libos = next->in_libos;
    start_clock(next);
    c->slice_end = az_now() + SLICE_NS;
    wrfsbase(next->fsbase);
    if (az_signal_deliverable(next))
        __atomic_or_fetch(&c->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    az_switch(&cur->ksp, next->ksp, cur->xsave, next->xsave);
    finish_switch(this_cpu());
}

/* CPU time. Until the application first reads a thread CPU clock, a thread's
   time is the time it is current on its vCPU (a vDSO read per switch). From
   then on it is what the host charges the vCPU's thread while the thread is
   current (a host clock read per switch, which only programs that use these
   clocks pay): exact even when the host runs other work on the core. */
static int precise_cpu_clocks;

static uint64_t vcpu_cputime(const struct az_cpu *c)
{
    struct k_timespec ts;
    long clock = c == this_cpu() ? 3 /* CLOCK_THREAD_CPUTIME_ID */ : ((~c->host_tid) << 3) | 6;
    if (host2(NR_clock_gettime, clock, &ts) < 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* The clock a new interval begins on. */
static uint64_t run_clock(const struct az_cpu *c, int *precise)
{
    *precise = __atomic_load_n(&precise_cpu_clocks, __ATOMIC_RELAXED);
    return *precise ? vcpu_cputime(c) : az_now();
}

static void start_clock(struct az_thread *t)
{
    int precise;
    t->run_start = run_clock(t->cpu, &precise);
    t->run_precise = precise;
}

/* How long t has been current: on the clock its interval began on; an
   interval begun before the clocks became exact counts wall time up to then
   and the vCPU's host CPU time after. */
static uint64_t running_for(const struct az_thread *t)
{
    const struct az_cpu *c = t->cpu;
    if (!t->run_start)
        return 0;
    if (t->run_precise) {
        uint64_t now = vcpu_cputime(c);
        return now > t->run_start ? now - t->run_start : 0;
    }
    if (!__atomic_load_n(&precise_cpu_clocks, __ATOMIC_ACQUIRE)) {
        uint64_t now = az_now();
        return now > t->run_start ? now - t->run_start : 0;
    }
    uint64_t before = c->wall_base > t->run_start ? c->wall_base - t->run_start : 0, now = vcpu_cputime(c);
    return before + (now > c->cpu_base ? now - c->cpu_base : 0);
}

/* The first read of a thread CPU clock: every vCPU's bases, then exact switches. */
static void make_cpu_clocks_exact(void)
{
    static struct az_lock once;
    az_lock(&once);
    if (!precise_cpu_clocks) {
        for (int i = 0; i < az_ncpus; i++) {
            az_cpus[i]->cpu_base = vcpu_cputime(az_cpus[i]);
            az_cpus[i]->wall_base = az_now();
        }
        __atomic_store_n(&precise_cpu_clocks, 1, __ATOMIC_RELEASE);
    }
    az_unlock(&once);
}

static void stop_clock(struct az_thread *t)
{
    t->cpu_ns += running_for(t);
    t->run_start = 0;
}

#define CLOCK_THREAD_CPUTIME_ID 3
/* CLOCK_THREAD_CPUTIME_ID and the per-thread clocks of pthread_getcpuclockid
   ((~tid << 3) | 6); returns 1 when clock is one of them. */
long az_thread_cpu_time(long clock, struct k_timespec *ts)
{
    struct az_thread *t = 0;
    if (clock == CLOCK_THREAD_CPUTIME_ID) {
        t = az_current();
    } else if (clock < 0 && (clock & 7) == 6) {
        az_threads_lock();
        t = az_thread_by_tid(~(clock >> 3));
        az_threads_unlock();
        if (!t)
            return -EINVAL;
    } else {
        return 1;
    }
    if (!__atomic_load_n(&precise_cpu_clocks, __ATOMIC_ACQUIRE))
        make_cpu_clocks_exact();
    uint64_t ns = t->cpu_ns + running_for(t);
    ts->tv_sec = (int64_t)(ns / 1000000000ULL);
    ts->tv_nsec = (int64_t)(ns % 1000000000ULL);
    return 0;
}

/* What every safe point does first: signals the host handler recorded, timers. */
static void cpu_chores(struct az_cpu *c)
{
    if (c->incoming.set)
        az_signal_take_incoming(c);
    expire_sleepers(c);
}

/* Runs the next runnable thread; the current one has already been queued,
   marked blocked or dead. Returns when the current thread runs again. */
static void schedule(void)
{
    struct az_cpu *c = this_cpu();
    struct az_thread *cur = c->current, *next;
    stop_clock(cur);
    for (;;) {
        cpu_chores(c);
        az_lock(&c->lock);
        next = rq_pop(c);
        uint64_t deadline = c->sleepers ? c->sleepers->deadline : 0;
        uint32_t seq = c->idle_seq;
        az_unlock(&c->lock);
        if (next)
            break;
        if (c->migrating == cur) {
            next = c->idle_thread; /* leave cur's stack: its new vCPU may run it now */
            break;
        }
        __atomic_store_n(&c->idle, 1, __ATOMIC_SEQ_CST);
        az_lock(&c->lock);
        int empty = !c->run_head;
        az_unlock(&c->lock);
        if (empty && !c->incoming.set) {
            uint64_t now = az_now();
            if (!deadline || deadline > now)
                az_platform_idle(c, seq, deadline ? deadline - now : 0);
        }
        __atomic_store_n(&c->idle, 0, __ATOMIC_SEQ_CST);
    }
    if (next == cur) {
        cur->state = T_RUNNING;
        start_clock(cur);
        return;
    }
    switch_to(c, cur, next);
}

/* Readies t's libOS stack so that the first az_switch into it enters fn:
   six zero callee-saved registers, then fn as the return address, leaving
   rsp as a C function expects it on entry (8 past a 16-byte boundary). */
static void first_switch_into(struct az_thread *t, AZ_NORETURN void (*fn)(void))
{
    uint64_t *sp = (uint64_t *)(t->kstack_top - FRAME_SIZE - 64);
    memset(sp, 0, 6 * 8);
    sp[6] = (uint64_t)fn;
    t->ksp = (uint64_t)sp;
}

/* A vCPU's idle thread: never runnable; switched to only when the last
   thread here migrates away, so that no vCPU idles on a thread's stack
   another vCPU may resume. */
static AZ_NORETURN void idle_loop(void)
{
    finish_switch(this_cpu());
    for (;;)
        az_block();
}

static struct az_thread *idle_thread_for(struct az_cpu *c)
{
    struct az_thread *t = thread_alloc();
    if (!t)
        az_fatal(70, "azalea: cannot allocate vCPU %d's idle thread\n", c->index);
    t->cpu = c;
    t->state = T_BLOCKED;
    az_fp_save(t->xsave);
    first_switch_into(t, idle_loop);
    return t;
}

/* Moves the current thread to vCPU `to`: it is queued there once this vCPU has left its stack. */
static void migrate_self(struct az_cpu *to)
{
    struct az_cpu *c = this_cpu();
    struct az_thread *t = c->current;
    if (to == c)
        return;
    az_lock(&threads_lock);
    int here = --c->nthreads, there = ++to->nthreads;
    az_unlock(&threads_lock);
    if (here == 1)
        az_platform_tick(c, 0);
    if (there == 2)
        az_platform_tick(to, 1);
    t->cpu = to;
    t->state = T_RUNNABLE;
    c->migrating = t;
    schedule();
}

static struct az_cpu *cpu_in(uint64_t mask)
{
    for (int i = 0; i < az_ncpus; i++)
        if (mask & (1ULL << az_cpus[i]->host_cpu))
            return az_cpus[i];
    return 0;
}

/* A thread whose affinity no longer includes its vCPU moves at its next safe point. */
static void follow_affinity(struct az_thread *t)
{
    if (!(t->affinity & (1ULL << t->cpu->host_cpu)))
        migrate_self(cpu_in(t->affinity));
}

long sys_sched_getaffinity(long pid, long size, long mask, long d, long e, long f)
{
    if (size < 8 || (size & 7))
        return -EINVAL;
    az_threads_lock();
    struct az_thread *t = pid ? az_thread_by_tid(pid) : az_current();
    uint64_t set = t ? t->affinity : 0;
    az_threads_unlock();
    if (!t) /* none of the image's threads: another process, Linux answers */
        return host3(NR_sched_getaffinity, pid, size, mask);
    memset((void *)mask, 0, (size_t)size);
    *(uint64_t *)mask = set;
    return 8;
}

/* Threads stay on the partition's cores: a set that leaves none is refused.
   Another process's affinity is Linux's to set, unmasked. */
long sys_sched_setaffinity(long pid, long size, long mask, long d, long e, long f)
{
    if (size < 8)
        return -EINVAL;
    az_threads_lock();
    struct az_thread *t = pid ? az_thread_by_tid(pid) : az_current();
    uint64_t set = *(const uint64_t *)mask & az_boot_info.cpu_mask;
    if (t && set)
        t->affinity = set;
    az_threads_unlock();
    if (!t)
        return host3(NR_sched_setaffinity, pid, size, mask);
    if (!set)
        return -EINVAL;
    if (t == az_current())
        follow_affinity(t);
    return 0;
}

void az_block(void)
{
    struct az_thread *t = az_current();
    t->state = T_BLOCKED;
    schedule();
}

void az_yield(void)
{
    struct az_cpu *c = this_cpu();
    struct az_thread *t = c->current;
    az_lock(&c->lock);
    int alone = !c->run_head;
    if (!alone) {
        t->state = T_RUNNABLE;
        rq_push(c, t);
    }
    az_unlock(&c->lock);
    if (!alone)
        schedule();
    c = this_cpu();
    c->slice_end = az_now() + SLICE_NS;
}

/* The safe point: chores, then a switch if the slice is used up or asked for. */
void az_safe_point(void)
{
    struct az_cpu *c = this_cpu();
    uint64_t w = __atomic_exchange_n(&c->work, 0, __ATOMIC_SEQ_CST);
    cpu_chores(c);
    if (c->run_head && ((w & WORK_RESCHED) || az_now() >= c->slice_end))
        az_yield();
    follow_affinity(az_current());
    if (az_signal_deliverable(az_current()))
        __atomic_or_fetch(&this_cpu()->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
}

/* The tick, from the host handler (no locks may be taken here): ask for a safe point. */
void az_tick(struct az_cpu *c)
{
    if (c->run_head || c->sleepers)
        __atomic_or_fetch(&c->work, WORK_RESCHED, __ATOMIC_SEQ_CST);
}

/* Blocks the current thread until the deadline (monotonic ns), a signal, or
   (for a caller that registered it elsewhere first, with wake_reason already
   WAKE_NONE) a wake-up from there: the reason is never reset here, so a wake
   that came before cannot be lost or counted twice. */
long az_block_until(uint64_t deadline)
{
    struct az_thread *t = az_current();
    t->wait_kind = WAIT_INTERRUPTIBLE;
    t->deadline = deadline;
    sleepers_insert(t->cpu, t);
    if (az_wait_sees_signal(t))
        az_wake(t, WAKE_SIGNAL);
    az_block();
    t->wait_kind = WAIT_NONE;
    az_sleepers_remove(t);
    return t->wake_reason == WAKE_SIGNAL ? -EINTR : 0;
}

long az_sleep_until(uint64_t deadline)
{
    az_current()->wake_reason = WAKE_NONE;
    return az_block_until(deadline);
}

long sys_sched_yield(long a, long b, long c, long d, long e, long f)
{
    az_yield();
    return 0;
}

/* --- thread life ------------------------------------------------------------- */

/* The vCPU with the fewest threads among those the thread may use. */
static struct az_cpu *least_loaded(uint64_t affinity)
{
    struct az_cpu *best = 0;
    for (int i = 0; i < az_ncpus; i++)
        if ((affinity & (1ULL << az_cpus[i]->host_cpu)) && (!best || az_cpus[i]->nthreads < best->nthreads))
            best = az_cpus[i];
    return best ? best : az_cpus[0];
}

static void place(struct az_thread *t)
{
    az_lock(&threads_lock);
    struct az_cpu *c = least_loaded(t->affinity);
    int n = ++c->nthreads;
    az_unlock(&threads_lock);
    t->cpu = c;
    if (n == 2)
        az_platform_tick(c, 1);
}

/* The child's first registers: the parent's at the site, rax = 0, its own stack. */
static void child_context(struct az_thread *parent, struct az_thread *child, uint64_t newsp)
{
    struct az_frame *f = az_frame(parent);
    struct k_ucontext *uc = &child->ctx;
    uint64_t *g = uc->gregs;
    if (f->trap_uc) {
        memcpy(g, f->trap_uc->gregs, sizeof uc->gregs);
        g[REG_RCX] = g[REG_RIP];
        g[REG_R11] = g[REG_EFL];
    } else {
        az_frame_gregs(f, g);
    }
    g[REG_RAX] = 0;
    if (newsp)
        g[REG_RSP] = newsp;
    az_fpstate_capture(child->fpstate);
    uc->fpstate = (uint64_t)child->fpstate;
    az_fp_save(child->xsave);
    first_switch_into(child, az_thread_first_run);
}

static long clone_thread(uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    if ((flags & THREAD_FLAGS) != THREAD_FLAGS || (flags & ~(uint64_t)ALLOWED_FLAGS))
        return az_unsupported(56);
    struct az_thread *parent = az_current(), *child = thread_alloc();
    if (!child)
        return -EAGAIN;
    child->sigmask = parent->sigmask;
    child->affinity = parent->affinity;
    child->fsbase = (flags & CLONE_SETTLS) ? tls : rdfsbase();
    if (flags & CLONE_CHILD_CLEARTID)
        child->clear_tid = ctid;
    child_context(parent, child, newsp);
    link_thread(child);
    if (flags & CLONE_PARENT_SETTID)
        *(uint32_t *)ptid = (uint32_t)child->tid;
    if (flags & CLONE_CHILD_SETTID)
        *(uint32_t *)ctid = (uint32_t)child->tid;
    place(child);
    child->wake_reason = WAKE_NONE;
    az_wake(child, WAKE_NORMAL);
    return child->tid;
}

long sys_clone(long flags, long newsp, long ptid, long ctid, long tls, long f)
{
    return clone_thread((uint64_t)flags, (uint64_t)newsp, (uint64_t)ptid, (uint64_t)ctid, (uint64_t)tls);
}

struct clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

long sys_clone3(long args, long size, long c, long d, long e, long f)
{
    if ((uint64_t)size < sizeof(struct clone_args))
        return -EINVAL;
    const struct clone_args *a = (const struct clone_args *)args;
    if (a->exit_signal)
        return az_unsupported(435);
    uint64_t sp = a->stack ? a->stack + a->stack_size : 0;
    return clone_thread(a->flags, sp, a->parent_tid, a->child_tid, a->tls);
}

/* A new thread's first run, on its own libOS stack. */
AZ_NORETURN void az_thread_first_run(void)
{
    struct az_cpu *c = this_cpu();
    finish_switch(c);
    az_resume_app(&c->current->ctx);
}

long sys_set_tid_address(long ptr, long b, long c, long d, long e, long f)
{
    struct az_thread *t = az_current();
    t->clear_tid = (uint64_t)ptr;
    return t->tid;
}

long sys_set_robust_list(long head, long len, long c, long d, long e, long f)
{
    if (len != 24)
        return -EINVAL;
    az_current()->robust_list = (uint64_t)head;
    return 0;
}

long sys_get_robust_list(long tid, long head, long len, long d, long e, long f)
{
    az_threads_lock();
    struct az_thread *t = tid ? az_thread_by_tid(tid) : az_current();
    uint64_t h = t ? t->robust_list : 0;
    az_threads_unlock();
    if (!t)
        return -ESRCH;
    *(uint64_t *)head = h;
    *(uint64_t *)len = 24;
    return 0;
}

long sys_gettid(long a, long b, long c, long d, long e, long f) { return az_current()->tid; }

/* A thread's end: robust futexes, the clear-tid wake, and the last one ends the process. */
long sys_exit(long status, long b, long c, long d, long e, long f)
{
    struct az_cpu *cpu = this_cpu();
    struct az_thread *t = cpu->current;
    az_robust_exit(t);
    az_signal_thread_exit(t);
    if (t->clear_tid) {
        *(volatile uint32_t *)t->clear_tid = 0;
        az_futex_wake(t->clear_tid | 1 /* shared, as Linux's */, 1, ~0u);
    }
    az_lock(&threads_lock);
    if (t->all_prev)
        t->all_prev->all_next = t->all_next;
    else
        all_threads = t->all_next;
    if (t->all_next)
        t->all_next->all_prev = t->all_prev;
    int left = --live_threads;
    int here = --cpu->nthreads;
    az_unlock(&threads_lock);
    if (left == 0)
        host1(NR_exit_group, status);
    if (here == 1)
        az_platform_tick(cpu, 0);
    t->state = T_DEAD;
    cpu->dead = t;
    schedule();
    __builtin_unreachable();
}

long sys_exit_group(long status, long b, long c, long d, long e, long f)
{
    host1(NR_exit_group, status);
    __builtin_unreachable();
}

/* A secondary vCPU's boot thread: not an application thread; it blocks for
   good, and the vCPU runs whatever is queued for it. */
AZ_NORETURN void az_vcpu_run(struct az_cpu *c)
{
    struct az_thread *t = thread_alloc();
    if (!t)
        az_fatal(70, "azalea: cannot start vCPU %d\n", c->index);
    t->cpu = c;
    t->state = T_RUNNING;
    c->current = t;
    c->kstack = t->kstack_top;
    c->idle_thread = t;
    for (;;)
        az_block();
}

/* rseq: the registration is the libOS thread's. A thread never changes vCPU,
   so its cpu_id is written once; a critical section a signal or a preemption
   interrupts is aborted (signal.c, az_rseq_abort). */
struct k_rseq {
    uint32_t cpu_id_start, cpu_id;
    uint64_t rseq_cs;
    uint32_t flags, node_id, mm_cid;
};

long sys_rseq(long area, long len, long flags, long sig, long e, long f)
{
    struct az_thread *t = az_current();
    if (flags & 1) {
        if (!t->rseq || (uint64_t)area != t->rseq || (uint32_t)len != t->rseq_len)
            return -EINVAL;
        if ((uint32_t)sig != t->rseq_sig)
            return -EPERM;
        t->rseq = 0;
        return 0;
    }
    if (flags)
        return -EINVAL;
    if (t->rseq) {
        if ((uint64_t)area != t->rseq || (uint32_t)len != t->rseq_len)
            return -EINVAL;
        return (uint32_t)sig != t->rseq_sig ? -EPERM : -EBUSY;
    }
    if (len < 32 || (area & 31))
        return -EINVAL;
    struct k_rseq *r = (struct k_rseq *)area;
    r->cpu_id_start = r->cpu_id = (uint32_t)t->cpu->host_cpu;
    r->node_id = 0;
    t->rseq = (uint64_t)area;
    t->rseq_len = (uint32_t)len;
    t->rseq_sig = (uint32_t)sig;
    return 0;
}

void az_rseq_abort(struct az_thread *t, uint64_t *rip)
{
    if (!t->rseq)
        return;
    struct k_rseq *r = (struct k_rseq *)t->rseq;
    const uint64_t *cs = (const uint64_t *)r->rseq_cs;
    if (!cs)
        return;
    /* struct rseq_cs: version/flags, start_ip, post_commit_offset, abort_ip */
    if (*rip - cs[1] < cs[2])
        *rip = cs[3];
    r->rseq_cs = 0;
}

long sys_getcpu(long cpu, long node, long c, long d, long e, long f)
{
    if (cpu)
        *(uint32_t *)cpu = (uint32_t)az_current()->cpu->host_cpu;
    if (node)
        *(uint32_t *)node = 0;
    return 0;
}
