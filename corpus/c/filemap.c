/* filemap: memory mappings beyond anonymous ones. A file mapped MAP_SHARED
 * (stores reach the file through read(2), write(2) reaches the mapping,
 * msync MS_SYNC/MS_ASYNC/MS_INVALIDATE, EINVAL for an unaligned address),
 * MAP_PRIVATE (copy on write: the file keeps its bytes, unwritten pages
 * still follow the file), a mapping past EOF (SIGBUS caught and siglongjmp'd
 * out), mremap grow in place or moved with MREMAP_MAYMOVE keeping contents,
 * MREMAP_FIXED, shrink; madvise MADV_DONTNEED zeroing private anonymous
 * pages but not shared file pages, MADV_WILLNEED/EINVAL; mlock/munlock
 * (ENOMEM over a hole); mincore (touched pages resident, ENOMEM on a hole).
 * Expects: one "ok" line per check, exits 0; removes its file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

static sigjmp_buf back;
static volatile sig_atomic_t buses;

static void on_bus(int sig)
{
    (void)sig;
    buses++;
    siglongjmp(back, 1);
}

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    char buf[16];
    int fd = open("filemap.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("file of 3 pages", fd >= 0 && ftruncate(fd, 3 * pg) == 0);

    char *sh = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("MAP_SHARED", sh != MAP_FAILED);
    CHECK("starts zeroed", sh[0] == 0 && sh[3 * pg - 1] == 0);
    memcpy(sh + pg, "shared-store", 12);
    CHECK("store visible to pread", pread(fd, buf, 12, pg) == 12 && !memcmp(buf, "shared-store", 12));
    CHECK("pwrite visible in the mapping", pwrite(fd, "from-write", 10, 2 * pg + 5) == 10 &&
          !memcmp(sh + 2 * pg + 5, "from-write", 10));
    CHECK("msync MS_SYNC", msync(sh, 3 * pg, MS_SYNC) == 0);
    CHECK("msync MS_ASYNC one page", msync(sh + pg, pg, MS_ASYNC) == 0);
    CHECK("msync MS_INVALIDATE", msync(sh, pg, MS_INVALIDATE) == 0);
    CHECK_ERR("msync unaligned", msync(sh + 1, pg, MS_SYNC), EINVAL);
    CHECK_ERR("msync SYNC|ASYNC", msync(sh, pg, MS_SYNC | MS_ASYNC), EINVAL);

    char *pv = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("MAP_PRIVATE sees the file", pv != MAP_FAILED && !memcmp(pv + pg, "shared-store", 12));
    memcpy(pv + pg, "private-copy", 12);
    CHECK("private store stays private", pread(fd, buf, 12, pg) == 12 && !memcmp(buf, "shared-store", 12) &&
          !memcmp(sh + pg, "shared-store", 12));
    memcpy(sh + 2 * pg, "late", 4);
    CHECK("an untouched private page follows the file", !memcmp(pv + 2 * pg, "late", 4));
    memcpy(sh + pg, "SHARED", 6);
    CHECK("a copied private page does not", !memcmp(pv + pg, "private", 7));
    CHECK("madvise DONTNEED on private file pages rereads the file",
          madvise(pv + pg, pg, MADV_DONTNEED) == 0 && !memcmp(pv + pg, "SHARED-store", 12));
    CHECK("madvise DONTNEED on shared pages keeps data",
          madvise(sh, 3 * pg, MADV_DONTNEED) == 0 && !memcmp(sh + pg, "SHARED-store", 12));
    munmap(pv, 3 * pg);

    char *past = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 2 * pg);
    CHECK("map the last page and one past EOF", past != MAP_FAILED);
    signal(SIGBUS, on_bus);
    volatile char got = 0;
    if (!sigsetjmp(back, 1))
        got = past[pg];
    CHECK("touching past EOF raises SIGBUS", buses == 1 && got == 0);
    CHECK("the page before it is fine", !memcmp(past + 5, "from-write", 10));
    munmap(past, 2 * pg);
    CHECK_ERR("mmap a read-only fd shared writable",
              mmap(NULL, pg, PROT_WRITE, MAP_SHARED, fd = (close(fd), open("filemap.tmp", O_RDONLY)), 0) ==
                      MAP_FAILED ? -1 : 0, EACCES);
    CHECK_ERR("mmap unaligned offset", mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 1) == MAP_FAILED ? -1 : 0, EINVAL);
    CHECK_ERR("mmap length 0", mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0, EINVAL);
    close(fd);
    CHECK("mapping outlives its fd", !memcmp(sh + pg, "SHARED-store", 12));
    CHECK("munmap shared", munmap(sh, 3 * pg) == 0);
    CHECK("unlink", unlink("filemap.tmp") == 0);

    char *a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (long i = 0; i < 4 * pg; i++)
        a[i] = (char)(i % 251);
    char *g = mremap(a, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    int same = g != MAP_FAILED;
    for (long i = 0; same && i < 4 * pg; i++)
        same = g[i] == (char)(i % 251);
    CHECK("mremap grow keeps contents", same);
    CHECK("grown part is zero", g[4 * pg] == 0 && g[64 * pg - 1] == 0);
    CHECK("mremap shrink", mremap(g, 64 * pg, 2 * pg, 0) == g && g[pg + 7] == (char)((pg + 7) % 251));
    char *dst = mmap(NULL, 2 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *f = mremap(g, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
    CHECK("MREMAP_FIXED moves to the target", f == dst && f[pg + 7] == (char)((pg + 7) % 251));
    CHECK_ERR("MREMAP_FIXED without MAYMOVE", (long)mremap(f, pg, pg, MREMAP_FIXED, a), EINVAL);
    CHECK_ERR("mremap an unmapped range", (long)mremap(a, pg, 2 * pg, MREMAP_MAYMOVE), EFAULT);

    memset(f, 'x', 2 * pg);
    CHECK("DONTNEED zeroes private anonymous pages", madvise(f, pg, MADV_DONTNEED) == 0 && f[0] == 0 &&
          f[pg - 1] == 0 && f[pg] == 'x');
    CHECK("WILLNEED", madvise(f, 2 * pg, MADV_WILLNEED) == 0);
    CHECK_ERR("madvise unaligned", madvise(f + 1, pg, MADV_DONTNEED), EINVAL);
    CHECK_ERR("madvise unknown advice", madvise(f, pg, 12345), EINVAL);

    CHECK("mlock", mlock(f, 2 * pg) == 0);
    CHECK("munlock", munlock(f, 2 * pg) == 0);
    CHECK("mlock unaligned start rounds down", mlock(f + 10, 10) == 0 && munlock(f + 10, 10) == 0);
    CHECK_ERR("mlock over a hole", mlock(a, pg), ENOMEM);

    unsigned char vec[4];
    char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1, m[2 * pg] = 1;
    CHECK("mincore: touched pages resident", mincore(m, 4 * pg, vec) == 0 && (vec[0] & 1) && (vec[2] & 1));
    CHECK("mincore: untouched page not resident", !(vec[1] & 1) && !(vec[3] & 1));
    munmap(m + pg, pg);
    CHECK_ERR("mincore over a hole", mincore(m, 4 * pg, vec), ENOMEM);
    CHECK_ERR("mincore unaligned", mincore(m + 1, pg, vec), EINVAL);
    munmap(m, 4 * pg);
    munmap(f, 2 * pg);
    return failed;
}
