/*
 * switch.S: moving a vCPU from one libOS thread to another, and returning a
 * thread to the application with a full context.
 *
 * az_switch is the only way threads change on a vCPU: both threads are in the
 * libOS, so only the callee-saved registers and the application's FP/vector
 * state (which the libOS never touches, but the next thread's application
 * code will) need saving. A thread that was preempted in application code
 * sits in the libOS too, on a stub that resumes its full context
 * (az_app_work_stub); one that has never run enters az_thread_first_run.
 *
 * az_resume_frame returns to the application through the host's rt_sigreturn
 * on a frame the libOS built (every register, flags, FP state at once). Its
 * window [az_resume_window, az_resume_window_last] works like entry.S's.
 */
#include "cpu.h"

    .section .text

/* void az_switch(uint64_t *save_ksp, uint64_t load_ksp, void *save_fp, void *load_fp) */
    .globl az_switch
    .hidden az_switch
    .type az_switch, @function
az_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rdx, %r12
    mov %rcx, %r13
    mov $-1, %eax
    mov $-1, %edx
    xsave64 (%r12)
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    mov $-1, %eax
    mov $-1, %edx
    xrstor64 (%r13)
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret
    .size az_switch, .-az_switch

/* void az_fp_save(void *area), az_fp_load(void *area): XSAVE format, every enabled component */
    .globl az_fp_save
    .hidden az_fp_save
    .type az_fp_save, @function
az_fp_save:
    mov $-1, %eax
    mov $-1, %edx
    xsave64 (%rdi)
    ret
    .size az_fp_save, .-az_fp_save

/* A thread interrupted in application code continues here, on its libOS stack. */
    .globl az_app_work_stub
    .hidden az_app_work_stub
    .type az_app_work_stub, @function
az_app_work_stub:
    call az_app_work
    ud2
    .size az_app_work_stub, .-az_app_work_stub

/* AZ_NORETURN void az_resume_frame(struct k_ucontext *uc): uc is inside a host
   rt_sigframe on this stack (the return-address slot just below it). */
    .globl az_resume_frame
    .hidden az_resume_frame
    .type az_resume_frame, @function
az_resume_frame:
    mov %rdi, %rsp
    .globl az_resume_window
    .hidden az_resume_window
az_resume_window:
    LEAVE_LIBOS %rcx, 2f
    mov $15, %eax
    .globl az_resume_window_last
    .hidden az_resume_window_last
az_resume_window_last:
    syscall
2:  mov %rsp, %rbx
    mov %rsp, %rdi
    sub $1024, %rsp                   /* below the frame's return-address slot */
    and $-16, %rsp
    call az_resume_work
    mov %rbx, %rsp
    jmp az_resume_window
    .size az_resume_frame, .-az_resume_frame

    .section .note.GNU-stack,"",@progbits
