/*
 * usercopy.S: copying to and from the application's memory, where a bad
 * address must give the application EFAULT, as Linux's copy_to_user does,
 * not crash the libOS.
 *
 * long az_copy_user(void *dst, const void *src, size_t n): copies n bytes and
 * returns how many it did NOT copy (0: all). A fault on either side stops
 * `rep movsb` with %rcx = the bytes left; the host fault handler (signal.c)
 * finds the pc at az_copy_user_insn and resumes at az_copy_user_fault.
 */
    .text
    .globl az_copy_user, az_copy_user_insn, az_copy_user_fault
    .type az_copy_user, @function
az_copy_user:
    mov %rdx, %rcx
az_copy_user_insn:
    rep movsb
    xor %eax, %eax
    ret
az_copy_user_fault:
    mov %rcx, %rax
    ret
    .size az_copy_user, . - az_copy_user
    .section .note.GNU-stack, "", @progbits
