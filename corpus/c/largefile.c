/* largefile: files past 4 GiB and sparse files. pwrite/pread at 5 GiB,
 * lseek SEEK_END/SEEK_DATA/SEEK_HOLE (only relations, since where a
 * filesystem reports holes is its choice), ENXIO past the end, ftruncate to
 * 6 GiB and back, st_size and st_blocks relations, O_APPEND writes going to
 * the end whatever the offset, pwrite on O_APPEND, posix_fallocate growing
 * st_size, EFBIG beyond RLIMIT_FSIZE is not tried (it raises SIGXFSZ).
 * Expects: one "ok" line per check, exits 0; removes its file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define GIB (1LL << 30)

int main(void)
{
    const char *name = "largefile.tmp";
    char buf[64];
    struct stat st;
    int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("open", fd >= 0);
    if (fd < 0)
        return 1;

    CHECK("pwrite at 0", pwrite(fd, "head", 4, 0) == 4);
    CHECK("pwrite at 5 GiB", pwrite(fd, "far-away", 8, 5 * GIB) == 8);
    CHECK("fstat size 5 GiB + 8", fstat(fd, &st) == 0 && st.st_size == 5 * GIB + 8);
    CHECK("sparse: st_blocks*512 < size", (long long)st.st_blocks * 512 < st.st_size);
    memset(buf, 0, sizeof buf);
    CHECK("pread at 5 GiB", pread(fd, buf, 16, 5 * GIB) == 8 && !memcmp(buf, "far-away", 8));
    memset(buf, 1, sizeof buf);
    CHECK("hole reads zeros", pread(fd, buf, 16, 3 * GIB) == 16 && buf[0] == 0 && buf[15] == 0);
    CHECK("pread across 4 GiB boundary is zeros",
          pread(fd, buf, 32, 4 * GIB - 16) == 32 && buf[0] == 0 && buf[31] == 0);
    CHECK("lseek SEEK_END", lseek(fd, 0, SEEK_END) == 5 * GIB + 8);
    CHECK("lseek SEEK_SET 4 GiB + 1", lseek(fd, 4 * GIB + 1, SEEK_SET) == 4 * GIB + 1);
    CHECK("write at offset", write(fd, "mid", 3) == 3);
    CHECK("offset advanced past 4 GiB", lseek(fd, 0, SEEK_CUR) == 4 * GIB + 4);

    off_t d0 = lseek(fd, 0, SEEK_DATA);
    off_t h0 = lseek(fd, 0, SEEK_HOLE);
    off_t dfar = lseek(fd, 4 * GIB + 4096 * 4, SEEK_DATA);
    CHECK("SEEK_DATA(0) is 0", d0 == 0);
    CHECK("SEEK_HOLE(0) in (0, size]", h0 > 0 && h0 <= 5 * GIB + 8);
    CHECK("SEEK_DATA after the middle write lands at or before the far data",
          dfar >= 4 * GIB + 4096 * 4 && dfar <= 5 * GIB);
    CHECK("SEEK_HOLE at the last byte is the size", lseek(fd, 5 * GIB + 7, SEEK_HOLE) == 5 * GIB + 8);
    CHECK_ERR("SEEK_DATA at size", lseek(fd, 5 * GIB + 8, SEEK_DATA), ENXIO);
    CHECK_ERR("SEEK_HOLE past size", lseek(fd, 6 * GIB, SEEK_HOLE), ENXIO);
    CHECK_ERR("lseek negative", lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERR("lseek bad whence", lseek(fd, 0, 77), EINVAL);

    CHECK("ftruncate to 6 GiB", ftruncate(fd, 6 * GIB) == 0);
    CHECK("size 6 GiB", fstat(fd, &st) == 0 && st.st_size == 6 * GIB);
    CHECK("data survives growth", pread(fd, buf, 8, 5 * GIB) == 8 && !memcmp(buf, "far-away", 8));
    CHECK("ftruncate to 5 GiB + 3", ftruncate(fd, 5 * GIB + 3) == 0);
    CHECK("read after shrink is short", pread(fd, buf, 8, 5 * GIB) == 3 && !memcmp(buf, "far", 3));
    CHECK("read at the end is 0", pread(fd, buf, 8, 5 * GIB + 3) == 0);
    CHECK_ERR("ftruncate negative", ftruncate(fd, -1), EINVAL);
    CHECK("ftruncate to 0", ftruncate(fd, 0) == 0 && fstat(fd, &st) == 0 && st.st_size == 0);

    int r = posix_fallocate(fd, 0, 1 << 20);
    CHECK("posix_fallocate 1 MiB", r == 0);
    CHECK("fallocate: size 1 MiB", fstat(fd, &st) == 0 && st.st_size == 1 << 20);
    CHECK("fallocate: blocks cover it", (long long)st.st_blocks * 512 >= 1 << 20);
    CHECK("fallocated bytes read zero", pread(fd, buf, 8, 4096) == 8 && buf[0] == 0 && buf[7] == 0);
    CHECK("fallocate KEEP_SIZE keeps size",
          fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 2 << 20) == 0 && fstat(fd, &st) == 0 && st.st_size == 1 << 20);
    CHECK("posix_fallocate EINVAL on len 0", posix_fallocate(fd, 0, 0) == EINVAL);
    close(fd);

    fd = open(name, O_WRONLY | O_APPEND);
    CHECK("open O_APPEND", fd >= 0);
    CHECK("lseek to 0", lseek(fd, 0, SEEK_SET) == 0);
    CHECK("append write", write(fd, "tail", 4) == 4);
    CHECK("offset is the new end", lseek(fd, 0, SEEK_CUR) == (1 << 20) + 4);
    CHECK("pwrite on O_APPEND appends (Linux)", pwrite(fd, "++", 2, 0) == 2);
    CHECK("size after pwrite", fstat(fd, &st) == 0 && st.st_size == (1 << 20) + 6);
    CHECK("fcntl shows O_APPEND", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    CHECK("clear O_APPEND", fcntl(fd, F_SETFL, 0) == 0 && (fcntl(fd, F_GETFL) & O_APPEND) == 0);
    CHECK("pwrite at 0 now overwrites", pwrite(fd, "H", 1, 0) == 1 && fstat(fd, &st) == 0 &&
          st.st_size == (1 << 20) + 6);
    close(fd);
    fd = open(name, O_RDONLY);
    CHECK("tail bytes", pread(fd, buf, 6, 1 << 20) == 6 && !memcmp(buf, "tail++", 6));
    CHECK("head byte", pread(fd, buf, 1, 0) == 1 && buf[0] == 'H');
    CHECK_ERR("write on O_RDONLY", write(fd, "x", 1), EBADF);
    close(fd);
    CHECK("unlink", unlink(name) == 0);
    return failed;
}
