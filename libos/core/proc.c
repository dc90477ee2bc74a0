/*
 * proc.c: the process's identity and limits, served by the libOS. The image is
 * one Linux process beside the FWK, so its identity (pid, uids) is the host
 * process's, read once at boot; the partition (cores, memory) is the libOS's.
 * Assumption written down: the parent pid is the one at boot (a reparented
 * image still reports its original parent).
 */
#include "az.h"

struct az_boot_info az_boot_info;
long az_pid_cached, az_tid_cached, az_ppid_cached;
long az_uid_cached, az_euid_cached, az_gid_cached, az_egid_cached;

static struct k_utsname uts;

void az_proc_init(void)
{
    az_pid_cached = host0(NR_getpid);
    az_tid_cached = host0(NR_gettid);
    az_ppid_cached = host0(110);
    az_uid_cached = host0(102);
    az_euid_cached = host0(107);
    az_gid_cached = host0(104);
    az_egid_cached = host0(108);
    host1(63, &uts);
}

long sys_getpid(long a, long b, long c, long d, long e, long f) { return az_pid_cached; }
long sys_getppid(long a, long b, long c, long d, long e, long f) { return az_ppid_cached; }
long sys_getuid(long a, long b, long c, long d, long e, long f) { return az_uid_cached; }
long sys_geteuid(long a, long b, long c, long d, long e, long f) { return az_euid_cached; }
long sys_getgid(long a, long b, long c, long d, long e, long f) { return az_gid_cached; }
long sys_getegid(long a, long b, long c, long d, long e, long f) { return az_egid_cached; }


long sys_uname(long buf, long b, long c, long d, long e, long f)
{
    return az_copy_user((void *)buf, &uts, sizeof uts) ? -EFAULT : 0;
}

static void wrfsbase(uint64_t v) { __asm__ volatile("wrfsbase %0" ::"r"(v) : "memory"); }
static uint64_t rdfsbase(void)
{
    uint64_t v;
    __asm__ volatile("rdfsbase %0" : "=r"(v));
    return v;
}

/* %fs belongs to the application (its TLS); %gs is the libOS's per-vCPU data. */
long sys_arch_prctl(long code, long addr, long c, long d, long e, long f)
{
    switch (code) {
    case ARCH_SET_FS:
        if ((uint64_t)addr >= 0x800000000000ULL)
            return -EPERM;
        wrfsbase((uint64_t)addr);
        return 0;
    case ARCH_GET_FS:
        *(uint64_t *)addr = rdfsbase();
        return 0;
    case ARCH_SET_GS:
    case ARCH_GET_GS:
        az_printf("azalea: arch_prctl(%s_GS) refused: %%gs holds the libOS's per-core data\n",
                  code == ARCH_SET_GS ? "ARCH_SET" : "ARCH_GET");
        return -EINVAL;
    default:
        return host2(NR_arch_prctl, code, addr);
    }
}



/* Limits: the host enforces them for the resources it serves (files, CPU time),
   so a set goes to the host; reads come from the host too, except the memory
   limits, where the partition is the truth. */
#define RLIMIT_DATA 2
#define RLIMIT_AS 9
long sys_prlimit64(long pid, long resource, long newp, long oldp, long e, long f)
{
    if (pid != 0 && pid != az_pid_cached)
        return -ESRCH;
    long r = host4(302, 0, resource, newp, oldp);
    if (r == 0 && oldp && (resource == RLIMIT_AS || resource == RLIMIT_DATA)) {
        struct k_rlimit *old = (struct k_rlimit *)oldp;
        if (old->cur > az_boot_info.partition_size)
            old->cur = az_boot_info.partition_size;
        if (old->max > az_boot_info.partition_size)
            old->max = az_boot_info.partition_size;
    }
    return r;
}

long sys_getrlimit(long resource, long old, long c, long d, long e, long f)
{
    return sys_prlimit64(0, resource, 0, old, 0, 0);
}

long sys_setrlimit(long resource, long newp, long c, long d, long e, long f)
{
    return sys_prlimit64(0, resource, newp, 0, 0, 0);
}

struct k_sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    uint16_t procs, pad;
    uint64_t totalhigh, freehigh;
    uint32_t mem_unit;
    char reserved[4];
};

uint64_t az_mm_free_bytes(void);

/* Uptime, load and processes are the machine's; memory is the partition's. */
long sys_sysinfo(long info, long b, long c, long d, long e, long f)
{
    struct k_sysinfo *si = (struct k_sysinfo *)info;
    long r = host1(99, si);
    if (r < 0)
        return r;
    si->mem_unit = 1;
    si->totalram = az_boot_info.partition_size;
    si->freeram = az_mm_free_bytes();
    si->sharedram = si->bufferram = si->totalhigh = si->freehigh = 0;
    return 0;
}



/* prctl is the host process's, except what would take the platform away from
   the libOS: Syscall User Dispatch (the trap fallback) and seccomp filters
   (they would bind the libOS's own host calls). */
#define PR_SET_SECCOMP 22
long sys_prctl(long option, long a2, long a3, long a4, long a5, long f)
{
    if (option == PR_SET_SYSCALL_USER_DISPATCH || option == PR_SET_SECCOMP) {
        az_printf("azalea: prctl(%s) refused: the libOS owns it\n",
                  option == PR_SET_SECCOMP ? "PR_SET_SECCOMP" : "PR_SET_SYSCALL_USER_DISPATCH");
        return -EINVAL;
    }
    return az_host(NR_prctl, option, a2, a3, a4, a5, 0);
}
