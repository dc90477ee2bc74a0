/*
 * cpu.h: per-vCPU data, reached through %gs (the application owns %fs).
 * The entry code in entry.S uses the CPU_* offsets; the struct below is the
 * same layout for C, checked by static assertions. One struct per partition
 * core; this issue runs one vCPU (single-threaded programs), and threads will
 * hang their own libOS stack and state off it.
 */
#ifndef AZ_CPU_H
#define AZ_CPU_H

#define CPU_SELF 0         /* this struct's own address */
#define CPU_KSTACK 8       /* top of the libOS stack entries switch to */
#define CPU_APP_RSP 16     /* the entry's rsp on arrival: [it] is the return address */
#define CPU_IN_LIBOS 24    /* non-zero while libOS code runs for the application */
#define CPU_PENDING 32     /* signals deferred while in the libOS (bit n-1 = signal n) */
#define CPU_NR 40          /* syscall number being served */
#define CPU_VIA_TRAP 48    /* 1 when the call came through the trap fallback */
#define CPU_TRAP_SITE 56   /* address of the trapped `syscall` */
#define CPU_SUD_SELECTOR 64 /* Syscall User Dispatch selector byte */

#define KSTACK_SIZE (64 * 1024)

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "linux.h"

struct az_cpu {
    struct az_cpu *self;
    uint64_t kstack;
    uint64_t app_rsp;
    uint64_t in_libos;
    uint64_t pending;
    uint64_t nr;
    uint64_t via_trap;
    uint64_t trap_site;
    uint8_t sud_selector;
    uint8_t pad[7];
    int index;              /* partition core index */
    int host_cpu;           /* the host CPU it is pinned to */
    struct k_siginfo pending_info[64];
};

_Static_assert(__builtin_offsetof(struct az_cpu, kstack) == CPU_KSTACK, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, app_rsp) == CPU_APP_RSP, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, in_libos) == CPU_IN_LIBOS, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, pending) == CPU_PENDING, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, nr) == CPU_NR, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, via_trap) == CPU_VIA_TRAP, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, trap_site) == CPU_TRAP_SITE, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, sud_selector) == CPU_SUD_SELECTOR, "cpu layout");

static inline struct az_cpu *this_cpu(void)
{
    struct az_cpu *c;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(c));
    return c;
}
#endif
#endif
