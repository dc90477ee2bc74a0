/*
 * host.S: the one place the libOS issues a Linux system call. It lies in the
 * libOS text, which Syscall User Dispatch lets through; every offloaded call
 * and every host service the libOS uses goes through az_host.
 *   long az_host(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
 * Two variants for the offload workers (worker.c): a call a signal can cancel
 * before it starts, and the host clone that starts a host thread.
 */
    .section .text
    .globl az_host
    .hidden az_host
    .type az_host, @function
az_host:
    mov %rdi, %rax
    mov %rsi, %rdi
    mov %rdx, %rsi
    mov %rcx, %rdx
    mov %r8, %r10
    mov %r9, %r8
    mov 8(%rsp), %r9
    syscall
    ret
    .size az_host, .-az_host

/* long az_host_cancellable(const long args[6], long nr, volatile int *cancel):
   the worker's signal handler moves a pc in [az_cp_begin, az_cp_syscall] to
   az_cp_cancel when *cancel is set, so a cancel that comes before the call
   starts is not lost (after, the host call itself returns EINTR). */
    .globl az_host_cancellable
    .hidden az_host_cancellable
    .type az_host_cancellable, @function
az_host_cancellable:
    push %rbx
    mov %rdx, %rbx
    mov %rsi, %rax
    mov %rdi, %r11
    mov 0(%r11), %rdi
    mov 8(%r11), %rsi
    mov 16(%r11), %rdx
    mov 24(%r11), %r10
    mov 32(%r11), %r8
    mov 40(%r11), %r9
    .globl az_cp_begin
    .hidden az_cp_begin
az_cp_begin:
    cmpl $0, (%rbx)
    jne az_cp_cancel
    .globl az_cp_syscall
    .hidden az_cp_syscall
az_cp_syscall:
    syscall
    pop %rbx
    ret
    .globl az_cp_cancel
    .hidden az_cp_cancel
az_cp_cancel:
    mov $-4, %rax
    pop %rbx
    ret
    .size az_host_cancellable, .-az_host_cancellable

/* long az_host_clone(void *stack_top, void (*fn)(void *), void *arg): a host
   thread sharing everything (CLONE_VM, FS, FILES, SIGHAND, THREAD, SYSVSEM),
   starting fn(arg) on stack_top. */
    .globl az_host_clone
    .hidden az_host_clone
    .type az_host_clone, @function
az_host_clone:
    sub $16, %rdi
    mov %rsi, 0(%rdi)                 /* fn and arg, for the child to pop */
    mov %rdx, 8(%rdi)
    mov %rdi, %rsi                    /* the child's stack */
    mov $0x50f00, %edi                /* CLONE_VM | FS | FILES | SIGHAND | THREAD | SYSVSEM */
    mov $56, %eax
    xor %edx, %edx
    xor %r10d, %r10d
    xor %r8d, %r8d
    syscall
    test %rax, %rax
    jnz 1f
    pop %rax
    pop %rdi
    xor %ebp, %ebp
    call *%rax
    ud2
1:  ret
    .size az_host_clone, .-az_host_clone
    .section .note.GNU-stack,"",@progbits
