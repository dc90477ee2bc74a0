/* fileio: open(O_CREAT)/write/lseek/read/fstat/unlink on a file in the
 * current directory. Expects: a writable cwd; prints the checks, exits 0. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); return 1; } } while (0)

int main(void)
{
    const char *path = "fileio.tmp";
    const char data[] = "0123456789abcdefghij";
    char buf[32];

    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, data, 20) == 20);
    printf("wrote 20 bytes\n");

    CHECK(lseek(fd, 10, SEEK_SET) == 10);
    CHECK(read(fd, buf, 5) == 5);
    printf("read at 10: %.5s\n", buf);

    CHECK(lseek(fd, -3, SEEK_END) == 17);
    CHECK(read(fd, buf, sizeof buf) == 3);
    printf("read at end-3: %.3s\n", buf);
    CHECK(read(fd, buf, sizeof buf) == 0);
    printf("read at eof: 0\n");

    struct stat st;
    CHECK(fstat(fd, &st) == 0);
    printf("size=%lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    CHECK(close(fd) == 0);

    fd = open(path, O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, sizeof buf) == 20 && memcmp(buf, data, 20) == 0);
    printf("reopen content ok\n");
    CHECK(close(fd) == 0);

    CHECK(unlink(path) == 0);
    CHECK(access(path, F_OK) != 0);
    printf("unlinked\n");
    return 0;
}
