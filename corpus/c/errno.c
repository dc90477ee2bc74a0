/* errno: failing system calls set errno; strerror text. Opens a missing file,
 * closes a bad fd, mkdirs an existing directory, reads into an unmapped
 * address. Expects: ENOENT(2), EBADF(9), EEXIST(17), EFAULT(14); exits 0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void *volatile bad_address; /* NULL, hidden from the compiler */

static int report(const char *what, int ret, int want)
{
    int e = errno;
    printf("%s: ret=%d errno=%d (%s)\n", what, ret, e, strerror(e));
    return ret != -1 || e != want;
}

int main(void)
{
    int fails = 0, p[2];

    errno = 0;
    fails += report("open missing", open("no-such-file.azalea", O_RDONLY), ENOENT);
    errno = 0;
    fails += report("close(-1)", close(-1), EBADF);
    errno = 0;
    fails += report("mkdir .", mkdir(".", 0755), EEXIST);
    if (pipe(p) != 0 || write(p[1], "x", 1) != 1)
        return 1;
    errno = 0;
    fails += report("read to NULL", (int)read(p[0], bad_address, 1), EFAULT);
    return fails != 0;
}
