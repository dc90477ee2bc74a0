/*
 * signal.c: POSIX signals for libOS threads.
 *
 * Signals are virtual: dispositions, per-thread masks and pending sets,
 * process pending set and alternate stacks live here, and the libOS builds
 * the frames handlers see, in Linux's layout (rt_sigframe: return address,
 * ucontext with the full register set and the XSAVE area, siginfo), so
 * siglongjmp, glibc and musl cancellation and Go's context rewriting work.
 *
 * The host only carries signals to us: every catchable host signal lands on
 * az_host_signal (on the vCPU's host signal stack). If the vCPU was running
 * libOS code, the signal is recorded (cpu->incoming) and looked at by the next
 * safe point; if it was running application code, the thread's context is
 * saved and the vCPU continues in the libOS (az_app_work) to deliver it.
 * Delivery happens only on the way back to the application: from a system
 * call exit (az_exit_work), a trapped call's exit (az_trap_exit_work) or a
 * full-context resume (az_resume_app). A blocking call a signal interrupts
 * returns one of the kernel's restart codes; the delivery turns it into EINTR
 * or a restart of the call, exactly as Linux's rules for SA_RESTART say.
 *
 * The site a handler sees: for a rewritten site the ucontext shows the
 * `syscall` address (restart) or the address after it (completed), as Linux
 * would, and keeps the real resume address (in the trampoline) in
 * uc_mcontext's reserved words; rt_sigreturn uses it when the handler left
 * the pc alone.
 *
 * SIGSYS from Syscall User Dispatch is the trap fallback (entry.S), never an
 * application signal. Faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) in
 * libOS text are libOS crashes (fault.c).
 */
#include "thread.h"
#include <azalea/image.h>
#include <azalea/trampoline.h>

void az_signal_entry(void);
void az_sigsys_entry(void);
void az_sigtrap_entry(void);
void az_vcpu_sud_check(struct az_cpu *c);
void az_signal_restorer(void);
void az_sigsys_restorer(void);
void az_app_work_stub(void);
AZ_NORETURN void az_resume_frame(struct k_ucontext *uc);
extern char az_copy_user_insn[], az_copy_user_fault[];
AZ_NORETURN void az_libos_crash(int sig, const struct k_siginfo *info, const struct k_ucontext *uc);
void az_safe_point(void);
long az_syscall_restart(void);
uint64_t az_site_of(uint64_t ret);
void az_worker_signal(int sig, struct k_siginfo *info, struct k_ucontext *uc);
void az_rseq_abort(struct az_thread *t, uint64_t *rip);
long az_timer_target(int id);
void az_timer_delivered(int id, int overrun);
extern char az_exit_window[], az_exit_window_last[], az_trap_window[], az_trap_window_ret[];
extern char az_trap_window_last[], az_resume_window[], az_resume_window_last[];

#define BIT(sig) (1ULL << ((sig) - 1))
#define FAULTS (BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGFPE) | BIT(SIGILL) | BIT(SIGTRAP))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))
#define DEFAULT_IGNORE (BIT(17) | BIT(18) | BIT(23) | BIT(28)) /* CHLD CONT URG WINCH */
#define DEFAULT_STOP (BIT(19) | BIT(20) | BIT(21) | BIT(22))
#define SI_USER 0
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048
#define UC_FP_XSTATE 1
#define UC_SIGCONTEXT_SS 2
#define UC_STRICT_RESTORE_SS 4
#define USER_CSGSFS (0x33ULL | (0x2bULL << 48))
#define VPC_MAGIC 0x617a616c65615043ULL /* reserved1[0] when the pc shown is the site's */
#define FP_XSTATE_MAGIC1 0x46505853U
#define FP_XSTATE_MAGIC2 0x46505845U

struct rt_frame {
    uint64_t pretcode;
    struct k_ucontext uc;
    struct k_siginfo info;
};

static struct az_lock sig_lock;          /* actions, every pending set and mask */
static struct k_sigaction actions[NSIG + 1];
static uint64_t proc_pending;
static struct k_siginfo proc_info[NSIG];
static uint32_t xstate_size;
static uint64_t xfeatures;

/* Real-time signals queue (Linux: up to RLIMIT_SIGPENDING; here QUEUED_MAX
   for the whole image): the first instance of each pending signal is in the
   set's siginfo array, later ones in its queue, in order. */
#define SIGRTMIN 32
#define QUEUED_MAX 1024
struct az_queued_signal {
    struct k_siginfo info;
    struct az_queued_signal *next;
};
static struct az_queued_signal *queued_free;
static int queued_pool_made;

/* The instances' pool, made on the first real-time signal that queues behind
   another: most programs never need it (sig_lock held). */
static void make_queued_pool(void)
{
    queued_pool_made = 1;
    long m = host6(NR_mmap, 0, QUEUED_MAX * sizeof(struct az_queued_signal), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m < 0 && m > -4096)
        return; /* no room: the queue is full, -EAGAIN as Linux at RLIMIT_SIGPENDING */
    struct az_queued_signal *pool = (struct az_queued_signal *)m;
    for (int i = 0; i < QUEUED_MAX; i++) {
        pool[i].next = queued_free;
        queued_free = &pool[i];
    }
}
static struct az_queued_signal *proc_queue;

/* The pending instance a POSIX timer's earlier expiry left in a set, if any. */
static struct k_siginfo *pending_timer(uint64_t bits, struct k_siginfo *infos, struct az_queued_signal *queue,
                                       int sig, int32_t timer)
{
    if (!(bits & BIT(sig)))
        return 0;
    if (infos[sig - 1].si_code == SI_TIMER && infos[sig - 1].u.timer.tid == timer)
        return &infos[sig - 1];
    for (; queue; queue = queue->next)
        if (queue->info.si_signo == sig && queue->info.si_code == SI_TIMER && queue->info.u.timer.tid == timer)
            return &queue->info;
    return 0;
}

/* Adds an instance of sig to a pending set (sig_lock held): standard signals
   coalesce, real-time ones queue. -EAGAIN when the queue is full. A POSIX
   timer's expiry while its signal is still pending is an overrun of that
   instance, as on Linux (the host delivered each expiry to the libOS). */
static int pend(uint64_t *bits, struct k_siginfo *infos, struct az_queued_signal **queue, int sig,
                const struct k_siginfo *info)
{
    if (info->si_code == SI_TIMER) {
        struct k_siginfo *earlier = pending_timer(*bits, infos, *queue, sig, info->u.timer.tid);
        if (earlier) {
            earlier->u.timer.overrun += info->u.timer.overrun + 1;
            return 0;
        }
    }
    if (!(*bits & BIT(sig))) {
        infos[sig - 1] = *info;
        *bits |= BIT(sig);
        return 0;
    }
    if (sig < SIGRTMIN)
        return 0;
    if (!queued_pool_made)
        make_queued_pool();
    struct az_queued_signal *q = queued_free;
    if (!q)
        return -EAGAIN;
    queued_free = q->next;
    q->info = *info;
    q->info.si_signo = sig;
    q->next = 0;
    while (*queue)
        queue = &(*queue)->next;
    *queue = q;
    return 0;
}

/* Takes the first pending instance of sig out of a set (sig_lock held). */
static void unpend(uint64_t *bits, struct k_siginfo *infos, struct az_queued_signal **queue, int sig,
                   struct k_siginfo *out)
{
    *out = infos[sig - 1];
    for (; *queue; queue = &(*queue)->next)
        if ((*queue)->info.si_signo == sig) {
            struct az_queued_signal *q = *queue;
            infos[sig - 1] = q->info;
            *queue = q->next;
            q->next = queued_free;
            queued_free = q;
            return;
        }
    *bits &= ~BIT(sig);
}

/* Takes sig for t: its own instance if it has one, else the process's (sig_lock held). */
static void take_pending(struct az_thread *t, int sig, struct k_siginfo *out)
{
    if (t->sigpending & BIT(sig))
        unpend(&t->sigpending, t->siginfo, &t->rt_queue, sig, out);
    else
        unpend(&proc_pending, proc_info, &proc_queue, sig, out);
    if (out->si_code == SI_TIMER)
        az_timer_delivered(out->u.timer.tid, out->u.timer.overrun);
}

/* Drops every pending instance of sig from a set (sig_lock held). */
static void discard(uint64_t *bits, struct az_queued_signal **queue, int sig)
{
    *bits &= ~BIT(sig);
    while (*queue) {
        struct az_queued_signal *q = *queue;
        if (q->info.si_signo == sig) {
            *queue = q->next;
            q->next = queued_free;
            queued_free = q;
        } else {
            queue = &q->next;
        }
    }
}

static long host_sigaction(int sig, uint64_t handler, uint64_t flags, uint64_t restorer, uint64_t mask)
{
    struct k_sigaction act = {handler, flags, restorer, mask};
    return host4(NR_rt_sigaction, sig, &act, 0, 8);
}

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

void az_signal_init(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(0));
    xstate_size = b;
    xfeatures = xgetbv0();
    /* Trapped calls arrive on the vCPU's signal stack (ONSTACK: the application's
       may be a 2 KiB goroutine stack, too small for the host's frame) with every
       host signal blocked: a tick that preempted the handler before the frame has
       moved to the thread's own stack (az_trap_frame_move) would let another
       thread's trap reuse the signal stack under it. az_trap_serve unblocks them. */
    long r = host_sigaction(SIGSYS, (uint64_t)az_sigsys_entry, SA_SIGINFO | SA_RESTORER | SA_ONSTACK,
                            (uint64_t)az_sigsys_restorer, ~0ULL);
    if (r < 0)
        az_fatal(70, "azalea: cannot install the SIGSYS handler (%ld)\n", r);
    /* A trap site's int 3 raises SIGTRAP: served like SIGSYS. */
    r = host_sigaction(SIGTRAP, (uint64_t)az_sigtrap_entry, SA_SIGINFO | SA_RESTORER | SA_ONSTACK,
                       (uint64_t)az_sigsys_restorer, ~0ULL);
    if (r < 0)
        az_fatal(70, "azalea: cannot install the SIGTRAP handler (%ld)\n", r);
    /* Every other catchable signal: the libOS decides. No SA_RESTART, so a host
       call a signal interrupts comes back to the libOS, which restarts it or not. */
    for (int sig = 1; sig <= NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSYS && sig != SIGTRAP)
            host_sigaction(sig, (uint64_t)az_signal_entry, SA_SIGINFO | SA_RESTORER | SA_ONSTACK,
                           (uint64_t)az_signal_restorer, ~0ULL);
}

/* The initial mask the application inherited becomes the main thread's. */
void az_signal_init_thread(struct az_thread *t, uint64_t inherited_mask)
{
    t->sigmask = inherited_mask & ~UNBLOCKABLE;
}

static int in_libos_text(uint64_t pc)
{
    return pc >= az_boot_info.text_start && pc < az_boot_info.text_end;
}

int az_restart_code(long r)
{
    return r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND || r == -ERESTART_RESTARTBLOCK;
}

/* XSAVE of the current FP state in the kernel's signal-frame format. */
void az_fp_save(void *area);
void az_fpstate_capture(uint8_t *area)
{
    az_fp_save(area);
    uint32_t *sw = (uint32_t *)(area + 464);
    sw[0] = FP_XSTATE_MAGIC1;
    sw[1] = xstate_size + 4;
    *(uint64_t *)(sw + 2) = xfeatures;
    sw[4] = xstate_size;
    *(uint32_t *)(area + xstate_size) = FP_XSTATE_MAGIC2;
}

/* A trapped call's host frame (SIGSYS or SIGTRAP, at rsp, context uc) sits on
   the vCPU's signal stack, which the next host signal or trap reuses, and the
   call may block while other threads run here. The frame moves to the current
   thread's libOS stack, just below its struct az_frame, at the same offset
   modulo 64 (the xsave area must stay 64-byte aligned); its fpstate pointer
   follows. Returns where the copy starts: its first word is the restorer. */
_Static_assert(__builtin_offsetof(struct k_ucontext, gregs) == 40, "entry.S: UC_GREGS");
_Static_assert(__builtin_offsetof(struct k_ucontext, uc_sigmask) == 296, "entry.S: UC_SIGMASK");

uint64_t az_trap_frame_move(uint64_t rsp, struct k_ucontext *uc)
{
    if (uc->fpstate < rsp + sizeof(struct k_ucontext) || uc->fpstate - rsp > KSTACK_SIZE / 8)
        az_fatal(70, "azalea: host trap frame at %p has its fpstate at %p: not a frame\n", (void *)rsp,
                 (void *)uc->fpstate);
    const uint32_t *sw = (const uint32_t *)(uc->fpstate + 464);
    uint64_t fp_size = sw[0] == FP_XSTATE_MAGIC1 && sw[1] >= 512 && sw[1] <= KSTACK_SIZE / 8 ? sw[1] : 512;
    uint64_t len = uc->fpstate + fp_size - rsp;
    uint64_t room = this_cpu()->kstack - FRAME_SIZE;
    uint64_t dst = az_align_down(room - len, 64) + (rsp & 63);
    if (dst + len > room)
        dst -= 64;
    memcpy((void *)dst, (const void *)rsp, len);
    struct k_ucontext *moved = (struct k_ucontext *)((uint64_t)uc - rsp + dst);
    moved->fpstate = uc->fpstate - rsp + dst;
    return dst;
}

int az_signal_deliverable(struct az_thread *t)
{
    return ((t->sigpending | proc_pending) & ~t->sigmask) != 0;
}

/* --- generation --------------------------------------------------------------- */

static int ignored(int sig)
{
    uint64_t h = actions[sig].handler;
    return h == SIG_IGN || (h == SIG_DFL && (DEFAULT_IGNORE & BIT(sig)));
}

/* Someone should look: wake the thread if it waits, or make its vCPU look. */
static void notify(struct az_thread *t)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the pending set before wait_kind (az_wait_sees_signal) */
    if (t->wait_kind == WAIT_INTERRUPTIBLE)
        az_wake(t, WAKE_SIGNAL);
    else if (t->wait_kind == WAIT_OFFLOAD)
        az_offload_interrupt(t);
    struct az_cpu *c = t->cpu;
    if (c->current != t)
        return;
    __atomic_or_fetch(&c->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    if (c != this_cpu() && !__atomic_load_n(&c->in_libos, __ATOMIC_SEQ_CST))
        host3(NR_tgkill, az_pid_cached, c->host_tid, AZ_SIG);
}

/* The thread that takes a process-directed signal: one waiting for it in
   sigtimedwait, else the current one if it accepts it, else any that does. */
static struct az_thread *pick(int sig)
{
    uint64_t b = BIT(sig);
    struct az_thread *cur = az_current(), *any = 0;
    az_threads_lock();
    for (struct az_thread *t = az_threads_first(); t; t = t->all_next) {
        if (t->sigwait_set & b) {
            any = t;
            break;
        }
        if (!(t->sigmask & b) && (!any || t == cur))
            any = t;
    }
    az_threads_unlock();
    return any;
}

/* Makes sig pending for thread t, or for the process when t is 0. */
static int send(struct az_thread *t, int sig, const struct k_siginfo *info)
{
    uint64_t b = BIT(sig);
    az_lock(&sig_lock);
    if (ignored(sig) && !(t && (t->sigmask & b))) {
        az_unlock(&sig_lock);
        return 0;
    }
    int r = t ? pend(&t->sigpending, t->siginfo, &t->rt_queue, sig, info)
              : pend(&proc_pending, proc_info, &proc_queue, sig, info);
    struct az_thread *to = t ? t : pick(sig);
    az_unlock(&sig_lock);
    if (to)
        notify(to);
    return r;
}

/* A thread's end: its queued real-time signals go back to the pool. */
void az_signal_thread_exit(struct az_thread *t)
{
    az_lock(&sig_lock);
    for (int sig = SIGRTMIN; sig <= NSIG; sig++)
        discard(&t->sigpending, &t->rt_queue, sig);
    az_unlock(&sig_lock);
}

static void user_info(struct k_siginfo *info, int sig, int code)
{
    memset(info, 0, sizeof *info);
    info->si_signo = sig;
    info->si_code = code;
    info->u.kill.pid = (int32_t)az_pid_cached;
    info->u.kill.uid = (uint32_t)az_uid_cached;
}

/* Host signals recorded while the vCPU ran libOS code. A SIGPIPE the host
   raised for a call this vCPU made belongs to the thread that made it. */
void az_signal_take_incoming(struct az_cpu *c)
{
    uint64_t set = __atomic_exchange_n(&c->incoming.set, 0, __ATOMIC_SEQ_CST);
    while (set) {
        int sig = __builtin_ctzll(set) + 1;
        set &= set - 1;
        struct k_siginfo info = c->incoming.info[sig - 1];
        int own_pipe = sig == 13 && info.si_code == SI_USER && info.u.kill.pid == az_pid_cached;
        long tid = info.si_code == SI_TIMER ? az_timer_target(info.u.timer.tid) : 0;
        struct az_thread *to = own_pipe ? c->current : 0;
        if (tid) {
            az_threads_lock();
            to = az_thread_by_tid(tid);
            az_threads_unlock();
        }
        send(to, sig, &info);
    }
}

void az_signal_raise_thread(struct az_thread *t, int sig, const struct k_siginfo *info)
{
    send(t, sig, info);
}

/* --- the host handler ----------------------------------------------------------- */

struct window {
    char *start, *last;
};

/* Returns 1 when the pc was in an exit window and has been moved to its start. */
static int rewind_window(struct k_ucontext *uc)
{
    const struct window w[] = {
        {az_exit_window, az_exit_window_last},
        {az_trap_window, az_trap_window_ret},
        {(char *)az_sigsys_restorer, az_trap_window_last},
        {az_resume_window, az_resume_window_last},
    };
    uint64_t pc = uc->gregs[REG_RIP];
    for (unsigned i = 0; i < sizeof w / sizeof w[0]; i++)
        if (pc >= (uint64_t)w[i].start && pc <= (uint64_t)w[i].last) {
            uc->gregs[REG_RIP] = (uint64_t)(i == 2 ? az_trap_window : w[i].start);
            return 1;
        }
    return 0;
}

static void save_app_context(struct az_thread *t, const struct k_ucontext *uc)
{
    memcpy(t->ctx.gregs, uc->gregs, sizeof t->ctx.gregs);
    memset(t->ctx.reserved1, 0, sizeof t->ctx.reserved1);
    if (uc->fpstate)
        memcpy(t->fpstate, (const void *)uc->fpstate, az_fpstate_size);
    else
        az_fpstate_capture(t->fpstate);
    t->ctx.fpstate = (uint64_t)t->fpstate;
    az_rseq_abort(t, &t->ctx.gregs[REG_RIP]);
}

/* A fault is the faulting thread's, now; blocked or ignored, it kills (as Linux's force). */
static void force_fault(struct az_thread *t, int sig, const struct k_siginfo *info)
{
    az_lock(&sig_lock);
    if ((t->sigmask & BIT(sig)) || actions[sig].handler == SIG_IGN) {
        t->sigmask &= ~BIT(sig);
        actions[sig].handler = SIG_DFL;
    }
    t->sigpending |= BIT(sig);
    t->siginfo[sig - 1] = *info;
    az_unlock(&sig_lock);
}

void az_host_signal(int sig, struct k_siginfo *info, struct k_ucontext *uc)
{
    struct az_cpu *c = this_cpu();
    if (c->is_worker) {
        az_worker_signal(sig, info, uc);
        return;
    }
    az_vcpu_sud_check(c);
    uint64_t pc = uc->gregs[REG_RIP];
    int fault = (FAULTS & BIT(sig)) && info->si_code > 0;
    if (fault && pc == (uint64_t)az_copy_user_insn) {
        uc->gregs[REG_RIP] = (uint64_t)az_copy_user_fault; /* EFAULT for the application */
        return;
    }
    if (fault && in_libos_text(pc))
        az_libos_crash(sig, info, uc);
    int own = sig == AZ_SIG && ((info->si_code == SI_TIMER && info->u.timer.value == (uint64_t)c) ||
                                (info->si_code == SI_TKILL && info->u.kill.pid == (int32_t)az_pid_cached));
    if (own && info->si_code == SI_TIMER)
        az_tick(c);
    else if (own)
        __atomic_or_fetch(&c->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    else if (!fault) {
        c->incoming.info[sig - 1] = *info;
        __atomic_or_fetch(&c->incoming.set, BIT(sig), __ATOMIC_SEQ_CST);
        __atomic_or_fetch(&c->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    }
    if (rewind_window(uc)) {
        c->in_libos = 1;
        return;
    }
    if (c->in_libos)
        return;
    /* Application code (or a leaf entry, which is as good): go on in the libOS. */
    struct az_thread *t = c->current;
    if (fault)
        force_fault(t, sig, info);
    else if (!c->work)
        return;
    save_app_context(t, uc);
    uc->gregs[REG_RIP] = (uint64_t)az_app_work_stub;
    uc->gregs[REG_RSP] = t->kstack_top - FRAME_SIZE;
    c->in_libos = 1;
}

/* --- delivery ---------------------------------------------------------------------- */

AZ_NORETURN static void die(int sig)
{
    uint64_t b = BIT(sig);
    host_sigaction(sig, SIG_DFL, 0, 0, 0);
    host4(NR_rt_sigprocmask, SIG_UNBLOCK, &b, 0, 8);
    host3(NR_tgkill, az_pid_cached, this_cpu()->host_tid, sig);
    host1(NR_exit_group, 128 + sig);
    __builtin_unreachable();
}

/* Linux's on_sig_stack: never with SS_AUTODISARM (the handler's stack was disarmed). */
static int on_altstack(const struct az_thread *t, uint64_t sp)
{
    return !(t->altstack.flags & SS_AUTODISARM) && t->altstack.size && sp > t->altstack.sp &&
           sp - t->altstack.sp <= t->altstack.size;
}

/* Turns a restart code into what the application sees when a handler runs. */
static void fix_restart(struct k_ucontext *ctx, long result, uint64_t nr, uint64_t flags)
{
    int restart = result == -ERESTARTNOINTR || (result == -ERESTARTSYS && (flags & SA_RESTART));
    if (!restart) {
        ctx->gregs[REG_RAX] = (uint64_t)-EINTR;
        return;
    }
    ctx->gregs[REG_RAX] = nr;
    if (ctx->reserved1[0] == VPC_MAGIC) {
        uint64_t ret = ctx->reserved1[3], site = ctx->reserved1[4];
        ctx->reserved1[2] = ret - AZ_TRAMPOLINE_RESTART_BACK;
        ctx->gregs[REG_RIP] = site ? site : ctx->reserved1[2];
        ctx->reserved1[1] = ctx->gregs[REG_RIP];
    } else {
        ctx->gregs[REG_RIP] -= 2;
    }
}

/* Builds the handler's frame below ctx's stack and points ctx at the handler. */
static void build_frame(struct az_thread *t, struct k_ucontext *ctx, int sig, const struct k_siginfo *info,
                        const struct k_sigaction *a, uint64_t shown_mask)
{
    uint64_t sp = ctx->gregs[REG_RSP];
    int on_alt = on_altstack(t, sp);
    sp -= AZ_TRAMPOLINE_RED_ZONE;
    if ((a->flags & SA_ONSTACK) && t->altstack.size && !on_alt)
        sp = t->altstack.sp + t->altstack.size;
    sp = az_align_down(sp - az_fpstate_size, 64);
    uint8_t *fp = (uint8_t *)sp;
    if (ctx->fpstate)
        memcpy(fp, (const void *)ctx->fpstate, az_fpstate_size);
    else
        az_fpstate_capture(fp);
    sp = az_align_down(sp - sizeof(struct rt_frame), 16) - 8;
    struct rt_frame *f = (struct rt_frame *)sp;
    f->pretcode = (a->flags & SA_RESTORER) ? a->restorer : 0;
    f->uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    f->uc.uc_link = 0;
    /* As Linux's __save_altstack: the flags as set, which sigreturn restores;
       then SS_AUTODISARM disarms the stack for the handler's duration. */
    f->uc.uc_stack = t->altstack;
    f->uc.uc_stack.pad = 0;
    if (t->altstack.flags & SS_AUTODISARM)
        t->altstack = (struct k_stack){.sp = 0, .flags = SS_DISABLE, .size = 0};
    memcpy(f->uc.gregs, ctx->gregs, sizeof f->uc.gregs);
    f->uc.gregs[REG_CSGSFS] = USER_CSGSFS;
    f->uc.fpstate = (uint64_t)fp;
    memcpy(f->uc.reserved1, ctx->reserved1, sizeof f->uc.reserved1);
    f->uc.uc_sigmask = shown_mask;
    f->info = *info;
    ctx->gregs[REG_RIP] = a->handler;
    ctx->gregs[REG_RSP] = sp;
    ctx->gregs[REG_RDI] = (uint64_t)sig;
    ctx->gregs[REG_RSI] = (uint64_t)&f->info;
    ctx->gregs[REG_RDX] = (uint64_t)&f->uc;
    ctx->gregs[REG_RAX] = 0;
    ctx->gregs[REG_EFL] &= ~((1ULL << 8) | (1ULL << 10) | (1ULL << 16)); /* TF, DF, RF */
    ctx->reserved1[0] = 0;
}

/* Delivers what t may take now into ctx (a context about to return to the
   application); result/nr describe the call it returns from (0 if none).
   Returns how many handlers were set up. */
int az_signal_deliver(struct az_thread *t, struct k_ucontext *ctx, long result, uint64_t nr)
{
    int delivered = 0;
    for (;;) {
        az_lock(&sig_lock);
        uint64_t own = t->sigpending & ~t->sigmask, any = (t->sigpending | proc_pending) & ~t->sigmask;
        if (!any) {
            az_unlock(&sig_lock);
            return delivered;
        }
        uint64_t from = (own & FAULTS) ? own & FAULTS : own ? own : any;
        int sig = __builtin_ctzll(from) + 1;
        struct k_siginfo info;
        take_pending(t, sig, &info);
        struct k_sigaction a = actions[sig];
        if (a.handler == SIG_IGN || (a.handler == SIG_DFL && (DEFAULT_IGNORE & BIT(sig)))) {
            az_unlock(&sig_lock);
            continue;
        }
        if (a.handler == SIG_DFL) {
            az_unlock(&sig_lock);
            if (DEFAULT_STOP & BIT(sig)) {
                host2(NR_kill, az_pid_cached, SIGSTOP);
                continue;
            }
            die(sig);
        }
        if (a.flags & SA_RESETHAND)
            actions[sig].handler = SIG_DFL;
        uint64_t shown = t->restore_mask ? t->saved_mask : t->sigmask;
        t->restore_mask = 0;
        t->sigmask |= (a.mask | ((a.flags & SA_NODEFER) ? 0 : BIT(sig))) & ~UNBLOCKABLE;
        az_unlock(&sig_lock);
        if (!delivered && az_restart_code(result))
            fix_restart(ctx, result, nr, a.flags);
        build_frame(t, ctx, sig, &info, &a, shown);
        delivered++;
    }
}

/* --- the ways back to the application -------------------------------------------- */

/* The context of a thread returning from a rewritten site, as Linux would show it. */
static void exit_context(struct az_thread *t, const struct az_frame *f, long result)
{
    uint64_t *g = t->ctx.gregs;
    az_frame_gregs(f, g);
    g[REG_RAX] = (uint64_t)result;
    uint64_t ret = f->ret, site = az_site_of(ret);
    if (site)
        g[REG_RCX] = g[REG_RIP] = site + 2;
    memset(t->ctx.reserved1, 0, sizeof t->ctx.reserved1);
    t->ctx.reserved1[0] = VPC_MAGIC;
    t->ctx.reserved1[1] = g[REG_RIP];
    t->ctx.reserved1[2] = ret + AZ_TRAMPOLINE_RESUME_LEN;
    t->ctx.reserved1[3] = ret;
    t->ctx.reserved1[4] = site;
    az_fpstate_capture(t->fpstate);
    t->ctx.fpstate = (uint64_t)t->fpstate;
}

/* entry.S: work was found at a rewritten site's exit; returns the result to give. */
long az_exit_work(long result)
{
    for (;;) {
        az_safe_point();
        struct az_thread *t = az_current();
        struct az_frame *f = az_frame(t);
        if (az_signal_deliverable(t)) {
            exit_context(t, f, result);
            if (az_signal_deliver(t, &t->ctx, result, f->nr))
                az_resume_app(&t->ctx);
        }
        if (!az_restart_code(result))
            return result;
        result = az_syscall_restart();
    }
}

/* entry.S: the same at a trapped site's exit; the SIGSYS frame's context is the application's. */
void az_trap_exit_work(struct k_ucontext *uc)
{
    for (;;) {
        az_safe_point();
        struct az_thread *t = az_current();
        long result = (long)uc->gregs[REG_RAX];
        if (az_signal_deliverable(t) && az_signal_deliver(t, uc, result, az_frame(t)->nr))
            return;
        if (!az_restart_code(result))
            return;
        uc->gregs[REG_RAX] = (uint64_t)az_syscall_restart();
    }
}

/* switch.S: application code was interrupted (context in t->ctx). */
AZ_NORETURN void az_app_work(void)
{
    az_safe_point();
    az_resume_app(&az_current()->ctx);
}

/* switch.S: work arrived in the resume window; deliver into the frame. */
void az_resume_work(struct k_ucontext *uc)
{
    az_safe_point();
    struct az_thread *t = az_current();
    if (az_signal_deliverable(t))
        az_signal_deliver(t, uc, 0, 0);
}

/* Back to the application with every register of ctx, through the host's rt_sigreturn. */
AZ_NORETURN void az_resume_app(struct k_ucontext *ctx)
{
    struct az_thread *t = az_current();
    if (az_signal_deliverable(t))
        az_signal_deliver(t, ctx, 0, 0);
    if (ctx->reserved1[0] == VPC_MAGIC && ctx->gregs[REG_RIP] == ctx->reserved1[1])
        ctx->gregs[REG_RIP] = ctx->reserved1[2];
    struct rt_frame hf;
    memset(&hf.uc, 0, sizeof hf.uc);
    hf.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    hf.uc.uc_stack.sp = this_cpu()->altstack;
    hf.uc.uc_stack.size = KSTACK_SIZE;
    memcpy(hf.uc.gregs, ctx->gregs, sizeof hf.uc.gregs);
    hf.uc.gregs[REG_CSGSFS] = USER_CSGSFS;
    hf.uc.fpstate = ctx->fpstate;
    az_resume_frame(&hf.uc);
}

/* --- system calls ---------------------------------------------------------------- */

long sys_rt_sigaction(long sig, long act, long oact, long size, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    if (sig < 1 || sig > NSIG || ((sig == SIGKILL || sig == SIGSTOP) && act))
        return -EINVAL;
    struct k_sigaction n;
    if (act && az_copy_user(&n, (const void *)act, sizeof n))
        return -EFAULT;
    az_lock(&sig_lock);
    struct k_sigaction old = actions[sig];
    if (act) {
        n.mask &= ~UNBLOCKABLE;
        actions[sig] = n;
        /* Setting a pending signal to be ignored discards it (POSIX). */
        if (ignored((int)sig)) {
            discard(&proc_pending, &proc_queue, (int)sig);
            az_threads_lock();
            for (struct az_thread *t = az_threads_first(); t; t = t->all_next)
                discard(&t->sigpending, &t->rt_queue, (int)sig);
            az_threads_unlock();
        }
    }
    az_unlock(&sig_lock);
    return oact && az_copy_user((void *)oact, &old, sizeof old) ? -EFAULT : 0;
}

long sys_rt_sigprocmask(long how, long set, long oset, long size, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    struct az_thread *t = az_current();
    uint64_t old = t->sigmask;
    if (set) {
        uint64_t s;
        if (az_copy_user(&s, (const void *)set, sizeof s))
            return -EFAULT;
        s &= ~UNBLOCKABLE;
        az_lock(&sig_lock);
        if (how == SIG_BLOCK)
            t->sigmask |= s;
        else if (how == SIG_UNBLOCK)
            t->sigmask &= ~s;
        else if (how == SIG_SETMASK)
            t->sigmask = s;
        else {
            az_unlock(&sig_lock);
            return -EINVAL;
        }
        az_unlock(&sig_lock);
        if (az_signal_deliverable(t))
            __atomic_or_fetch(&this_cpu()->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    }
    return oset && az_copy_user((void *)oset, &old, sizeof old) ? -EFAULT : 0;
}

long sys_rt_sigpending(long set, long size, long c, long d, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    struct az_thread *t = az_current();
    uint64_t pending = (t->sigpending | proc_pending) & t->sigmask;
    return az_copy_user((void *)set, &pending, sizeof pending) ? -EFAULT : 0;
}

static uint64_t app_sp(struct az_thread *t)
{
    struct az_frame *f = az_frame(t);
    return f->trap_uc ? f->trap_uc->gregs[REG_RSP] : f->app_rsp + AZ_ENTRY_APP_RSP_OFFSET;
}

/* Linux's do_sigaltstack: the flags are kept as given (SS_AUTODISARM with them). */
static long set_altstack(struct az_thread *t, const struct k_stack *ss, uint64_t sp)
{
    if (on_altstack(t, sp))
        return -EPERM;
    uint32_t mode = (uint32_t)ss->flags & ~SS_AUTODISARM;
    if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
        return -EINVAL;
    if (mode != SS_DISABLE && ss->size < MINSIGSTKSZ)
        return -ENOMEM;
    t->altstack.sp = mode == SS_DISABLE ? 0 : ss->sp;
    t->altstack.size = mode == SS_DISABLE ? 0 : ss->size;
    t->altstack.flags = ss->flags;
    return 0;
}

long sys_sigaltstack(long ss, long old, long c, long d, long e, long f)
{
    struct az_thread *t = az_current();
    uint64_t sp = app_sp(t);
    struct k_stack was = t->altstack;
    was.flags = (!t->altstack.size ? SS_DISABLE : on_altstack(t, sp) ? SS_ONSTACK : 0) |
                (t->altstack.flags & SS_AUTODISARM);
    if (ss) {
        struct k_stack given;
        if (az_copy_user(&given, (const void *)ss, sizeof given))
            return -EFAULT;
        long r = set_altstack(t, &given, sp);
        if (r < 0)
            return r;
    }
    return old && az_copy_user((void *)old, &was, sizeof was) ? -EFAULT : 0;
}

/* The frame is at the application's stack pointer (its restorer's `ret` popped pretcode). */
long sys_rt_sigreturn(long a, long b, long c, long d, long e, long f)
{
    struct az_thread *t = az_current();
    uint64_t sp = app_sp(t);
    const struct k_ucontext *uc = (const struct k_ucontext *)sp;
    az_lock(&sig_lock);
    t->sigmask = uc->uc_sigmask & ~UNBLOCKABLE;
    az_unlock(&sig_lock);
    set_altstack(t, &uc->uc_stack, uc->gregs[REG_RSP]);
    memcpy(t->ctx.gregs, uc->gregs, sizeof t->ctx.gregs);
    memcpy(t->ctx.reserved1, uc->reserved1, sizeof t->ctx.reserved1);
    if (uc->fpstate)
        memcpy(t->fpstate, (const void *)uc->fpstate, az_fpstate_size);
    else
        az_fpstate_capture(t->fpstate);
    t->ctx.fpstate = (uint64_t)t->fpstate;
    az_resume_app(&t->ctx);
}

static int own_pid(long pid) { return pid == az_pid_cached; }

long sys_kill(long pid, long sig, long c, long d, long e, long f)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (!own_pid(pid))
        return host2(NR_kill, pid, sig);
    if (sig) {
        struct k_siginfo info;
        user_info(&info, (int)sig, SI_USER);
        return send(0, (int)sig, &info);
    }
    return 0;
}

static long to_thread(long tid, long sig, const struct k_siginfo *given)
{
    if (sig < 0 || sig > NSIG || tid <= 0)
        return -EINVAL;
    az_threads_lock();
    struct az_thread *t = az_thread_by_tid(tid);
    az_threads_unlock();
    if (!t)
        return -ESRCH;
    if (sig) {
        struct k_siginfo info;
        if (given) {
            info = *given;
            info.si_signo = (int32_t)sig;
        } else {
            user_info(&info, (int)sig, SI_TKILL);
        }
        return send(t, (int)sig, &info);
    }
    return 0;
}

long sys_tgkill(long tgid, long tid, long sig, long d, long e, long f)
{
    if (!own_pid(tgid))
        return host3(NR_tgkill, tgid, tid, sig);
    return to_thread(tid, sig, 0);
}

long sys_tkill(long tid, long sig, long c, long d, long e, long f)
{
    long r = to_thread(tid, sig, 0);
    return r == -ESRCH ? host2(200, tid, sig) : r;
}

long sys_rt_sigqueueinfo(long pid, long sig, long uinfo, long d, long e, long f)
{
    if (!own_pid(pid))
        return host3(129, pid, sig, uinfo);
    /* Signal 0, as for kill, only asks whether the process may be signalled. */
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    struct k_siginfo info;
    if (az_copy_user(&info, (const void *)uinfo, sizeof info))
        return -EFAULT;
    if (!sig)
        return 0;
    info.si_signo = (int32_t)sig;
    return send(0, (int)sig, &info);
}

long sys_rt_tgsigqueueinfo(long tgid, long tid, long sig, long uinfo, long e, long f)
{
    if (!own_pid(tgid))
        return host4(297, tgid, tid, sig, uinfo);
    return to_thread(tid, sig, (const struct k_siginfo *)uinfo);
}

/* Blocks until a signal t may take arrives (or, with a set, one of the set). */
static void wait_for_signal(struct az_thread *t, uint64_t deadline)
{
    t->wake_reason = WAKE_NONE;
    t->wait_kind = WAIT_INTERRUPTIBLE;
    if (deadline) {
        az_block_until(deadline);
        return;
    }
    if (az_wait_sees_signal(t) || ((t->sigpending | proc_pending) & t->sigwait_set))
        az_wake(t, WAKE_SIGNAL);
    az_block();
    t->wait_kind = WAIT_NONE;
}

long sys_rt_sigtimedwait(long set, long uinfo, long timeout, long size, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    struct az_thread *t = az_current();
    uint64_t want, deadline = 0;
    struct k_timespec limit;
    if (az_copy_user(&want, (const void *)set, sizeof want) ||
        (timeout && az_copy_user(&limit, (const void *)timeout, sizeof limit)))
        return -EFAULT;
    want &= ~UNBLOCKABLE;
    if (timeout && az_deadline(&limit, 0, 1, &deadline) < 0)
        return -EINVAL;
    for (;;) {
        az_lock(&sig_lock);
        uint64_t own = t->sigpending & want, any = (t->sigpending | proc_pending) & want;
        if (any) {
            int sig = __builtin_ctzll(own ? own : any) + 1;
            struct k_siginfo info;
            take_pending(t, sig, &info);
            t->sigwait_set = 0;
            az_unlock(&sig_lock);
            return uinfo && az_copy_user((void *)uinfo, &info, sizeof info) ? -EFAULT : sig;
        }
        t->sigwait_set = want;
        az_unlock(&sig_lock);
        if (timeout && az_now() >= deadline) {
            t->sigwait_set = 0;
            return -EAGAIN;
        }
        if (az_signal_deliverable(t)) {
            t->sigwait_set = 0;
            return -EINTR;
        }
        wait_for_signal(t, timeout ? deadline : 0);
    }
}

/* sigsuspend and pause: wait with a mask until a handler has run. */
static long suspend(uint64_t mask)
{
    struct az_thread *t = az_current();
    az_signal_temporary_mask(mask);
    while (!az_signal_deliverable(t))
        wait_for_signal(t, 0);
    __atomic_or_fetch(&this_cpu()->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(long set, long size, long c, long d, long e, long f)
{
    if (size != 8)
        return -EINVAL;
    uint64_t mask;
    return az_copy_user(&mask, (const void *)set, sizeof mask) ? -EFAULT : suspend(mask);
}

long sys_pause(long a, long b, long c, long d, long e, long f)
{
    return suspend(az_current()->sigmask);
}

/* ppoll, pselect6, epoll_pwait: the temporary mask of a blocking call. */
void az_signal_temporary_mask(uint64_t mask)
{
    struct az_thread *t = az_current();
    az_lock(&sig_lock);
    if (!t->restore_mask)
        t->saved_mask = t->sigmask;
    t->restore_mask = 1;
    t->sigmask = mask & ~UNBLOCKABLE;
    az_unlock(&sig_lock);
}

/* After the call: keep the temporary mask only if the call was interrupted
   and a handler is about to run under it. A call that succeeded restores the
   mask at once, leaving a signal it let in pending (Linux's
   restore_saved_sigmask_unless). */
void az_signal_end_temporary_mask(long result)
{
    struct az_thread *t = az_current();
    if (!t->restore_mask)
        return;
    az_lock(&sig_lock);
    int handler_due = az_restart_code(result) && ((t->sigpending | proc_pending) & ~t->sigmask) != 0;
    if (!handler_due) {
        t->sigmask = t->saved_mask;
        t->restore_mask = 0;
    }
    az_unlock(&sig_lock);
}
