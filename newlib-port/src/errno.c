/*
 * errno.c: the libc convention for a libOS result. newlib is built with
 * Linux's errno numbering (linux-errno.sh), so a negated result is errno
 * as it is.
 */
#include <azalea/call.h>
#include <errno.h>

long __az_ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
