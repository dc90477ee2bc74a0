/*
 * thread.h: libOS threads. Every application thread is one struct az_thread,
 * placed on one vCPU (its run queue) for its whole life: a thread never
 * migrates, so its run queue is only ever consumed by that vCPU and a wake-up
 * from anywhere is "put it on its vCPU's queue, nudge the vCPU".
 *
 * Blocking protocol (futex, sleep, sigwait, offloaded calls): the thread sets
 * wake_reason = 0, registers where wakers find it, calls az_block(); a waker
 * claims it with az_wake(), which only the first caller wins (cmpxchg on
 * wake_reason), so a thread is never queued twice. After az_block() returns,
 * the thread itself cleans up whatever registration the winner did not.
 */
#ifndef AZ_THREAD_H
#define AZ_THREAD_H
#include "az.h"

enum { T_RUNNING, T_RUNNABLE, T_BLOCKED, T_DEAD };
enum { WAKE_NONE, WAKE_NORMAL, WAKE_TIMEOUT, WAKE_SIGNAL };
enum { WAIT_NONE, WAIT_INTERRUPTIBLE, WAIT_OFFLOAD };

struct az_offload_request;
struct az_queued_signal;

struct az_thread {
    long tid;                   /* THREAD_TID: first */
    struct az_cpu *cpu;         /* the vCPU it is placed on */
    volatile int state;
    volatile int wake_reason;
    int wait_kind;              /* how a signal ends its blocking (WAIT_*) */
    uint64_t ksp;               /* libOS stack pointer while switched out */
    uint64_t kstack_top;
    uint64_t in_libos;          /* the vCPU's in_libos while switched out */
    uint64_t fsbase;            /* the application's TLS base */
    struct az_thread *next;     /* run queue */
    struct az_thread *all_next, *all_prev;
    /* futex wait */
    uint64_t futex_key;
    uint32_t futex_bitset;
    struct az_thread *futex_next;
    /* timed blocking */
    uint64_t deadline;          /* monotonic ns, 0 = none */
    struct az_thread *sleep_next;
    int sleeping;               /* on its vCPU's sleeper list */
    struct az_offload_request *offload;
    /* signals */
    uint64_t sigmask;
    uint64_t saved_mask;        /* restored after the handler when restore_mask */
    int restore_mask;
    uint64_t sigpending;
    uint64_t sigwait_set;       /* rt_sigtimedwait: these end the wait */
    struct k_stack altstack;
    struct k_siginfo siginfo[64];
    struct az_queued_signal *rt_queue; /* real-time signals pending beyond the first of each */
    /* lifecycle */
    uint64_t clear_tid;
    uint64_t robust_list;
    uint64_t rseq;              /* registered struct rseq, or 0 */
    uint64_t affinity;          /* host CPUs it may run on (within the partition) */
    uint64_t cpu_ns;            /* its CPU time up to its last switch-out (sched.c) */
    uint64_t run_start;         /* when it last became current, 0 while it is not */
    int run_precise;            /* run_start is the vCPU's host CPU time, not the monotonic clock */
    uint32_t rseq_len, rseq_sig;
    /* the application's full context when it is not in registers: a preempted
       thread, a new thread, a handler's frame being built */
    struct k_ucontext ctx;
    uint8_t *fpstate;           /* kernel-format FP area for ctx (64-aligned) */
    uint8_t *xsave;             /* FP registers across a cooperative switch (64-aligned) */
    uint64_t map_base, map_size;
};

/* core/sched.c */
struct az_thread *az_current(void);
struct az_frame *az_frame(struct az_thread *t);
void az_frame_gregs(const struct az_frame *f, uint64_t *g);
void az_sched_init(struct az_cpu *boot_cpu);
void az_block(void);
int az_wake(struct az_thread *t, int reason);
void az_yield(void);
long az_sleep_until(uint64_t deadline);
long az_block_until(uint64_t deadline);
void az_sleepers_remove(struct az_thread *t);
uint64_t az_now(void);
long az_thread_cpu_time(long clock, struct k_timespec *ts);
long az_deadline(const struct k_timespec *ts, int absolute, long clock, uint64_t *out);
int az_thread_count(void);
struct az_thread *az_thread_by_tid(long tid);
void az_threads_lock(void);
void az_threads_unlock(void);
struct az_thread *az_threads_first(void);
void az_tick(struct az_cpu *c);
AZ_NORETURN void az_resume_app(struct k_ucontext *ctx);
void az_cpu_nudge(struct az_cpu *c);
extern uint32_t az_fpstate_size;

/* core/signal.c */
int az_signal_deliverable(struct az_thread *t);
/* For a thread that has just published a wait (wait_kind): a full barrier,
   then whether a signal is already deliverable. notify() (signal.c) fences
   the other way round between making a signal pending and reading
   wait_kind, so a signal sent meanwhile is seen by one side or the other. */
static inline int az_wait_sees_signal(struct az_thread *t)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return az_signal_deliverable(t);
}
void az_signal_take_incoming(struct az_cpu *c);
int az_signal_deliver(struct az_thread *t, struct k_ucontext *ctx, long result, uint64_t restart_nr);
void az_signal_temporary_mask(uint64_t mask);
void az_signal_thread_exit(struct az_thread *t);
void az_signal_end_temporary_mask(long result);
void az_fpstate_capture(uint8_t *area);
int az_restart_code(long r);
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

/* core/futex.c */
long az_futex_wake(uint64_t uaddr, int n, uint32_t bitset);
void az_futex_cancel(struct az_thread *t);

/* core/pipe.c */
void az_pipe_before_host(long nr, const long args[6]);

/* offload/worker.c */
long az_offload_async(long nr, const long args[6]);
void az_offload_interrupt(struct az_thread *t);
int az_offload_may_block(long nr, const long args[6]);

/* core/lock */
static inline void az_lock(struct az_lock *l)
{
    while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
            __builtin_ia32_pause();
}
static inline void az_unlock(struct az_lock *l)
{
    __atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}
#endif
