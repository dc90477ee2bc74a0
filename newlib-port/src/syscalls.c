/*
 * syscalls.c: newlib's OS layer (the reentrant stubs its stdio, malloc and
 * time functions call) and the POSIX calls newlib's generic target leaves to
 * the system, each a direct call into the libOS (call.S). Where newlib's
 * numbering or layout differs from Linux's (open flags, struct stat, clock
 * ids, signal numbers, errno), the translation is here.
 * Deliberately absent: fork, execve, wait and the like (a CALL image is one
 * process): a program that needs them fails to link, naming them. Signals
 * are signal.c's.
 */
#include <azalea/call.h>
#include <errno.h>
#include <fcntl.h>
#include <reent.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

/* Linux's struct stat on x86-64, as the libOS fills it. */
struct kstat {
    unsigned long dev, ino, nlink;
    unsigned int mode, uid, gid, pad0;
    unsigned long rdev;
    long size, blksize, blocks;
    unsigned long atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
    long unused[3];
};

#define L_O_CREAT 0100
#define L_O_EXCL 0200
#define L_O_NOCTTY 0400
#define L_O_TRUNC 01000
#define L_O_APPEND 02000
#define L_O_NONBLOCK 04000
#define L_O_SYNC 04010000
#define L_O_DIRECTORY 0200000
#define L_O_NOFOLLOW 0400000
#define L_O_CLOEXEC 02000000
#define L_AT_FDCWD (-100)
#define L_AT_SYMLINK_NOFOLLOW 0x100
#define L_AT_REMOVEDIR 0x200
#define L_F_DUPFD_CLOEXEC 1030
#define L_TCGETS 0x5401

static const struct {
    int newlib, host;
} open_flags[] = {
    {O_CREAT, L_O_CREAT}, {O_EXCL, L_O_EXCL}, {O_NOCTTY, L_O_NOCTTY}, {O_TRUNC, L_O_TRUNC},
    {O_APPEND, L_O_APPEND}, {O_NONBLOCK, L_O_NONBLOCK}, {O_SYNC, L_O_SYNC}, {O_DIRECTORY, L_O_DIRECTORY},
    {O_NOFOLLOW, L_O_NOFOLLOW}, {O_CLOEXEC, L_O_CLOEXEC},
};

static long flags_to_linux(int flags)
{
    long out = flags & O_ACCMODE;
    for (size_t i = 0; i < sizeof open_flags / sizeof open_flags[0]; i++) {
        if (flags & open_flags[i].newlib) {
            out |= open_flags[i].host;
        }
    }
    return out;
}

static int flags_from_linux(long flags)
{
    int out = (int)(flags & 3);
    for (size_t i = 0; i < sizeof open_flags / sizeof open_flags[0]; i++) {
        if ((flags & open_flags[i].host) == open_flags[i].host) {
            out |= open_flags[i].newlib;
        }
    }
    return out;
}

static void stat_from_linux(const struct kstat *k, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = (dev_t)k->dev;
    st->st_ino = (ino_t)k->ino;
    st->st_mode = k->mode;
    st->st_nlink = (nlink_t)k->nlink;
    st->st_uid = (uid_t)k->uid;
    st->st_gid = (gid_t)k->gid;
    st->st_rdev = (dev_t)k->rdev;
    st->st_size = k->size;
    st->st_atim.tv_sec = (time_t)k->atime;
    st->st_atim.tv_nsec = (long)k->atime_nsec;
    st->st_mtim.tv_sec = (time_t)k->mtime;
    st->st_mtim.tv_nsec = (long)k->mtime_nsec;
    st->st_ctim.tv_sec = (time_t)k->ctime;
    st->st_ctim.tv_nsec = (long)k->ctime_nsec;
    st->st_blksize = k->blksize;
    st->st_blocks = k->blocks;
}

/* The reentrant form: the result, or -1 with ptr's errno set. */
static long reent_ret(struct _reent *ptr, long r)
{
    if (r < 0 && r > -4096) {
        ptr->_errno = (int)-r;
        return -1;
    }
    return r;
}

/* newlib's clock ids (Cygwin's numbering) as Linux's; dynamic CPU clocks (negative) pass through. */
static long clock_to_linux(clockid_t c)
{
    static const signed char map[] = {5, 0, 2, 3, 1, 4, 6, 7, 8, 9};
    long id = (long)c;
    return id >= 0 && id < (long)sizeof map ? map[id] : id;
}

int __az_clock_gettime(long clock, struct timespec *ts);

int _open_r(struct _reent *ptr, const char *path, int flags, int mode)
{
    return (int)reent_ret(ptr, __AZ_CALL4(SYS_openat, L_AT_FDCWD, path, flags_to_linux(flags), mode));
}

int _close_r(struct _reent *ptr, int fd)
{
    return (int)reent_ret(ptr, __AZ_CALL1(SYS_close, fd));
}

_ssize_t _read_r(struct _reent *ptr, int fd, void *buf, size_t n)
{
    return reent_ret(ptr, __AZ_CALL3(SYS_read, fd, buf, n));
}

_ssize_t _write_r(struct _reent *ptr, int fd, const void *buf, size_t n)
{
    return reent_ret(ptr, __AZ_CALL3(SYS_write, fd, buf, n));
}

_off_t _lseek_r(struct _reent *ptr, int fd, _off_t offset, int whence)
{
    return reent_ret(ptr, __AZ_CALL3(SYS_lseek, fd, offset, whence));
}

int _fstat_r(struct _reent *ptr, int fd, struct stat *st)
{
    struct kstat k;
    long r = reent_ret(ptr, __AZ_CALL2(SYS_fstat, fd, &k));
    if (r == 0) {
        stat_from_linux(&k, st);
    }
    return (int)r;
}

int _stat_r(struct _reent *ptr, const char *path, struct stat *st)
{
    struct kstat k;
    long r = reent_ret(ptr, __AZ_CALL4(SYS_newfstatat, L_AT_FDCWD, path, &k, 0));
    if (r == 0) {
        stat_from_linux(&k, st);
    }
    return (int)r;
}

int _link_r(struct _reent *ptr, const char *old, const char *new)
{
    return (int)reent_ret(ptr, __AZ_CALL5(SYS_linkat, L_AT_FDCWD, old, L_AT_FDCWD, new, 0));
}

int _unlink_r(struct _reent *ptr, const char *path)
{
    return (int)reent_ret(ptr, __AZ_CALL3(SYS_unlinkat, L_AT_FDCWD, path, 0));
}

int _rename_r(struct _reent *ptr, const char *old, const char *new)
{
    return (int)reent_ret(ptr, __AZ_CALL4(SYS_renameat, L_AT_FDCWD, old, L_AT_FDCWD, new));
}

int _mkdir_r(struct _reent *ptr, const char *path, int mode)
{
    return (int)reent_ret(ptr, __AZ_CALL3(SYS_mkdirat, L_AT_FDCWD, path, mode));
}

int _isatty_r(struct _reent *ptr, int fd)
{
    char termios[64];
    long r = __AZ_CALL3(SYS_ioctl, fd, L_TCGETS, termios);
    if (r < 0) {
        ptr->_errno = (int)-r;
        return 0;
    }
    return 1;
}

/* The break, grown for malloc (which holds its lock around this). */
void *_sbrk_r(struct _reent *ptr, ptrdiff_t increment)
{
    static uintptr_t current;
    if (current == 0) {
        current = (uintptr_t)__AZ_CALL1(SYS_brk, 0);
    }
    uintptr_t old = current;
    uintptr_t want = old + increment;
    uintptr_t got = (uintptr_t)__AZ_CALL1(SYS_brk, want);
    if (got != want) {
        ptr->_errno = ENOMEM;
        return (void *)-1;
    }
    current = want;
    return (void *)old;
}

void *sbrk(ptrdiff_t increment)
{
    return _sbrk_r(_REENT, increment);
}

long __az_signal_to_linux(int sig);

int _kill_r(struct _reent *ptr, int pid, int sig)
{
    return (int)reent_ret(ptr, __AZ_CALL2(SYS_kill, pid, __az_signal_to_linux(sig)));
}

int kill(pid_t pid, int sig)
{
    return _kill_r(_REENT, pid, sig);
}

int _getpid_r(struct _reent *ptr)
{
    (void)ptr;
    return getpid();
}

int _gettimeofday_r(struct _reent *ptr, struct timeval *tv, void *tz)
{
    (void)tz;
    struct timespec ts;
    long r = reent_ret(ptr, __az_clock_gettime(0, &ts));
    if (r == 0 && tv != NULL) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return (int)r;
}

int gettimeofday(struct timeval *tv, void *tz)
{
    return _gettimeofday_r(_REENT, tv, tz);
}

/* Linux counts times() in 100 Hz ticks; newlib's clock() and CLK_TCK assume CLOCKS_PER_SEC (1000). */
#define LINUX_TICKS 100

clock_t _times_r(struct _reent *ptr, struct tms *buf)
{
    long r = reent_ret(ptr, __AZ_CALL1(SYS_times, buf));
    if (r == -1) {
        return (clock_t)-1;
    }
    const clock_t scale = CLOCKS_PER_SEC / LINUX_TICKS;
    if (buf != NULL) {
        buf->tms_utime *= scale;
        buf->tms_stime *= scale;
        buf->tms_cutime *= scale;
        buf->tms_cstime *= scale;
    }
    return (clock_t)r * scale;
}

clock_t times(struct tms *buf)
{
    return _times_r(_REENT, buf);
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    return (int)__az_ret(__az_clock_gettime(clock_to_linux(clock), ts));
}

int clock_getres(clockid_t clock, struct timespec *ts)
{
    return (int)__az_ret(__AZ_CALL2(SYS_clock_getres, clock_to_linux(clock), ts));
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
    long r = __AZ_CALL4(SYS_clock_nanosleep, clock_to_linux(clock), flags == TIMER_ABSTIME ? 1 : flags, req, rem);
    return r < 0 ? (int)-r : 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)__az_ret(__AZ_CALL2(SYS_nanosleep, req, rem));
}

unsigned sleep(unsigned seconds)
{
    struct timespec req = {seconds, 0}, rem = {0, 0};
    if (nanosleep(&req, &rem) < 0) {
        return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    }
    return 0;
}

int usleep(useconds_t usec)
{
    struct timespec req = {usec / 1000000, (long)(usec % 1000000) * 1000};
    return nanosleep(&req, NULL);
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
    va_end(ap);
    return _open_r(_REENT, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd)
{
    return _close_r(_REENT, fd);
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
    return _read_r(_REENT, fd, buf, n);
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
    return _write_r(_REENT, fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t offset)
{
    return __az_ret(__AZ_CALL4(SYS_pread64, fd, buf, n, offset));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset)
{
    return __az_ret(__AZ_CALL4(SYS_pwrite64, fd, buf, n, offset));
}

off_t lseek(int fd, off_t offset, int whence)
{
    return _lseek_r(_REENT, fd, offset, whence);
}

int fstat(int fd, struct stat *st)
{
    return _fstat_r(_REENT, fd, st);
}

int stat(const char *path, struct stat *st)
{
    return _stat_r(_REENT, path, st);
}

int lstat(const char *path, struct stat *st)
{
    struct kstat k;
    long r = __az_ret(__AZ_CALL4(SYS_newfstatat, L_AT_FDCWD, path, &k, L_AT_SYMLINK_NOFOLLOW));
    if (r == 0) {
        stat_from_linux(&k, st);
    }
    return (int)r;
}

int link(const char *old, const char *new)
{
    return _link_r(_REENT, old, new);
}

int unlink(const char *path)
{
    return _unlink_r(_REENT, path);
}

int mkdir(const char *path, mode_t mode)
{
    return _mkdir_r(_REENT, path, mode);
}

int rmdir(const char *path)
{
    return (int)__az_ret(__AZ_CALL3(SYS_unlinkat, L_AT_FDCWD, path, L_AT_REMOVEDIR));
}

int isatty(int fd)
{
    return _isatty_r(_REENT, fd);
}

int access(const char *path, int mode)
{
    return (int)__az_ret(__AZ_CALL4(SYS_faccessat, L_AT_FDCWD, path, mode, 0));
}

int chdir(const char *path)
{
    return (int)__az_ret(__AZ_CALL1(SYS_chdir, path));
}

char *getcwd(char *buf, size_t size)
{
    return __az_ret(__AZ_CALL2(SYS_getcwd, buf, size)) < 0 ? NULL : buf;
}

int dup(int fd)
{
    return (int)__az_ret(__AZ_CALL1(SYS_dup, fd));
}

int dup2(int fd, int to)
{
    if (fd == to) {
        return (int)__az_ret(__AZ_CALL2(SYS_fcntl, fd, F_GETFD)) < 0 ? -1 : to;
    }
    return (int)__az_ret(__AZ_CALL3(SYS_dup3, fd, to, 0));
}

int pipe(int fds[2])
{
    return (int)__az_ret(__AZ_CALL2(SYS_pipe2, fds, 0));
}

int ftruncate(int fd, off_t length)
{
    return (int)__az_ret(__AZ_CALL2(SYS_ftruncate, fd, length));
}

int truncate(const char *path, off_t length)
{
    return (int)__az_ret(__AZ_CALL2(SYS_truncate, path, length));
}

int fsync(int fd)
{
    return (int)__az_ret(__AZ_CALL1(SYS_fsync, fd));
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    switch (cmd) {
    case F_GETFL:
        return (int)__az_ret(__AZ_CALL2(SYS_fcntl, fd, F_GETFL)) < 0
                       ? -1 : flags_from_linux(__AZ_CALL2(SYS_fcntl, fd, F_GETFL));
    case F_SETFL:
        return (int)__az_ret(__AZ_CALL3(SYS_fcntl, fd, F_SETFL, flags_to_linux((int)arg)));
    case F_DUPFD_CLOEXEC:
        return (int)__az_ret(__AZ_CALL3(SYS_fcntl, fd, L_F_DUPFD_CLOEXEC, arg));
    default:
        return (int)__az_ret(__AZ_CALL3(SYS_fcntl, fd, cmd, arg));
    }
}

int _fcntl_r(struct _reent *ptr, int fd, int cmd, int arg)
{
    (void)ptr;
    return fcntl(fd, cmd, arg);
}

int sched_yield(void)
{
    return (int)__az_ret(__AZ_CALL0(SYS_sched_yield));
}

long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE:
        return 4096;
    case _SC_CLK_TCK:
        return CLOCKS_PER_SEC;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN: {
        unsigned long mask[16];
        long n = __AZ_CALL3(SYS_sched_getaffinity, 0, sizeof mask, mask);
        long count = 0;
        for (long i = 0; i < n / (long)sizeof mask[0]; i++) {
            count += __builtin_popcountl(mask[i]);
        }
        return count > 0 ? count : 1;
    }
    default:
        errno = EINVAL;
        return -1;
    }
}

int getpagesize(void)
{
    return 4096;
}

/* syscall(2): Linux's number and arguments, straight to the generic entry. */
long syscall(long number, ...)
{
    va_list ap;
    va_start(ap, number);
    long a1 = va_arg(ap, long), a2 = va_arg(ap, long), a3 = va_arg(ap, long);
    long a4 = va_arg(ap, long), a5 = va_arg(ap, long), a6 = va_arg(ap, long);
    va_end(ap);
    return __az_ret(__az_call(number, a1, a2, a3, a4, a5, a6));
}
