/*
 * mm.c: the partition's memory. At boot the platform reserves one contiguous
 * range of --mem bytes (PROT_NONE, no swap reserved); brk and every mapping
 * the application makes inside the partition come from it:
 *   - the break grows up from the partition's base;
 *   - mappings are placed top-down from its end, first fit;
 *   - a hint or MAP_FIXED inside the partition is honoured.
 * The libOS keeps the list of mappings (sorted, non-overlapping, page
 * aligned). The host page tables are made to match it: a mapped anonymous
 * private range is an mprotect of reserved pages (which are zero), an unmapped
 * range is returned to a fresh PROT_NONE reservation (its pages discarded, so
 * the next mapping reads zeros again). Shared and file-backed mappings are
 * host mappings placed inside the partition. Addresses outside the partition
 * (the application's own segments, MAP_FIXED elsewhere) are the host's.
 */
#include "thread.h"

#define MAX_AREAS 16384
#define KIND_ANON 0
#define KIND_HOST 1 /* file-backed or shared: a host mapping */

struct area {
    uint64_t start, end;
    uint32_t prot, kind;
};

static struct area *areas;
static long nareas;
static uint64_t base, limit, brk_start, brk_cur, brk_mapped;
static uint64_t mapped_bytes;

void az_mm_init(uint64_t partition, uint64_t size)
{
    base = partition;
    limit = partition + size;
    brk_start = brk_cur = brk_mapped = partition;
    long a = host6(NR_mmap, 0, MAX_AREAS * sizeof(struct area), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (a < 0 && a > -4096)
        az_fatal(70, "azalea: cannot allocate the memory map (%ld)\n", a);
    areas = (struct area *)a;
}

uint64_t az_mm_free_bytes(void)
{
    return (limit - base) - mapped_bytes - (brk_mapped - brk_start);
}

static int inside(uint64_t addr, uint64_t len)
{
    return addr >= base && addr + len <= limit && addr + len >= addr;
}

static int overlaps_partition(uint64_t addr, uint64_t len)
{
    return addr < limit && addr + len > base;
}

/* Gives [start, end) back to the reservation: pages discarded, no access. */
static long release(uint64_t start, uint64_t end)
{
    long r = host6(NR_mmap, start, end - start, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    return r < 0 && r > -4096 ? r : 0;
}

/* First area whose end is above addr. */
static long find(uint64_t addr)
{
    long lo = 0, hi = nareas;
    while (lo < hi) {
        long mid = (lo + hi) / 2;
        if (areas[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int insert_at(long i, struct area a)
{
    if (nareas == MAX_AREAS)
        return -ENOMEM;
    memmove(&areas[i + 1], &areas[i], (size_t)(nareas - i) * sizeof a);
    areas[i] = a;
    nareas++;
    mapped_bytes += a.end - a.start;
    return 0;
}

/* Splits the area containing addr so that addr is an area boundary. */
static int split_at(uint64_t addr)
{
    long i = find(addr);
    if (i == nareas || areas[i].start >= addr)
        return 0;
    if (nareas == MAX_AREAS)
        return -ENOMEM;
    struct area tail = areas[i];
    tail.start = addr;
    areas[i].end = addr;
    memmove(&areas[i + 2], &areas[i + 1], (size_t)(nareas - i - 1) * sizeof tail);
    areas[i + 1] = tail;
    nareas++;
    return 0;
}

/* Forgets the areas in [start, end) (the caller fixes the host side). */
static int forget(uint64_t start, uint64_t end)
{
    int r = split_at(start);
    if (!r)
        r = split_at(end);
    if (r)
        return r;
    long i = find(start), j = i;
    while (j < nareas && areas[j].start < end) {
        mapped_bytes -= areas[j].end - areas[j].start;
        j++;
    }
    memmove(&areas[i], &areas[j], (size_t)(nareas - j) * sizeof(struct area));
    nareas -= j - i;
    return 0;
}

static int is_free(uint64_t start, uint64_t end)
{
    if (start < brk_mapped || end > limit || end <= start)
        return 0;
    long i = find(start);
    return i == nareas || areas[i].start >= end;
}

/* Highest free range of len bytes, or 0. */
static uint64_t place(uint64_t len)
{
    uint64_t top = limit;
    for (long i = nareas - 1; i >= -1; i--) {
        uint64_t bottom = i >= 0 ? areas[i].end : brk_mapped;
        if (top >= bottom && top - bottom >= len)
            return top - len;
        if (i >= 0)
            top = areas[i].start;
    }
    return 0;
}

static long map_host(uint64_t at, uint64_t len, long prot, long flags, long fd, long off)
{
    flags &= ~(long)(MAP_FIXED_NOREPLACE | MAP_GROWSDOWN);
    return host6(NR_mmap, at, len, prot, flags | MAP_FIXED, fd, off);
}

static long mmap_locked(long addr, long length, long prot, long flags, long fd, long off)
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
    if (fixed && (flags & MAP_FIXED_NOREPLACE) && !is_free(at, at + len))
        return -EEXIST;
    if (!fixed) {
        at = az_align_down(at, AZ_PAGE);
        if (!(at && inside(at, len) && is_free(at, at + len)))
            at = place(len);
        if (!at)
            return -ENOMEM;
    } else if (at < brk_mapped) {
        return -ENOMEM; /* the break's pages stay the break's */
    } else if (forget(at, at + len) < 0) {
        return -ENOMEM;
    }
    int host = type == MAP_SHARED || type == 3 || !(flags & MAP_ANONYMOUS);
    long r = host ? map_host(at, len, prot, flags, fd, off)
                  : (fixed ? release(at, at + len) : 0);
    if (!(r < 0 && r > -4096) && !host && prot != PROT_NONE)
        r = host3(NR_mprotect, at, len, prot);
    if (r < 0 && r > -4096) {
        release(at, at + len);
        return r;
    }
    struct area a = {at, at + len, (uint32_t)prot, host ? KIND_HOST : KIND_ANON};
    if (insert_at(find(at), a) < 0) {
        release(at, at + len);
        return -ENOMEM;
    }
    return (long)at;
}

static long munmap_locked(long addr, long length, long c, long d, long e, long f)
{
    uint64_t at = (uint64_t)addr, len = az_align_up((uint64_t)length, AZ_PAGE);
    if ((at & (AZ_PAGE - 1)) || !length || len < (uint64_t)length)
        return -EINVAL;
    if (!overlaps_partition(at, len))
        return host2(NR_munmap, addr, length);
    if (!inside(at, len))
        return -EINVAL;
    if (forget(at, at + len) < 0)
        return -ENOMEM;
    return release(at, at + len);
}

/* Is [start, end) wholly mapped (areas or break)? Linux answers ENOMEM otherwise. */
static int covered(uint64_t start, uint64_t end)
{
    if (start < brk_mapped)
        start = brk_mapped < end ? brk_mapped : end;
    long i = find(start);
    for (uint64_t at = start; at < end; i++) {
        if (i == nareas || areas[i].start > at)
            return 0;
        at = areas[i].end;
    }
    return 1;
}

static long mprotect_locked(long addr, long length, long prot, long d, long e, long f)
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
    if (!inside(at, len) || !covered(at, at + len))
        return -ENOMEM;
    if (split_at(at) < 0 || split_at(at + len) < 0)
        return -ENOMEM;
    long r = host3(NR_mprotect, at, len, prot);
    if (r < 0)
        return r;
    for (long i = find(at); i < nareas && areas[i].start < at + len; i++)
        areas[i].prot = (uint32_t)prot;
    return 0;
}

static long madvise_locked(long addr, long length, long advice, long d, long e, long f)
{
    uint64_t at = (uint64_t)addr, len = az_align_up((uint64_t)length, AZ_PAGE);
    if (at & (AZ_PAGE - 1))
        return -EINVAL;
    if (overlaps_partition(at, len) && len && (!inside(at, len) || !covered(at, at + len)))
        return -ENOMEM;
    return host3(NR_madvise, addr, length, advice);
}

/* Moves or grows a mapping: in place when the pages above are free, else by a
   host mremap into a new range of the partition (no copy), whose old range
   goes back to the reservation. */
/* The index of the last area of the mapping Linux would see around area i:
   adjacent private anonymous areas with the same protection are one VMA
   there (merged), however many mmap and mprotect calls made them here. */
static long vma_last(long i)
{
    while (i + 1 < nareas && areas[i].kind == KIND_ANON && areas[i + 1].kind == KIND_ANON &&
           areas[i + 1].start == areas[i].end && areas[i + 1].prot == areas[i].prot)
        i++;
    return i;
}

/* Grows the mapping [at, at + olen), which ends its VMA (area last), in
   place to nlen bytes. A host mapping is remapped in place, with the
   reservation above it given up first. */
static long grow_in_place(long last, uint64_t at, uint64_t olen, uint64_t nlen)
{
    struct area a = areas[last];
    long r;
    if (a.kind == KIND_ANON) {
        r = host3(NR_mprotect, at + olen, nlen - olen, a.prot);
    } else {
        host2(NR_munmap, at + olen, nlen - olen);
        r = host4(NR_mremap, at, olen, nlen, 0);
        if (r < 0 && r > -4096)
            release(at + olen, at + nlen);
    }
    if (r < 0 && r > -4096)
        return r;
    areas[last].end = at + nlen;
    mapped_bytes += nlen - olen;
    return (long)at;
}

/* mremap, in Linux's order (6.x): the address must be mapped (EFAULT); a
   shrink then unmaps the tail, whatever VMAs it crosses; growth needs the
   old range inside one VMA, grows in place when the VMA ends there and room
   follows, else moves with MREMAP_MAYMOVE. */
static long mremap_locked(long addr, long oldlen, long newlen, long flags, long newaddr, long f)
{
    uint64_t at = (uint64_t)addr;
    uint64_t olen = az_align_up((uint64_t)oldlen, AZ_PAGE), nlen = az_align_up((uint64_t)newlen, AZ_PAGE);
    if ((at & (AZ_PAGE - 1)) || !nlen || (flags & ~(long)(MREMAP_MAYMOVE | MREMAP_FIXED)))
        return (flags & MREMAP_DONTUNMAP) ? -ENOSYS : -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if (!overlaps_partition(at, olen ? olen : AZ_PAGE))
        return host6(NR_mremap, addr, oldlen, newlen, flags, newaddr, 0);
    long i = find(at);
    if (i == nareas || areas[i].start > at)
        return -EFAULT;
    if (!(flags & MREMAP_FIXED) && nlen <= olen) {
        if (nlen < olen)
            munmap_locked((long)(at + nlen), (long)(olen - nlen), 0, 0, 0, 0);
        return addr;
    }
    if (!olen)
        return -EFAULT;
    long last = vma_last(i);
    if (areas[last].end < at + olen)
        return -EFAULT;
    struct area a = areas[i];
    if (!(flags & MREMAP_FIXED)) {
        if (areas[last].end == at + olen && is_free(at + olen, at + nlen))
            return grow_in_place(last, at, olen, nlen);
        if (!(flags & MREMAP_MAYMOVE))
            return -ENOMEM;
    }
    uint64_t to = (uint64_t)newaddr;
    if (flags & MREMAP_FIXED) {
        if ((to & (AZ_PAGE - 1)) || !inside(to, nlen) || to < brk_mapped)
            return -EINVAL;
        if (to < at + olen && to + nlen > at)
            return -EINVAL;
        if (forget(to, to + nlen) < 0)
            return -ENOMEM;
    } else if (!(to = place(nlen))) {
        return -ENOMEM;
    }
    long r = host6(NR_mremap, at, olen, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, to, 0);
    if (r < 0 && r > -4096) {
        release(to, to + nlen);
        return r;
    }
    forget(at, at + olen);
    release(at, at + olen);
    a.start = to;
    a.end = to + nlen;
    insert_at(find(to), a);
    return (long)to;
}

/* The break: grows up from the partition's base while no mapping is in the way. */
static long brk_locked(long addr, long b, long c, long d, long e, long f)
{
    uint64_t want = (uint64_t)addr;
    if (want < brk_start)
        return (long)brk_cur;
    uint64_t end = az_align_up(want, AZ_PAGE);
    if (end > brk_mapped) {
        if (!is_free(brk_mapped, end))
            return (long)brk_cur;
        if (host3(NR_mprotect, brk_mapped, end - brk_mapped, PROT_READ | PROT_WRITE) < 0)
            return (long)brk_cur;
    } else if (end < brk_mapped) {
        release(end, brk_mapped);
    }
    brk_mapped = end;
    brk_cur = want;
    return (long)brk_cur;
}

/* One lock for the partition's map: threads on every vCPU change it. */
static struct az_lock mm_lock;
#define LOCKED(name)                                                              \
    long sys_##name(long a, long b, long c, long d, long e, long f)               \
    {                                                                             \
        az_lock(&mm_lock);                                                        \
        long r = name##_locked(a, b, c, d, e, f);                                 \
        az_unlock(&mm_lock);                                                      \
        return r;                                                                 \
    }
LOCKED(mmap)
LOCKED(munmap)
LOCKED(mprotect)
LOCKED(madvise)
LOCKED(mremap)
LOCKED(brk)
