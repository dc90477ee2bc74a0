/*
 * trampoline.h: the ABI between a rewritten syscall site and the libOS entry
 * it calls. One source of truth: the Java rewriter (TrampolineAbi.java) emits
 * exactly this layout, and a test parses this header to check the two agree.
 *
 * A rewritten site jumps (never calls: a call would write below the
 * application's stack pointer, into its red zone) to a per-site trampoline:
 *
 *     [displaced instructions that preceded the syscall]
 *     lea  rsp, [rsp - AZ_TRAMPOLINE_RED_ZONE]      step over the red zone
 *     call ENTRY                                     call rel32
 *     lea  rsp, [rsp + AZ_TRAMPOLINE_RED_ZONE]      (AZ_TRAMPOLINE_RESUME_LEN bytes)
 *     [displaced instructions that followed the syscall]
 *     jmp  back to the first byte after the patched range
 *
 * ENTRY is the libOS entry for the site's syscall number when the rewriter
 * proved it, else the generic dispatcher. In both cases, on entry:
 *   - rax holds the syscall number (the application set it, as for `syscall`);
 *   - rdi, rsi, rdx, r10, r8, r9 hold the arguments, as for `syscall`;
 *   - [rsp] is the return address R into the trampoline, and the application's
 *     stack pointer at the site is rsp + AZ_ENTRY_APP_RSP_OFFSET;
 *   - the stack is NOT aligned to 16 bytes: the site can be anywhere.
 * On return (ret to R):
 *   - rax holds the result (a negative errno on failure), as for `syscall`;
 *   - every other general register is preserved, except rcx and r11, which
 *     `syscall` also clobbers; vector and x87 state are preserved (the libOS's
 *     C code never touches them);
 *   - rflags may be clobbered: the planner only rewrites sites where no flag
 *     set before the syscall is read after it.
 * exit (60) and exit_group (231), proven by the rewriter, are reached by
 * `jmp rel32` in place of the call: they never return, and their stack may
 * already be unmapped (musl's __unmapself), so nothing may be written to it.
 * Their entries find no return address at [rsp].
 * Calls that do not return to R:
 *   - rt_sigreturn restores the frame found at the application's stack
 *     pointer (rsp + AZ_ENTRY_APP_RSP_OFFSET) and never comes back;
 *   - a clone child resumes at R + AZ_TRAMPOLINE_RESUME_LEN (after the lea that
 *     undoes the red-zone step, which the child must not execute) on the stack
 *     the application gave it; so does a thread whose call completed while a
 *     signal handler ran in between (the handler's ucontext shows the site);
 *   - a call restarted after a signal handler (SA_RESTART) resumes at
 *     R - AZ_TRAMPOLINE_RESTART_BACK, the lea that steps over the red zone, with
 *     the application's registers as they were at the site;
 *   - vfork shares the parent's stack, whose red zone the child may overwrite
 *     (R included), so the planner never rewrites a site proven to be vfork;
 *     the dispatcher must save R elsewhere if an unknown site turns out to be one.
 */
#ifndef AZALEA_TRAMPOLINE_H
#define AZALEA_TRAMPOLINE_H

/* Bytes below the stack pointer the application may use without moving it (SysV ABI). */
#define AZ_TRAMPOLINE_RED_ZONE 128

/* Length of the `lea rsp, [rsp + 128]` after the call: 48 8d a4 24 80 00 00 00. */
#define AZ_TRAMPOLINE_RESUME_LEN 8

/* R minus this is the `lea rsp, [rsp - 128]` (5 bytes) before the `call rel32` (5 bytes). */
#define AZ_TRAMPOLINE_RESTART_BACK 10

/* Distance from the entry's rsp to the application's rsp at the site: the return address and the red zone. */
#define AZ_ENTRY_APP_RSP_OFFSET (8 + AZ_TRAMPOLINE_RED_ZONE)

/* Alignment of each trampoline in the trampoline segment (one fetch block). */
#define AZ_TRAMPOLINE_ALIGN 16

#endif
