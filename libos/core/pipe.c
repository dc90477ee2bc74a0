/*
 * pipe.c: pipes inside the image. A pipe the program creates can only be
 * reached by the program itself (fork and exec are not served), so while it is
 * used with nothing but read, write, readv, writev and close, its data lives
 * here: a reader and a writer on one core hand bytes over with a run-queue
 * operation instead of two host calls and two host context switches.
 *
 * Every pipe is still created on the host, so that descriptor numbers, fstat,
 * /proc/self/fd and the like stay Linux's own. The host pipe stays empty while
 * the libOS holds the data. Any other call that names one of its descriptors
 * (poll, select, epoll_ctl, dup*, ioctl, most fcntl commands, splice, tee,
 * sendfile, SCM_RIGHTS, a path under /proc or /dev/fd) first hands the pipe to
 * the host for good: the buffered bytes are written into the host pipe, in
 * order, and from then on every call goes to the host (az_pipe_before_host).
 *
 * The buffer follows Linux's layout, so that capacity and EAGAIN points are
 * Linux's: as many page-sized slots as the host pipe has pages; a write first
 * merges its length modulo the page size into the last slot if that fits,
 * then fills new slots a page at a time (a write of at most PIPE_BUF bytes is
 * thus never split); a read takes bytes slot by slot. Waiting, EOF, EPIPE with
 * SIGPIPE, O_NONBLOCK, signals (-ERESTARTSYS, or the count so far) and faults
 * in the caller's buffers (EFAULT) are pipe_read's and pipe_write's.
 *
 * Lifetime: an end's refs count its descriptor plus calls in progress on it
 * (pipes_lock); an end is closed when they reach zero, as a Linux file is
 * released after the last call on it returns. The pipe's own lock guards the
 * slots and the wait lists. Lock order: pipes_lock, then a pipe's lock.
 */
#include "thread.h"

#define PIPE_FDS 1024          /* descriptors above this stay host pipes */
#define MAX_SLOTS 16           /* Linux's default pipe: 16 pages */
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETPIPE_SZ 1032
#define O_NONBLOCK 04000
#define O_DIRECT 040000
#define O_ASYNC 020000
#define EPIPE 32
#define UIO_MAXIOV 1024
#define NR_OPEN_MAX (1L << 20)  /* Linux's fs.nr_open ceiling: no descriptor lies beyond */
#define NR_pipe2 293
#define NR_fcntl 72
#define NR_close 3
#define NR_writev 20
#define SI_USER 0
#define REDO_ON_HOST 1         /* pipe_read/pipe_write: the pipe went to the host meanwhile */

struct slot {
    uint16_t offset, len;
};

struct waiter {
    struct az_thread *thread;
    struct waiter *next;
};

struct az_pipe {
    struct az_lock lock;
    int fd[2];                  /* the descriptors, -1 once closed */
    int refs[2];                /* descriptor + calls in progress, per end (pipes_lock) */
    int nonblock[2];
    int on_host;                /* handed to the host: nothing is buffered here any more */
    uint32_t slots, head, tail; /* ring of slots; head - tail of them in use */
    struct slot slot[MAX_SLOTS];
    struct waiter *readers, *writers;
    uint8_t data[MAX_SLOTS * AZ_PAGE];
};

static struct az_lock pipes_lock;
static struct az_pipe *by_fd[PIPE_FDS];
static int internal_pipes;      /* how many are not on the host: the offload hook's fast test */

void az_signal_raise_thread(struct az_thread *t, int sig, const struct k_siginfo *info);

/* --- descriptors ------------------------------------------------------------ */

/* The pipe kept here for fd, or 0 (a host descriptor): exact under
   pipes_lock, a hint without it. */
static struct az_pipe *pipe_at(long fd)
{
    return (unsigned long)fd < PIPE_FDS ? __atomic_load_n(&by_fd[fd], __ATOMIC_RELAXED) : 0;
}

/* The pipe behind fd with a reference on the end fd is, or 0 for a host fd. */
static struct az_pipe *get(long fd, int *end)
{
    if (!pipe_at(fd))
        return 0;
    az_lock(&pipes_lock);
    struct az_pipe *p = pipe_at(fd);
    if (p) {
        *end = p->fd[1] == fd;
        p->refs[*end]++;
    }
    az_unlock(&pipes_lock);
    return p;
}

static void wake_all(struct waiter **list)
{
    for (struct waiter *w = *list; w; w = w->next)
        az_wake(w->thread, WAKE_NORMAL);
    *list = 0;
}

/* Drops one reference on an end (pipes_lock held); the last one closes the
   end: the other side's waiters see EOF or EPIPE; with both ends closed the
   pipe is freed. */
static void drop(struct az_pipe *p, int end)
{
    if (--p->refs[end] > 0)
        return;
    az_lock(&p->lock);
    wake_all(end ? &p->readers : &p->writers);
    az_unlock(&p->lock);
    if (p->refs[!end] > 0)
        return;
    if (!p->on_host)
        internal_pipes--;
    host2(NR_munmap, p, sizeof *p);
}

static void put(struct az_pipe *p, int end)
{
    az_lock(&pipes_lock);
    drop(p, end);
    az_unlock(&pipes_lock);
}

static uint32_t used(const struct az_pipe *p)
{
    return p->head - p->tail;
}

static int holds_data(struct az_pipe *p)
{
    az_lock(&p->lock);
    int r = used(p) != 0;
    az_unlock(&p->lock);
    return r;
}

static size_t buffered(const struct az_pipe *p)
{
    size_t n = 0;
    for (uint32_t i = p->tail; i != p->head; i++)
        n += p->slot[i % MAX_SLOTS].len;
    return n;
}

/* Hands p to the host for good (pipes_lock held): its bytes go into the host
   pipe, its descriptors become plain host descriptors, and calls waiting on it
   redo themselves there. The host pipe is empty and at least as large as the
   slots, so the bytes fit. They need both host descriptors: with the read
   end's closed nobody could read them (a read still running on it redoes
   itself on a closed descriptor: EBADF); the write end's is never closed
   while bytes are unread (sys_close). */
static void to_host(struct az_pipe *p)
{
    az_lock(&p->lock);
    if (p->fd[0] >= 0 && p->fd[1] >= 0 && used(p)) {
        struct { const void *base; size_t len; } iov[MAX_SLOTS];
        int n = 0;
        for (uint32_t i = p->tail; i != p->head; i++, n++) {
            const struct slot *s = &p->slot[i % MAX_SLOTS];
            iov[n].base = p->data + (i % MAX_SLOTS) * AZ_PAGE + s->offset;
            iov[n].len = s->len;
        }
        long r = host3(NR_writev, p->fd[1], iov, n);
        if (r != (long)buffered(p))
            az_fatal(70, "azalea: handing pipe %d/%d to the host: writev gave %ld of %lu bytes\n",
                     p->fd[0], p->fd[1], r, (unsigned long)buffered(p));
    }
    p->tail = p->head;
    p->on_host = 1;
    wake_all(&p->readers);
    wake_all(&p->writers);
    az_unlock(&p->lock);
    internal_pipes--;
    int had[2] = {p->fd[0] >= 0, p->fd[1] >= 0};
    for (int end = 0; end < 2; end++)
        if (had[end]) {
            by_fd[p->fd[end]] = 0;
            p->fd[end] = -1;
        }
    for (int end = 0; end < 2; end++)
        if (had[end])
            drop(p, end); /* the last drop frees p */
}

static void fd_to_host(long fd)
{
    struct az_pipe *p = pipe_at(fd);
    if (p)
        to_host(p);
}

/* --- data ------------------------------------------------------------------- */

struct iov {
    uint8_t *base;
    size_t len;
};

/* A caller's buffers as a cursor: iov[0] is the part not yet done. */
struct cursor {
    const struct iov *iov;
    long count;
    size_t done_in_first;
    size_t left;
};

static long cursor_init(struct cursor *c, const struct iov *iov, long count)
{
    if (count < 0 || count > UIO_MAXIOV)
        return -EINVAL;
    /* Linux copies the whole vector in first: a bad one is EFAULT before any length is looked at. */
    for (long i = 0; i < count; i++) {
        struct iov v;
        if (az_copy_user(&v, &iov[i], sizeof v))
            return -EFAULT;
    }
    size_t total = 0;
    for (long i = 0; i < count; i++) {
        if (iov[i].len > (size_t)INT64_MAX - total)
            return -EINVAL;
        total += iov[i].len;
    }
    c->iov = iov;
    c->count = count;
    c->done_in_first = 0;
    c->left = total;
    return 0;
}

/* Copies up to n bytes between the caller's buffers and pipe memory; returns
   the bytes copied, short only at a fault. Does not advance the cursor. */
static size_t cursor_copy(const struct cursor *c, uint8_t *mem, size_t n, int to_user)
{
    size_t copied = 0, skip = c->done_in_first;
    for (long i = 0; i < c->count && copied < n; i++, skip = 0) {
        size_t chunk = c->iov[i].len - skip;
        if (chunk > n - copied)
            chunk = n - copied;
        uint8_t *user = c->iov[i].base + skip;
        long missed = to_user ? az_copy_user(user, mem + copied, chunk) : az_copy_user(mem + copied, user, chunk);
        copied += chunk - (size_t)missed;
        if (missed)
            break;
    }
    return copied;
}

static void cursor_advance(struct cursor *c, size_t n)
{
    c->left -= n;
    while (n) {
        size_t rest = c->iov->len - c->done_in_first;
        if (n < rest) {
            c->done_in_first += n;
            return;
        }
        n -= rest;
        c->iov++;
        c->count--;
        c->done_in_first = 0;
    }
    while (c->count && c->iov->len == c->done_in_first) {
        c->iov++;
        c->count--;
        c->done_in_first = 0;
    }
}

/* Waits on list with p->lock held (dropped meanwhile); Linux's pipe_wait. */
static void wait_on(struct az_pipe *p, struct waiter **list)
{
    struct az_thread *t = az_current();
    struct waiter w = {t, *list};
    *list = &w;
    t->wake_reason = WAKE_NONE;
    t->wait_kind = WAIT_INTERRUPTIBLE;
    az_unlock(&p->lock);
    if (az_wait_sees_signal(t))
        az_wake(t, WAKE_SIGNAL);
    az_block();
    t->wait_kind = WAIT_NONE;
    az_lock(&p->lock);
    for (struct waiter **q = list; *q; q = &(*q)->next)
        if (*q == &w) {
            *q = w.next;
            break;
        }
}

/* Linux's pipe_read: whatever is there, at once; or wait for the first byte. */
static long pipe_read(struct az_pipe *p, struct cursor *c, int *redo)
{
    long ret = 0;
    az_lock(&p->lock);
    while (c->left) {
        if (p->on_host) {
            *redo = ret == 0;
            break;
        }
        if (used(p)) {
            struct slot *s = &p->slot[p->tail % MAX_SLOTS];
            size_t chars = s->len < c->left ? s->len : c->left;
            uint8_t *mem = p->data + (p->tail % MAX_SLOTS) * AZ_PAGE + s->offset;
            if (cursor_copy(c, mem, chars, 1) < chars) {
                ret = ret ? ret : -EFAULT;
                break;
            }
            cursor_advance(c, chars);
            ret += (long)chars;
            s->offset += chars;
            s->len -= chars;
            if (s->len == 0) {
                p->tail++;
                wake_all(&p->writers);
            }
            continue;
        }
        if (ret || p->refs[1] == 0)
            break;
        if (p->nonblock[0]) {
            ret = -EAGAIN;
            break;
        }
        if (az_signal_deliverable(az_current())) {
            ret = -ERESTARTSYS;
            break;
        }
        wait_on(p, &p->readers);
    }
    az_unlock(&p->lock);
    return ret;
}

static void raise_sigpipe(void)
{
    struct k_siginfo info;
    memset(&info, 0, sizeof info);
    info.si_signo = 13;
    info.si_code = SI_USER;
    info.u.kill.pid = (int32_t)az_pid_cached;
    info.u.kill.uid = (uint32_t)az_uid_cached;
    az_signal_raise_thread(az_current(), 13, &info);
}

/* Merges the write's length modulo the page size into the last slot, as
   Linux does before it takes new slots; returns the bytes merged or -EFAULT. */
static long merge_tail(struct az_pipe *p, struct cursor *c)
{
    size_t chars = c->left & (AZ_PAGE - 1);
    if (!chars || !used(p))
        return 0;
    uint32_t last = (p->head - 1) % MAX_SLOTS;
    struct slot *s = &p->slot[last];
    size_t offset = (size_t)s->offset + s->len;
    if (offset + chars > AZ_PAGE)
        return 0;
    if (cursor_copy(c, p->data + last * AZ_PAGE + offset, chars, 0) < chars)
        return -EFAULT;
    cursor_advance(c, chars);
    s->len += chars;
    wake_all(&p->readers);
    return (long)chars;
}

/* Linux's pipe_write. *redo: the pipe went to the host, the rest goes there. */
static long pipe_write(struct az_pipe *p, struct cursor *c, int *redo)
{
    if (!c->left)
        return 0;
    az_lock(&p->lock);
    long ret = 0;
    if (!p->on_host && p->refs[0] == 0) {
        raise_sigpipe();
        ret = -EPIPE;
    } else if (!p->on_host) {
        ret = merge_tail(p, c);
    }
    while (ret >= 0 && c->left) {
        if (p->on_host) {
            *redo = 1;
            break;
        }
        if (p->refs[0] == 0) {
            raise_sigpipe();
            ret = ret ? ret : -EPIPE;
            break;
        }
        if (used(p) < p->slots) {
            uint32_t i = p->head % MAX_SLOTS;
            size_t chars = c->left < AZ_PAGE ? c->left : AZ_PAGE;
            size_t copied = cursor_copy(c, p->data + i * AZ_PAGE, chars, 0);
            if (copied < chars) {
                ret = ret ? ret : -EFAULT;
                break;
            }
            cursor_advance(c, chars);
            p->slot[i] = (struct slot){0, (uint16_t)chars};
            p->head++;
            ret += (long)chars;
            wake_all(&p->readers);
            continue;
        }
        if (p->nonblock[1]) {
            ret = ret ? ret : -EAGAIN;
            break;
        }
        if (az_signal_deliverable(az_current())) {
            ret = ret ? ret : -ERESTARTSYS;
            break;
        }
        wait_on(p, &p->writers);
    }
    az_unlock(&p->lock);
    return ret;
}

/* --- system calls ----------------------------------------------------------- */

/* A read or write that the host finishes, after done bytes here. */
static long redo_one(long fd, const struct cursor *c, long done)
{
    long more = az_offload(fd, (long)(c->iov->base + c->done_in_first), (long)c->left, 0, 0, 0);
    if (more < 0)
        return done ? done : more;
    return done + more;
}

/* read/write/readv/writev on a pipe kept here; anything else, or what is left
   once the pipe went to the host, is the host's (az_offload). */
static long transfer(long fd, const struct iov *iov, long count, int writing, int vector)
{
    int end, redo = 0;
    struct az_pipe *p = get(fd, &end);
    if (!p)
        return az_offload(fd, vector ? (long)iov : (long)iov->base, vector ? count : (long)iov->len, 0, 0, 0);
    if (end != writing) {
        put(p, end);
        return -EBADF;
    }
    struct cursor c;
    long r = cursor_init(&c, iov, count);
    if (r == 0)
        r = writing ? pipe_write(p, &c, &redo) : pipe_read(p, &c, &redo);
    put(p, end);
    if (!redo)
        return r;
    if (!vector)
        return redo_one(fd, &c, r);
    if (r == 0)
        return az_offload(fd, (long)iov, count, 0, 0, 0);
    /* A writev the host finishes: what is left, a buffer at a time. */
    long sum = r;
    while (c.count) {
        struct iov rest = {c.iov->base + c.done_in_first, c.iov->len - c.done_in_first};
        long more = az_offload(fd, (long)&rest, 1, 0, 0, 0);
        if (more <= 0)
            break;
        sum += more;
        if ((size_t)more < rest.len)
            break;
        cursor_advance(&c, (size_t)more);
    }
    return sum;
}

long sys_read(long fd, long buf, long len, long d, long e, long f)
{
    struct iov one = {(uint8_t *)buf, (size_t)len};
    return transfer(fd, &one, 1, 0, 0);
}

long sys_write(long fd, long buf, long len, long d, long e, long f)
{
    struct iov one = {(uint8_t *)buf, (size_t)len};
    return transfer(fd, &one, 1, 1, 0);
}

long sys_readv(long fd, long iov, long count, long d, long e, long f)
{
    return transfer(fd, (const struct iov *)iov, count, 0, 1);
}

long sys_writev(long fd, long iov, long count, long d, long e, long f)
{
    return transfer(fd, (const struct iov *)iov, count, 1, 1);
}

/* pipe2: the host's pipe (numbers, fstat, /proc are Linux's), its data here
   when the descriptors fit the table and the pipe is a plain one. */
long sys_pipe2(long fds, long flags, long c, long d, long e, long f)
{
    int pair[2];
    long r = host2(NR_pipe2, pair, flags);
    if (r < 0)
        return r;
    if (az_copy_user((void *)fds, pair, sizeof pair)) {
        host1(NR_close, pair[0]);
        host1(NR_close, pair[1]);
        return -EFAULT;
    }
    long size = host2(NR_fcntl, pair[0], F_GETPIPE_SZ);
    if ((flags & O_DIRECT) || pair[0] >= PIPE_FDS || pair[1] >= PIPE_FDS ||
        size < (long)AZ_PAGE || size > (long)(MAX_SLOTS * AZ_PAGE))
        return 0;
    long m = host6(NR_mmap, 0, sizeof(struct az_pipe), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m < 0 && m > -4096)
        return 0;
    struct az_pipe *p = (struct az_pipe *)m;
    p->fd[0] = pair[0];
    p->fd[1] = pair[1];
    p->refs[0] = p->refs[1] = 1;
    p->nonblock[0] = p->nonblock[1] = (flags & O_NONBLOCK) != 0;
    p->slots = (uint32_t)(size / AZ_PAGE);
    az_lock(&pipes_lock);
    by_fd[pair[0]] = p;
    by_fd[pair[1]] = p;
    internal_pipes++;
    az_unlock(&pipes_lock);
    return 0;
}

long sys_pipe(long fds, long b, long c, long d, long e, long f)
{
    return sys_pipe2(fds, 0, 0, 0, 0, 0);
}

/* close: the end closes once the calls still running on it return, as on
   Linux. The write end goes to the host first when bytes are unread or a
   write is still running: later, with its descriptor gone, nothing could
   carry them into the host pipe if the pipe had to go there. */
long sys_close(long fd, long b, long c, long d, long e, long f)
{
    if (pipe_at(fd)) {
        az_lock(&pipes_lock);
        struct az_pipe *p = pipe_at(fd);
        if (p) {
            int end = p->fd[1] == fd;
            if (end == 1 && (p->refs[1] > 1 || (p->refs[0] > 0 && holds_data(p)))) {
                to_host(p);
            } else {
                by_fd[fd] = 0;
                p->fd[end] = -1;
                drop(p, end);
            }
        }
        az_unlock(&pipes_lock);
    }
    return az_offload(fd, b, c, d, e, f);
}

/* --- the rest goes to the host ------------------------------------------------ */

struct k_pollfd {
    int32_t fd;
    int16_t events, revents;
};

static void pollfds_to_host(long fds, long n)
{
    for (long i = 0; i < n && i < NR_OPEN_MAX; i++) {
        struct k_pollfd pfd;
        if (az_copy_user(&pfd, (const struct k_pollfd *)fds + i, sizeof pfd))
            return;
        fd_to_host(pfd.fd);
    }
}

static void fdset_to_host(long set, long nfds)
{
    if (!set)
        return;
    for (long word = 0; word * 64 < nfds && word * 64 < PIPE_FDS; word++) {
        uint64_t bits;
        if (az_copy_user(&bits, (const uint64_t *)set + word, sizeof bits))
            return;
        for (; bits; bits &= bits - 1)
            fd_to_host(word * 64 + __builtin_ctzll(bits));
    }
}

static void all_to_host(void)
{
    for (long fd = 0; fd < PIPE_FDS && internal_pipes; fd++)
        fd_to_host(fd);
}

/* Whether a struct msghdr carries control data (msg_controllen, at 40). */
static int has_control_data(long msghdr)
{
    uint64_t controllen = 0;
    return az_copy_user(&controllen, (const uint8_t *)msghdr + 40, sizeof controllen) == 0 && controllen;
}

/* A path that may name an open descriptor (/proc/self/fd/N, /dev/stdin...),
   or a path relative to a directory descriptor that might be such a place. */
static int may_name_descriptor(long dirfd, long path)
{
    char head[6] = {0};
    for (size_t i = 0; i + 1 < sizeof head; i++)
        if (az_copy_user(&head[i], (const char *)path + i, 1) || !head[i])
            break;
    if (head[0] != '/')
        return dirfd != -100; /* AT_FDCWD */
    return !strncmp(head, "/proc", 5) || !strncmp(head, "/dev/", 5);
}

/* Before a call goes to the host: every pipe it names leaves the libOS, so
   that the host sees its bytes (poll, FIONREAD, splice...) or its
   descriptors' fate (dup2 closing one, SCM_RIGHTS sending one). */
void az_pipe_before_host(long nr, const long a[6])
{
    if (!__atomic_load_n(&internal_pipes, __ATOMIC_RELAXED))
        return;
    az_lock(&pipes_lock);
    switch (nr) {
    case 16: case 32: case 327: case 328:          /* ioctl dup preadv2 pwritev2 */
        fd_to_host(a[0]);
        break;
    case 33: case 292: case 276: case 40:          /* dup2 dup3 tee sendfile */
        fd_to_host(a[0]);
        fd_to_host(a[1]);
        break;
    case 275: case 326:                             /* splice copy_file_range */
        fd_to_host(a[0]);
        fd_to_host(a[2]);
        break;
    case 233:                                       /* epoll_ctl */
        fd_to_host(a[2]);
        break;
    case 7: case 271:                               /* poll ppoll */
        pollfds_to_host(a[0], a[1]);
        break;
    case 23: case 270:                              /* select pselect6 */
        fdset_to_host(a[1], a[0]);
        fdset_to_host(a[2], a[0]);
        fdset_to_host(a[3], a[0]);
        break;
    case 72: {                                      /* fcntl */
        struct az_pipe *p = pipe_at(a[0]);
        if (a[1] == F_SETFL && !(a[2] & (O_ASYNC | O_DIRECT)) && p)
            p->nonblock[p->fd[1] == a[0]] = (a[2] & O_NONBLOCK) != 0;
        else if (a[1] != F_GETFD && a[1] != F_SETFD && a[1] != F_GETFL && a[1] != F_GETPIPE_SZ)
            fd_to_host(a[0]);
        break;
    }
    case 436:                                       /* close_range */
        for (unsigned long fd = (unsigned long)a[0]; fd <= (unsigned long)a[1] && fd < PIPE_FDS; fd++)
            fd_to_host((long)fd);
        break;
    case 46:                                        /* sendmsg: SCM_RIGHTS may carry one */
        if (has_control_data(a[1]))
            all_to_host();
        break;
    case 2: case 85:                                /* open creat */
        if (may_name_descriptor(-100, a[0]))
            all_to_host();
        break;
    case 257:                                       /* openat */
        if (may_name_descriptor(a[0], a[1]))
            all_to_host();
        break;
    }
    az_unlock(&pipes_lock);
}
