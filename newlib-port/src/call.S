/*
 * call.S: the CALL runtime's only way into the libOS: plain calls to the
 * entry table (az_syscall_entry, az_entry_<name>), whose addresses the image
 * linker's layout fixes (`azalea build` defines them for the link). Each
 * call is laid out exactly like a rewritten site's trampoline
 * (libos/include/azalea/trampoline.h): step over 128 bytes, call rel32, step
 * back with the 8-byte lea. The libOS relies on that shape: a clone child
 * resumes after the lea, a restarted call goes back to the first lea, and
 * the application's stack pointer is the entry's plus 136.
 */
    .text

/* The call as the trampoline makes it; rax = number, Linux's argument registers set. */
.macro ENTRY_CALL target
    lea -128(%rsp), %rsp
    call \target
    lea 128(%rsp), %rsp
.endm

/* long __az_call(long number, long a1, ..., long a6): C arguments to the syscall registers. */
    .globl __az_call
    .type __az_call, @function
__az_call:
    mov %rdi, %rax
    mov %rsi, %rdi
    mov %rdx, %rsi
    mov %rcx, %rdx
    mov %r8, %r10
    mov %r9, %r8
    mov 8(%rsp), %r9
    ENTRY_CALL az_syscall_entry
    ret
    .size __az_call, .-__az_call

/* The identity calls: the libOS's leaf entries answer without a stack switch. */
.macro LEAF name, number
    .globl \name
    .type \name, @function
\name:
    mov $\number, %eax
    ENTRY_CALL az_entry_\name
    ret
    .size \name, .-\name
.endm

LEAF getpid, 39
LEAF getppid, 110
LEAF getuid, 102
LEAF geteuid, 107
LEAF getgid, 104
LEAF getegid, 108
LEAF gettid, 186

/* int __az_clock_gettime(int linux_clock, struct timespec *ts): the libOS's vDSO-backed entry. */
    .globl __az_clock_gettime
    .type __az_clock_gettime, @function
__az_clock_gettime:
    mov $228, %eax
    ENTRY_CALL az_entry_clock_gettime
    ret
    .size __az_clock_gettime, .-__az_clock_gettime

/*
 * long __az_clone(int (*fn)(void *), void *stack, unsigned long flags, void *arg,
 *                 int *ptid, void *tls, int *ctid): Linux clone. fn and arg
 * travel on the child's stack (as glibc and musl pass them: the child is
 * sure of its stack pointer only); it leaves through exit when fn returns.
 */
    .globl __az_clone
    .type __az_clone, @function
__az_clone:
    sub $16, %rsi
    mov %rdi, (%rsi)
    mov %rcx, 8(%rsi)
    mov %rdx, %rdi
    mov %r8, %rdx
    mov %r9, %r8
    mov 8(%rsp), %r10
    mov $56, %eax
    ENTRY_CALL az_syscall_entry
    test %rax, %rax
    jz 1f
    ret
1:  xor %ebp, %ebp
    pop %rax
    pop %rdi
    call *%rax
    mov %eax, %edi
    mov $60, %eax
    jmp az_entry_exit
    .size __az_clone, .-__az_clone

/* void __az_exit_thread(int status): this thread ends (exit, reached by jmp: its stack may go). */
    .globl __az_exit_thread
    .type __az_exit_thread, @function
__az_exit_thread:
    mov $60, %eax
    jmp az_entry_exit
    .size __az_exit_thread, .-__az_exit_thread

/* void _exit(int status): the process ends (exit_group). */
    .globl _exit
    .type _exit, @function
_exit:
    mov $231, %eax
    jmp az_entry_exit_group
    .size _exit, .-_exit

/* A signal handler returns here (sa_restorer): rt_sigreturn finds its frame at rsp + 136. */
    .globl __az_restore_rt
    .type __az_restore_rt, @function
__az_restore_rt:
    mov $15, %eax
    lea -128(%rsp), %rsp
    call az_entry_rt_sigreturn
    ud2
    .size __az_restore_rt, .-__az_restore_rt

    .section .note.GNU-stack, "", @progbits
