/*
 * linux.h: the Linux x86-64 user ABI the libOS speaks in both directions
 * (to the application and to the host kernel): numbers, flags, structures.
 * Written from the kernel's UAPI documentation; only what the libOS uses.
 */
#ifndef AZ_LINUX_H
#define AZ_LINUX_H
#include <stdint.h>
#include <stddef.h>

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENOSYS 38

/* syscall numbers the libOS itself issues or treats specially */
#define NR_read 0
#define NR_write 1
#define NR_mmap 9
#define NR_mprotect 10
#define NR_munmap 11
#define NR_rt_sigaction 13
#define NR_rt_sigprocmask 14
#define NR_rt_sigreturn 15
#define NR_mremap 25
#define NR_msync 26
#define NR_mincore 27
#define NR_madvise 28
#define NR_getpid 39
#define NR_exit 60
#define NR_kill 62
#define NR_sigaltstack 131
#define NR_sched_getparam 143
#define NR_sched_getscheduler 145
#define NR_sched_rr_get_interval 148
#define NR_mlock 149
#define NR_munlock 150
#define NR_prctl 157
#define NR_arch_prctl 158
#define NR_gettid 186
#define NR_tgkill 234
#define NR_exit_group 231
#define NR_sched_setaffinity 203
#define NR_sched_getaffinity 204
#define NR_rt_tgsigqueueinfo 297
#define NR_getrandom 318
#define NR_clock_gettime 228
#define NR_futex 202
#define NR_clone 56

#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4
#define MAP_PRIVATE 0x02
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_STACK 0x20000
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4
#define MADV_DONTNEED 4
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23

#define SIGHUP 1
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11
#define SIGSTOP 19
#define SIGSYS 31
#define NSIG 64
#define SA_SIGINFO 0x4
#define SA_ONSTACK 0x08000000
#define SA_RESTORER 0x04000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SYS_USER_DISPATCH 2 /* si_code of a Syscall User Dispatch SIGSYS */

#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#define SYSCALL_DISPATCH_FILTER_ALLOW 0
#define SYSCALL_DISPATCH_FILTER_BLOCK 1

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_HWCAP2 26
#define AT_EXECFN 31
#define AT_IGNORE 1
#define AT_SYSINFO_EHDR 33
#define AT_MINSIGSTKSZ 51

/* the kernel's sigaction for rt_sigaction (not libc's) */
struct k_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

struct k_siginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t pad0;
    union {
        struct { int32_t pid; uint32_t uid; } kill;
        struct { uint64_t addr; } fault;
        struct { uint64_t call_addr; int32_t syscall; uint32_t arch; } sys;
        struct { int32_t tid; int32_t overrun; uint64_t value; } timer;
        uint8_t bytes[112];
    } u;
};
_Static_assert(sizeof(struct k_siginfo) == 128, "siginfo size");

#define SIGEV_THREAD_ID 4

struct k_sigevent {
    uint64_t value;
    int32_t signo;
    int32_t notify;
    int32_t tid;
    int32_t pad[11];
};

struct k_stack {
    uint64_t sp;
    int32_t flags;
    int32_t pad;
    uint64_t size;
};

/* uc_mcontext general registers, in the kernel's order */
enum {
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
    REG_RDI, REG_RSI, REG_RBP, REG_RBX, REG_RDX, REG_RAX, REG_RCX, REG_RSP,
    REG_RIP, REG_EFL, REG_CSGSFS, REG_ERR, REG_TRAPNO, REG_OLDMASK, REG_CR2,
    NGREG
};

struct k_ucontext {
    uint64_t uc_flags;
    struct k_ucontext *uc_link;
    struct k_stack uc_stack;
    uint64_t gregs[NGREG];
    uint64_t fpstate;
    uint64_t reserved1[8];
    uint64_t uc_sigmask;
};

struct k_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct k_utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

struct k_rlimit {
    uint64_t cur, max;
};

#endif
