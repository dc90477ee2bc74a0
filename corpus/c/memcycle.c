/* memcycle: the break's edges and allocator cycles. Raw brk(2) (musl's
 * wrapper refuses): brk(0) reports the break, a request below the initial
 * break or into a mapping is refused (the old break returned), an unaligned
 * break is kept exactly while pages cover it, memory given back and taken
 * again reads zero, RLIMIT_DATA caps growth; mmap hints and MAP_FIXED_NOREPLACE
 * (EEXIST), MAP_NORESERVE of 1 GiB touched sparsely, MAP_POPULATE, munmap
 * of a partial range splitting a mapping, mprotect ENOMEM across the hole,
 * a hint at a free hole honoured; malloc cycles: 64 rounds of 1-9 MiB
 * blocks freed in shuffled order, calloc zero after dirty frees, realloc
 * growth and shrink keeping contents, posix_memalign/aligned_alloc
 * alignments up to 1 MiB, and ENOMEM for impossible sizes.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "check.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static uintptr_t brk_(uintptr_t to)
{
    return (uintptr_t)syscall(SYS_brk, to);
}

int main(void)
{
    const uintptr_t pg = 4096;
    uintptr_t start = brk_(0);
    CHECK("brk(0) reports a break", start != 0 && brk_(0) == start);
    CHECK("far below the initial break: refused", brk_(start - (256 << 20)) == start);
    uintptr_t odd = start + 5 * pg + 123;
    CHECK("unaligned break kept exactly", brk_(odd) == odd && brk_(0) == odd);
    char *p = (char *)start;
    memset(p, 0x5a, 5 * pg + 123);
    CHECK("the page holding the unaligned end is usable", ((volatile char *)p)[6 * pg - 1] == 0);
    CHECK("shrink back", brk_(start + pg) == start + pg);
    CHECK("grow again reads zero", brk_(start + 5 * pg) == start + 5 * pg && p[pg] == 0 && p[4 * pg] == 0 &&
          p[pg - 1] == 0x5a);
    CHECK("shrink to the start", brk_(start) == start);
    struct rlimit old, lim;
    getrlimit(RLIMIT_DATA, &old);
    lim = old;
    lim.rlim_cur = 64 << 20;
    CHECK("RLIMIT_DATA 64 MiB", setrlimit(RLIMIT_DATA, &lim) == 0);
    CHECK("break growth past RLIMIT_DATA refused", brk_(start + (128 << 20)) == start);
    CHECK_ERR("mmap past RLIMIT_DATA",
              mmap(NULL, 128 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0,
              ENOMEM);
    CHECK("restore RLIMIT_DATA", setrlimit(RLIMIT_DATA, &old) == 0);
    char *blocker = mmap((void *)(start + (64 << 20)), pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                         -1, 0);
    CHECK("a mapping 64 MiB above the break", blocker == (char *)(start + (64 << 20)));
    CHECK("break growth into it refused", brk_(start + (65 << 20)) == start);
    CHECK("growth up to it allowed", brk_(start + (32 << 20)) == start + (32 << 20) && brk_(start) == start);
    CHECK_ERR("MAP_FIXED_NOREPLACE over it", mmap(blocker, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
              MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED ? -1 : 0, EEXIST);
    munmap(blocker, pg);

    char *big = mmap(NULL, 1UL << 30, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK("1 GiB MAP_NORESERVE", big != MAP_FAILED);
    for (unsigned long off = 0; off < (1UL << 30); off += 64UL << 20)
        big[off] = (char)(off >> 20);
    int kept = 1;
    for (unsigned long off = 0; off < (1UL << 30); off += 64UL << 20)
        kept &= big[off] == (char)(off >> 20) && big[off + 1] == 0;
    CHECK("sparse touches kept", kept);
    CHECK("munmap the middle splits it", munmap(big + (256 << 20), 256 << 20) == 0 && big[0] == 0 &&
          big[512UL << 20] == (char)(512));
    CHECK_ERR("mprotect across the hole", mprotect(big, 1UL << 30, PROT_NONE), ENOMEM);
    CHECK("mprotect PROT_READ of the first part keeps data", mprotect(big, 256 << 20, PROT_READ) == 0 &&
          big[64 << 20] == 64);
    munmap(big, 1UL << 30);
    char *pop = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    unsigned char vec[16];
    CHECK("MAP_POPULATE: resident before any touch", pop != MAP_FAILED && mincore(pop, 16 * pg, vec) == 0 &&
          (vec[0] & 1) && (vec[15] & 1));
    munmap(pop, 16 * pg);
    /* A hint at a hole the program just made (an image honours hints inside its partition only). */
    char *hint = mmap(NULL, 4 * pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hint, 4 * pg);
    hint += pg;
    char *h = mmap(hint, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("a free hint is honoured", h == hint);
    char *h2 = mmap(hint, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("a taken hint gives another address", h2 != MAP_FAILED && h2 != hint);
    munmap(h, pg);
    munmap(h2, pg);

    enum { ROUNDS = 64, SLOTS = 8 };
    char *slot[SLOTS] = {0};
    size_t size[SLOTS] = {0};
    uint32_t x = 7;
    int intact = 1;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < SLOTS; i++) {
            x = x * 1664525u + 1013904223u;
            int k = (int)(x >> 29);
            if (slot[k]) {
                intact &= slot[k][0] == (char)k && slot[k][size[k] - 1] == (char)(k + 1);
                free(slot[k]);
            }
            size[k] = ((x >> 8) % (8 << 20)) + (1 << 20);
            slot[k] = malloc(size[k]);
            if (!slot[k]) {
                intact = 0;
                continue;
            }
            memset(slot[k], (char)k, size[k]);
            slot[k][size[k] - 1] = (char)(k + 1);
        }
    }
    CHECK("64 rounds of 1-9 MiB blocks, contents intact", intact);
    for (int i = 0; i < SLOTS; i++)
        free(slot[i]);
    char *dirty = malloc(1 << 20);
    memset(dirty, 0xff, 1 << 20);
    free(dirty);
    unsigned char *z = calloc(1 << 20, 1);
    int zero = z != NULL;
    for (int i = 0; zero && i < 1 << 20; i += 997)
        zero = z[i] == 0;
    CHECK("calloc zero after a dirty free", zero);
    free(z);
    char *g = malloc(100);
    for (int i = 0; i < 100; i++)
        g[i] = (char)i;
    g = realloc(g, 10 << 20);
    int same = g != NULL;
    for (int i = 0; same && i < 100; i++)
        same = g[i] == (char)i;
    CHECK("realloc grow keeps contents", same);
    g = realloc(g, 50);
    CHECK("realloc shrink keeps contents", g && g[49] == 49);
    free(g);
    int aligned = 1;
    for (size_t a = sizeof(void *); a <= (1 << 20); a <<= 1) {
        void *q = NULL;
        aligned &= posix_memalign(&q, a, 3 * a + 1) == 0 && ((uintptr_t)q & (a - 1)) == 0;
        free(q);
        q = aligned_alloc(a, a * 2);
        aligned &= q && ((uintptr_t)q & (a - 1)) == 0;
        free(q);
    }
    CHECK("posix_memalign/aligned_alloc up to 1 MiB", aligned);
    void *q = NULL;
    CHECK("posix_memalign bad alignment: EINVAL", posix_memalign(&q, 3, 8) == EINVAL);
    volatile size_t huge = SIZE_MAX - 4096;
    errno = 0;
    CHECK("impossible malloc: NULL, ENOMEM", malloc(huge) == NULL && errno == ENOMEM);
    errno = 0;
    CHECK("calloc overflow: NULL, ENOMEM", calloc(huge, 16) == NULL && errno == ENOMEM);
    return failed;
}
