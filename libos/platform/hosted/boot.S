/*
 * boot.S: the image's first instruction (e_entry). Linux left argc, argv,
 * envp and auxv at rsp; boot.c reads them, sets up the partition and calls
 * az_enter_app, which starts the application on the stack boot.c built.
 */
    .section .text.boot, "ax"
    .globl az_boot
    .hidden az_boot
    .type az_boot, @function
az_boot:
    xor %ebp, %ebp
    mov %rsp, %rdi
    and $-16, %rsp
    call az_boot_main
    ud2
    .size az_boot, .-az_boot

/* void az_enter_app(uint64_t entry, uint64_t sp): as Linux starts a program,
   with rdx = 0 (no exit function to register) and the other registers zero. */
    .globl az_enter_app
    .hidden az_enter_app
    .type az_enter_app, @function
az_enter_app:
    mov %rsi, %rsp
    mov %rdi, %r11
    xor %eax, %eax
    xor %ebx, %ebx
    xor %ecx, %ecx
    xor %edx, %edx
    xor %esi, %esi
    xor %edi, %edi
    xor %ebp, %ebp
    xor %r8d, %r8d
    xor %r9d, %r9d
    xor %r10d, %r10d
    xor %r12d, %r12d
    xor %r13d, %r13d
    xor %r14d, %r14d
    xor %r15d, %r15d
    jmp *%r11
    .size az_enter_app, .-az_enter_app
    .section .note.GNU-stack,"",@progbits
