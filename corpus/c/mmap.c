/* mmap: anonymous mmap/mprotect/munmap with content checks. Maps 16 pages,
 * checks they are zero, fills them, flips protection to PROT_NONE and back
 * (content must survive), remaps part with MAP_FIXED, unmaps.
 * Expects: exits 0. */
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); return 1; } } while (0)

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t len = 16 * pg;

    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(((uintptr_t)p & (pg - 1)) == 0);
    for (size_t i = 0; i < len; i++)
        CHECK(p[i] == 0);
    printf("mapped 16 pages, zero-filled\n");

    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 7 + 1);
    CHECK(mprotect(p, len, PROT_NONE) == 0);
    CHECK(mprotect(p, len, PROT_READ) == 0);
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += p[i];
    CHECK(mprotect(p, len, PROT_READ | PROT_WRITE) == 0);
    printf("mprotect round trip, sum=%u\n", sum);

    unsigned char *q = mmap(p + 4 * pg, 2 * pg, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == p + 4 * pg);
    CHECK(q[0] == 0 && q[2 * pg - 1] == 0);
    CHECK(p[4 * pg - 1] == (unsigned char)((4 * pg - 1) * 7 + 1));
    CHECK(p[6 * pg] == (unsigned char)(6 * pg * 7 + 1));
    printf("MAP_FIXED replaced 2 pages\n");

    CHECK(munmap(p, len) == 0);
    printf("unmapped\n");
    return 0;
}
