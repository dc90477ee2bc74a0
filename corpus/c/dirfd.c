/* dirfd: directories through descriptors. getcwd/chdir/fchdir (the cwd's
 * last component only, never the absolute path), openat/mkdirat/unlinkat
 * (AT_REMOVEDIR) relative to directory descriptors, a directory of 600
 * entries listed with getdents64 (readdir) in small and large buffers and
 * with scandir, names sorted before printing a digest, seekdir/rewinddir,
 * and the errors ENOTEMPTY, ENOTDIR, EISDIR, EEXIST, ENOENT, EBADF.
 * Expects: one "ok" line per check, exits 0; removes what it creates. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#define N 600

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned long digest(char **names, int n)
{
    unsigned long h = 5381;
    for (int i = 0; i < n; i++)
        for (const char *p = names[i]; *p; p++)
            h = h * 33 + (unsigned char)*p;
    return h;
}

/* Lists dfd's entries with raw getdents64 into a bufsize buffer. */
static int list_raw(int dfd, size_t bufsize, char **names, int max)
{
    char *buf = malloc(bufsize);
    int n = 0;
    lseek(dfd, 0, SEEK_SET);
    for (;;) {
        long got = syscall(SYS_getdents64, dfd, buf, bufsize);
        if (got <= 0) {
            free(buf);
            return got < 0 ? -1 : n;
        }
        for (long off = 0; off < got;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") && n < max)
                names[n++] = strdup(d->d_name);
            off += d->d_reclen;
        }
    }
}

static int only_files(const struct dirent *d)
{
    return d->d_name[0] == 'f';
}

static const char *last(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int main(void)
{
    char cwd[4096], here[4096], buf[8];
    struct stat st;
    static char *names[N + 10];

    CHECK("getcwd", getcwd(here, sizeof here) == here && here[0] == '/');
    CHECK("mkdir top", mkdir("dd-top", 0755) == 0);
    int top = open("dd-top", O_RDONLY | O_DIRECTORY);
    CHECK("open top", top >= 0);
    CHECK("mkdirat sub", mkdirat(top, "sub", 0755) == 0);
    int sub = openat(top, "sub", O_RDONLY | O_DIRECTORY);
    CHECK("openat sub", sub >= 0);
    int fd = openat(sub, "file", O_WRONLY | O_CREAT | O_EXCL, 0644);
    CHECK("openat creates in sub", fd >= 0 && write(fd, "abc", 3) == 3);
    close(fd);
    CHECK("fstatat relative", fstatat(top, "sub/file", &st, 0) == 0 && st.st_size == 3);
    CHECK("faccessat relative", faccessat(sub, "file", R_OK, 0) == 0);
    CHECK_ERR("mkdirat existing", mkdirat(top, "sub", 0755), EEXIST);
    CHECK_ERR("unlinkat dir without AT_REMOVEDIR", unlinkat(top, "sub", 0), EISDIR);
    CHECK_ERR("unlinkat non-empty AT_REMOVEDIR", unlinkat(top, "sub", AT_REMOVEDIR), ENOTEMPTY);
    CHECK_ERR("unlinkat file with AT_REMOVEDIR", unlinkat(sub, "file", AT_REMOVEDIR), ENOTDIR);
    CHECK_ERR("openat relative to a file fd", openat(fd = openat(sub, "file", O_RDONLY), "x", O_RDONLY), ENOTDIR);
    close(fd);
    CHECK_ERR("openat bad dirfd", openat(987, "x", O_RDONLY), EBADF);
    CHECK("openat absolute ignores dirfd", (fd = openat(987, here, O_RDONLY | O_DIRECTORY)) >= 0);
    close(fd);
    CHECK("renameat across dirfds", renameat(sub, "file", top, "moved") == 0 && fstatat(top, "moved", &st, 0) == 0);
    CHECK("linkat, symlinkat", linkat(top, "moved", sub, "hard", 0) == 0 && symlinkat("../moved", sub, "soft") == 0);
    CHECK("readlinkat", readlinkat(sub, "soft", cwd, sizeof cwd) == 8);
    CHECK("stat through the relative symlink", fstatat(sub, "soft", &st, 0) == 0 && st.st_size == 3 && st.st_nlink == 2);

    CHECK("chdir", chdir("dd-top/sub") == 0);
    CHECK("getcwd after chdir", getcwd(cwd, sizeof cwd) == cwd && !strcmp(last(cwd), "sub"));
    CHECK("relative path from new cwd", stat("hard", &st) == 0 && stat("../moved", &st) == 0);
    CHECK("fchdir to top", fchdir(top) == 0 && getcwd(cwd, sizeof cwd) && !strcmp(last(cwd), "dd-top"));
    CHECK("chdir ..", chdir("..") == 0 && getcwd(cwd, sizeof cwd) && !strcmp(cwd, here));
    CHECK_ERR("chdir to a file", chdir("dd-top/moved"), ENOTDIR);
    CHECK_ERR("chdir missing", chdir("dd-none"), ENOENT);
    fd = open("dd-top/moved", O_RDONLY);
    CHECK_ERR("fchdir to a file", fchdir(fd), ENOTDIR);
    close(fd);
    CHECK_ERR("fchdir bad fd", fchdir(-1), EBADF);
    CHECK_ERR("getcwd size 1", (long)getcwd(cwd, 1) ? 0 : -1, ERANGE);

    int ok = 1;
    for (int i = 0; i < N && ok; i++) {
        char name[32];
        snprintf(name, sizeof name, "%s%04d", i % 3 ? "f" : "g", (i * 7919) % 10000);
        if (i % 50 == 0)
            ok = mkdirat(sub, name, 0700) == 0;
        else {
            fd = openat(sub, name, O_WRONLY | O_CREAT | O_EXCL, 0600);
            ok = fd >= 0 && close(fd) == 0;
        }
    }
    CHECK("created 600 entries", ok);
    int n1 = list_raw(sub, 200, names, N + 10);
    qsort(names, n1, sizeof *names, cmp);
    unsigned long h1 = digest(names, n1);
    printf("     entries %d (plus hard, soft)\n", n1 - 2);
    for (int i = 0; i < n1; i++)
        free(names[i]);
    int n2 = list_raw(sub, 65536, names, N + 10);
    qsort(names, n2, sizeof *names, cmp);
    CHECK("getdents64 small and big buffers agree", n1 == N + 2 && n2 == n1 && digest(names, n2) == h1);
    printf("     first %s %s last %s\n", names[0], names[1], names[n2 - 1]);
    printf("     digest %lx\n", h1);
    for (int i = 0; i < n2; i++)
        free(names[i]);
    lseek(sub, 0, SEEK_SET);
    CHECK_ERR("getdents64 buffer too small", syscall(SYS_getdents64, sub, buf, sizeof buf), EINVAL);
    CHECK_ERR("getdents64 on a file",
              syscall(SYS_getdents64, fd = openat(top, "moved", O_RDONLY), cwd, sizeof cwd), ENOTDIR);
    close(fd);

    lseek(sub, 0, SEEK_SET); /* the dup shares this offset */
    DIR *d = fdopendir(dup(sub));
    int count = 0, dirs = 0;
    struct dirent *e;
    long pos = -1;
    while ((e = readdir(d))) {
        count++;
        if (count == 10)
            pos = telldir(d);
        if (e->d_type == DT_DIR)
            dirs++;
    }
    CHECK("readdir count incl. . and ..", count == N + 4);
    CHECK("readdir d_type dirs (12 + . + ..)", dirs == 14);
    seekdir(d, pos);
    int rest = 0;
    while (readdir(d))
        rest++;
    CHECK("seekdir to a telldir position", rest == N + 4 - 10);
    rewinddir(d);
    rest = 0;
    while (readdir(d))
        rest++;
    CHECK("rewinddir", rest == N + 4);
    closedir(d);

    struct dirent **list;
    CHECK("chdir sub for scandir", chdir("dd-top/sub") == 0);
    int ns = scandir(".", &list, only_files, alphasort);
    CHECK("scandir with filter, alphasort", ns == 400);
    int sorted = 1;
    for (int i = 1; i < ns; i++)
        sorted &= strcmp(list[i - 1]->d_name, list[i]->d_name) < 0;
    CHECK("scandir result sorted", sorted);
    printf("     scandir first %s last %s\n", list[0]->d_name, list[ns - 1]->d_name);
    for (int i = 0; i < ns; i++)
        free(list[i]);
    free(list);
    CHECK("chdir back", chdir(here) == 0);

    d = opendir("dd-top/sub");
    ok = d != NULL;
    while (ok && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            ok = unlinkat(sub, e->d_name, e->d_type == DT_DIR ? AT_REMOVEDIR : 0) == 0;
    closedir(d);
    CHECK("removed every entry while reading", ok);
    CHECK("directory now empty (nlink 2)", fstat(sub, &st) == 0 && st.st_nlink == 2);
    close(sub);
    CHECK("unlinkat sub AT_REMOVEDIR", unlinkat(top, "sub", AT_REMOVEDIR) == 0 && unlinkat(top, "moved", 0) == 0);
    CHECK_ERR("rmdir .", rmdir("dd-top/."), EINVAL);
    CHECK("fstat of a removed cwd-relative dir fd", fstat(top, &st) == 0 && S_ISDIR(st.st_mode));
    close(top);
    CHECK("rmdir top", rmdir("dd-top") == 0);
    CHECK_ERR("rmdir again", rmdir("dd-top"), ENOENT);
    return failed;
}
