/*
 * entry.S: the libOS entry table's code (ABI in include/azalea/entry.h and
 * trampoline.h). On arrival: rax = syscall number, arguments in rdi, rsi,
 * rdx, r10, r8, r9, [rsp] = return address into the trampoline. Everything
 * but rax, rcx and r11 is preserved; rflags may change.
 *
 * The generic path switches to the libOS stack (the application's may be a
 * small goroutine stack), saves the argument registers C may clobber, marks
 * the vCPU as inside the libOS (signals arriving now are deferred, see
 * signal.c) and calls az_syscall. On the way out it delivers what was deferred.
 *
 * Leaf entries serve calls whose answer is fixed for the image's life with
 * no stack and no state: they are the cost of a function call.
 */
#include "cpu.h"
#include <azalea/trampoline.h>

    .section .text

    .globl az_syscall_entry
    .hidden az_syscall_entry
    .type az_syscall_entry, @function
az_syscall_entry:
    mov %rsp, %gs:CPU_APP_RSP
    mov %rax, %gs:CPU_NR
    movq $0, %gs:CPU_VIA_TRAP
    mov %gs:CPU_KSTACK, %rsp
    push %rdi
    push %rsi
    push %rdx
    push %r8
    push %r9
    push %r10
    incq %gs:CPU_IN_LIBOS
    mov %r10, %rcx
    call az_syscall
    decq %gs:CPU_IN_LIBOS
    pop %r10
    pop %r9
    pop %r8
    pop %rdx
    pop %rsi
    pop %rdi
    mov %gs:CPU_APP_RSP, %rsp
    cmpq $0, %gs:CPU_PENDING
    jne 2f
    ret
    /* Deferred signals are delivered here, on the application's stack (the
       trampoline stepped over its red zone), as if they arrived at the site. */
2:  push %rax
    push %rdi
    push %rsi
    push %rdx
    push %r8
    push %r9
    push %r10
    push %rbx
    mov %rsp, %rbx
    and $-16, %rsp
    call az_signal_redeliver
    mov %rbx, %rsp
    pop %rbx
    pop %r10
    pop %r9
    pop %r8
    pop %rdx
    pop %rsi
    pop %rdi
    pop %rax
    ret
    .size az_syscall_entry, .-az_syscall_entry

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
LEAF(gettid, az_tid_cached)
LEAF(getppid, az_ppid_cached)
LEAF(getuid, az_uid_cached)
LEAF(geteuid, az_euid_cached)
LEAF(getgid, az_gid_cached)
LEAF(getegid, az_egid_cached)

/*
 * rt_sigreturn: the signal frame is at the application's stack pointer,
 * above the return address and the red zone the trampoline stepped over.
 * The host kernel built that frame; it restores it.
 */
    .globl az_entry_rt_sigreturn
    .hidden az_entry_rt_sigreturn
    .type az_entry_rt_sigreturn, @function
az_entry_rt_sigreturn:
    lea AZ_ENTRY_APP_RSP_OFFSET(%rsp), %rsp
    mov $15, %eax
    syscall
    ud2
    .size az_entry_rt_sigreturn, .-az_entry_rt_sigreturn

/*
 * SIGSYS from Syscall User Dispatch: the trap fallback for sites the rewriter
 * left alone. The kernel rolled rax back to the syscall number and put the
 * frame on the application's stack; serve the call on the libOS stack and
 * write the result into the frame. rt_sigreturn is special: the frame to
 * restore is the application's, not this one.
 *   void az_sigsys_entry(int sig, siginfo_t *info, ucontext_t *uc)
 */
#define UC_GREGS 40
#define G(r) (UC_GREGS + 8 * (r))
    .globl az_sigsys_entry
    .hidden az_sigsys_entry
    .type az_sigsys_entry, @function
az_sigsys_entry:
    cmpl $2, 8(%rsi)                  /* si_code == SYS_USER_DISPATCH? */
    jne az_signal_entry
    mov G(13)(%rdx), %rax             /* REG_RAX: the number */
    cmp $15, %rax
    je 3f
    mov %rsp, %rbx                    /* callee-saved: the frame stays reachable */
    mov %rdx, %r12
    mov %rax, %gs:CPU_NR
    movq $1, %gs:CPU_VIA_TRAP
    mov G(16)(%rdx), %rcx             /* REG_RIP is after the 2-byte syscall */
    sub $2, %rcx
    mov %rcx, %gs:CPU_TRAP_SITE
    mov %gs:CPU_KSTACK, %rsp
    incq %gs:CPU_IN_LIBOS
    mov G(8)(%rdx), %rdi              /* REG_RDI */
    mov G(9)(%rdx), %rsi              /* REG_RSI */
    mov G(2)(%r12), %rcx              /* REG_R10 */
    mov G(0)(%r12), %r8               /* REG_R8 */
    mov G(1)(%r12), %r9               /* REG_R9 */
    mov G(12)(%r12), %rdx             /* REG_RDX */
    call az_syscall
    mov %rax, G(13)(%r12)
    decq %gs:CPU_IN_LIBOS
    mov %rbx, %rsp
    cmpq $0, %gs:CPU_PENDING
    je 4f
    sub $8, %rsp
    call az_signal_redeliver
    add $8, %rsp
4:  ret
3:  mov G(15)(%rdx), %rsp             /* REG_RSP: where the app's restorer left it */
    mov $15, %eax
    syscall
    ud2
    .size az_sigsys_entry, .-az_sigsys_entry

/*
 * Every host signal the application has a handler for lands here first
 * (signal.c decides): az_signal_route returns the handler to run in the
 * application's context, or 0 when the signal was deferred or handled.
 */
    .globl az_signal_entry
    .hidden az_signal_entry
    .type az_signal_entry, @function
az_signal_entry:
    push %rdi
    push %rsi
    push %rdx
    call az_signal_route
    pop %rdx
    pop %rsi
    pop %rdi
    test %rax, %rax
    jz 5f
    jmp *%rax
5:  ret
    .size az_signal_entry, .-az_signal_entry

/* The restorer for handlers the libOS installs on the host: in libOS text, so allowed. */
    .globl az_signal_restorer
    .hidden az_signal_restorer
    .type az_signal_restorer, @function
az_signal_restorer:
    mov $15, %eax
    syscall
    ud2
    .size az_signal_restorer, .-az_signal_restorer

    .section .note.GNU-stack,"",@progbits
