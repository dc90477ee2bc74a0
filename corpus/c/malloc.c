/* malloc: heap growth. Moves the program break with raw brk(2) (musl's brk()
 * wrapper always fails, so the syscall is used directly), touches the new
 * memory and shrinks it back; then runs a deterministic malloc/realloc/free
 * workload (about 50 MB peak, including 4 MiB mmap-backed blocks) with content
 * checks. Expects: exits 0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); return 1; } } while (0)
#define NBLK 4096

static unsigned char *blk[NBLK];
static size_t blen[NBLK];

int main(void)
{
    char *cur = (char *)syscall(SYS_brk, 0);
    char *want = cur + (1 << 20);
    CHECK((char *)syscall(SYS_brk, want) == want);
    memset(cur, 0x5a, 1 << 20);
    CHECK(cur[0] == 0x5a && want[-1] == 0x5a);
    CHECK((char *)syscall(SYS_brk, cur) == cur);
    printf("brk grew and shrank by 1 MiB\n");

    uint32_t seed = 12345;
    for (int i = 0; i < NBLK; i++) {
        seed = seed * 1103515245u + 12345u;
        blen[i] = (i % 512 == 0) ? (4u << 20) : 16 + (seed >> 16) % 8192;
        blk[i] = malloc(blen[i]);
        CHECK(blk[i] != NULL);
        memset(blk[i], i & 0xff, blen[i]);
    }
    for (int i = 0; i < NBLK; i += 2) {
        free(blk[i]);
        blk[i] = NULL;
    }
    for (int i = 1; i < NBLK; i += 2) {
        blk[i] = realloc(blk[i], blen[i] * 2);
        CHECK(blk[i] != NULL);
        for (size_t j = 0; j < blen[i]; j++)
            CHECK(blk[i][j] == (i & 0xff));
        blen[i] *= 2;
    }
    size_t total = 0;
    for (int i = 1; i < NBLK; i += 2) {
        total += blen[i];
        free(blk[i]);
    }
    printf("malloc workload ok, %d blocks, %zu bytes live at end\n", NBLK, total);
    return 0;
}
