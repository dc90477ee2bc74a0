/* check.h: the corpus programs' shared checking helpers. CHECK prints one
 * "ok" or "FAIL" line per check (failures also set the exit status through
 * `failed`); errname gives errno's symbolic name, since strerror's text
 * differs between glibc and musl and the output must not. */
#ifndef CORPUS_CHECK_H
#define CORPUS_CHECK_H
#include <errno.h>
#include <stdio.h>

static int failed;

#define CHECK(name, cond)                                                    \
    do {                                                                     \
        if (cond) {                                                          \
            printf("ok   %s\n", name);                                       \
        } else {                                                             \
            printf("FAIL %s (line %d, errno %d)\n", name, __LINE__, errno); \
            failed = 1;                                                      \
        }                                                                    \
    } while (0)

/* A call that must fail with errno `want`: prints the name it got. */
#define CHECK_ERR(name, call, want)                                          \
    do {                                                                     \
        errno = 0;                                                           \
        long r_ = (long)(call);                                              \
        int e_ = errno;                                                      \
        if (r_ == -1 && e_ == (want)) {                                      \
            printf("ok   %s: %s\n", name, errname(e_));                      \
        } else {                                                             \
            printf("FAIL %s: ret %ld errno %s, want %s (line %d)\n", name,   \
                   r_, errname(e_), errname(want), __LINE__);                \
            failed = 1;                                                      \
        }                                                                    \
    } while (0)

static inline const char *errname(int e)
{
    static char other[24];
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case E2BIG: return "E2BIG";
    case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EXDEV: return "EXDEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";
    case EMFILE: return "EMFILE";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case EMLINK: return "EMLINK";
    case EPIPE: return "EPIPE";
    case EDOM: return "EDOM";
    case ERANGE: return "ERANGE";
    case EDEADLK: return "EDEADLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOLCK: return "ENOLCK";
    case ENOSYS: return "ENOSYS";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EOVERFLOW: return "EOVERFLOW";
    case EILSEQ: return "EILSEQ";
    case ENOTSOCK: return "ENOTSOCK";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ESTALE: return "ESTALE";
    case ENODATA: return "ENODATA";
    case ENOTCONN: return "ENOTCONN";
    case ECONNRESET: return "ECONNRESET";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EDESTADDRREQ: return "EDESTADDRREQ";
    case EISCONN: return "EISCONN";
    default:
        snprintf(other, sizeof other, "errno%d", e);
        return other;
    }
}
#endif
