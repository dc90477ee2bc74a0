/* filemeta: file metadata and name operations. rename (over a file, onto
 * itself), renameat2 RENAME_NOREPLACE/RENAME_EXCHANGE, link counts, symlink,
 * readlink (truncation, EINVAL on a file), lstat vs stat, umask applied to
 * created modes, chmod/fchmod/fchmodat, utimensat/futimens with fixed times
 * and UTIME_OMIT, access/faccessat, statx, truncate, fsync/fdatasync, and
 * the open flag errors O_EXCL, O_TRUNC, O_DIRECTORY, O_NOFOLLOW.
 * Expects: one "ok" line per check, exits 0; removes its files. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

/* musl 1.2.3 (Debian 12) has neither renameat2 nor statx: raw calls, with
 * the kernel's constants and the head of its struct statx (256 bytes). */
#define NOREPLACE 1
#define EXCHANGE 2
#define SX_TYPE 0x1u
#define SX_MODE 0x2u
#define SX_SIZE 0x200u
struct sx {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, pad;
    uint64_t ino, size, blocks, attributes_mask;
    char rest[192];
};

static int rename2(const char *from, const char *to, unsigned flags)
{
    return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
}

static int sx(int dfd, const char *path, int flags, unsigned mask, struct sx *out)
{
    return (int)syscall(SYS_statx, dfd, path, flags, mask, out);
}

static int put(const char *name, const char *text)
{
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        return -1;
    int r = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
    close(fd);
    return r;
}

static int has(const char *name, const char *text)
{
    char buf[64] = {0};
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    return n == (ssize_t)strlen(text) && !strcmp(buf, text);
}

static int mode_of(const char *name)
{
    struct stat st;
    return lstat(name, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

int main(void)
{
    struct stat st, lst;
    char buf[64];

    mode_t old = umask(022);
    CHECK("umask returns the previous mask", umask(027) == 022);
    CHECK("create a", put("fm-a", "alpha") == 0);
    CHECK("mode 0666 & ~027 = 0640", mode_of("fm-a") == 0640);
    CHECK("mkdir mode 0777 & ~027 = 0750", mkdir("fm-d", 0777) == 0 && mode_of("fm-d") == 0750);
    umask(0);
    CHECK("create b with umask 0", put("fm-b", "beta") == 0 && mode_of("fm-b") == 0666);
    umask(old);

    CHECK("chmod 0600", chmod("fm-a", 0600) == 0 && mode_of("fm-a") == 0600);
    int fd = open("fm-a", O_RDONLY);
    CHECK("fchmod 0444", fchmod(fd, 0444) == 0 && mode_of("fm-a") == 0444);
    CHECK("fchmodat 04755 keeps setuid bit", fchmodat(AT_FDCWD, "fm-a", 04755, 0) == 0 && mode_of("fm-a") == 04755);
    CHECK("chmod back 0644", chmod("fm-a", 0644) == 0);
    close(fd);

    CHECK("access F_OK", access("fm-a", F_OK) == 0);
    CHECK("access R_OK|W_OK", access("fm-a", R_OK | W_OK) == 0);
    CHECK_ERR("access X_OK on 0644", access("fm-a", X_OK), EACCES);
    CHECK_ERR("access missing", access("fm-none", F_OK), ENOENT);
    CHECK("faccessat AT_EACCESS", faccessat(AT_FDCWD, "fm-a", R_OK, AT_EACCESS) == 0);
    CHECK_ERR("access bad mode", access("fm-a", 0100), EINVAL);

    struct timespec times[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    CHECK("utimensat fixed times", utimensat(AT_FDCWD, "fm-a", times, 0) == 0);
    CHECK("stat sees atime", stat("fm-a", &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
          st.st_atim.tv_nsec == 123456789);
    CHECK("stat sees mtime", st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 987654321);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {42, 0}};
    fd = open("fm-a", O_RDWR);
    CHECK("futimens UTIME_OMIT atime", futimens(fd, omit) == 0 && fstat(fd, &st) == 0 &&
          st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 42);
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    CHECK_ERR("utimensat nsec out of range", utimensat(AT_FDCWD, "fm-a", bad, 0), EINVAL);
    CHECK("fsync", fsync(fd) == 0);
    CHECK("fdatasync", fdatasync(fd) == 0);
    close(fd);

    CHECK("link", link("fm-a", "fm-a2") == 0);
    CHECK("nlink 2, same inode", stat("fm-a", &st) == 0 && st.st_nlink == 2 &&
          stat("fm-a2", &lst) == 0 && st.st_ino == lst.st_ino);
    CHECK_ERR("link onto existing", link("fm-a", "fm-b"), EEXIST);
    CHECK_ERR("link a directory", link("fm-d", "fm-d2"), EPERM);
    CHECK("unlink second name", unlink("fm-a2") == 0 && stat("fm-a", &st) == 0 && st.st_nlink == 1);

    CHECK("symlink", symlink("fm-a", "fm-l") == 0);
    CHECK("lstat is a link", lstat("fm-l", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 4);
    CHECK("stat follows", stat("fm-l", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
    memset(buf, 0, sizeof buf);
    CHECK("readlink", readlink("fm-l", buf, sizeof buf) == 4 && !memcmp(buf, "fm-a", 4));
    CHECK("readlink truncates silently", readlink("fm-l", buf, 2) == 2 && !memcmp(buf, "fm", 2));
    CHECK_ERR("readlink of a file", readlink("fm-a", buf, sizeof buf), EINVAL);
    CHECK("readlinkat", readlinkat(AT_FDCWD, "fm-l", buf, sizeof buf) == 4);
    CHECK("dangling symlink", symlink("fm-nowhere", "fm-dl") == 0);
    CHECK_ERR("stat dangling", stat("fm-dl", &st), ENOENT);
    CHECK("lstat dangling", lstat("fm-dl", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK_ERR("O_NOFOLLOW on a link", open("fm-l", O_RDONLY | O_NOFOLLOW), ELOOP);
    CHECK_ERR("symlink onto existing", symlink("x", "fm-l"), EEXIST);

    CHECK("rename over existing", rename("fm-b", "fm-c") == 0 && put("fm-b", "beta2") == 0 &&
          rename("fm-b", "fm-c") == 0 && has("fm-c", "beta2") && access("fm-b", F_OK) != 0);
    CHECK("rename onto itself", rename("fm-c", "fm-c") == 0 && has("fm-c", "beta2"));
    CHECK_ERR("rename missing", rename("fm-none", "fm-x"), ENOENT);
    CHECK_ERR("rename file over dir", rename("fm-c", "fm-d"), EISDIR);
    CHECK_ERR("rename dir over file", rename("fm-d", "fm-c"), ENOTDIR);
    CHECK_ERR("RENAME_NOREPLACE onto existing",
              rename2("fm-a", "fm-c", NOREPLACE), EEXIST);
    CHECK("RENAME_EXCHANGE", rename2("fm-a", "fm-c", EXCHANGE) == 0 &&
          has("fm-a", "beta2") && has("fm-c", "alpha"));
    CHECK("RENAME_NOREPLACE to a new name",
          rename2("fm-c", "fm-e", NOREPLACE) == 0 && has("fm-e", "alpha"));
    CHECK_ERR("NOREPLACE|EXCHANGE together",
              rename2("fm-a", "fm-e", NOREPLACE | EXCHANGE), EINVAL);

    CHECK("truncate to 2", truncate("fm-e", 2) == 0 && has("fm-e", "al"));
    CHECK("truncate to 8 pads zeros", truncate("fm-e", 8) == 0 && stat("fm-e", &st) == 0 && st.st_size == 8);
    CHECK_ERR("truncate a directory", truncate("fm-d", 0), EISDIR);
    CHECK_ERR("truncate missing", truncate("fm-none", 0), ENOENT);

    struct sx x;
    CHECK("statx size and mode", sx(AT_FDCWD, "fm-e", 0, SX_SIZE | SX_MODE, &x) == 0 &&
          (x.mask & (SX_SIZE | SX_MODE)) == (SX_SIZE | SX_MODE) && x.size == 8 &&
          S_ISREG(x.mode));
    CHECK("statx AT_SYMLINK_NOFOLLOW", sx(AT_FDCWD, "fm-l", AT_SYMLINK_NOFOLLOW, SX_TYPE, &x) == 0 &&
          S_ISLNK(x.mode));
    CHECK_ERR("statx bad flags", sx(AT_FDCWD, "fm-e", 0x40000000, SX_SIZE, &x), EINVAL);
    fd = open("fm-e", O_RDONLY);
    CHECK("statx AT_EMPTY_PATH", sx(fd, "", AT_EMPTY_PATH, SX_SIZE, &x) == 0 && x.size == 8);
    CHECK("fstatat AT_EMPTY_PATH", fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && st.st_size == 8);
    close(fd);

    CHECK_ERR("O_CREAT|O_EXCL on existing", open("fm-e", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    CHECK_ERR("O_CREAT|O_EXCL on a dangling link", open("fm-dl", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    CHECK_ERR("O_DIRECTORY on a file", open("fm-e", O_RDONLY | O_DIRECTORY), ENOTDIR);
    CHECK_ERR("open a directory for writing", open("fm-d", O_WRONLY), EISDIR);
    CHECK_ERR("O_CREAT of a path through a file", open("fm-e/x", O_WRONLY | O_CREAT, 0644), ENOTDIR);
    fd = open("fm-d", O_RDONLY | O_DIRECTORY);
    CHECK("O_DIRECTORY on a directory", fd >= 0);
    CHECK_ERR("read a directory", read(fd, buf, 1), EISDIR);
    close(fd);
    fd = open("fm-e", O_RDWR | O_TRUNC);
    CHECK("O_TRUNC empties", fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
    close(fd);
    fd = open("fm-new", O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK("O_CREAT|O_EXCL new", fd >= 0 && mode_of("fm-new") == (int)(0600 & ~old));
    close(fd);
    fd = creat("fm-new", 0644);
    CHECK("creat keeps the old mode", fd >= 0 && mode_of("fm-new") == (int)(0600 & ~old));
    close(fd);

    const char *names[] = {"fm-a", "fm-e", "fm-l", "fm-dl", "fm-new"};
    int gone = 1;
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
        gone &= unlink(names[i]) == 0;
    CHECK("unlink all", gone && rmdir("fm-d") == 0);
    return failed;
}
