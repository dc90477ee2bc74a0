/*
 * time.c: clocks and sleeping. Clocks are read through the host's vDSO (the
 * same code and data a native program uses, no system call); a clock the
 * vDSO does not serve falls back to the host call. A sleep is the
 * scheduler's (sched.c): the thread waits among its vCPU's sleepers while the
 * vCPU runs others, or idles on the host until the earliest deadline.
 *
 * The application is given the same vDSO as AT_SYSINFO_EHDR (boot.c), so a
 * static glibc, musl or Go program reads the clocks without entering the
 * libOS at all, exactly as it does natively.
 */
#include "thread.h"

typedef long (*clock_fn)(long, void *);
typedef long (*tod_fn)(void *, void *);
typedef long (*time_fn)(long *);

clock_fn az_vdso_clock_gettime; /* entry.S's clock_gettime entry calls it too */
static clock_fn vdso_clock_getres;
static tod_fn vdso_gettimeofday;
static time_fn vdso_time;

struct elf_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
struct elf_shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t addralign, entsize;
};
struct elf_sym {
    uint32_t name;
    unsigned char info, other;
    uint16_t shndx;
    uint64_t value, size;
};

/* Looks the four clock functions up in the vDSO's dynamic symbol table. */
void az_time_init(uint64_t vdso)
{
    if (!vdso)
        return;
    const struct elf_ehdr *eh = (const void *)vdso;
    if (memcmp(eh->ident, "\177ELF", 4) != 0 || eh->shentsize != sizeof(struct elf_shdr))
        return;
    uint64_t bias = vdso;
    const struct elf_phdr *ph = (const void *)(vdso + eh->phoff);
    for (int i = 0; i < eh->phnum; i++)
        if (ph[i].type == 1) {
            bias = vdso - ph[i].vaddr + ph[i].offset;
            break;
        }
    const struct elf_shdr *sh = (const void *)(vdso + eh->shoff);
    for (int i = 0; i < eh->shnum; i++) {
        if (sh[i].type != 11 /* SHT_DYNSYM */ || sh[i].link >= eh->shnum)
            continue;
        const struct elf_sym *sym = (const void *)(vdso + sh[i].offset);
        const char *str = (const char *)(vdso + sh[sh[i].link].offset);
        for (uint64_t k = 0; k < sh[i].size / sizeof *sym; k++) {
            const char *n = str + sym[k].name;
            void *at = (void *)(bias + sym[k].value);
            if (!sym[k].value)
                continue;
            if (!strcmp(n, "__vdso_clock_gettime"))
                az_vdso_clock_gettime = (clock_fn)at;
            else if (!strcmp(n, "__vdso_clock_getres"))
                vdso_clock_getres = (clock_fn)at;
            else if (!strcmp(n, "__vdso_gettimeofday"))
                vdso_gettimeofday = (tod_fn)at;
            else if (!strcmp(n, "__vdso_time"))
                vdso_time = (time_fn)at;
        }
    }
}

/* The clocks the vDSO reads itself. For any other it would make the system
   call from vDSO text, which Syscall User Dispatch turns into SIGSYS: the
   libOS asks the host directly instead. */
static int vdso_serves(long clock)
{
    return clock >= 0 && clock < 64 && (AZ_VDSO_CLOCKS >> clock & 1);
}

/* The vDSO writes where it is told: the answer goes to a local first, so
   a bad pointer is EFAULT, as from the kernel, and not a fault in the libOS. */
static long give(long r, long to, const void *from, size_t n)
{
    if (r < 0 || !to)
        return r;
    return az_copy_user((void *)to, from, n) ? -EFAULT : r;
}

long sys_clock_gettime(long clock_arg, long ts, long c, long d, long e, long f)
{
    long clock = (int32_t)clock_arg; /* clockid_t is an int: per-thread clocks are negative */
    struct k_timespec t;
    if (clock == 3 || clock < 0) {
        long r = az_thread_cpu_time(clock, &t);
        if (r < 0)
            return r;
        if (r == 0)
            return give(0, ts, &t, sizeof t);
    }
    if (az_vdso_clock_gettime && vdso_serves(clock))
        return give(az_vdso_clock_gettime(clock, &t), ts, &t, sizeof t);
    return host2(NR_clock_gettime, clock, ts);
}

long sys_clock_getres(long clock, long res, long c, long d, long e, long f)
{
    struct k_timespec t;
    if (vdso_clock_getres && vdso_serves(clock))
        return give(vdso_clock_getres(clock, &t), res, &t, sizeof t);
    return host2(229, clock, res);
}

long sys_gettimeofday(long tv, long tz, long c, long d, long e, long f)
{
    struct { long sec, usec; } t;
    struct { int minuteswest, dsttime; } z;
    if (!vdso_gettimeofday)
        return host2(96, tv, tz);
    long r = vdso_gettimeofday(tv ? &t : 0, tz ? &z : 0);
    r = give(r, tv, &t, sizeof t);
    return give(r, tz, &z, sizeof z);
}

long sys_time(long tloc, long b, long c, long d, long e, long f)
{
    if (!vdso_time)
        return host1(201, tloc);
    long now = vdso_time(0);
    return tloc && az_copy_user((void *)tloc, &now, sizeof now) ? -EFAULT : now;
}

/* Sleeps are the scheduler's: the thread waits on its vCPU's sleepers, the
   vCPU runs others. Interrupted by a handler: EINTR and the time left, as
   Linux; otherwise the sleep goes on. */
static long sleep_for(uint64_t deadline, struct k_timespec *rem)
{
    if (az_sleep_until(deadline) == 0)
        return 0;
    if (rem) {
        uint64_t now = az_now(), left = deadline > now ? deadline - now : 0;
        struct k_timespec t = {(int64_t)(left / 1000000000ULL), (int64_t)(left % 1000000000ULL)};
        if (az_copy_user(rem, &t, sizeof t))
            return -EFAULT;
    }
    return -ERESTART_RESTARTBLOCK;
}

/* The monotonic deadline (ns) of a timeout, relative or absolute on clock:
   what every timed wait of the libOS sleeps until. */
long az_deadline(const struct k_timespec *ts, int absolute, long clock, uint64_t *out)
{
    if (ts->tv_sec < 0 || (uint64_t)ts->tv_nsec >= 1000000000ULL)
        return -EINVAL;
    uint64_t ns = (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec, now = az_now();
    if (!absolute) {
        *out = now + ns;
        return 0;
    }
    struct k_timespec c;
    sys_clock_gettime(clock, (long)&c, 0, 0, 0, 0);
    uint64_t cnow = (uint64_t)c.tv_sec * 1000000000ULL + (uint64_t)c.tv_nsec;
    *out = ns > cnow ? now + (ns - cnow) : now;
    return 0;
}

long sys_nanosleep(long req, long rem, long c, long d, long e, long f)
{
    uint64_t deadline;
    struct k_timespec t;
    if (az_copy_user(&t, (const void *)req, sizeof t))
        return -EFAULT;
    if (az_deadline(&t, 0, 1, &deadline) < 0)
        return -EINVAL;
    return sleep_for(deadline, (struct k_timespec *)rem);
}

#define TIMER_ABSTIME 1
long sys_clock_nanosleep(long clock, long flags, long req, long rem, long e, long f)
{
    if (clock != 0 && clock != 1 && clock != 7 /* REALTIME MONOTONIC BOOTTIME */)
        return host4(230, clock, flags, req, rem);
    int absolute = (flags & TIMER_ABSTIME) != 0;
    uint64_t deadline;
    struct k_timespec t;
    if (az_copy_user(&t, (const void *)req, sizeof t))
        return -EFAULT;
    if (az_deadline(&t, absolute, clock, &deadline) < 0)
        return -EINVAL;
    if (!absolute)
        return sleep_for(deadline, (struct k_timespec *)rem);
    return sleep_for(deadline, 0) ? -ERESTARTNOHAND : 0;
}

/* POSIX timers are the host's. One aimed at a thread (SIGEV_THREAD_ID, as
   glibc's and musl's SIGEV_THREAD helpers use) names a libOS thread the host
   does not know: the host timer signals the process instead, and the libOS
   hands its expirations to the thread (signal.c, az_timer_target). */
#define MAX_TIMERS 1024

static long timer_thread[MAX_TIMERS]; /* host timer id -> target tid, 0 = the process */
/* The overrun count of each timer's last signal taken (Linux's it_overrun_last):
   the host counts none, since every expiry reaches the libOS at once. */
static int overrun_last[MAX_TIMERS];

long sys_timer_create(long clock, long sevp, long timerid, long d, long e, long f)
{
    const struct k_sigevent *ev = (const struct k_sigevent *)sevp;
    if (!ev || !(ev->notify & SIGEV_THREAD_ID))
        return host3(222, clock, sevp, timerid);
    az_threads_lock();
    struct az_thread *t = az_thread_by_tid(ev->tid);
    az_threads_unlock();
    if (!t)
        return -EINVAL;
    struct k_sigevent host = *ev;
    host.notify &= ~SIGEV_THREAD_ID;
    host.tid = 0;
    long r = host3(222, clock, &host, timerid);
    if (r < 0)
        return r;
    int id = *(int32_t *)timerid;
    if (id < 0 || id >= MAX_TIMERS) {
        host1(226, id);
        return -EAGAIN;
    }
    __atomic_store_n(&timer_thread[id], (long)t->tid, __ATOMIC_SEQ_CST);
    return 0;
}

long sys_timer_delete(long id, long b, long c, long d, long e, long f)
{
    long r = host1(226, id);
    if (r == 0 && id >= 0 && id < MAX_TIMERS) {
        __atomic_store_n(&timer_thread[id], 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&overrun_last[id], 0, __ATOMIC_SEQ_CST);
    }
    return r;
}

void az_timer_delivered(int id, int overrun)
{
    if (id >= 0 && id < MAX_TIMERS)
        __atomic_store_n(&overrun_last[id], overrun, __ATOMIC_SEQ_CST);
}

long sys_timer_settime(long id, long flags, long new_value, long old_value, long e, long f)
{
    long r = host4(223, id, flags, new_value, old_value);
    if (r == 0 && id >= 0 && id < MAX_TIMERS)
        __atomic_store_n(&overrun_last[id], 0, __ATOMIC_SEQ_CST); /* as Linux's common_timer_set */
    return r;
}

long sys_timer_getoverrun(long id, long b, long c, long d, long e, long f)
{
    long r = host1(225, id); /* EINVAL for a timer that does not exist */
    if (r < 0 || id < 0 || id >= MAX_TIMERS)
        return r;
    return __atomic_load_n(&overrun_last[id], __ATOMIC_SEQ_CST);
}

/* The thread a host timer's expiration belongs to (its tid), or 0 for the process. */
long az_timer_target(int id)
{
    return id >= 0 && id < MAX_TIMERS ? __atomic_load_n(&timer_thread[id], __ATOMIC_SEQ_CST) : 0;
}
