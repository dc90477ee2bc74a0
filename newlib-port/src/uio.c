/*
 * uio.c: poll and scatter-gather I/O (poll.h, sys/uio.h of the OS layer),
 * each one direct call into the libOS.
 */
#include <azalea/call.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/uio.h>

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
    return (int)__az_ret(__AZ_CALL3(SYS_poll, fds, n, timeout_ms));
}

ssize_t readv(int fd, const struct iovec *iov, int count)
{
    return __az_ret(__AZ_CALL3(SYS_readv, fd, iov, count));
}

ssize_t writev(int fd, const struct iovec *iov, int count)
{
    return __az_ret(__AZ_CALL3(SYS_writev, fd, iov, count));
}

/* Linux splits the offset into two registers (low, high); on x86-64 the high half is 0. */
ssize_t preadv(int fd, const struct iovec *iov, int count, off_t offset)
{
    return __az_ret(__AZ_CALL5(SYS_preadv, fd, iov, count, offset, 0));
}

ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t offset)
{
    return __az_ret(__AZ_CALL5(SYS_pwritev, fd, iov, count, offset, 0));
}
