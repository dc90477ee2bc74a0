/*
 * uring.c: io_uring as the asynchronous offload transport. One ring for the
 * image, set up on the first asynchronous offload (so an image that never
 * needs one has no extra host fd). A vCPU puts an offloaded call on the ring
 * and its thread sleeps in the libOS; a completer host thread (outside the
 * partition when possible, like the workers) waits for completions and wakes
 * the threads. Calls the ring cannot serve with Linux's exact semantics stay
 * with the workers (worker.c).
 *
 * Submission: with two or more host CPUs outside the partition the kernel
 * polls the SQ on one of them (SQPOLL), kept for it (the completer and the
 * workers use the others), so a vCPU submits with stores only (a system call
 * only to wake an idle poller); otherwise the vCPU submits with
 * io_uring_enter. (A poller sharing its CPU starved the completer: Go's
 * timer-driven epoll waits finished tens of ms late.)
 * The SQ is shared by the vCPUs: ring_lock orders them, and in the second
 * case is held across the enter, so each vCPU's enter issues its own SQE.
 *
 * Invariants:
 *  - every call reserves SLOTS_PER_CALL entries (call, linked timeout, cancel)
 *    before it submits, and at most sq_entries are reserved, so neither the
 *    SQ nor the CQ (twice as large) can overflow;
 *  - a CQE's user_data is the call's address with a tag in the low bits (the
 *    call itself, its timeout, its cancel); call->pending counts the CQEs
 *    still to come and the thread is woken only when it reaches 0, so no CQE
 *    ever names a call that is gone;
 *  - no call that can raise SIGPIPE goes on the ring (write, writev, the
 *    send family stay with the workers): whether Linux raises it depends on
 *    the path inside the kernel (a unix stream writer blocked for room gets
 *    EPIPE without SIGPIPE when the peer shuts down reading, a new write gets
 *    both), and io_uring retries from the start on a kernel thread whose
 *    signals are blocked, so the libOS could not tell; a worker makes the
 *    real blocking call and re-raises what the host raised;
 *  - an O_NONBLOCK fd, or MSG_DONTWAIT, is served by a synchronous host call
 *    (io_uring would wait for readiness where Linux returns EAGAIN), a socket
 *    with SO_RCVTIMEO (SO_SNDTIMEO for connect) by a worker (io_uring would
 *    wait past it).
 */
#include "thread.h"
#include "uring.h"

#define RING_ENTRIES 256
#define SLOTS_PER_CALL 3
#define SQ_IDLE_MS 2
#define TAG_CALL 0
#define TAG_TIMEOUT 1
#define TAG_CANCEL 2
#define TAG_MASK 3
#define NR_fcntl 72
#define NR_getrlimit 97
#define F_GETFL 3
#define F_DUPFD_CLOEXEC 1030
#define O_NONBLOCK 04000
#define RLIMIT_NOFILE 7
#define MAP_POPULATE 0x8000
#define MSG_DONTWAIT 0x40
#define POLLERR 0x8
#define POLLHUP 0x10
#define POLLNVAL 0x20
#define ETIME 62
#define ECANCELED 125
#define NR_getsockopt 55
#define SOL_SOCKET 1
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define MAX_RW_COUNT 0x7ffff000L
#define EP_MAX_EVENTS (0x7fffffff / 12)

/* worker.c */
uint64_t az_offload_outside_cpus(void);
int az_offload_host_thread(void (*fn)(void *));
void az_offload_thread_setup(struct az_cpu *c, uint64_t unblocked);

enum { RING_UNTRIED, RING_UP, RING_UNUSABLE };

static struct az_lock start_lock, ring_lock;
static volatile int ring_state;
static int ring_fd = -1, sqpoll;
static uint64_t poller_cpu;             /* the SQPOLL thread's CPU bit, or 0 */
static uint8_t *ring_map;
static uint64_t ring_map_size;
static uint64_t supported_ops;          /* bit n: opcode n (< 64) is supported */
static uint32_t *sq_head, *sq_tail, *sq_flags, *sq_array, sq_mask, sq_entries;
static uint32_t *cq_head, *cq_tail, cq_mask;
static struct io_uring_sqe *sqes;
static struct io_uring_cqe *cqes;
static uint32_t reserved;               /* SQ/CQ entries reserved by calls in flight */

/* Setup failed: say why under trace, and give back what was taken. */
static int unusable(const char *what, long err)
{
    if (az_trace_on)
        az_printf("azalea: io_uring not used (%s: %ld): offload uses workers\n", what, err);
    if (ring_map)
        host2(NR_munmap, ring_map, ring_map_size);
    if (sqes)
        host2(NR_munmap, sqes, sq_entries * sizeof(struct io_uring_sqe));
    if (ring_fd >= 0)
        host1(3 /* close */, ring_fd);
    ring_map = 0;
    sqes = 0;
    ring_fd = -1;
    poller_cpu = 0;
    return 0;
}

static void *map_ring(uint64_t size, uint64_t offset)
{
    long m = host6(NR_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring_fd, offset);
    return m < 0 && m > -4096 ? 0 : (void *)m;
}

/* The ring fd lives in the application's fd table: keep it out of the low
   numbers the application's own open, socket... calls would otherwise get. */
static long move_high(long fd)
{
    struct k_rlimit lim;
    if (host2(NR_getrlimit, RLIMIT_NOFILE, &lim) < 0 || lim.cur < 64)
        return fd;
    uint64_t want = (lim.cur > 1024 ? 1024 : lim.cur) - 1;
    long high = host3(NR_fcntl, fd, F_DUPFD_CLOEXEC, want);
    if (high < 0) {
        high = host3(NR_fcntl, fd, F_DUPFD_CLOEXEC, want / 2);
        if (high < 0)
            return fd;
    }
    host1(3 /* close */, fd);
    return high;
}

static int probe_ops(void)
{
    static struct io_uring_probe probe;
    memset(&probe, 0, sizeof probe);
    long r = az_host(NR_io_uring_register, ring_fd, IORING_REGISTER_PROBE, (long)&probe, 256, 0, 0);
    if (r < 0)
        return (int)r;
    for (unsigned i = 0; i < probe.ops_len && i < 256; i++)
        if (probe.ops[i].op < 64 && (probe.ops[i].flags & IO_URING_OP_SUPPORTED))
            supported_ops |= 1ULL << probe.ops[i].op;
    return 0;
}

static void completer_main(void *arg);

static int start_ring(void)
{
    struct io_uring_params p;
    uint64_t outside = az_offload_outside_cpus();
    memset(&p, 0, sizeof p);
    /* The poller spins for SQ_IDLE_MS after each submission: on a CPU of its
       own, or the completer and the workers sharing it wait for it. */
    int polling = __builtin_popcountll(outside) >= 2;
    if (polling) {
        p.flags = IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF;
        p.sq_thread_cpu = (uint32_t)(63 - __builtin_clzll(outside));
        p.sq_thread_idle = SQ_IDLE_MS;
    }
    long fd = host2(NR_io_uring_setup, RING_ENTRIES, &p);
    if (fd < 0 && polling) {
        if (az_trace_on)
            az_printf("azalea: io_uring SQPOLL on CPU %u refused (%ld): submitting with io_uring_enter\n",
                      p.sq_thread_cpu, fd);
        memset(&p, 0, sizeof p);
        fd = host2(NR_io_uring_setup, RING_ENTRIES, &p);
    }
    if (fd < 0)
        return unusable("io_uring_setup", fd);
    ring_fd = (int)move_high(fd);
    sqpoll = (p.flags & IORING_SETUP_SQPOLL) != 0;
    if (sqpoll)
        poller_cpu = 1ULL << p.sq_thread_cpu;
    uint32_t need = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_RW_CUR_POS | IORING_FEAT_POLL_32BITS;
    if ((p.features & need) != need)
        return unusable("missing features, have", p.features);
    if (p.sq_entries > RING_ENTRIES || p.cq_entries < 2 * p.sq_entries)
        return unusable("unexpected ring sizes, sq entries", p.sq_entries);
    uint64_t sq_size = p.sq_off.array + p.sq_entries * sizeof(uint32_t);
    uint64_t cq_size = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    sq_entries = p.sq_entries;
    ring_map_size = sq_size > cq_size ? sq_size : cq_size;
    uint8_t *ring = ring_map = map_ring(ring_map_size, IORING_OFF_SQ_RING);
    sqes = map_ring(p.sq_entries * sizeof(struct io_uring_sqe), IORING_OFF_SQES);
    if (!ring || !sqes)
        return unusable("mmap of the rings, sq entries", p.sq_entries);
    sq_head = (uint32_t *)(ring + p.sq_off.head);
    sq_tail = (uint32_t *)(ring + p.sq_off.tail);
    sq_flags = (uint32_t *)(ring + p.sq_off.flags);
    sq_array = (uint32_t *)(ring + p.sq_off.array);
    sq_mask = *(uint32_t *)(ring + p.sq_off.ring_mask);
    cq_head = (uint32_t *)(ring + p.cq_off.head);
    cq_tail = (uint32_t *)(ring + p.cq_off.tail);
    cq_mask = *(uint32_t *)(ring + p.cq_off.ring_mask);
    cqes = (struct io_uring_cqe *)(ring + p.cq_off.cqes);
    long r = probe_ops();
    if (r < 0)
        return unusable("IORING_REGISTER_PROBE", r);
    uint64_t base_ops = 1ULL << IORING_OP_ASYNC_CANCEL | 1ULL << IORING_OP_LINK_TIMEOUT;
    if ((supported_ops & base_ops) != base_ops)
        return unusable("no ASYNC_CANCEL or LINK_TIMEOUT, supported ops", (long)supported_ops);
    if (az_offload_host_thread(completer_main) < 0)
        return unusable("completer thread", -1);
    if (az_trace_on)
        az_printf("azalea: io_uring offload: %u entries, %s, ops %lx\n", sq_entries,
                  sqpoll ? "SQPOLL" : "io_uring_enter submission", (unsigned long)supported_ops);
    return 1;
}

uint64_t az_uring_poller_cpus(void)
{
    return __atomic_load_n(&poller_cpu, __ATOMIC_ACQUIRE);
}

static int ring_up(void)
{
    int s = __atomic_load_n(&ring_state, __ATOMIC_ACQUIRE);
    if (s != RING_UNTRIED)
        return s == RING_UP;
    az_lock(&start_lock);
    if (ring_state == RING_UNTRIED)
        __atomic_store_n(&ring_state, az_boot_info.offload_uring && start_ring() ? RING_UP : RING_UNUSABLE,
                         __ATOMIC_RELEASE);
    az_unlock(&start_lock);
    return ring_state == RING_UP;
}

static int nonblocking(long fd)
{
    long fl = host2(NR_fcntl, fd, F_GETFL);
    return fl < 0 || (fl & O_NONBLOCK);
}

/* A socket's SO_RCVTIMEO or SO_SNDTIMEO bounds a blocking call; io_uring's
   wait for readiness would not end there. */
static int socket_timeout(long fd, int option)
{
    struct k_timespec tv = {0, 0};  /* struct timeval's layout */
    uint32_t len = sizeof tv;
    long r = az_host(NR_getsockopt, fd, SOL_SOCKET, option, (long)&tv, (long)&len, 0);
    return r == 0 && (tv.tv_sec || tv.tv_nsec);
}

static void set_timeout(struct az_uring_call *call, long ms)
{
    call->has_timeout = 1;
    call->timeout.tv_sec = ms / 1000;
    call->timeout.tv_nsec = ms % 1000 * 1000000;
}

int az_uring_prepare(struct az_uring_call *call, long nr, const long args[6])
{
    if (!ring_up())
        return URING_NO;
    memset(call, 0, sizeof *call);
    call->nr = nr;
    memcpy(call->args, args, sizeof call->args);
    struct io_uring_sqe *s = &call->sqe;
    int on_fd = 1;              /* args[0] is an fd: its O_NONBLOCK and timeouts decide */
    s->fd = (int32_t)args[0];
    switch (nr) {
    case 0:                     /* read, at the file position */
        if ((unsigned long)args[2] > MAX_RW_COUNT)
            return URING_NO;
        s->opcode = IORING_OP_READ;
        s->addr = (uint64_t)args[1];
        s->len = (uint32_t)args[2];
        s->off = ~0ULL;
        break;
    case 19:                    /* readv */
        if ((unsigned long)args[2] > 1024)
            return URING_NO;
        s->opcode = IORING_OP_READV;
        s->addr = (uint64_t)args[1];
        s->len = (uint32_t)args[2];
        s->off = ~0ULL;
        break;
    case 45:                    /* recvfrom without an address */
        if (args[4] || (unsigned long)args[2] > MAX_RW_COUNT)
            return URING_NO;
        if (args[3] & MSG_DONTWAIT)
            return URING_SYNC;
        s->opcode = IORING_OP_RECV;
        s->addr = (uint64_t)args[1];
        s->len = (uint32_t)args[2];
        s->op_flags = (uint32_t)args[3];
        break;
    case 47:                    /* recvmsg */
        if (args[2] & MSG_DONTWAIT)
            return URING_SYNC;
        s->opcode = IORING_OP_RECVMSG;
        s->addr = (uint64_t)args[1];
        s->len = 1;
        s->op_flags = (uint32_t)args[2];
        break;
    case 43: case 288:          /* accept, accept4 */
        s->opcode = IORING_OP_ACCEPT;
        s->addr = (uint64_t)args[1];
        s->off = (uint64_t)args[2];
        s->op_flags = nr == 288 ? (uint32_t)args[3] : 0;
        break;
    case 42:                    /* connect */
        s->opcode = IORING_OP_CONNECT;
        s->addr = (uint64_t)args[1];
        s->off = (uint64_t)args[2];
        break;
    case 7: {                   /* poll of one fd that may wait */
        const struct { int32_t fd; int16_t events, revents; } *pfd = (const void *)args[0];
        if (args[1] != 1 || (int)args[2] == 0 || !pfd || pfd->fd < 0)
            return URING_NO;
        on_fd = 0;
        s->opcode = IORING_OP_POLL_ADD;
        s->fd = pfd->fd;
        s->op_flags = (uint16_t)pfd->events;
        if ((int)args[2] > 0)
            set_timeout(call, (int)args[2]);
        break;
    }
    case 232: case 281:         /* epoll_wait, epoll_pwait (its mask already taken by syscall.c) */
        if ((int)args[3] == 0 || (int)args[2] <= 0 || (int)args[2] > EP_MAX_EVENTS)
            return URING_NO;
        on_fd = 0;
        s->opcode = IORING_OP_EPOLL_WAIT;
        s->addr = (uint64_t)args[1];
        s->len = (uint32_t)args[2];
        if ((int)args[3] > 0)
            set_timeout(call, (int)args[3]);
        break;
    default:
        return URING_NO;
    }
    if (!(supported_ops & (1ULL << s->opcode)))
        return URING_NO;
    if (on_fd && nonblocking(args[0]))
        return URING_SYNC;
    if (on_fd && socket_timeout(args[0], nr == 42 ? SO_SNDTIMEO : SO_RCVTIMEO))
        return URING_NO;
    call->thread = az_current();
    return URING_YES;
}

/* Under ring_lock: the SQE into the ring, not yet visible to the kernel. */
static void push(const struct io_uring_sqe *sqe, uint32_t *tail)
{
    uint32_t used = *tail - __atomic_load_n(sq_head, __ATOMIC_ACQUIRE);
    if (used >= sq_entries)
        az_fatal(70, "azalea: io_uring submission queue full (%u of %u entries) despite the reservations\n",
                 used, sq_entries);
    uint32_t i = *tail & sq_mask;
    sqes[i] = *sqe;
    sq_array[i] = i;
    (*tail)++;
}

/* Under ring_lock: makes the SQEs up to tail the kernel's, and has them issued. */
static void publish(uint32_t tail, uint32_t count)
{
    __atomic_store_n(sq_tail, tail, __ATOMIC_RELEASE);
    if (sqpoll) {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (__atomic_load_n(sq_flags, __ATOMIC_RELAXED) & IORING_SQ_NEED_WAKEUP)
            az_host(NR_io_uring_enter, ring_fd, 0, 0, IORING_ENTER_SQ_WAKEUP, 0, 0);
        return;
    }
    while (count) {
        long r = az_host(NR_io_uring_enter, ring_fd, count, 0, 0, 0, 0);
        if (r == -EINTR || r == -EAGAIN || r == -EBUSY)
            continue;
        if (r <= 0)
            az_fatal(70, "azalea: io_uring_enter could not submit %u entries: %ld\n", count, r);
        count -= (uint32_t)r;
    }
}

int az_uring_submit(struct az_uring_call *call)
{
    struct io_uring_sqe timeout;
    call->pending = 1 + call->has_timeout;
    call->sqe.user_data = (uint64_t)call | TAG_CALL;
    if (call->has_timeout) {
        call->sqe.flags |= IOSQE_IO_LINK;
        memset(&timeout, 0, sizeof timeout);
        timeout.opcode = IORING_OP_LINK_TIMEOUT;
        timeout.fd = -1;
        timeout.addr = (uint64_t)&call->timeout;
        timeout.len = 1;
        timeout.user_data = (uint64_t)call | TAG_TIMEOUT;
    }
    az_lock(&ring_lock);
    if (reserved + SLOTS_PER_CALL > sq_entries) {
        az_unlock(&ring_lock);
        return -1;
    }
    reserved += SLOTS_PER_CALL;
    uint32_t tail = *sq_tail;
    push(&call->sqe, &tail);
    if (call->has_timeout)
        push(&timeout, &tail);
    publish(tail, 1 + call->has_timeout);
    az_unlock(&ring_lock);
    return 0;
}

void az_uring_cancel(struct az_uring_call *call)
{
    az_lock(&ring_lock);
    if (call->pending == 0 || call->cancel_sent) {
        az_unlock(&ring_lock);
        return;
    }
    call->cancel_sent = 1;
    call->pending++;
    struct io_uring_sqe cancel;
    memset(&cancel, 0, sizeof cancel);
    cancel.opcode = IORING_OP_ASYNC_CANCEL;
    cancel.fd = -1;
    cancel.addr = (uint64_t)call | TAG_CALL;
    cancel.user_data = (uint64_t)call | TAG_CANCEL;
    uint32_t tail = *sq_tail;
    push(&cancel, &tail);
    publish(tail, 1);
    az_unlock(&ring_lock);
}

/* One CQE: record it; the call's last one wakes its thread. */
static void complete(const struct io_uring_cqe *cqe)
{
    struct az_uring_call *call = (struct az_uring_call *)(cqe->user_data & ~(uint64_t)TAG_MASK);
    int tag = (int)(cqe->user_data & TAG_MASK);
    az_lock(&ring_lock);
    if (tag == TAG_CALL)
        call->result = cqe->res;
    else if (tag == TAG_TIMEOUT)
        call->timed_out = cqe->res == -ETIME;
    struct az_thread *t = --call->pending == 0 ? call->thread : 0;
    if (t)
        reserved -= SLOTS_PER_CALL;
    az_unlock(&ring_lock);
    if (t)
        az_wake(t, WAKE_NORMAL);
}

static void completer_main(void *arg)
{
    az_offload_thread_setup(arg, 0);
    for (;;) {
        uint32_t head = *cq_head, tail = __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE);
        if (head == tail) {
            long r = az_host(NR_io_uring_enter, ring_fd, 0, 1, IORING_ENTER_GETEVENTS, 0, 0);
            if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY)
                az_fatal(70, "azalea: io_uring_enter waiting for completions failed: %ld\n", r);
            continue;
        }
        for (; head != tail; head++) {
            struct io_uring_cqe cqe = cqes[head & cq_mask];
            __atomic_store_n(cq_head, head + 1, __ATOMIC_RELEASE);
            complete(&cqe);
        }
    }
}

long az_uring_result(struct az_uring_call *call)
{
    long r = call->result;
    int interrupted = r == -ECANCELED || r == -EINTR;
    switch (call->sqe.opcode) {
    case IORING_OP_POLL_ADD: {
        struct { int32_t fd; int16_t events, revents; } *pfd = (void *)call->args[0];
        int16_t filter = (int16_t)(pfd->events | POLLERR | POLLHUP);
        if (interrupted && call->timed_out)
            r = 0;
        else if (r == -EBADF)
            r = POLLNVAL;
        else if (r < 0)
            return interrupted ? -EINTR : r;
        pfd->revents = (int16_t)(r & (filter | POLLNVAL));
        return pfd->revents != 0;
    }
    case IORING_OP_EPOLL_WAIT:
        if (interrupted && call->timed_out)
            return 0;
        break;
    }
    return interrupted ? -EINTR : r;
}
