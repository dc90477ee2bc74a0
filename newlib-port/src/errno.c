/*
 * errno.c: Linux's errno values (what the libOS returns, negated) as
 * newlib's, whose numbering differs above 34 (EDEADLK, ENOSYS, ETIMEDOUT...).
 * The table is generated from both sets of headers (Makefile: errno_map.h).
 */
#include <azalea/call.h>
#include <errno.h>

static const short errno_map[] = {
#include "errno_map.h"
};

int __az_errno(int e)
{
    if (e > 0 && e < (int)(sizeof errno_map / sizeof errno_map[0]) && errno_map[e] != 0) {
        return errno_map[e];
    }
    return e;
}

long __az_ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = __az_errno((int)-r);
        return -1;
    }
    return r;
}
