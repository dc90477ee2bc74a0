/*
 * futex.c: the one blocking wait of pthread-embedded: a libOS futex wait
 * with an absolute deadline (FUTEX_WAIT_BITSET, on the realtime clock when
 * asked), as glibc makes it.
 */
#include "internal.h"

int __pthread_futex_wait(void *word, unsigned value, const struct timespec *deadline, int linux_clock)
{
    int op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE | (linux_clock == L_CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0);
    long r = __AZ_CALL6(SYS_futex, word, op, value, deadline, 0, 0xffffffffL);
    if (r == -L_ETIMEDOUT) {
        return ETIMEDOUT;
    }
    if (r == -4) {
        return EINTR;
    }
    return 0;
}
