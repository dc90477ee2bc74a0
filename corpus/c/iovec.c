/* iovec: vectored and positioned I/O on a regular file. writev gathering
 * zero-length and odd-sized pieces, readv scattering with a short last
 * buffer, pwritev/preadv at offsets without moving the file offset,
 * preadv2/pwritev2 with offset -1 (current offset), IOV_MAX and EINVAL for
 * too many vectors or a length negative as ssize_t, EFAULT for a bad buffer in the
 * middle, pread/pwrite ESPIPE on a pipe, and a 1 MiB readv across 64 pieces.
 * Expects: one "ok" line per check, exits 0; removes its file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static void *volatile bad;          /* NULL the compiler cannot see */
static volatile int minus_one = -1; /* a count the compiler cannot see */

static long preadv2_(int fd, struct iovec *v, int n, off_t off, int flags)
{
    return syscall(SYS_preadv2, fd, v, n, (long)off, (long)((unsigned long)off >> 32 >> 32), flags);
}

static long pwritev2_(int fd, struct iovec *v, int n, off_t off, int flags)
{
    return syscall(SYS_pwritev2, fd, v, n, (long)off, (long)((unsigned long)off >> 32 >> 32), flags);
}

int main(void)
{
    char a[8], b[8], c[8];
    int fd = open("iov.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("open", fd >= 0);

    struct iovec w[4] = {{"abc", 3}, {"", 0}, {"defgh", 5}, {"ij", 2}};
    CHECK("writev 10 bytes", writev(fd, w, 4) == 10 && lseek(fd, 0, SEEK_CUR) == 10);
    CHECK("writev of zero vectors", writev(fd, w, 0) == 0);
    lseek(fd, 0, SEEK_SET);
    memset(a, 0, 8), memset(b, 0, 8), memset(c, 0, 8);
    struct iovec r[3] = {{a, 4}, {b, 4}, {c, 8}};
    CHECK("readv short at EOF", readv(fd, r, 3) == 10);
    CHECK("scatter order", !memcmp(a, "abcd", 4) && !memcmp(b, "efgh", 4) && !memcmp(c, "ij", 2) && c[2] == 0);
    CHECK("readv at EOF is 0", readv(fd, r, 3) == 0);

    struct iovec pw[2] = {{"XY", 2}, {"Z", 1}};
    CHECK("pwritev at 4", pwritev(fd, pw, 2, 4) == 3 && lseek(fd, 0, SEEK_CUR) == 10);
    struct iovec pr[2] = {{a, 2}, {b, 5}};
    CHECK("preadv at 3", preadv(fd, pr, 2, 3) == 7 && !memcmp(a, "dX", 2) && !memcmp(b, "YZhij", 5));
    CHECK("preadv offset unchanged", lseek(fd, 0, SEEK_CUR) == 10);
    CHECK("pwritev past EOF extends", pwritev(fd, pw, 1, 20) == 2 && lseek(fd, 0, SEEK_END) == 22);
    CHECK("the gap reads zeros", pread(fd, a, 4, 12) == 4 && a[0] == 0 && a[3] == 0);
    CHECK_ERR("preadv negative offset", preadv(fd, pr, 2, -5), EINVAL);

    lseek(fd, 1, SEEK_SET);
    struct iovec one = {a, 3};
    CHECK("preadv2 offset -1 uses and moves the offset",
          preadv2_(fd, &one, 1, -1, 0) == 3 && !memcmp(a, "bcd", 3) && lseek(fd, 0, SEEK_CUR) == 4);
    struct iovec pw2 = {"Q", 1};
    CHECK("pwritev2 offset -1", pwritev2_(fd, &pw2, 1, -1, 0) == 1 && lseek(fd, 0, SEEK_CUR) == 5 &&
          pread(fd, a, 1, 4) == 1 && a[0] == 'Q');
    CHECK("preadv2 at an offset", preadv2_(fd, &one, 1, 0, 0) == 3 && !memcmp(a, "abc", 3) &&
          lseek(fd, 0, SEEK_CUR) == 5);
    CHECK_ERR("preadv2 unknown flag", preadv2_(fd, &one, 1, 0, 0x40000000), EOPNOTSUPP);

    long max = sysconf(_SC_IOV_MAX);
    CHECK("IOV_MAX is 1024", max == 1024);
    struct iovec *many = calloc(max + 1, sizeof *many);
    for (long i = 0; i <= max; i++)
        many[i] = (struct iovec){a, 0};
    CHECK("writev IOV_MAX empty vectors", writev(fd, many, (int)max) == 0);
    CHECK_ERR("writev IOV_MAX + 1", writev(fd, many, (int)max + 1), EINVAL);
    CHECK_ERR("writev negative count", writev(fd, many, minus_one), EINVAL);
    free(many);
    struct iovec huge[2] = {{a, 4}, {b, (size_t)SSIZE_MAX + 1}};
    CHECK_ERR("a length negative as ssize_t", writev(fd, huge, 2), EINVAL);
    struct iovec badv[3] = {{"ok", 2}, {bad, 4}, {"no", 2}};
    lseek(fd, 0, SEEK_SET);
    long n = writev(fd, badv, 3);
    CHECK("writev with a bad middle buffer: partial 2 or EFAULT", n == 2 || (n == -1 && errno == EFAULT));
    struct iovec badr[2] = {{bad, 4}, {a, 4}};
    CHECK_ERR("readv into a bad first buffer", readv(fd, badr, 2), EFAULT);

    int p[2];
    CHECK("pipe", pipe(p) == 0);
    CHECK_ERR("pwritev on a pipe", pwritev(p[1], pw, 2, 0), ESPIPE);
    CHECK_ERR("pread on a pipe", pread(p[0], a, 1, 0), ESPIPE);
    CHECK("writev to a pipe", writev(p[1], pw, 2) == 3 && readv(p[0], &one, 1) == 3 && !memcmp(a, "XYZ", 3));
    close(p[0]), close(p[1]);

    enum { PIECES = 64, PIECE = 16384 };
    char *big = malloc(PIECES * PIECE), *back = malloc(PIECES * PIECE);
    for (int i = 0; i < PIECES * PIECE; i++)
        big[i] = (char)(i * 131 + i / 4096);
    struct iovec bv[PIECES];
    for (int i = 0; i < PIECES; i++)
        bv[i] = (struct iovec){big + i * PIECE, PIECE};
    CHECK("pwritev 1 MiB in 64 pieces", pwritev(fd, bv, PIECES, 4096) == PIECES * PIECE);
    for (int i = 0; i < PIECES; i++)
        bv[i] = (struct iovec){back + (PIECES - 1 - i) * PIECE, PIECE};
    CHECK("preadv 1 MiB reversed pieces", preadv(fd, bv, PIECES, 4096) == PIECES * PIECE);
    int same = 1;
    for (int i = 0; i < PIECES && same; i++)
        same = !memcmp(big + i * PIECE, back + (PIECES - 1 - i) * PIECE, PIECE);
    CHECK("content matches piece by piece", same);
    free(big), free(back);
    close(fd);
    CHECK("unlink", unlink("iov.tmp") == 0);
    return failed;
}
