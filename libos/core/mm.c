/*
 * mm.c: the partition's memory. At boot the platform reserves one contiguous
 * range of --mem bytes (PROT_NONE, no swap reserved); brk and every mapping
 * the application makes inside the partition come from it.
 *
 * One core, one memory: the bottom eighth of the partition is the break's
 * room; the rest is cut into one arena per partition core, equal
 * page-aligned slices in core order (arena 0 lowest, its range also holding
 * the break's room; the last also takes the remainder).
 *   - The break is shared: it grows up from the partition's base, through
 *     its room and on, while the pages above it are free; as on Linux it
 *     stops at the first mapping in its way. No arena places mappings in
 *     its room, so it always has that much (512 MiB of a 4 GiB partition)
 *     unless the partition is otherwise full or the application maps there
 *     itself; with one core, arena 0 fills top-down and the break may grow
 *     to meet it.
 *   - A mapping without a usable hint goes to the calling vCPU's arena,
 *     first fit, so one core's mappings stay together. Arenas work in
 *     facing pairs: an even one that has an odd one above fills bottom-up,
 *     the others top-down, so a pair's free pages are one run across their
 *     boundary (with two cores, the partition's free pages stay one run).
 *     When the caller's arena has no room, the other arenas are tried, the
 *     highest first (arena 0 last); when no single arena has room, top-down
 *     first fit over the whole partition, across arena boundaries and down
 *     into the break's room. ENOMEM only when that fails too.
 *   - A hint or MAP_FIXED inside the partition is honoured, whichever
 *     arenas it falls in.
 * Each arena has its own lock and its own list of areas (sorted,
 * non-overlapping, page aligned, inside the arena: a mapping that spans
 * arenas is one area in each). An operation takes the locks of the arenas
 * its range touches, in address order, so operations on ranges spanning
 * arenas cannot deadlock and operations in different arenas do not contend.
 * A placement holds one arena's lock at a time, except the last,
 * whole-partition try; mremap holds every arena's lock. brk has a lock of
 * its own, taken before any arena's, and moves the break's top only with
 * the locks of the arenas between its old and new values held: every area
 * lies above the break's top, and an arena's lock is enough to read the
 * top wherever it matters to that arena.
 *
 * The host page tables are made to match the lists: a mapped anonymous
 * private range is an mprotect of reserved pages (which are zero), an
 * unmapped range is returned to a fresh PROT_NONE reservation (its pages
 * discarded, so the next mapping reads zeros again). Shared and file-backed
 * mappings are host mappings placed inside the partition. Addresses outside
 * the partition (the application's own segments, MAP_FIXED elsewhere) are
 * the host's.
 */
#include "thread.h"

#define MAX_AREAS 16384 /* per arena */
#define MAX_ARENAS 64   /* one per partition core */
#define KIND_ANON 0
#define KIND_HOST 1 /* file-backed or shared: a host mapping */

struct area {
    uint64_t start, end;
    uint32_t prot, kind;
};

/* A cache line each, so cores working in their own arenas share no line. */
struct arena {
    struct az_lock lock;
    uint64_t start, end;
    struct area *areas; /* MAX_AREAS slots */
    long nareas;
    uint64_t mapped_bytes;
} __attribute__((aligned(64)));

static struct arena *arenas; /* narenas of them, then their area tables: one host mapping */
static int narenas;
static uint64_t base, limit;
static uint64_t arenas_base, arena_size; /* where the slicing starts (the break's room below), a slice */
static struct az_lock brk_lock;
static uint64_t brk_start, brk_cur;
static uint64_t brk_mapped; /* the break's mapped top: see the header for who may move it */

static uint64_t break_top(void)
{
    return __atomic_load_n(&brk_mapped, __ATOMIC_RELAXED);
}

static int failed(long r)
{
    return r < 0 && r > -4096;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

void az_mm_init(uint64_t partition, uint64_t size)
{
    base = partition;
    limit = partition + size;
    brk_start = brk_cur = brk_mapped = partition;
    arenas_base = base + az_align_down(size / 8, AZ_PAGE);
    uint64_t pages = (limit - arenas_base) / AZ_PAGE;
    narenas = az_boot_info.cores < MAX_ARENAS ? az_boot_info.cores : MAX_ARENAS;
    if (narenas < 1)
        narenas = 1;
    if ((uint64_t)narenas > pages)
        narenas = (int)pages;
    arena_size = pages / (uint64_t)narenas * AZ_PAGE;
    uint64_t heads = (uint64_t)narenas * sizeof(struct arena);
    long t = host6(NR_mmap, 0, heads + (uint64_t)narenas * MAX_AREAS * sizeof(struct area), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (failed(t))
        az_fatal(70, "azalea: cannot allocate the memory map (%ld)\n", t);
    arenas = (struct arena *)t;
    for (int k = 0; k < narenas; k++) {
        arenas[k].start = k ? arenas_base + (uint64_t)k * arena_size : base;
        arenas[k].end = k == narenas - 1 ? limit : arenas_base + (uint64_t)(k + 1) * arena_size;
        arenas[k].areas = (struct area *)(t + heads) + (long)k * MAX_AREAS;
    }
}

uint64_t az_mm_free_bytes(void)
{
    uint64_t mapped = break_top() - brk_start;
    for (int k = 0; k < narenas; k++)
        mapped += __atomic_load_n(&arenas[k].mapped_bytes, __ATOMIC_RELAXED);
    return (limit - base) - mapped;
}

static int inside(uint64_t addr, uint64_t len)
{
    return addr >= base && addr + len <= limit && addr + len >= addr;
}

static int overlaps_partition(uint64_t addr, uint64_t len)
{
    return addr < limit && addr + len > base;
}

/* The arena holding addr, an address inside the partition. */
static int arena_of(uint64_t addr)
{
    uint64_t k = addr < arenas_base ? 0 : (addr - arenas_base) / arena_size;
    return k < (uint64_t)narenas ? (int)k : narenas - 1;
}

/* The arena a vCPU maps into: its own (a partition smaller than a page per
   core has fewer arenas than cores; those cores share). */
static int own_arena(void)
{
    int k = this_cpu()->index;
    return k >= 0 ? k % narenas : 0;
}

/* The arena tried at step s (0 .. narenas-1) of the placement rule: the
   caller's own, then the others from the highest down. */
static int arena_by_rank(int own, int s)
{
    if (s == 0)
        return own;
    int k = narenas - s;
    return k <= own ? k - 1 : k;
}

static void lock_arenas(int lo, int hi)
{
    for (int k = lo; k <= hi; k++)
        az_lock(&arenas[k].lock);
}

static void unlock_arenas(int lo, int hi)
{
    for (int k = hi; k >= lo; k--)
        az_unlock(&arenas[k].lock);
}

/* [start, end): non-empty, inside the partition. */
static void lock_range(uint64_t start, uint64_t end)
{
    lock_arenas(arena_of(start), arena_of(end - 1));
}

static void unlock_range(uint64_t start, uint64_t end)
{
    unlock_arenas(arena_of(start), arena_of(end - 1));
}

/* Gives [start, end) back to the reservation: pages discarded, no access. */
static long release(uint64_t start, uint64_t end)
{
    long r = host6(NR_mmap, start, end - start, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    return failed(r) ? r : 0;
}

/* First area of a whose end is above addr. */
static long find(struct arena *a, uint64_t addr)
{
    long lo = 0, hi = a->nareas;
    while (lo < hi) {
        long mid = (lo + hi) / 2;
        if (a->areas[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Splits a's area containing addr so that addr is an area boundary. */
static int split_at(struct arena *a, uint64_t addr)
{
    long i = find(a, addr);
    if (i == a->nareas || a->areas[i].start >= addr)
        return 0;
    if (a->nareas == MAX_AREAS)
        return -ENOMEM;
    struct area tail = a->areas[i];
    tail.start = addr;
    a->areas[i].end = addr;
    memmove(&a->areas[i + 2], &a->areas[i + 1], (size_t)(a->nareas - i - 1) * sizeof tail);
    a->areas[i + 1] = tail;
    a->nareas++;
    return 0;
}

/* Splits the areas at the ends of [start, end), so the range is whole areas. */
static int split_range(uint64_t start, uint64_t end)
{
    if (split_at(&arenas[arena_of(start)], start) < 0)
        return -ENOMEM;
    return split_at(&arenas[arena_of(end - 1)], end);
}

/* Removes a's areas that lie in [start, end), whose ends are area boundaries. */
static void drop(struct arena *a, uint64_t start, uint64_t end)
{
    long i = find(a, start), j = i;
    uint64_t gone = 0;
    while (j < a->nareas && a->areas[j].start < end) {
        gone += a->areas[j].end - a->areas[j].start;
        j++;
    }
    memmove(&a->areas[i], &a->areas[j], (size_t)(a->nareas - j) * sizeof(struct area));
    a->nareas -= j - i;
    __atomic_store_n(&a->mapped_bytes, a->mapped_bytes - gone, __ATOMIC_RELAXED);
}

/* Forgets the areas in [start, end) (the caller fixes the host side). */
static int forget(uint64_t start, uint64_t end)
{
    if (split_range(start, end) < 0)
        return -ENOMEM;
    for (int k = arena_of(start); k <= arena_of(end - 1); k++)
        drop(&arenas[k], start, end);
    return 0;
}

/* Has every arena [start, end) touches a free slot for its piece? */
static int has_room(uint64_t start, uint64_t end)
{
    for (int k = arena_of(start); k <= arena_of(end - 1); k++)
        if (arenas[k].nareas == MAX_AREAS)
            return 0;
    return 1;
}

/* Adds [start, end), free and checked by has_room, one area per arena. */
static void record(uint64_t start, uint64_t end, uint32_t prot, uint32_t kind)
{
    for (int k = arena_of(start); k <= arena_of(end - 1); k++) {
        struct arena *a = &arenas[k];
        struct area piece = {max64(start, a->start), min64(end, a->end), prot, kind};
        long i = find(a, piece.start);
        memmove(&a->areas[i + 1], &a->areas[i], (size_t)(a->nareas - i) * sizeof piece);
        a->areas[i] = piece;
        a->nareas++;
        __atomic_store_n(&a->mapped_bytes, a->mapped_bytes + (piece.end - piece.start), __ATOMIC_RELAXED);
    }
}

static int is_free(uint64_t start, uint64_t end)
{
    if (start < break_top() || end > limit || end <= start)
        return 0;
    for (int k = arena_of(start); k <= arena_of(end - 1); k++) {
        struct arena *a = &arenas[k];
        long i = find(a, start);
        if (i < a->nareas && a->areas[i].start < end)
            return 0;
    }
    return 1;
}

/* The end of the run of areas that starts at start, at most end: start
   itself when no area holds start. With like, the run also stops where the
   prot or kind changes from the first area's (one mapping, as Linux would
   merge them), and like receives that first area. */
static uint64_t areas_until(uint64_t start, uint64_t end, struct area *like)
{
    const struct area *first = 0;
    uint64_t at = start;
    for (int k = at < end ? arena_of(at) : narenas; k < narenas && at < end; k++) {
        struct arena *a = &arenas[k];
        uint64_t stop = min64(end, a->end);
        for (long i = find(a, at); at < stop; i++) {
            if (i == a->nareas || a->areas[i].start > at)
                return at;
            if (!first)
                first = &a->areas[i];
            if (like && (a->areas[i].prot != first->prot || a->areas[i].kind != first->kind))
                return at;
            at = min64(a->areas[i].end, end);
        }
    }
    if (like && first)
        *like = *first;
    return at;
}

/* Do areas cover [start, end) (non-empty) without a hole (and, with like, as one mapping)? */
static int areas_cover(uint64_t start, uint64_t end, struct area *like)
{
    return areas_until(start, end, like) == end;
}

/* The end of the mapped run (the break, then areas) that starts at start,
   at most end: start itself when start is not mapped. */
static uint64_t covered_until(uint64_t start, uint64_t end)
{
    uint64_t top = break_top();
    return areas_until(start < top ? min64(top, end) : start, end, 0);
}

/* Is [start, end) wholly mapped (areas or break)? Linux answers ENOMEM otherwise. */
static int covered(uint64_t start, uint64_t end)
{
    return covered_until(start, end) == end;
}

/* Highest free range of len bytes at or above floor in arenas lo..hi
   (locked), across their boundaries, or 0. */
static uint64_t place_down(int lo, int hi, uint64_t floor, uint64_t len)
{
    uint64_t top = arenas[hi].end;
    for (int k = hi; k >= lo; k--) {
        struct arena *a = &arenas[k];
        for (long i = a->nareas - 1; i >= 0 && a->areas[i].end > floor; i--) {
            if (top - a->areas[i].end >= len)
                return top - len;
            top = a->areas[i].start;
        }
    }
    return top >= floor && top - floor >= len ? top - len : 0;
}

/* Lowest free range of len bytes at or above floor in arena a (locked), or 0. */
static uint64_t place_up(struct arena *a, uint64_t floor, uint64_t len)
{
    uint64_t bottom = floor;
    for (long i = find(a, floor); i < a->nareas; i++) {
        if (a->areas[i].start >= bottom && a->areas[i].start - bottom >= len)
            return bottom;
        bottom = max64(bottom, a->areas[i].end);
    }
    return a->end >= bottom && a->end - bottom >= len ? bottom : 0;
}

/* A free range of len bytes in arena k alone (locked), in its direction
   (header), above the break and out of its room; or 0. */
static uint64_t place_in(int k, uint64_t len)
{
    uint64_t floor = max64(max64(arenas[k].start, arenas_base), break_top());
    if (floor >= arenas[k].end)
        return 0;
    if (k % 2 == 0 && k + 1 < narenas)
        return place_up(&arenas[k], floor, len);
    return place_down(k, k, floor, len);
}

/* The last try of the placement rule: the whole partition (every arena locked). */
static uint64_t place_spanning(uint64_t len)
{
    return place_down(0, narenas - 1, break_top(), len);
}

/* The placement rule with every arena locked (mremap). */
static uint64_t place_anywhere(uint64_t len)
{
    int own = own_arena();
    for (int s = 0; s < narenas; s++) {
        uint64_t at = place_in(arena_by_rank(own, s), len);
        if (at)
            return at;
    }
    return place_spanning(len);
}

static long map_host(uint64_t at, uint64_t len, long prot, long flags, long fd, long off)
{
    flags &= ~(long)(MAP_FIXED_NOREPLACE | MAP_GROWSDOWN);
    return host6(NR_mmap, at, len, prot, flags | MAP_FIXED, fd, off);
}

/* Maps [at, at + len) (its arenas locked): free unless fixed, which replaces
   what is there. */
static long map_at(uint64_t at, uint64_t len, long prot, long flags, long fd, long off, int fixed)
{
    if (fixed && forget(at, at + len) < 0)
        return -ENOMEM;
    if (!has_room(at, at + len)) {
        release(at, at + len);
        return -ENOMEM;
    }
    int type = flags & MAP_TYPE;
    int host = type == MAP_SHARED || type == 3 || !(flags & MAP_ANONYMOUS);
    long r = host ? map_host(at, len, prot, flags, fd, off) : (fixed ? release(at, at + len) : 0);
    if (!failed(r) && !host && prot != PROT_NONE)
        r = host3(NR_mprotect, at, len, prot);
    if (failed(r)) {
        release(at, at + len);
        return r;
    }
    record(at, at + len, (uint32_t)prot, host ? KIND_HOST : KIND_ANON);
    return (long)at;
}

static long map_fixed(uint64_t at, uint64_t len, long prot, long flags, long fd, long off)
{
    lock_range(at, at + len);
    long r;
    if ((flags & MAP_FIXED_NOREPLACE) && !is_free(at, at + len))
        r = -EEXIST;
    else if (at < break_top())
        r = -ENOMEM; /* the break's pages stay the break's */
    else
        r = map_at(at, len, prot, flags, fd, off, 1);
    unlock_range(at, at + len);
    return r;
}

/* At the hint when it is free; 0 when it is not. */
static long map_hinted(uint64_t at, uint64_t len, long prot, long flags, long fd, long off)
{
    lock_range(at, at + len);
    long r = is_free(at, at + len) ? map_at(at, len, prot, flags, fd, off, 0) : 0;
    unlock_range(at, at + len);
    return r;
}

/* By the placement rule, each try under the locks of the arenas it searches. */
static long map_placed(uint64_t len, long prot, long flags, long fd, long off)
{
    int own = own_arena();
    for (int s = 0; s < narenas; s++) {
        int k = arena_by_rank(own, s);
        az_lock(&arenas[k].lock);
        uint64_t at = place_in(k, len);
        long r = at ? map_at(at, len, prot, flags, fd, off, 0) : 0;
        az_unlock(&arenas[k].lock);
        if (at)
            return r;
    }
    lock_arenas(0, narenas - 1);
    uint64_t at = place_spanning(len);
    long r = at ? map_at(at, len, prot, flags, fd, off, 0) : -ENOMEM;
    unlock_arenas(0, narenas - 1);
    return r;
}

long sys_mmap(long addr, long length, long prot, long flags, long fd, long off)
{
    if (prot & PROT_EXEC)
        az_sud_require(); /* code the rewriter never saw */
    uint64_t len = az_align_up((uint64_t)length, AZ_PAGE);
    if (!length || len < (uint64_t)length)
        return -EINVAL;
    if (off & (AZ_PAGE - 1))
        return -EINVAL;
    int type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != 3)
        return -EINVAL;
    int fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    uint64_t at = (uint64_t)addr;
    if (fixed && (at & (AZ_PAGE - 1)))
        return -EINVAL;
    if (fixed && !overlaps_partition(at, len))
        return host6(NR_mmap, addr, length, prot, flags, fd, off);
    if (fixed && !inside(at, len))
        return -ENOMEM;
    long r;
    if (fixed) {
        r = map_fixed(at, len, prot, flags, fd, off);
    } else {
        at = az_align_down(at, AZ_PAGE);
        r = at && inside(at, len) ? map_hinted(at, len, prot, flags, fd, off) : 0;
        if (!r)
            r = map_placed(len, prot, flags, fd, off);
    }
    /* An anonymous mapping is reserved pages made accessible, which the host
       fills on first touch: MAP_POPULATE asks the host to fill them now
       (Linux ignores a failure to populate, and so does this). */
    if (!failed(r) && (flags & MAP_POPULATE) && (flags & MAP_ANONYMOUS) && (prot & (PROT_READ | PROT_WRITE)))
        host3(NR_madvise, r, len, (prot & PROT_WRITE) ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
    return r;
}

/* Unmaps [start, end) (its arenas locked). */
static long unmap(uint64_t start, uint64_t end)
{
    if (forget(start, end) < 0)
        return -ENOMEM;
    return release(start, end);
}

long sys_munmap(long addr, long length, long c, long d, long e, long f)
{
    uint64_t at = (uint64_t)addr, len = az_align_up((uint64_t)length, AZ_PAGE);
    if ((at & (AZ_PAGE - 1)) || !length || len < (uint64_t)length)
        return -EINVAL;
    if (!overlaps_partition(at, len))
        return host2(NR_munmap, addr, length);
    if (!inside(at, len))
        return -EINVAL;
    lock_range(at, at + len);
    long r = unmap(at, at + len);
    unlock_range(at, at + len);
    return r;
}

/* mprotect of [start, end) (its arenas locked). */
/* Linux's mprotect: an unmapped start changes nothing; otherwise the pages
   up to the first hole change, and a hole answers ENOMEM. */
static long protect(uint64_t start, uint64_t end, long prot)
{
    uint64_t until = covered_until(start, end);
    if (until == start || split_range(start, until) < 0)
        return -ENOMEM;
    long r = host3(NR_mprotect, start, until - start, prot);
    if (r < 0)
        return r;
    for (int k = arena_of(start); k <= arena_of(until - 1); k++) {
        struct arena *a = &arenas[k];
        for (long i = find(a, start); i < a->nareas && a->areas[i].start < until; i++)
            a->areas[i].prot = (uint32_t)prot;
    }
    return until == end ? 0 : -ENOMEM;
}

long sys_mprotect(long addr, long length, long prot, long d, long e, long f)
{
    if (prot & PROT_EXEC)
        az_sud_require(); /* code the rewriter never saw */
    uint64_t at = (uint64_t)addr, len = az_align_up((uint64_t)length, AZ_PAGE);
    if (at & (AZ_PAGE - 1))
        return -EINVAL;
    if (!len)
        return 0;
    if (!overlaps_partition(at, len))
        return host3(NR_mprotect, addr, length, prot);
    if (!inside(at, len))
        return -ENOMEM;
    lock_range(at, at + len);
    long r = protect(at, at + len, prot);
    unlock_range(at, at + len);
    return r;
}

long sys_madvise(long addr, long length, long advice, long d, long e, long f)
{
    uint64_t at = (uint64_t)addr, len = az_align_up((uint64_t)length, AZ_PAGE);
    if (at & (AZ_PAGE - 1))
        return -EINVAL;
    if (!len || !overlaps_partition(at, len))
        return host3(NR_madvise, addr, length, advice);
    if (!inside(at, len))
        return -ENOMEM;
    /* Linux advises every mapped part and answers ENOMEM for a hole; the
       host's holes here are empty reservations, which the advice leaves as they are. */
    lock_range(at, at + len);
    long r = host3(NR_madvise, addr, length, advice);
    if (r == 0 && !covered(at, at + len))
        r = -ENOMEM;
    unlock_range(at, at + len);
    return r;
}

/* msync, mincore, mlock, munlock over a range: Linux answers ENOMEM for a
   range with unmapped pages, but the host sees the partition's holes as
   mapped (empty reservations), so they are checked here, before the host
   call. msync and mincore want an aligned start, mlock and munlock round it
   down. */
static long range_call(long nr, uint64_t at, uint64_t length, long arg, int round_down)
{
    uint64_t len;
    if (round_down) {
        len = az_align_up((at & (AZ_PAGE - 1)) + length, AZ_PAGE);
        at &= ~(uint64_t)(AZ_PAGE - 1);
    } else {
        if (at & (AZ_PAGE - 1))
            return -EINVAL;
        len = az_align_up(length, AZ_PAGE);
    }
    if (!len || !overlaps_partition(at, len))
        return host3(nr, (long)at, (long)len, arg);
    if (!inside(at, len))
        return -ENOMEM;
    lock_range(at, at + len);
    long r = covered(at, at + len) ? host3(nr, (long)at, (long)len, arg) : -ENOMEM;
    unlock_range(at, at + len);
    return r;
}

/* msync: MS_ASYNC with MS_SYNC, or an unknown flag, is EINVAL before any range check. */
long sys_msync(long addr, long length, long flags, long d, long e, long f)
{
    if ((flags & ~(long)(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
        return -EINVAL;
    return range_call(NR_msync, (uint64_t)addr, (uint64_t)length, flags, 0);
}

long sys_mincore(long addr, long length, long vec, long d, long e, long f)
{
    return range_call(NR_mincore, (uint64_t)addr, (uint64_t)length, vec, 0);
}

long sys_mlock(long addr, long length, long c, long d, long e, long f)
{
    return range_call(NR_mlock, (uint64_t)addr, (uint64_t)length, 0, 1);
}

long sys_munlock(long addr, long length, long c, long d, long e, long f)
{
    return range_call(NR_munlock, (uint64_t)addr, (uint64_t)length, 0, 1);
}

/* Grows a host mapping [at, at + olen) in place over the free (reserved)
   range above it: the host grows a mapping only into unmapped space. */
static long grow_host(uint64_t at, uint64_t olen, uint64_t nlen)
{
    long r = host2(NR_munmap, at + olen, nlen - olen);
    if (!r)
        r = host4(NR_mremap, at, olen, nlen, 0);
    if (failed(r))
        release(at + olen, at + nlen);
    return r;
}

/* Grows the mapping like at its end, [at, at + olen), to nlen bytes in place
   when the pages above are free; 0 when they are not. */
static long grow_in_place(uint64_t at, uint64_t olen, uint64_t nlen, struct area like)
{
    if (!inside(at, nlen) || !is_free(at + olen, at + nlen))
        return 0;
    if (!has_room(at + olen, at + nlen))
        return -ENOMEM;
    long r = like.kind == KIND_ANON ? host3(NR_mprotect, at + olen, nlen - olen, like.prot)
                                    : grow_host(at, olen, nlen);
    if (failed(r))
        return r;
    record(at + olen, at + nlen, like.prot, like.kind);
    return (long)at;
}

/* Moves [at, at + olen), one mapping like, to nlen bytes at to (free, or
   made free by MREMAP_FIXED) by a host mremap (no copy); the old range goes
   back to the reservation. */
static long move(uint64_t at, uint64_t olen, uint64_t to, uint64_t nlen, struct area like)
{
    long r = split_range(at, at + olen) < 0 || !has_room(to, to + nlen)
                 ? -ENOMEM
                 : host6(NR_mremap, at, olen, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, to, 0);
    if (failed(r)) {
        release(to, to + nlen);
        return r;
    }
    forget(at, at + olen);
    release(at, at + olen);
    record(to, to + nlen, like.prot, like.kind);
    return (long)to;
}

/* mremap with every arena locked. */
static long remap(uint64_t at, uint64_t olen, uint64_t nlen, long flags, uint64_t to)
{
    struct area like;
    /* Linux 6.x: the address must be mapped; a shrink then unmaps the tail
       whatever VMAs it crosses; anything else needs the old range in one. */
    if (!inside(at, AZ_PAGE) || !areas_cover(at, at + AZ_PAGE, &like))
        return -EFAULT;
    if (!(flags & MREMAP_FIXED) && nlen <= olen) {
        long r = nlen < olen ? unmap(at + nlen, at + olen) : 0;
        return r ? r : (long)at;
    }
    if (!olen || !inside(at, olen) || !areas_cover(at, at + olen, &like))
        return -EFAULT;
    if (!(flags & MREMAP_FIXED)) {
        long r = grow_in_place(at, olen, nlen, like);
        if (r || !(flags & MREMAP_MAYMOVE))
            return r ? r : -ENOMEM;
        to = place_anywhere(nlen);
        if (!to)
            return -ENOMEM;
        return move(at, olen, to, nlen, like);
    }
    if ((to & (AZ_PAGE - 1)) || !inside(to, nlen) || to < break_top())
        return -EINVAL;
    if (to < at + olen && to + nlen > at)
        return -EINVAL;
    if (forget(to, to + nlen) < 0)
        return -ENOMEM;
    return move(at, olen, to, nlen, like);
}

long sys_mremap(long addr, long oldlen, long newlen, long flags, long newaddr, long f)
{
    uint64_t at = (uint64_t)addr;
    uint64_t olen = az_align_up((uint64_t)oldlen, AZ_PAGE), nlen = az_align_up((uint64_t)newlen, AZ_PAGE);
    if ((at & (AZ_PAGE - 1)) || !nlen || (flags & ~(long)(MREMAP_MAYMOVE | MREMAP_FIXED)))
        return (flags & MREMAP_DONTUNMAP) ? -ENOSYS : -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if (!overlaps_partition(at, olen ? olen : AZ_PAGE))
        return host6(NR_mremap, addr, oldlen, newlen, flags, newaddr, 0);
    lock_arenas(0, narenas - 1);
    long r = remap(at, olen, nlen, flags, (uint64_t)newaddr);
    unlock_arenas(0, narenas - 1);
    return r;
}

/* Moves the break's mapped top from its value to end (brk_lock held). */
static long move_break_top(uint64_t end)
{
    uint64_t top = break_top(), lo = min64(top, end), hi = max64(top, end);
    lock_range(lo, hi);
    long r;
    if (end > top)
        r = is_free(top, end) ? host3(NR_mprotect, top, end - top, PROT_READ | PROT_WRITE) : -ENOMEM;
    else
        r = release(end, top);
    if (!r)
        __atomic_store_n(&brk_mapped, end, __ATOMIC_RELAXED);
    unlock_range(lo, hi);
    return r;
}

/* The break: grows up from the partition's base while no mapping is in the way. */
long sys_brk(long addr, long b, long c, long d, long e, long f)
{
    uint64_t want = (uint64_t)addr;
    az_lock(&brk_lock);
    uint64_t end = az_align_up(want, AZ_PAGE);
    if (want >= brk_start && want <= limit && (end == break_top() || !move_break_top(end)))
        brk_cur = want;
    long r = (long)brk_cur;
    az_unlock(&brk_lock);
    return r;
}
