/* fdflags: descriptor numbers and flags. Lowest-free allocation, dup/dup2/
 * dup3 (O_CLOEXEC, EINVAL for the same fd), F_DUPFD/F_DUPFD_CLOEXEC minimums,
 * F_GETFD/F_SETFD, F_GETFL/F_SETFL (O_NONBLOCK, O_APPEND; access mode
 * unchanged), shared offsets between dups, close_range (plain and
 * CLOSE_RANGE_CLOEXEC), EMFILE after lowering RLIMIT_NOFILE, EBADF cases.
 * Expects: one "ok" line per check, exits 0; removes its file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define CR_CLOEXEC (1U << 2) /* CLOSE_RANGE_CLOEXEC; musl lacks the header */

static int close_range_(unsigned lo, unsigned hi, unsigned flags)
{
    return (int)syscall(SYS_close_range, lo, hi, flags);
}

int main(void)
{
    char buf[16];
    int fd = open("fdf.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("first free descriptor is 3", fd == 3);
    CHECK("write", write(fd, "0123456789", 10) == 10);
    int d = dup(fd);
    CHECK("dup is the lowest free (4)", d == 4);
    CHECK("dups share the offset", lseek(fd, 2, SEEK_SET) == 2 && lseek(d, 0, SEEK_CUR) == 2);
    CHECK("read through the dup moves both", read(d, buf, 3) == 3 && lseek(fd, 0, SEEK_CUR) == 5);
    CHECK("dup has no FD_CLOEXEC", fcntl(d, F_GETFD) == 0);
    close(d);
    int o = open("fdf.tmp", O_RDONLY);
    CHECK("a second open has its own offset", o == 4 && lseek(o, 0, SEEK_CUR) == 0);
    close(o);

    CHECK("dup2 to 10", dup2(fd, 10) == 10 && fcntl(10, F_GETFD) == 0);
    CHECK("dup2 onto itself returns it", dup2(fd, fd) == fd);
    CHECK_ERR("dup2 from a bad fd", dup2(77, 11), EBADF);
    CHECK_ERR("dup3 onto itself", dup3(fd, fd, 0), EINVAL);
    CHECK_ERR("dup3 bad flags (raw: musl drops them)", syscall(SYS_dup3, fd, 12, O_NONBLOCK), EINVAL);
    CHECK("dup3 O_CLOEXEC", dup3(fd, 12, O_CLOEXEC) == 12 && fcntl(12, F_GETFD) == FD_CLOEXEC);
    CHECK("dup3 replaces an open fd", dup3(fd, 10, O_CLOEXEC) == 10 && fcntl(10, F_GETFD) == FD_CLOEXEC);
    CHECK("F_DUPFD min 20", fcntl(fd, F_DUPFD, 20) == 20 && fcntl(20, F_GETFD) == 0);
    CHECK("F_DUPFD min 20 again gives 21", fcntl(fd, F_DUPFD, 20) == 21);
    CHECK("F_DUPFD_CLOEXEC min 5", fcntl(fd, F_DUPFD_CLOEXEC, 5) == 5 && fcntl(5, F_GETFD) == FD_CLOEXEC);
    CHECK_ERR("F_DUPFD negative minimum", fcntl(fd, F_DUPFD, -1), EINVAL);
    CHECK("F_SETFD clears", fcntl(5, F_SETFD, 0) == 0 && fcntl(5, F_GETFD) == 0);
    CHECK("F_SETFD sets", fcntl(5, F_SETFD, FD_CLOEXEC) == 0 && fcntl(5, F_GETFD) == FD_CLOEXEC);
    CHECK("FD_CLOEXEC is per descriptor", fcntl(fd, F_GETFD) == 0);

    int fl = fcntl(fd, F_GETFL);
    CHECK("F_GETFL access mode O_RDWR", fl >= 0 && (fl & O_ACCMODE) == O_RDWR);
    CHECK("F_SETFL O_NONBLOCK|O_APPEND", fcntl(fd, F_SETFL, fl | O_NONBLOCK | O_APPEND) == 0);
    fl = fcntl(20, F_GETFL);
    CHECK("status flags are shared by dups", (fl & O_NONBLOCK) && (fl & O_APPEND));
    CHECK("F_SETFL cannot change the access mode",
          fcntl(fd, F_SETFL, O_RDONLY) == 0 && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHECK("flags cleared", !(fcntl(fd, F_GETFL) & (O_NONBLOCK | O_APPEND)));
    o = open("fdf.tmp", O_WRONLY | O_CLOEXEC);
    CHECK("open O_CLOEXEC", fcntl(o, F_GETFD) == FD_CLOEXEC && (fcntl(o, F_GETFL) & O_ACCMODE) == O_WRONLY);
    CHECK_ERR("read on O_WRONLY", read(o, buf, 1), EBADF);
    close(o);

    CHECK("close_range 20..21", close_range_(20, 21, 0) == 0 && fcntl(20, F_GETFD) == -1 && fcntl(21, F_GETFD) == -1);
    CHECK_ERR("fcntl on a closed fd", fcntl(20, F_GETFD), EBADF);
    CHECK("close_range CLOEXEC 10..12", close_range_(10, 12, CR_CLOEXEC) == 0 && fcntl(10, F_GETFD) == FD_CLOEXEC);
    CHECK("dup2 to 11 and close_range CLOEXEC covers it",
          dup2(fd, 11) == 11 && close_range_(11, 11, CR_CLOEXEC) == 0 && fcntl(11, F_GETFD) == FD_CLOEXEC);
    CHECK_ERR("close_range lo > hi", close_range_(12, 10, 0), EINVAL);
    CHECK_ERR("close_range bad flags", close_range_(10, 12, 0x80), EINVAL);
    CHECK("close_range to ~0 from 5", close_range_(5, ~0U, 0) == 0 && fcntl(5, F_GETFD) == -1 &&
          fcntl(10, F_GETFD) == -1 && fcntl(12, F_GETFD) == -1);
    CHECK("lower fds untouched", fcntl(fd, F_GETFD) == 0 && fcntl(1, F_GETFD) >= 0);

    struct rlimit old, lim;
    CHECK("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &old) == 0 && old.rlim_cur >= 16);
    lim = old;
    lim.rlim_cur = 8;
    CHECK("setrlimit NOFILE 8", setrlimit(RLIMIT_NOFILE, &lim) == 0);
    int opened = 0, last = -1;
    for (;;) {
        int n = dup(fd);
        if (n < 0)
            break;
        last = n;
        opened++;
    }
    CHECK("dups up to fd 7", opened == 4 && last == 7);
    CHECK_ERR("dup beyond the limit", dup(fd), EMFILE);
    CHECK_ERR("open beyond the limit", open("fdf.tmp", O_RDONLY), EMFILE);
    CHECK_ERR("dup2 to the limit", dup2(fd, 8), EBADF);
    CHECK_ERR("F_DUPFD at the limit", fcntl(fd, F_DUPFD, 8), EINVAL);
    CHECK("close one, dup again gets it", close(6) == 0 && dup(fd) == 6);
    close_range_(4, 7, 0);
    CHECK("restore NOFILE", setrlimit(RLIMIT_NOFILE, &old) == 0);
    CHECK("high dup2 after restoring", dup2(fd, 100) == 100 && close(100) == 0);

    CHECK_ERR("close twice", close(100), EBADF);
    CHECK_ERR("close(-1)", close(-1), EBADF);
    CHECK_ERR("write to a bad fd", write(55, "x", 1), EBADF);
    CHECK_ERR("lseek a bad fd", lseek(55, 0, SEEK_SET), EBADF);
    CHECK_ERR("fcntl unknown command", fcntl(fd, 12345), EINVAL);
    close(fd);
    CHECK("unlink", unlink("fdf.tmp") == 0);
    return failed;
}
