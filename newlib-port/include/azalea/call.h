/*
 * azalea/call.h: how the CALL runtime reaches the libOS: a plain call into
 * the libOS entry table (libos/include/azalea/entry.h), never a `syscall`
 * instruction. __az_call takes Linux's syscall number and arguments and
 * returns Linux's result (a negative errno on failure); __az_ret turns that
 * into the libc convention (-1 and errno; newlib is built with Linux's errno
 * numbers, linux-errno.sh).
 */
#ifndef _AZALEA_CALL_H
#define _AZALEA_CALL_H

long __az_call(long number, long a1, long a2, long a3, long a4, long a5, long a6);

/* -1 with errno set when r is a negative errno, else r. */
long __az_ret(long r);

#define __AZ_CALL0(n) __az_call((n), 0, 0, 0, 0, 0, 0)
#define __AZ_CALL1(n, a) __az_call((n), (long)(a), 0, 0, 0, 0, 0)
#define __AZ_CALL2(n, a, b) __az_call((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define __AZ_CALL3(n, a, b, c) __az_call((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __AZ_CALL4(n, a, b, c, d) __az_call((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __AZ_CALL5(n, a, b, c, d, e) __az_call((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define __AZ_CALL6(n, a, b, c, d, e, f) \
    __az_call((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

#endif
