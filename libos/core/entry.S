/*
 * entry.S: the libOS entry table's code (ABI in include/azalea/entry.h and
 * trampoline.h). On arrival: rax = syscall number, arguments in rdi, rsi,
 * rdx, r10, r8, r9, [rsp] = return address into the trampoline. Everything
 * but rax, rcx and r11 is preserved; rflags may change.
 *
 * Every non-leaf entry switches to the current thread's libOS stack (the
 * application's may be a small goroutine stack) and pushes a struct az_frame
 * there (cpu.h): all the application's general registers, the number and the
 * way back. Scheduling, clone and signal delivery read the application's
 * state from that frame.
 *
 * Exit windows. A host signal may land anywhere. While in_libos is 1 the host
 * handler only records it and sets cpu->work. The exits restore the
 * application's registers first and then look at work; the instructions from
 * that look to the final ret (or sigreturn) form a window that the handler
 * rewinds to its start (signal.c, az_exit_windows), so a signal recorded after
 * the look is still seen. in_libos is cleared with xchg (a full barrier)
 * and work is looked at again (LEAVE_LIBOS, cpu.h): a vCPU that sets
 * another's work and then reads its in_libos as 0 knows that the other will
 * look (Dekker).
 */
#include "cpu.h"
#include <azalea/trampoline.h>

    .section .text

/* Push a struct az_frame; rax = number, rcx = R, the application's rsp in CPU_SCRATCH. */
.macro PUSH_FRAME trap_uc
    mov %gs:CPU_KSTACK, %rsp
    push %rcx
    push %gs:CPU_SCRATCH
    push \trap_uc
    push %rax
    push %rdi
    push %rsi
    push %rdx
    push %r10
    push %r8
    push %r9
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
.endm

    .globl az_syscall_entry
    .hidden az_syscall_entry
    .type az_syscall_entry, @function
az_syscall_entry:
    movq $1, %gs:CPU_IN_LIBOS         /* first: a host signal during the pushes must wait */
    mov %rsp, %gs:CPU_SCRATCH
    mov (%rsp), %rcx
    PUSH_FRAME $0
    mov %r10, %rcx
    call az_syscall
    .globl az_syscall_exit
    .hidden az_syscall_exit
az_syscall_exit:
    mov %gs:CPU_KSTACK, %rsp
    sub $FRAME_SIZE, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    pop %r9
    pop %r8
    pop %r10
    pop %rdx
    pop %rsi
    pop %rdi
    mov 24(%rsp), %rcx              /* FRAME_RET: R, read on entry */
    mov 16(%rsp), %rsp              /* FRAME_APP_RSP */
    lea 8(%rsp), %rsp               /* as the ret would leave it, without reading the stack */
    .globl az_exit_window
    .hidden az_exit_window
az_exit_window:
    LEAVE_LIBOS %r11, 2f
    .globl az_exit_window_last
    .hidden az_exit_window_last
az_exit_window_last:
    jmp *%rcx
    /* Work arrived: back to the frame (still intact below the stack top) with
       the result, and let C look at it; it returns the result to give. */
2:  mov %gs:CPU_KSTACK, %rsp
    sub $FRAME_SIZE, %rsp
    mov %rax, %rdi
    call az_exit_work
    jmp az_syscall_exit
    .size az_syscall_entry, .-az_syscall_entry

/* exit and exit_group: the trampoline jumps here (trampoline.h): no return
   address, and the stack may already be unmapped (musl's __unmapself). */
#define NORETURN_ENTRY(name)                   \
    .globl az_entry_##name;                    \
    .hidden az_entry_##name;                   \
    .type az_entry_##name, @function;          \
az_entry_##name:                               \
    movq $1, %gs:CPU_IN_LIBOS;                 \
    mov %rsp, %gs:CPU_SCRATCH;                 \
    xor %ecx, %ecx;                            \
    PUSH_FRAME $0;                             \
    mov %r10, %rcx;                            \
    call az_syscall;                           \
    ud2;                                       \
    .size az_entry_##name, .-az_entry_##name

NORETURN_ENTRY(exit)
NORETURN_ENTRY(exit_group)

/* A leaf entry: when tracing, go the generic way so the call is printed. */
#define LEAF(name, value)                      \
    .globl az_entry_##name;                    \
    .hidden az_entry_##name;                   \
    .type az_entry_##name, @function;          \
az_entry_##name:                               \
    cmpl $0, az_trace_on(%rip);                \
    jne az_syscall_entry;                      \
    mov value(%rip), %rax;                     \
    ret;                                       \
    .size az_entry_##name, .-az_entry_##name

LEAF(getpid, az_pid_cached)
LEAF(getppid, az_ppid_cached)
LEAF(getuid, az_uid_cached)
LEAF(geteuid, az_euid_cached)
LEAF(getgid, az_gid_cached)
LEAF(getegid, az_egid_cached)

/* gettid: the current thread's id, still no stack and no state change. */
    .globl az_entry_gettid
    .hidden az_entry_gettid
    .type az_entry_gettid, @function
az_entry_gettid:
    cmpl $0, az_trace_on(%rip)
    jne az_syscall_entry
    mov %gs:CPU_CURRENT, %rax
    mov THREAD_TID(%rax), %rax
    ret
    .size az_entry_gettid, .-az_entry_gettid

/* clock_gettime of a clock the vDSO reads: the vDSO call, on the application's
   stack below the red zone, keeping the registers `syscall` keeps (rdi, rsi,
   rdx, r8-r10); other clocks, or no vDSO, or tracing: the generic way. */
    .globl az_entry_clock_gettime
    .hidden az_entry_clock_gettime
    .type az_entry_clock_gettime, @function
az_entry_clock_gettime:
    cmpl $0, az_trace_on(%rip)
    jne az_syscall_entry
    cmp $63, %rdi
    ja az_syscall_entry
    mov $AZ_VDSO_CLOCKS, %ecx
    bt %rdi, %rcx
    jnc az_syscall_entry
    mov az_vdso_clock_gettime(%rip), %rcx
    test %rcx, %rcx
    jz az_syscall_entry
    push %rbp
    mov %rsp, %rbp
    and $-16, %rsp
    push %rdi
    push %rsi
    push %rdx
    push %r8
    push %r9
    push %r10
    call *%rcx
    pop %r10
    pop %r9
    pop %r8
    pop %rdx
    pop %rsi
    pop %rdi
    mov %rbp, %rsp
    pop %rbp
    ret
    .size az_entry_clock_gettime, .-az_entry_clock_gettime

/* rt_sigreturn: the frame the libOS built is at the application's stack
   pointer; signal.c restores it (the generic path knows where it is). */
    .globl az_entry_rt_sigreturn
    .hidden az_entry_rt_sigreturn
    .type az_entry_rt_sigreturn, @function
az_entry_rt_sigreturn:
    jmp az_syscall_entry
    .size az_entry_rt_sigreturn, .-az_entry_rt_sigreturn

/*
 * SIGSYS from Syscall User Dispatch: the trap fallback for sites the rewriter
 * left alone. The kernel rolled rax back to the syscall number and put its
 * frame on the vCPU's signal stack; move that frame to the thread's libOS
 * stack, push the same struct az_frame from its context, serve the call,
 * write the result into the context and return through the host's sigreturn.
 *   void az_sigsys_entry(int sig, siginfo_t *info, ucontext_t *uc)
 */
#define UC_GREGS 40
#define UC_SIGMASK 296
#define G(r) (UC_GREGS + 8 * (r))
.macro COPY reg, off
    mov G(\reg)(%r12), %rax
    mov %rax, \off(%rsp)
.endm
    .globl az_sigsys_entry
    .hidden az_sigsys_entry
    .type az_sigsys_entry, @function
az_sigsys_entry:
    cmpl $2, 8(%rsi)                  /* si_code == SYS_USER_DISPATCH? */
    jne az_signal_entry
az_trap_serve:
    movq $1, %gs:CPU_IN_LIBOS         /* before the stack switch: a host signal now must wait */
    mov %rsp, %rbx
    mov %rdx, %r12
    mov %rsp, %rdi
    mov %rdx, %rsi
    sub $8, %rsp                      /* rsp was 8 mod 16, as at a function's entry */
    call az_trap_frame_move           /* the host frame, off the vCPU's signal stack (signal.c) */
    sub %rbx, %r12
    add %rax, %r12                    /* the context, moved; kept in r12 up to the sigreturn */
    mov %rax, %rbx                    /* callee-saved: [rbx] = the restorer; C runs below rbx */
    mov %gs:CPU_KSTACK, %rsp
    sub $FRAME_SIZE, %rsp
    mov $14, %eax                     /* rt_sigprocmask(SIG_SETMASK, the mask at the trap, 0, 8): */
    mov $2, %edi                      /* host signals again, now that in_libos is 1 and nothing */
    lea UC_SIGMASK(%r12), %rsi        /* lives on the signal stack */
    xor %edx, %edx
    mov $8, %r10d
    syscall
    COPY 7, 0                         /* r15 */
    COPY 6, 8                         /* r14 */
    COPY 5, 16                        /* r13 */
    COPY 4, 24                        /* r12 */
    COPY 10, 32                       /* rbp */
    COPY 11, 40                       /* rbx */
    COPY 1, 48                        /* r9 */
    COPY 0, 56                        /* r8 */
    COPY 2, 64                        /* r10 */
    COPY 12, 72                       /* rdx */
    COPY 9, 80                        /* rsi */
    COPY 8, 88                        /* rdi */
    COPY 13, FRAME_NR                 /* rax: the number */
    COPY 15, FRAME_APP_RSP            /* rsp */
    mov %r12, FRAME_TRAP_UC(%rsp)
    movq $0, FRAME_RET(%rsp)
    mov G(8)(%r12), %rdi
    mov G(9)(%r12), %rsi
    mov G(12)(%r12), %rdx
    mov G(2)(%r12), %rcx
    mov G(0)(%r12), %r8
    mov G(1)(%r12), %r9
    lea -8(%rbx), %rsp                /* below the moved frame; rbx is 8 mod 16, as at a handler's entry */
    call az_syscall
    mov %rax, G(13)(%r12)
    .globl az_trap_window
    .hidden az_trap_window
az_trap_window:
    LEAVE_LIBOS %rcx, 2f
    mov %rbx, %rsp
    .globl az_trap_window_ret
    .hidden az_trap_window_ret
az_trap_window_ret:
    ret                               /* to az_sigsys_restorer: still in the window */
2:  lea -8(%rbx), %rsp
    mov %r12, %rdi
    call az_trap_exit_work
    jmp az_trap_window
    .size az_sigsys_entry, .-az_sigsys_entry

/*
 * SIGTRAP: a trap site's int 3 (CD 03; image.h, traps[]) is a system call
 * the rewriter could not route through a trampoline. The kernel reports it
 * with si_code SI_KERNEL and the pc after the 2-byte instruction, as for a
 * `syscall`, so the SIGSYS path serves it as it is. Any other SIGTRAP (a
 * one-byte int3, a single step, one sent by another process) goes to
 * az_signal_entry with every host signal blocked, as that handler's own
 * registration would have them.
 *   void az_sigtrap_entry(int sig, siginfo_t *info, ucontext_t *uc)
 */
#define SI_KERNEL 0x80
#define REG_RIP 16
    .globl az_sigtrap_entry
    .hidden az_sigtrap_entry
    .type az_sigtrap_entry, @function
az_sigtrap_entry:
    cmpl $SI_KERNEL, 8(%rsi)
    jne 1f
    push %rdi
    push %rsi
    push %rdx
    mov G(REG_RIP)(%rdx), %rdi
    sub $2, %rdi                      /* the site: the instruction before the pc */
    call az_trap_site                 /* on the vCPU's signal stack, below the frame */
    pop %rdx
    pop %rsi
    pop %rdi
    test %eax, %eax
    jnz az_trap_serve
1:  jmp az_signal_entry
    .size az_sigtrap_entry, .-az_sigtrap_entry

/* The SIGSYS handler's restorer: the end of the trap window. */
    .globl az_sigsys_restorer
    .hidden az_sigsys_restorer
    .type az_sigsys_restorer, @function
az_sigsys_restorer:
    mov $15, %eax
    .globl az_trap_window_last
    .hidden az_trap_window_last
az_trap_window_last:
    syscall
    ud2
    .size az_sigsys_restorer, .-az_sigsys_restorer

/*
 * Every other host signal lands here, on the vCPU's host signal stack, with
 * all host signals blocked: signal.c records it and may redirect the context
 * (into the libOS, to deliver or to switch threads).
 */
    .globl az_signal_entry
    .hidden az_signal_entry
    .type az_signal_entry, @function
az_signal_entry:
    sub $8, %rsp
    call az_host_signal
    add $8, %rsp
    ret
    .size az_signal_entry, .-az_signal_entry

/* The restorer for the libOS's own host handlers: in libOS text, so allowed. */
    .globl az_signal_restorer
    .hidden az_signal_restorer
    .type az_signal_restorer, @function
az_signal_restorer:
    mov $15, %eax
    syscall
    ud2
    .size az_signal_restorer, .-az_signal_restorer

    .section .note.GNU-stack,"",@progbits
