/*
 * worker.c: asynchronous offload. A call that may block (a read on a pipe, a
 * poll, an accept...) must not stall its vCPU while other threads could run
 * there, so when the image has more than one thread the libOS hands it to an
 * offload worker: a host thread on the full-weight kernel's side (pinned to a
 * core outside the partition when there is one), which makes the call with
 * the application's buffers by address, then makes the caller runnable again.
 * The caller sleeps in the libOS meanwhile; its vCPU runs other threads.
 *
 * Workers are started on demand, so that every queued request has a worker
 * of its own (up to MAX_WORKERS), and wait on a host futex when there is
 * nothing to do. A signal for a waiting caller cancels its call:
 * a queued request is answered -EINTR at once; a running one is interrupted
 * with a host signal (az_host_cancellable closes the race before the call
 * starts), and the caller then follows Linux's restart rules (signal.c).
 *
 * read, readv, write, sendto, recvfrom and recvmsg try the host with
 * RWF_NOWAIT (MSG_DONTWAIT) first: data already there, or room for it, is
 * served on the vCPU without the hand-off.
 *
 * A call the io_uring serves with Linux's exact semantics (uring.c) goes
 * there instead of to a worker; the waiting and the cancelling protocol
 * (t->offload, WAIT_OFFLOAD, queue_lock) are the same for both.
 */
#include "thread.h"
#include "uring.h"

#define MAX_WORKERS 64
#define WORKER_STACK (64 * 1024)
#define RWF_NOWAIT 8
#define NR_preadv2 327
#define EOPNOTSUPP 95
#define MSG_DONTWAIT 0x40
#define MSG_WAITALL 0x100

struct az_offload_request {
    long nr;
    long args[6];
    long result;
    volatile int cancel;
    int taken;
    long worker_tid;
    struct az_thread *thread;
    struct az_offload_request *next;
    uint64_t raised;            /* SIGPIPE the host raised on the worker for this call */
    struct k_siginfo pipe_info;
    int on_ring;                /* served by the io_uring (uring.c), not a worker */
    struct az_uring_call ring;
};

long az_host_cancellable(const long args[6], long nr, volatile int *cancel);
extern char az_cp_begin[], az_cp_syscall[], az_cp_cancel[];
void az_signal_raise_thread(struct az_thread *t, int sig, const struct k_siginfo *info);

static struct az_lock queue_lock;
static struct az_offload_request *queue_head, *queue_tail;
static volatile uint32_t queue_seq;
static int workers, idle_workers, queued; /* queued: requests no worker has taken yet */

int az_offload_may_block(long nr, const long args[6])
{
    switch (nr) {
    case 0: case 1: case 19: case 20:                 /* read write readv writev */
    case 7: case 23: case 270: case 271:              /* poll select pselect6 ppoll */
    case 232: case 281: case 441:                     /* epoll_wait epoll_pwait epoll_pwait2 */
    case 42: case 43: case 288:                       /* connect accept accept4 */
    case 44: case 45: case 46: case 47: case 299: case 307: /* send/recv families */
    case 40: case 275: case 276:                      /* sendfile splice tee */
    case 61: case 247:                                /* wait4 waitid */
        return 1;
    case 73:                                          /* flock without LOCK_NB */
        return !(args[1] & 4);
    case 72:                                          /* fcntl F_SETLKW, F_OFD_SETLKW */
        return args[1] == 7 || args[1] == 38;
    default:
        return 0;
    }
}

static void worker_main(void *arg);

/* A host thread for the offload layer (a worker, the io_uring completer): its
   own struct az_cpu at the bottom of its stack mapping, so az_wake works there. */
int az_offload_host_thread(void (*fn)(void *))
{
    long m = host6(NR_mmap, 0, WORKER_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m < 0 && m > -4096)
        return -1;
    struct az_cpu *c = (struct az_cpu *)m;
    memset(c, 0, sizeof *c);
    c->self = c;
    c->is_worker = 1;
    c->in_libos = 1;
    if (az_host_clone((void *)(m + WORKER_STACK), fn, c) >= 0)
        return 0;
    host2(NR_munmap, m, WORKER_STACK);
    return -1;
}

static void start_worker(void)
{
    if (az_offload_host_thread(worker_main) == 0)
        return;
    az_lock(&queue_lock);
    workers--;
    az_unlock(&queue_lock);
}

#define NR_pwritev2 328

/* Reads and receives with data already there, and writes and sends with room
   for them, need no hand-off: the host is asked with RWF_NOWAIT (MSG_DONTWAIT)
   first (not for MSG_WAITALL, which waits for all of it). A
   write or send that fits only in part continues through a worker (the sum is
   what a blocking one returns). */
static int try_now(long nr, const long args[6], long *result, long *done)
{
    struct { uint64_t base, len; } one = {(uint64_t)args[1], (uint64_t)args[2]};
    long r;
    *done = 0;
    if (nr == 0)
        r = az_host(NR_preadv2, args[0], (long)&one, 1, -1, -1, RWF_NOWAIT);
    else if (nr == 19)
        r = az_host(NR_preadv2, args[0], args[1], args[2], -1, -1, RWF_NOWAIT);
    else if (nr == 1)
        r = az_host(NR_pwritev2, args[0], (long)&one, 1, -1, -1, RWF_NOWAIT);
    else if (nr == 44)
        r = az_host(44, args[0], args[1], args[2], args[3] | MSG_DONTWAIT, args[4], args[5]);
    else if (nr == 45 && !(args[3] & MSG_WAITALL))
        r = az_host(45, args[0], args[1], args[2], args[3] | MSG_DONTWAIT, args[4], args[5]);
    else if (nr == 47 && !(args[2] & MSG_WAITALL))
        r = az_host(47, args[0], args[1], args[2] | MSG_DONTWAIT, 0, 0, 0);
    else
        return 0;
    if (r == -EAGAIN || r == -EOPNOTSUPP || r == -EINVAL || r == -29 /* ESPIPE */)
        return 0;
    if ((nr == 1 || nr == 44) && r > 0 && r < args[2]) {
        *done = r;
        return 0;
    }
    *result = r;
    return 1;
}

/* Sleeps until t's offloaded call (published in t->offload, wait_kind
   WAIT_OFFLOAD) is answered; a signal meanwhile cancels it. */
static void wait_offloaded(struct az_thread *t)
{
    if (az_wait_sees_signal(t))
        az_offload_interrupt(t);
    az_block();
    /* Under the lock: an interrupter must never reach this request once it is gone. */
    az_lock(&queue_lock);
    t->wait_kind = WAIT_NONE;
    t->offload = 0;
    az_unlock(&queue_lock);
}

/* The caller's part of a call on the ring: 1 when it went there and *result is set. */
static int on_ring(struct az_offload_request *req, long *result)
{
    struct az_thread *t = req->thread;
    int how = az_uring_prepare(&req->ring, req->nr, req->args);
    if (how == URING_SYNC) {
        *result = az_host(req->nr, req->args[0], req->args[1], req->args[2], req->args[3], req->args[4], req->args[5]);
        return 1;
    }
    if (how == URING_NO)
        return 0;
    t->wake_reason = WAKE_NONE;
    if (az_uring_submit(&req->ring) < 0)
        return 0;
    az_lock(&queue_lock);
    req->on_ring = 1;
    t->offload = req;
    t->wait_kind = WAIT_OFFLOAD;
    az_unlock(&queue_lock);
    wait_offloaded(t);
    *result = az_uring_result(&req->ring);
    return 1;
}

long az_offload_async(long nr, const long given[6])
{
    long now, done, args[6];
    if (try_now(nr, given, &now, &done))
        return now;
    memcpy(args, given, sizeof args);
    args[1] += done;
    args[2] -= done;
    struct az_thread *t = az_current();
    struct az_offload_request req;
    memset(&req, 0, sizeof req);
    req.nr = nr;
    memcpy(req.args, args, sizeof req.args);
    req.thread = t;
    if (!on_ring(&req, &req.result)) {
        t->wake_reason = WAKE_NONE;
        az_lock(&queue_lock);
        t->offload = &req;
        t->wait_kind = WAIT_OFFLOAD;
        if (queue_tail)
            queue_tail->next = &req;
        else
            queue_head = &req;
        queue_tail = &req;
        /* Every queued request needs a worker of its own: one may block for good
           (an epoll_pwait without timeout) and must not hold up the next. */
        int spawn = ++queued > idle_workers && workers < MAX_WORKERS;
        if (spawn)
            workers++;
        az_unlock(&queue_lock);
        if (spawn)
            start_worker();
        __atomic_add_fetch(&queue_seq, 1, __ATOMIC_SEQ_CST);
        host3(NR_futex, &queue_seq, 1 /* FUTEX_WAKE */ | 128, 1);
        wait_offloaded(t);
        if (req.raised)
            az_signal_raise_thread(t, 13, &req.pipe_info);
    }
    if (done)
        return req.result < 0 ? done : done + req.result;
    return req.result;
}

/* A signal for t while its call is offloaded: cancel the call. */
void az_offload_interrupt(struct az_thread *t)
{
    az_lock(&queue_lock);
    struct az_offload_request *req = t->offload;
    if (!req || t->wait_kind != WAIT_OFFLOAD) {
        az_unlock(&queue_lock);
        return;
    }
    if (req->on_ring) {
        az_uring_cancel(&req->ring);
        az_unlock(&queue_lock);
        return;
    }
    req->cancel = 1;
    if (!req->taken) {
        struct az_offload_request **p = &queue_head, *prev = 0;
        while (*p && *p != req) {
            prev = *p;
            p = &(*p)->next;
        }
        if (*p) {
            *p = req->next;
            if (queue_tail == req)
                queue_tail = prev;
            queued--;
            req->result = -EINTR;
            az_unlock(&queue_lock);
            az_wake(t, WAKE_NORMAL);
            return;
        }
    }
    long tid = req->worker_tid;
    az_unlock(&queue_lock);
    if (tid)
        host3(NR_tgkill, az_pid_cached, tid, AZ_SIG);
}

/* A host signal on a worker: a cancel, or a SIGPIPE its call raised. */
void az_worker_signal(int sig, struct k_siginfo *info, struct k_ucontext *uc)
{
    struct az_offload_request *req = this_cpu()->request;
    uint64_t pc = uc->gregs[REG_RIP];
    if (!req)
        return;
    if (sig == AZ_SIG && req->cancel && pc >= (uint64_t)az_cp_begin && pc <= (uint64_t)az_cp_syscall)
        uc->gregs[REG_RIP] = (uint64_t)az_cp_cancel;
    if (sig == 13) {
        req->raised = 1;
        req->pipe_info = *info;
    }
}

/* The host CPUs this process may use outside the partition (0: none). The
   boot-time set: the threads asking are vCPUs or their children, pinned. */
uint64_t az_offload_outside_cpus(void)
{
    return az_boot_info.host_cpus & ~az_boot_info.cpu_mask;
}

/* An offload host thread's start: %gs, its host signal mask (all blocked but
   `unblocked`), and the cores outside the partition when there are any (but
   the io_uring SQ poller's), else all the process's (not only the core of
   the vCPU that started it). */
void az_offload_thread_setup(struct az_cpu *c, uint64_t unblocked)
{
    host2(NR_arch_prctl, ARCH_SET_GS, c);
    c->host_tid = host0(NR_gettid);
    uint64_t mask = ~unblocked;
    host4(NR_rt_sigprocmask, SIG_SETMASK, &mask, 0, 8);
    uint64_t where = az_offload_outside_cpus() & ~az_uring_poller_cpus();
    if (!where)
        where = az_boot_info.host_cpus;
    host3(NR_sched_setaffinity, 0, sizeof where, &where);
}

static void worker_main(void *arg)
{
    struct az_cpu *c = arg;
    az_offload_thread_setup(c, 1ULL << (AZ_SIG - 1) | 1ULL << (13 - 1));
    for (;;) {
        az_lock(&queue_lock);
        struct az_offload_request *req = queue_head;
        if (!req) {
            idle_workers++;
            uint32_t seq = queue_seq;
            az_unlock(&queue_lock);
            host4(NR_futex, &queue_seq, 0 /* FUTEX_WAIT */ | 128, seq, 0);
            az_lock(&queue_lock);
            idle_workers--;
            az_unlock(&queue_lock);
            continue;
        }
        queue_head = req->next;
        if (!queue_head)
            queue_tail = 0;
        queued--;
        req->taken = 1;
        req->worker_tid = c->host_tid;
        c->request = req;
        az_unlock(&queue_lock);
        long r = az_host_cancellable(req->args, req->nr, &req->cancel);
        az_lock(&queue_lock);
        c->request = 0;
        req->result = r;
        req->worker_tid = 0;
        struct az_thread *t = req->thread;
        az_unlock(&queue_lock);
        az_wake(t, WAKE_NORMAL);
    }
}
