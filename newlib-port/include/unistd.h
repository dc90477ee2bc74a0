/*
 * unistd.h (Azalea): newlib's, plus the Linux calls glibc declares here that
 * this runtime provides (gettid, syscall).
 */
#ifndef _AZALEA_UNISTD_H
#define _AZALEA_UNISTD_H
#include_next <unistd.h>

pid_t gettid(void);
long syscall(long number, ...);
#endif
