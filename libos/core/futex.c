/*
 * futex.c: futexes between libOS threads, with Linux's semantics.
 *
 * Waiters hang in one of BUCKETS hashed wait queues, keyed by address plus
 * a shared bit: as on Linux, a private wake never wakes a shared waiter or
 * the reverse (the kernel's clear-tid and robust-list wakes are shared). The
 * image is one process: a futex shared with another process is not seen here.
 * A wait checks the value and queues itself under the bucket lock, so a
 * wake that follows a change of the value cannot be lost. A wake takes the
 * waiter off the queue and makes it runnable on its vCPU: a run-queue
 * operation, no host call unless that vCPU sleeps. A waiter that finds
 * itself already off the queue was woken, whatever else happened (timeout,
 * signal): Linux's rule, so no wake is ever lost or invented.
 */
#include "thread.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define ETIMEDOUT 110
#define BUCKETS 256
#define FUTEX_OWNER_DIED 0x40000000U
#define FUTEX_TID_MASK 0x3fffffffU

struct bucket {
    struct az_lock lock;
    struct az_thread *head;
};

static struct bucket buckets[BUCKETS];

#define SHARED_KEY 1

static struct bucket *bucket_of(uint64_t key)
{
    return &buckets[((key >> 2) * 0x9E3779B97F4A7C15ULL) >> 56];
}

static void enqueue(struct bucket *b, struct az_thread *t)
{
    struct az_thread **p = &b->head;
    while (*p)
        p = &(*p)->futex_next;
    t->futex_next = 0;
    *p = t;
}

/* Removes t if still queued; returns whether it was. */
static int dequeue(struct bucket *b, struct az_thread *t)
{
    for (struct az_thread **p = &b->head; *p; p = &(*p)->futex_next)
        if (*p == t) {
            *p = t->futex_next;
            return 1;
        }
    return 0;
}

static long wait(uint64_t key, uint32_t val, uint32_t bitset, uint64_t deadline)
{
    struct az_thread *t = az_current();
    struct bucket *b = bucket_of(key);
    az_lock(&b->lock);
    if (__atomic_load_n((const uint32_t *)(key & ~(uint64_t)SHARED_KEY), __ATOMIC_SEQ_CST) != val) {
        az_unlock(&b->lock);
        return -EAGAIN;
    }
    t->futex_key = key;
    t->futex_bitset = bitset;
    t->wake_reason = WAKE_NONE;
    t->wait_kind = WAIT_INTERRUPTIBLE;
    enqueue(b, t);
    az_unlock(&b->lock);
    if (az_wait_sees_signal(t))
        az_wake(t, WAKE_SIGNAL);
    if (deadline)
        az_block_until(deadline);
    else
        az_block();
    t->wait_kind = WAIT_NONE;
    az_lock(&b->lock);
    int queued = dequeue(b, t);
    az_unlock(&b->lock);
    if (!queued)
        return 0;
    if (t->wake_reason == WAKE_TIMEOUT)
        return -ETIMEDOUT;
    return deadline ? -ERESTART_RESTARTBLOCK : -ERESTARTSYS;
}

/* Wakes up to n waiters on key (address | SHARED_KEY for shared) whose bitset
   meets bitset; returns how many. */
long az_futex_wake(uint64_t uaddr, int n, uint32_t bitset)
{
    struct bucket *b = bucket_of(uaddr);
    int woken = 0;
    az_lock(&b->lock);
    for (struct az_thread **p = &b->head; *p && woken < n;) {
        struct az_thread *t = *p;
        if (t->futex_key == uaddr && (t->futex_bitset & bitset)) {
            *p = t->futex_next;
            az_wake(t, WAKE_NORMAL);
            woken++;
        } else {
            p = &t->futex_next;
        }
    }
    az_unlock(&b->lock);
    return woken;
}

static void lock_two(struct bucket *a, struct bucket *b)
{
    if (a == b) {
        az_lock(&a->lock);
    } else if (a < b) {
        az_lock(&a->lock);
        az_lock(&b->lock);
    } else {
        az_lock(&b->lock);
        az_lock(&a->lock);
    }
}

static void unlock_two(struct bucket *a, struct bucket *b)
{
    az_unlock(&a->lock);
    if (a != b)
        az_unlock(&b->lock);
}

/* Wakes n waiters of uaddr and moves up to m others to uaddr2. */
static long requeue(uint64_t uaddr, uint64_t uaddr2, int n, int m, const uint32_t *cmp)
{
    struct bucket *b1 = bucket_of(uaddr), *b2 = bucket_of(uaddr2);
    lock_two(b1, b2);
    if (cmp && __atomic_load_n((const uint32_t *)(uaddr & ~(uint64_t)SHARED_KEY), __ATOMIC_SEQ_CST) != *cmp) {
        unlock_two(b1, b2);
        return -EAGAIN;
    }
    long done = 0;
    for (struct az_thread **p = &b1->head; *p && done < (long)n + m;) {
        struct az_thread *t = *p;
        if (t->futex_key != uaddr) {
            p = &t->futex_next;
            continue;
        }
        *p = t->futex_next;
        if (done < n) {
            az_wake(t, WAKE_NORMAL);
        } else {
            t->futex_key = uaddr2;
            enqueue(b2, t);
            if (b1 == b2 && !*p)
                break;
        }
        done++;
    }
    unlock_two(b1, b2);
    return done;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, arg), wake on uaddr, and on uaddr2 if cmp holds. */
static long wake_op(uint64_t uaddr, uint64_t uaddr2, int n, int n2, uint32_t encoded)
{
    uint64_t shared = uaddr & SHARED_KEY;
    uint32_t op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
    uint32_t arg = (encoded >> 12) & 0xfff, cmparg = encoded & 0xfff;
    if (encoded & (8U << 28))
        arg = 1U << (arg & 31);
    uint32_t *p = (uint32_t *)(uaddr2 & ~(uint64_t)SHARED_KEY), old = __atomic_load_n(p, __ATOMIC_SEQ_CST), want;
    do {
        switch (op) {
        case 0: want = arg; break;
        case 1: want = old + arg; break;
        case 2: want = old | arg; break;
        case 3: want = old & ~arg; break;
        case 4: want = old ^ arg; break;
        default: return -ENOSYS;
        }
    } while (!__atomic_compare_exchange_n(p, &old, want, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
    int ok;
    switch (cmp) {
    case 0: ok = old == cmparg; break;
    case 1: ok = old != cmparg; break;
    case 2: ok = (int32_t)old < (int32_t)cmparg; break;
    case 3: ok = (int32_t)old <= (int32_t)cmparg; break;
    case 4: ok = (int32_t)old > (int32_t)cmparg; break;
    case 5: ok = (int32_t)old >= (int32_t)cmparg; break;
    default: return -ENOSYS;
    }
    long woken = az_futex_wake(uaddr, n, ~0u);
    if (ok)
        woken += az_futex_wake(uaddr2 | shared, n2, ~0u);
    return woken;
}

static long unsupported_op(int cmd)
{
    static uint32_t reported;
    if (cmd < 32 && !(__atomic_fetch_or(&reported, 1U << cmd, __ATOMIC_RELAXED) & (1U << cmd)))
        az_printf("azalea: unsupported futex operation %d (priority inheritance?): returning -ENOSYS\n", cmd);
    return -ENOSYS;
}

long sys_futex(long uaddr, long op, long val, long timeout, long uaddr2, long val3)
{
    int cmd = (int)(op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));
    int clock = (op & FUTEX_CLOCK_REALTIME) ? 0 : 1;
    if (uaddr & 3)
        return -EINVAL;
    uint64_t shared = (op & FUTEX_PRIVATE_FLAG) ? 0 : SHARED_KEY;
    uint64_t key = (uint64_t)uaddr | shared, key2 = (uint64_t)uaddr2 | shared;
    uint64_t deadline = 0;
    if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && timeout) {
        long r = az_deadline((const struct k_timespec *)timeout, cmd == FUTEX_WAIT_BITSET, clock, &deadline);
        if (r < 0)
            return r;
    }
    switch (cmd) {
    case FUTEX_WAIT:
        return wait(key, (uint32_t)val, ~0u, deadline);
    case FUTEX_WAIT_BITSET:
        return (uint32_t)val3 ? wait(key, (uint32_t)val, (uint32_t)val3, deadline) : -EINVAL;
    case FUTEX_WAKE:
        return az_futex_wake(key, (int)val, ~0u);
    case FUTEX_WAKE_BITSET:
        return (uint32_t)val3 ? az_futex_wake(key, (int)val, (uint32_t)val3) : -EINVAL;
    case FUTEX_REQUEUE:
        return requeue(key, key2, (int)val, (int)timeout, 0);
    case FUTEX_CMP_REQUEUE: {
        uint32_t cmp = (uint32_t)val3;
        return requeue(key, key2, (int)val, (int)timeout, &cmp);
    }
    case FUTEX_WAKE_OP:
        return wake_op(key, key2, (int)val, (int)timeout, (uint32_t)val3);
    default:
        return unsupported_op(cmd);
    }
}

/* A dying thread's robust list: each futex it holds gets OWNER_DIED and one waiter woken. */
struct robust_head {
    uint64_t next;
    int64_t offset;
    uint64_t pending;
};

static void robust_release(struct az_thread *t, uint64_t entry, int64_t offset)
{
    uint32_t *word = (uint32_t *)(entry + (uint64_t)offset), old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    while ((old & FUTEX_TID_MASK) == (uint32_t)t->tid) {
        uint32_t want = (old & ~FUTEX_TID_MASK) | FUTEX_OWNER_DIED;
        if (__atomic_compare_exchange_n(word, &old, want, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            az_futex_wake((uint64_t)word | SHARED_KEY, 1, ~0u);
            return;
        }
    }
}

void az_robust_exit(struct az_thread *t)
{
    if (!t->robust_list)
        return;
    const struct robust_head *h = (const struct robust_head *)t->robust_list;
    uint64_t e = h->next & ~1ULL;
    for (int n = 0; e && e != t->robust_list && n < 2048; n++) {
        uint64_t next = *(const uint64_t *)e & ~1ULL;
        robust_release(t, e, h->offset);
        e = next;
    }
    if (h->pending & ~1ULL)
        robust_release(t, h->pending & ~1ULL, h->offset);
}
