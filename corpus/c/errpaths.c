/* errpaths: errno on failure paths, by name (errname: glibc's and musl's
 * strerror texts differ). ENAMETOOLONG for a long component and a long
 * path, ELOOP through a symlink cycle and for 41 chained links, ENOENT for
 * an empty path and a dangling one, ENOTDIR mid-path, ERANGE from getcwd
 * with a small buffer and EINVAL with size 0 and a buffer, EBADF from a
 * dozen kinds of call on a closed descriptor, EFAULT for bad pointers given
 * to read, write, stat, open, pipe, getcwd, uname, clock_gettime, readv and
 * sigaction (through the raw calls, since libc may check first), EINVAL for
 * bad flags and whence, EISDIR, EEXIST, EACCES-free ones only (tests may run
 * as root), ESPIPE, ENOTTY, EPIPE with SIGPIPE ignored.
 * Expects: one "ok" line per check, exits 0; removes its files. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static void *volatile bad = (void *)16; /* unmapped, unseen by the compiler */

int main(void)
{
    char name[300], buf[64];
    struct stat st;

    memset(name, 'n', 256);
    name[256] = 0;
    CHECK_ERR("open a 256-byte component", open(name, O_RDONLY), ENAMETOOLONG);
    CHECK_ERR("mkdir a 256-byte component", mkdir(name, 0755), ENAMETOOLONG);
    name[255] = 0;
    CHECK_ERR("a 255-byte component is fine (absent)", open(name, O_RDONLY), ENOENT);
    char *longpath = malloc(5000);
    for (int i = 0; i < 4999; i++)
        longpath[i] = i % 2 ? '/' : 'd';
    longpath[4999] = 0;
    CHECK_ERR("stat a 4999-byte path", stat(longpath, &st), ENAMETOOLONG);
    free(longpath);

    CHECK("a symlink cycle", symlink("ep-loop-b", "ep-loop-a") == 0 && symlink("ep-loop-a", "ep-loop-b") == 0);
    CHECK_ERR("open through the cycle", open("ep-loop-a", O_RDONLY), ELOOP);
    CHECK_ERR("stat through the cycle", stat("ep-loop-a", &st), ELOOP);
    CHECK("lstat of a link in the cycle", lstat("ep-loop-a", &st) == 0 && S_ISLNK(st.st_mode));
    int fd = open("ep-target", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    close(fd);
    char from[32], to[32];
    int made = 1;
    for (int i = 0; i < 41; i++) {
        snprintf(from, sizeof from, "ep-chain%d", i);
        if (i == 0)
            snprintf(to, sizeof to, "ep-target");
        else
            snprintf(to, sizeof to, "ep-chain%d", i - 1);
        made &= symlink(to, from) == 0;
    }
    CHECK("41 chained links", made);
    CHECK("40 links deep resolves", stat("ep-chain39", &st) == 0 && S_ISREG(st.st_mode));
    CHECK_ERR("41 links deep: ELOOP", stat("ep-chain40", &st), ELOOP);

    CHECK_ERR("empty path", open("", O_RDONLY), ENOENT);
    CHECK_ERR("dangling", symlink("ep-none", "ep-dangle") == 0 ? open("ep-dangle", O_RDONLY) : -2, ENOENT);
    CHECK_ERR("ENOTDIR mid-path", open("ep-target/x", O_RDONLY), ENOTDIR);
    CHECK_ERR("trailing slash on a file", stat("ep-target/", &st), ENOTDIR);
    CHECK_ERR("mkdir on an existing file", mkdir("ep-target", 0755), EEXIST);
    CHECK_ERR("unlink a directory", unlink("."), EISDIR);
    CHECK_ERR("rmdir a file", rmdir("ep-target"), ENOTDIR);

    CHECK_ERR("getcwd size 1", syscall(SYS_getcwd, buf, 1), ERANGE);
    CHECK_ERR("getcwd size 0 with a buffer", getcwd(buf, 0) ? 0 : -1, EINVAL);
    CHECK_ERR("getcwd into a bad buffer (raw)", syscall(SYS_getcwd, bad, 4096), EFAULT);

    int dead = open("ep-target", O_RDONLY);
    close(dead);
    struct iovec iov = {buf, 1};
    CHECK_ERR("EBADF read", read(dead, buf, 1), EBADF);
    CHECK_ERR("EBADF write", write(dead, buf, 1), EBADF);
    CHECK_ERR("EBADF readv", readv(dead, &iov, 1), EBADF);
    CHECK_ERR("EBADF pread", pread(dead, buf, 1, 0), EBADF);
    CHECK_ERR("EBADF lseek", lseek(dead, 0, SEEK_SET), EBADF);
    CHECK_ERR("EBADF fstat", fstat(dead, &st), EBADF);
    CHECK_ERR("EBADF fsync", fsync(dead), EBADF);
    CHECK_ERR("EBADF ftruncate", ftruncate(dead, 0), EBADF);
    CHECK_ERR("EBADF fchmod", fchmod(dead, 0644), EBADF);
    CHECK_ERR("EBADF fcntl", fcntl(dead, F_GETFL), EBADF);
    CHECK_ERR("EBADF dup", dup(dead), EBADF);
    CHECK_ERR("EBADF ioctl", ioctl(dead, FIONREAD, &made), EBADF);
    CHECK_ERR("EBADF mmap", mmap(NULL, 4096, PROT_READ, MAP_SHARED, dead, 0) == MAP_FAILED ? -1 : 0, EBADF);
    CHECK_ERR("EBADF fstatat", fstatat(dead, "x", &st, 0), EBADF);
    CHECK_ERR("EBADF close", close(dead), EBADF);
    CHECK_ERR("EBADF fchdir", fchdir(dead), EBADF);

    int p[2];
    CHECK("pipe", pipe(p) == 0 && write(p[1], "abc", 3) == 3);
    CHECK_ERR("EFAULT read", syscall(SYS_read, p[0], bad, 1), EFAULT);
    CHECK("the byte is still there", read(p[0], buf, 3) == 3);
    CHECK_ERR("EFAULT write", syscall(SYS_write, p[1], bad, 1), EFAULT);
    CHECK_ERR("EFAULT stat path", syscall(SYS_stat, bad, &st), EFAULT);
    CHECK_ERR("EFAULT stat buffer", syscall(SYS_stat, ".", bad), EFAULT);
    CHECK_ERR("EFAULT open", syscall(SYS_open, bad, O_RDONLY), EFAULT);
    CHECK_ERR("EFAULT pipe", syscall(SYS_pipe, bad), EFAULT);
    CHECK_ERR("EFAULT uname", syscall(SYS_uname, bad), EFAULT);
    CHECK_ERR("EFAULT clock_gettime", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad), EFAULT);
    CHECK_ERR("EFAULT readv iovec", syscall(SYS_readv, p[0], bad, 1), EFAULT);
    CHECK_ERR("EFAULT rt_sigaction", syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8), EFAULT);
    CHECK_ERR("EFAULT nanosleep", syscall(SYS_nanosleep, bad, NULL), EFAULT);

    CHECK_ERR("EINVAL open flags O_CREAT|O_DIRECTORY", open("ep-new", O_CREAT | O_DIRECTORY | O_RDWR, 0644), EINVAL);
    CHECK_ERR("ESPIPE lseek on a pipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
    CHECK_ERR("ENOTTY ioctl TCGETS on a pipe", ioctl(p[0], 0x5401, buf), ENOTTY);
    CHECK_ERR("EINVAL rt_sigprocmask size", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 4), EINVAL);
    CHECK_ERR("EINVAL mmap without MAP_PRIVATE/SHARED", mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) ==
              MAP_FAILED ? -1 : 0, EINVAL);
    CHECK_ERR("ENOSYS for syscall 1000", syscall(1000), ENOSYS);
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    CHECK_ERR("EPIPE with SIGPIPE ignored", write(p[1], "x", 1), EPIPE);
    close(p[1]);

    int removed = unlink("ep-loop-a") == 0 && unlink("ep-loop-b") == 0 && unlink("ep-target") == 0 &&
                  unlink("ep-dangle") == 0;
    for (int i = 0; i < 41; i++) {
        snprintf(from, sizeof from, "ep-chain%d", i);
        removed &= unlink(from) == 0;
    }
    CHECK("cleanup", removed);
    return failed;
}
