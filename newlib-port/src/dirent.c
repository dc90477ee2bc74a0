/*
 * dirent.c: directory streams: a descriptor opened O_DIRECTORY and a buffer
 * of Linux getdents64 records, which have struct dirent's layout
 * (sys/dirent.h), so readdir hands them out in place.
 */
#include <azalea/call.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

struct __az_dir {
    int fd;
    int size; /* bytes of records in buf */
    int next; /* offset of the next record */
    _Alignas(8) char buf[32768];
};

DIR *fdopendir(int fd)
{
    DIR *d = malloc(sizeof *d);
    if (d == NULL) {
        return NULL;
    }
    d->fd = fd;
    d->size = 0;
    d->next = 0;
    return d;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
    }
    return d;
}

struct dirent *readdir(DIR *d)
{
    if (d->next >= d->size) {
        long n = __AZ_CALL3(SYS_getdents64, d->fd, d->buf, sizeof d->buf);
        if (n <= 0) {
            if (n < 0) {
                errno = (int)-n;
            }
            return NULL;
        }
        d->size = (int)n;
        d->next = 0;
    }
    struct dirent *e = (struct dirent *)(d->buf + d->next);
    d->next += e->d_reclen;
    return e;
}

void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->size = 0;
    d->next = 0;
}

int dirfd(DIR *d)
{
    return d->fd;
}

int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}
