/*
 * crt0.S: a CALL image's program entry (the libOS jumps here with Linux's
 * initial stack: argc, argv, envp, auxv). Clears the frame pointer, aligns
 * the stack and hands the initial stack to __az_start (start.c).
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp
    mov %rsp, %rdi
    and $-16, %rsp
    call __az_start
    ud2
    .size _start, .-_start

    .section .note.GNU-stack, "", @progbits
