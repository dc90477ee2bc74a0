/*
 * cpu.h: per-vCPU data, reached through %gs (the application owns %fs), and
 * the entry frame every system call leaves at the top of its thread's libOS
 * stack. entry.S and switch.S use the CPU_* and FRAME_* offsets; the structs
 * below are the same layouts for C, checked by static assertions.
 *
 * A vCPU runs one libOS thread at a time (cpu->current). The fields above
 * CPU_C_ONLY follow the current thread: the scheduler swaps in_libos and kstack
 * on every switch. work is the vCPU's "look before returning to the
 * application" word: a signal may be deliverable (WORK_SIGNAL) or another
 * thread should run (WORK_RESCHED); the exit paths test it with the
 * application's registers already restored (see entry.S, the exit windows).
 */
#ifndef AZ_CPU_H
#define AZ_CPU_H

#define CPU_SELF 0          /* this struct's own address */
#define CPU_KSTACK 8        /* top of the current thread's libOS stack */
#define CPU_SCRATCH 16      /* the entry's rsp on arrival, before the stack switch */
#define CPU_IN_LIBOS 24     /* 1 while libOS code runs for the current thread */
#define CPU_WORK 32         /* WORK_* bits: something to do before returning to the application */
#define CPU_CURRENT 40      /* struct az_thread * running here */
#define CPU_SUD_SELECTOR 48 /* Syscall User Dispatch selector byte */

#define WORK_SIGNAL 1
#define WORK_RESCHED 2

/* The clocks the host's vDSO reads without a system call (bit per clock id:
   REALTIME, MONOTONIC, MONOTONIC_RAW, the COARSE pair, BOOTTIME, TAI); time.c
   and entry.S's clock_gettime entry send only these to it. */
#define AZ_VDSO_CLOCKS 0x8f3

/* struct az_frame, pushed by the entries at the top of the thread's libOS stack */
#define FRAME_WORDS 16
#define FRAME_SIZE (FRAME_WORDS * 8)
#define FRAME_NR 96
#define FRAME_TRAP_UC 104
#define FRAME_APP_RSP 112
#define FRAME_RET 120

#define THREAD_TID 0        /* struct az_thread: tid is its first field (the gettid leaf entry) */

#define KSTACK_SIZE (64 * 1024)

#ifdef __ASSEMBLER__
/* The exit windows' protocol (entry.S, switch.S): look at work, leave the
   libOS with a full barrier (xchg), look again; with work pending, be back in
   the libOS and jump to \work. Falls through, out of the libOS, otherwise.
   Clobbers \scratch and the flags. */
.macro LEAVE_LIBOS scratch, work
    cmpq $0, %gs:CPU_WORK
    jne \work
    movq $0, \scratch
    xchg \scratch, %gs:CPU_IN_LIBOS
    cmpq $0, %gs:CPU_WORK
    je .Lleft\@
    movq $1, %gs:CPU_IN_LIBOS
    jmp \work
.Lleft\@:
.endm
#else
#include <stdint.h>
#include "linux.h"

struct az_thread;
struct az_offload_request;

/* What a system call entry saved: the application's registers at the site. */
struct az_frame {
    uint64_t r15, r14, r13, r12, rbp, rbx, r9, r8, r10, rdx, rsi, rdi;
    uint64_t nr;
    struct k_ucontext *trap_uc; /* the SIGSYS frame's context when trapped, else 0 */
    uint64_t app_rsp;           /* patched: the entry's rsp (where the return address R was) */
    uint64_t ret;               /* patched: R, read on entry (the stack may be gone by the exit); else 0 */
};
_Static_assert(sizeof(struct az_frame) == FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct az_frame, nr) == FRAME_NR, "frame layout");
_Static_assert(__builtin_offsetof(struct az_frame, trap_uc) == FRAME_TRAP_UC, "frame layout");
_Static_assert(__builtin_offsetof(struct az_frame, app_rsp) == FRAME_APP_RSP, "frame layout");
_Static_assert(__builtin_offsetof(struct az_frame, ret) == FRAME_RET, "frame layout");

struct az_lock {
    volatile uint32_t held;
};

/* Signals that reached this vCPU's host thread while libOS code ran: taken over
   (into the process or a thread) by the next safe point. Lock-free: the host
   handler may interrupt any libOS code. */
struct az_incoming {
    volatile uint64_t set;
    struct k_siginfo info[64];
};

struct az_cpu {
    struct az_cpu *self;
    uint64_t kstack;
    uint64_t scratch;
    volatile uint64_t in_libos;
    volatile uint64_t work;
    struct az_thread *current;
    uint8_t sud_selector;
    uint8_t pad[7];
    /* CPU_C_ONLY: below, C only */
    int index;                  /* partition core index */
    int host_cpu;               /* the host CPU it is pinned to */
    long host_tid;              /* its host thread */
    int is_worker;              /* an offload worker, not a vCPU */
    int sud;                    /* Syscall User Dispatch is on for this vCPU's thread */
    struct az_offload_request *request; /* a worker's call in progress */
    struct az_lock lock;        /* run queue and sleepers */
    struct az_thread *run_head, *run_tail;
    struct az_thread *sleepers; /* sorted by deadline */
    int nthreads;               /* threads placed here (running, runnable or blocked) */
    int nrunnable;
    volatile uint32_t idle_seq; /* host futex word an idle vCPU waits on */
    volatile int idle;
    int tick_on;                /* the time-slice timer is armed */
    uint64_t slice_end;         /* when the current thread's slice ends (ns) */
    long tick_timer;            /* host timer id */
    struct az_thread *dead;     /* exited thread whose stack is freed after the switch */
    struct az_thread *migrating; /* queued on its new vCPU once switched out */
    struct az_thread *idle_thread; /* runs when the last thread here moves away */
    uint64_t altstack;          /* host signal stack of this vCPU */
    uint64_t cpu_base, wall_base; /* its host CPU time and the monotonic time when thread CPU clocks became exact */
    struct az_incoming incoming;
};

_Static_assert(__builtin_offsetof(struct az_cpu, kstack) == CPU_KSTACK, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, scratch) == CPU_SCRATCH, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, in_libos) == CPU_IN_LIBOS, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, work) == CPU_WORK, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, current) == CPU_CURRENT, "cpu layout");
_Static_assert(__builtin_offsetof(struct az_cpu, sud_selector) == CPU_SUD_SELECTOR, "cpu layout");

static inline struct az_cpu *this_cpu(void)
{
    struct az_cpu *c;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(c));
    return c;
}
#endif
#endif
