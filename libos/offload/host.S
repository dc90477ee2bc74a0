/*
 * host.S: the one place the libOS issues a Linux system call. It lies in the
 * libOS text, which Syscall User Dispatch lets through; every offloaded call
 * and every host service the libOS uses goes through az_host.
 *   long az_host(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
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
    .section .note.GNU-stack,"",@progbits
