/*
 * entry.h: the libOS entry table, as the image linker sees it.
 *
 * Symbols the linker resolves in the libOS ELF (all functions follow the
 * register contract of trampoline.h: rax = syscall number, arguments as for
 * `syscall`, every register but rax, rcx and r11 preserved):
 *   az_syscall_entry      the generic dispatcher: any number in rax, including
 *                         numbers the rewriter could not prove;
 *   az_entry_<name>       a dedicated entry for syscall <name> (Linux's name,
 *                         e.g. az_entry_getpid), used by a trampoline whose
 *                         site was proven to make that call; only calls that
 *                         gain from a dedicated path have one;
 *   az_entry_rt_sigreturn restores the signal frame (built by the libOS) at the
 *                         application's stack pointer (rsp + AZ_ENTRY_APP_RSP_OFFSET);
 *                         never returns;
 *   az_entry_exit, az_entry_exit_group
 *                         reached by jmp, not call (trampoline.h): no return
 *                         address on the stack, which may be unmapped; never return;
 *   az_boot               the image's entry point (the process's first instruction);
 *   az_image              8 bytes: the linker stores the image note descriptor's
 *                         runtime address here (image.h).
 *   az_syscall_support    AZ_NR_SYSCALLS bytes, one per syscall number: what the
 *                         libOS does with it (AZ_SUPPORT_*). The C table in
 *                         core/syscalls.h is the one source of truth;
 *                         `azalea inspect` and `azalea convert` read this array.
 */
#ifndef AZALEA_ENTRY_H
#define AZALEA_ENTRY_H

#define AZ_NR_SYSCALLS 512

#define AZ_SUPPORT_NONE 0     /* returns -ENOSYS, named once on stderr */
#define AZ_SUPPORT_INTERNAL 1 /* served by the libOS itself */
#define AZ_SUPPORT_OFFLOAD 2  /* served by the full-weight kernel (Linux) */

#endif
