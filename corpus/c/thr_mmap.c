/* thr_mmap: the memory map under threads. Phase 1: 4 threads each map and
 * unmap 1500 anonymous regions (1 to 16 pages, some 64 to 256), checking
 * that fresh pages read zero and that a pattern written to every page is
 * intact when the region is unmapped; each then leaves 4 "gift" mappings.
 * Phase 2: each thread works on another thread's gifts at once: mprotect
 * to read-only and back, munmap of a middle range, mremap grow (MAYMOVE),
 * shrink and MREMAP_FIXED move, MAP_FIXED over the middle. Phase 3 (main):
 * one 2.5 GiB mapping (more than one core's share of a 4 GiB partition, so
 * it spans cores' arenas) with a range in its middle unmapped, mprotect
 * over the hole (ENOMEM), the hole mapped again (zeros), mprotect and
 * munmap of ranges spanning it; mprotect of a range spanning two separate
 * mappings; a region mapped again at its old address after munmap reads
 * zero. Permissions are checked in /proc/self/maps.
 * Expects: one "ok" line per check, exits 0 (1 after a failed check). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define THREADS 4
#define OPS 1500
#define RING 24
#define GIFTS 4
#define PAGE 4096UL
#define MiB (1024UL * 1024)
#define BIG (2560 * MiB)

static void die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, strerror(errno));
    exit(1);
}

static uint32_t next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static char *map(void *hint, size_t len, int flags)
{
    void *p = mmap(hint, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
    if (p == MAP_FAILED)
        die("mmap");
    return p;
}

static void must(int r, const char *what)
{
    if (r)
        die(what);
}

/* A word at the start and the end of every page: tag and the page's offset. */
static void fill(char *p, size_t len, uint64_t tag)
{
    for (size_t o = 0; o < len; o += PAGE) {
        *(uint64_t *)(p + o) = tag ^ o;
        *(uint64_t *)(p + o + PAGE - 8) = ~tag ^ o;
    }
}

/* Pages of [p, p + len) whose words are not fill's (base_off: p's offset in the filled range). */
static long bad_pattern(const char *p, size_t len, uint64_t tag, size_t base_off)
{
    long bad = 0;
    for (size_t o = 0; o < len; o += PAGE)
        bad += *(const uint64_t *)(p + o) != (tag ^ (base_off + o)) ||
               *(const uint64_t *)(p + o + PAGE - 8) != (~tag ^ (base_off + o));
    return bad;
}

static long bad_zero(const char *p, size_t len)
{
    long bad = 0;
    for (size_t o = 0; o < len; o += PAGE)
        bad += *(const uint64_t *)(p + o) != 0 || *(const uint64_t *)(p + o + PAGE - 8) != 0;
    return bad;
}

/* The permissions /proc/self/maps shows at addr ("rw-p"), "none" if unmapped. */
static void perms_at(const void *addr, char out[8])
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        die("/proc/self/maps");
    char line[512], perm[8];
    unsigned long lo, hi, a = (unsigned long)addr;
    strcpy(out, "none");
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perm) == 3 && lo <= a && a < hi) {
            strcpy(out, perm);
            break;
        }
    fclose(f);
}

static int has_perms(const void *addr, const char *want)
{
    char got[8];
    perms_at(addr, got);
    return !strcmp(got, want);
}

struct worker {
    int id;
    pthread_t thread;
    long churn_bad;
    char *gift[GIFTS];
    size_t gift_len[GIFTS];
    long bad[GIFTS]; /* phase 2, per gift kind, on the next worker's gifts */
};

static struct worker workers[THREADS];
static pthread_barrier_t start;

static uint64_t tag_of(int id, long i)
{
    return (uint64_t)(id + 1) << 40 | (uint64_t)i;
}

static void *churn(void *arg)
{
    struct worker *w = arg;
    char *ring[RING] = {0};
    size_t len[RING] = {0};
    long when[RING] = {0};
    uint32_t seed = 77u + (uint32_t)w->id;
    pthread_barrier_wait(&start);
    for (long i = 0; i < OPS + RING; i++) {
        int slot = (int)(i < OPS ? next(&seed) % RING : i - OPS);
        if (ring[slot]) {
            w->churn_bad += bad_pattern(ring[slot], len[slot], tag_of(w->id, when[slot]), 0);
            must(munmap(ring[slot], len[slot]), "munmap");
            ring[slot] = 0;
        }
        if (i >= OPS)
            continue;
        uint32_t r = next(&seed);
        len[slot] = PAGE * (r % 50 == 0 ? 64 + r % 193 : 1 + r % 16);
        ring[slot] = map(0, len[slot], 0);
        w->churn_bad += bad_zero(ring[slot], len[slot]);
        when[slot] = i;
        fill(ring[slot], len[slot], tag_of(w->id, i));
    }
    for (int g = 0; g < GIFTS; g++) {
        w->gift_len[g] = PAGE * (4UL << g);
        w->gift[g] = map(0, w->gift_len[g], 0);
        fill(w->gift[g], w->gift_len[g], tag_of(w->id, 1000000 + g));
    }
    return 0;
}

/* Gift 0: read-only, read, writable again, written. */
static long gift_mprotect(struct worker *from, uint64_t tag)
{
    char *p = from->gift[0];
    size_t len = from->gift_len[0];
    must(mprotect(p, len, PROT_READ), "mprotect");
    long bad = !has_perms(p + len - PAGE, "r--p") + bad_pattern(p, len, tag, 0);
    must(mprotect(p, len, PROT_READ | PROT_WRITE), "mprotect");
    fill(p, len, ~tag);
    bad += bad_pattern(p, len, ~tag, 0) + !has_perms(p, "rw-p");
    must(munmap(p, len), "munmap");
    return bad;
}

/* Gift 1: its middle unmapped, the rest intact, then the rest unmapped. */
static long gift_munmap(struct worker *from, uint64_t tag)
{
    char *p = from->gift[1];
    size_t len = from->gift_len[1];
    must(munmap(p + 2 * PAGE, 3 * PAGE), "munmap");
    long bad = bad_pattern(p, 2 * PAGE, tag, 0) + bad_pattern(p + 5 * PAGE, len - 5 * PAGE, tag, 5 * PAGE);
    must(munmap(p, len), "munmap of a range with a hole");
    return bad;
}

/* Gift 2: grown fourfold (may move), shrunk, moved onto a mapping of ours. */
static long gift_mremap(struct worker *from, uint64_t tag)
{
    size_t len = from->gift_len[2];
    char *p = mremap(from->gift[2], len, 4 * len, MREMAP_MAYMOVE);
    if (p == MAP_FAILED)
        die("mremap grow");
    long bad = bad_pattern(p, len, tag, 0) + bad_zero(p + len, 3 * len);
    if (mremap(p, 4 * len, 2 * len, 0) != p)
        die("mremap shrink");
    char *target = map(0, 2 * len, 0);
    char *q = mremap(p, 2 * len, 2 * len, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    if (q != target)
        die("mremap fixed");
    bad += bad_pattern(q, len, tag, 0) + bad_zero(q + len, len);
    must(munmap(q, 2 * len), "munmap");
    return bad;
}

/* Gift 3: a fresh mapping over its middle half reads zero, the rest intact. */
static long gift_fixed(struct worker *from, uint64_t tag)
{
    char *p = from->gift[3];
    size_t len = from->gift_len[3], q = len / 4;
    if (map(p + q, 2 * q, MAP_FIXED) != p + q)
        die("mmap fixed");
    long bad = bad_pattern(p, q, tag, 0) + bad_zero(p + q, 2 * q) + bad_pattern(p + 3 * q, q, tag, 3 * q);
    must(munmap(p, len), "munmap");
    return bad;
}

static void *cross(void *arg)
{
    struct worker *w = arg;
    struct worker *from = &workers[(w->id + 1) % THREADS];
    long (*const work[GIFTS])(struct worker *, uint64_t) = {gift_mprotect, gift_munmap, gift_mremap, gift_fixed};
    pthread_barrier_wait(&start);
    for (int g = 0; g < GIFTS; g++)
        w->bad[g] = work[g](from, tag_of(from->id, 1000000 + g));
    return 0;
}

static void run_phase(void *(*fn)(void *))
{
    int e = pthread_barrier_init(&start, 0, THREADS);
    for (int i = 0; i < THREADS && !e; i++)
        e = pthread_create(&workers[i].thread, 0, fn, &workers[i]);
    for (int i = 0; i < THREADS && !e; i++)
        e = pthread_join(workers[i].thread, 0);
    if (e) {
        errno = e;
        die("threads");
    }
    pthread_barrier_destroy(&start);
}

static int failures;

static void report(const char *what, long bad)
{
    printf("%s: %s\n", what, bad ? "FAILED" : "ok");
    if (bad)
        fprintf(stderr, "%s: %ld bad\n", what, bad);
    failures += bad != 0;
}

enum probe { WRITE, CHECK, ZERO };

/* One word per 64 MiB of [from, to) in the big mapping: written, checked or expected zero. */
static long big_probe(char *p, size_t from, size_t to, enum probe what, uint64_t tag)
{
    long bad = 0;
    for (size_t o = from; o < to; o += 64 * MiB) {
        uint64_t *w = (uint64_t *)(p + o);
        if (what == WRITE)
            *w = tag ^ o;
        bad += *w != (what == ZERO ? 0 : tag ^ o);
    }
    return bad;
}

/* Pages, one per 64 MiB of [from, to), that mprotect does not find unmapped (ENOMEM). */
static long big_mapped_pages(char *p, size_t from, size_t to)
{
    long bad = 0;
    for (size_t o = from; o < to; o += 64 * MiB)
        bad += !(mprotect(p + o, PAGE, PROT_READ) == -1 && errno == ENOMEM);
    return bad;
}

static long big_mapping(void)
{
    char *p = map(0, BIG, MAP_NORESERVE);
    uint64_t tag = 0xb16b16;
    long bad = big_probe(p, 0, BIG, WRITE, tag);
    size_t hole = 1024 * MiB, hole_len = 512 * MiB;
    must(munmap(p + hole, hole_len), "munmap of the big mapping's middle");
    bad += big_probe(p, 0, hole, CHECK, tag) + big_probe(p, hole + hole_len, BIG, CHECK, tag);
    bad += !(mprotect(p, BIG, PROT_READ) == -1 && errno == ENOMEM);
    /* Linux changed the pages below the hole before failing; the libOS none */
    must(mprotect(p, hole, PROT_READ | PROT_WRITE), "mprotect");
    if (map(p + hole, hole_len, MAP_FIXED | MAP_NORESERVE) != p + hole)
        die("mmap fixed into the hole");
    bad += big_probe(p, hole, hole + hole_len, ZERO, tag);
    must(mprotect(p + 256 * MiB, BIG - 512 * MiB, PROT_READ), "mprotect across the big mapping");
    bad += !has_perms(p + hole, "r--p") + !has_perms(p + BIG - 257 * MiB, "r--p") + !has_perms(p, "rw-p");
    bad += big_probe(p, 0, hole, CHECK, tag) + big_probe(p, hole + hole_len, BIG, CHECK, tag);
    must(munmap(p + 512 * MiB, 1536 * MiB), "munmap across the big mapping");
    bad += big_probe(p, 0, 512 * MiB, CHECK, tag) + big_probe(p, 2048 * MiB, BIG, CHECK, tag);
    bad += big_mapped_pages(p, 512 * MiB, 2048 * MiB);
    must(munmap(p, BIG), "munmap");
    return bad;
}

/* Two separate mappings side by side, then one mprotect over both. */
static long two_mappings(void)
{
    char *p = map(0, 16 * PAGE, 0);
    if (map(p + 8 * PAGE, 8 * PAGE, MAP_FIXED) != p + 8 * PAGE)
        die("mmap fixed");
    fill(p, 16 * PAGE, 42);
    must(mprotect(p + 4 * PAGE, 8 * PAGE, PROT_READ), "mprotect over two mappings");
    long bad = !has_perms(p + 4 * PAGE, "r--p") + !has_perms(p + 11 * PAGE, "r--p");
    bad += !has_perms(p, "rw-p") + !has_perms(p + 12 * PAGE, "rw-p") + bad_pattern(p, 16 * PAGE, 42, 0);
    must(munmap(p, 16 * PAGE), "munmap");
    return bad;
}

/* Mapped, written, unmapped, mapped again at the same address: zeros. */
static long zero_again(void)
{
    char *p = map(0, 32 * PAGE, 0);
    fill(p, 32 * PAGE, 7);
    must(munmap(p, 32 * PAGE), "munmap");
    char *q = map(p, 32 * PAGE, MAP_FIXED_NOREPLACE);
    long bad = (q != p) + bad_zero(q, 32 * PAGE);
    must(munmap(q, 32 * PAGE), "munmap");
    return bad;
}

int main(void)
{
    for (int i = 0; i < THREADS; i++)
        workers[i].id = i;
    run_phase(churn);
    long churn_bad = 0;
    for (int i = 0; i < THREADS; i++)
        churn_bad += workers[i].churn_bad;
    printf("churn: %d threads x %d mappings\n", THREADS, OPS);
    report("churn: fresh pages zero, patterns intact", churn_bad);
    run_phase(cross);
    static const char *const gift_checks[GIFTS] = {
        "cross: mprotect of another thread's mapping", "cross: munmap of another thread's mapping's middle",
        "cross: mremap grow, shrink, fixed move of another thread's mapping",
        "cross: MAP_FIXED over another thread's mapping"};
    for (int g = 0; g < GIFTS; g++) {
        long bad = 0;
        for (int i = 0; i < THREADS; i++)
            bad += workers[i].bad[g];
        report(gift_checks[g], bad);
    }
    report("big: 2560 MiB mapping, holes, mprotect and munmap across it", big_mapping());
    report("mprotect over two separate mappings", two_mappings());
    report("mapped again after munmap reads zero", zero_again());
    return failures != 0;
}
