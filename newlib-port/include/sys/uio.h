/*
 * sys/uio.h (Azalea): scatter-gather I/O with Linux's struct iovec, which
 * newlib's generic target does not have.
 */
#ifndef _AZALEA_SYS_UIO_H
#define _AZALEA_SYS_UIO_H
#include <sys/types.h>

struct iovec {
    void *iov_base;
    size_t iov_len;
};

ssize_t readv(int fd, const struct iovec *iov, int count);
ssize_t writev(int fd, const struct iovec *iov, int count);
ssize_t preadv(int fd, const struct iovec *iov, int count, off_t offset);
ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t offset);
#endif
