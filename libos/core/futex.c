/*
 * futex.c: futexes for a single-threaded image. With one thread there is
 * never a waiter to wake, and a wait can end only by a mismatch (EAGAIN), its
 * timeout (ETIMEDOUT) or a signal (EINTR): exactly what Linux does for a lone
 * thread, including the deadlock of a wait without a timeout.
 * The threads issue replaces this with wait queues on the per-core run queues.
 */
#include "az.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define TIMER_ABSTIME 1
#define ETIMEDOUT 110

static long wait(const uint32_t *uaddr, uint32_t val, const struct k_timespec *timeout, int absolute, int realtime)
{
    if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val)
        return -EAGAIN;
    long r;
    if (!timeout) {
        r = host4(271 /* ppoll */, 0, 0, 0, 0);
    } else {
        if (timeout->tv_sec < 0 || (uint64_t)timeout->tv_nsec >= 1000000000ULL)
            return -EINVAL;
        r = host4(230 /* clock_nanosleep */, realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC,
                  absolute ? TIMER_ABSTIME : 0, timeout, 0);
    }
    return r == 0 ? -ETIMEDOUT : r;
}

long sys_futex(long uaddr, long op, long val, long timeout, long uaddr2, long val3)
{
    int cmd = (int)(op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME));
    int realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
    if (uaddr & 3)
        return -EINVAL;
    switch (cmd) {
    case FUTEX_WAIT:
        return wait((const uint32_t *)uaddr, (uint32_t)val, (const struct k_timespec *)timeout, 0, realtime);
    case FUTEX_WAIT_BITSET:
        if (!val3)
            return -EINVAL;
        return wait((const uint32_t *)uaddr, (uint32_t)val, (const struct k_timespec *)timeout, 1, realtime);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return cmd == FUTEX_WAKE_BITSET && !val3 ? -EINVAL : 0;
    case FUTEX_REQUEUE:
        return 0;
    case FUTEX_CMP_REQUEUE:
        return __atomic_load_n((const uint32_t *)uaddr, __ATOMIC_SEQ_CST) != (uint32_t)val3 ? -EAGAIN : 0;
    default:
        return -ENOSYS;
    }
}
