/*
 * az.h: what every libOS subsystem shares: the host call, the small C library
 * the libOS carries (it has no libc), messages to stderr, and the boot-time
 * facts other subsystems read. One definition each; see the .c files.
 */
#ifndef AZ_H
#define AZ_H
#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include "linux.h"
#include "cpu.h"

#define AZ_PAGE 4096UL
#define az_align_up(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define az_align_down(x, a) ((x) & ~((uint64_t)(a) - 1))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define AZ_NORETURN __attribute__((noreturn))

/* offload/host.S: one raw Linux system call from libOS text (the allowed range). */
long az_host(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
/* offload/host.S: a host thread sharing everything with this one, running fn(arg) on stack_top. */
long az_host_clone(void *stack_top, void (*fn)(void *), void *arg);

/* The host signal the libOS keeps for itself: the vCPU tick, kicks between
   vCPUs, cancels of offloaded calls (told from an application's by si_code). */
#define AZ_SIG 64
#define host0(n) az_host((n), 0, 0, 0, 0, 0, 0)
#define host1(n, a) az_host((n), (long)(a), 0, 0, 0, 0, 0)
#define host2(n, a, b) az_host((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define host3(n, a, b, c) az_host((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define host4(n, a, b, c, d) az_host((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define host6(n, a, b, c, d, e, f) az_host((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* core/usercopy.S: copies to or from application memory; returns the bytes NOT copied (a fault) */
long az_copy_user(void *dst, const void *src, size_t n);

/* core/klib.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
long az_floor_index(const void *table, long count, size_t stride, uint64_t key);

/* core/print.c: formatted output straight to the host's fd 2; %s %c %d %u %x %lu %ld %lx %p %%,
   and %.*s. Each call is one write(2) so lines do not interleave. */
void az_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int az_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int az_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
AZ_NORETURN void az_fatal(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* core/syscall.c */
long az_offload(long a1, long a2, long a3, long a4, long a5, long a6); /* to the host, maybe asynchronously */
typedef long (*az_syscall_fn)(long, long, long, long, long, long);
long az_syscall(long a1, long a2, long a3, long a4, long a5, long a6); /* nr in the current frame */
long az_current_nr(void);
const char *az_syscall_name(long nr);
uint64_t az_current_site(void);

/* core/trace.c: strace-style line for one call (called after it returns) */
extern int az_trace_on;
void az_trace(long nr, const long args[6], long ret, int via_trap, uint64_t site);

/* facts fixed at boot (platform/hosted/boot.c) */
struct az_boot_info {
    long pid, ppid, tid, uid, euid, gid, egid;
    uint64_t partition_base, partition_size;
    uint64_t cpu_mask;       /* partition cores, as host CPU bits */
    uint64_t host_cpus;      /* the CPUs the process could use at boot (vCPUs are pinned since) */
    int cores;
    int offload_uring;       /* AZALEA_RUN offload=uring: io_uring for the calls it serves exactly */
    uint64_t vdso;           /* host vDSO ELF header, or 0 */
    uint64_t text_start, text_end; /* libOS text */
    int sud;                 /* Syscall User Dispatch is (to be) on, on every vCPU */
};
extern struct az_boot_info az_boot_info;
extern long az_pid_cached, az_tid_cached, az_ppid_cached; /* read by the leaf entries */
extern long az_uid_cached, az_euid_cached, az_gid_cached, az_egid_cached;

/* platform: Syscall User Dispatch on every vCPU from now on (run-time code) */
void az_sud_require(void);

/* core/mm.c */
void az_mm_init(uint64_t base, uint64_t size);

/* core/signal.c */
void az_signal_init(void);
void az_signal_redeliver(void);

/* core/time.c */
void az_time_init(uint64_t vdso);

/* platform/hosted/fault.c */
const char *az_symbolize(uint64_t addr, uint64_t *offset);
#endif
