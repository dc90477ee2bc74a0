/*
 * syscall.c: the entry table (one slot per Linux x86-64 syscall number) and
 * the dispatcher every non-leaf entry reaches. The SYSCALLS list below is the
 * one source of truth for what the libOS supports: it fills both the handler
 * table and az_syscall_support, which the image linker and `azalea inspect`
 * read from the built libOS (entry.h).
 *
 * A Linux system call without a handler returns -ENOSYS and is named on stderr
 * the first time, with the site that made it, so a missing call is never
 * silent; a number Linux itself does not define returns -ENOSYS as on Linux.
 */
#include "thread.h"
#include <asm/unistd.h>
#include <azalea/entry.h>
#include <azalea/image.h>
#include "syscalls.h"

#define HANDLER(name, kind) [__NR_##name] = kind##_HANDLER(name),
#define SUPPORT(name, kind) [__NR_##name] = AZ_SUPPORT_##kind,
#define INTERNAL_HANDLER(name) sys_##name
#define OFFLOAD_HANDLER(name) az_offload
#define DECLARE(name, kind) DECLARE_##kind(name)
#define DECLARE_INTERNAL(name) long sys_##name(long, long, long, long, long, long);
#define DECLARE_OFFLOAD(name)

AZ_SYSCALLS(DECLARE)

static const az_syscall_fn table[AZ_NR_SYSCALLS] = {AZ_SYSCALLS(HANDLER)};
const uint8_t az_syscall_support[AZ_NR_SYSCALLS] = {AZ_SYSCALLS(SUPPORT)};

static const char *const names[AZ_NR_SYSCALLS] = {
#include "syscall_names.h"
};

static uint8_t reported[AZ_NR_SYSCALLS / 8];

const char *az_syscall_name(long nr)
{
    return nr >= 0 && nr < AZ_NR_SYSCALLS ? names[nr] : 0;
}

/* The site whose trampoline holds return address ret (the site table is
   sorted by trampoline), or 0. */
uint64_t az_site_of(uint64_t ret)
{
    const struct az_site *s = (const struct az_site *)az_image->sites;
    long found = az_floor_index(s, (long)az_image->site_count, sizeof *s, ret);
    return found < 0 || ret < s[found].trampoline || ret >= az_image->tramp_end ? 0 : s[found].site;
}

/* The application's `syscall` this call replaces: the trapped instruction, or the
   site whose trampoline holds the return address. */
uint64_t az_current_site(void)
{
    struct az_thread *t = az_current();
    if (!t)
        return 0;
    struct az_frame *f = az_frame(t);
    if (f->trap_uc)
        return f->trap_uc->gregs[REG_RIP] - 2;
    return f->ret ? az_site_of(f->ret) : 0;
}

long az_current_nr(void)
{
    struct az_thread *t = az_current();
    return t ? (long)az_frame(t)->nr : -1;
}

/* A Linux system call the libOS does not offer: named once, with its site. */
long az_unsupported(long nr)
{
    /* A number Linux does not define gets Linux's silent -ENOSYS: nothing is missing. */
    if (nr < 0 || nr >= AZ_NR_SYSCALLS || !names[nr])
        return -ENOSYS;
    uint8_t bit = (uint8_t)(1u << (nr & 7));
    if (!(__atomic_fetch_or(&reported[nr >> 3], bit, __ATOMIC_RELAXED) & bit))
        az_printf("azalea: unsupported syscall %s (%ld) at %p: returning -ENOSYS\n", names[nr], nr,
                  (void *)az_current_site());
    return -ENOSYS;
}

/* A host call a signal interrupted: Linux's restart class for that call. */
static long interrupted(long nr)
{
    switch (nr) {
    case 7 /* poll */: case 271 /* ppoll */: case 23 /* select */: case 270 /* pselect6 */:
    case 232 /* epoll_wait */: case 281 /* epoll_pwait */: case 441 /* epoll_pwait2 */:
        return -ERESTARTNOHAND;
    default:
        return -ERESTARTSYS;
    }
}

/* ppoll (4th argument), pselect6 (6th: {mask pointer, size}), epoll_pwait
   and epoll_pwait2 (5th) carry a temporary signal mask: it is the thread's, virtual, for the
   call; the host sees none. */
static int take_temporary_mask(long nr, long args[6])
{
    const uint64_t *mask = 0;
    if (nr == 271 && args[3]) {
        mask = (const uint64_t *)args[3];
        args[3] = 0;
    } else if ((nr == 281 || nr == 441) && args[4]) {
        mask = (const uint64_t *)args[4];
        args[4] = 0;
    } else if (nr == 270 && args[5]) {
        uint64_t pair[2]; /* {mask pointer, size} */
        if (az_copy_user(pair, (const void *)args[5], sizeof pair))
            return -EFAULT;
        mask = (const uint64_t *)pair[0];
        if (mask)
            args[5] = 0;
    }
    uint64_t m;
    if (mask && az_copy_user(&m, mask, sizeof m))
        return -EFAULT;
    if (mask)
        az_signal_temporary_mask(m);
    return mask != 0;
}

/* Whether pc is a trap site (an int 3 the rewriter put for a `syscall`): entry.S's SIGTRAP path. */
int az_trap_site(uint64_t pc)
{
    const uint64_t *traps = (const uint64_t *)az_image->traps;
    long found = az_floor_index(traps, (long)az_image->trap_count, sizeof *traps, pc);
    return found >= 0 && traps[found] == pc;
}

long az_offload(long a1, long a2, long a3, long a4, long a5, long a6)
{
    long nr = az_current_nr();
    long args[6] = {a1, a2, a3, a4, a5, a6};
    int masked = take_temporary_mask(nr, args);
    if (masked < 0)
        return masked;
    /* A signal already pending that the temporary mask lets in is virtual:
       the host would wait without seeing it. Linux answers ready descriptors
       first, else EINTR: look once without waiting. */
    struct k_timespec zero = {0, 0};
    int due = masked && az_signal_deliverable(az_current());
    if (due && nr == 281)
        args[3] = 0; /* epoll_pwait's timeout is in ms; the others' a timespec */
    else if (due)
        args[nr == 271 ? 2 : nr == 270 ? 4 : 3] = (long)&zero;
    az_pipe_before_host(nr, args);
    long r;
    if (!due && az_thread_count() > 1 && az_offload_may_block(nr, args))
        r = az_offload_async(nr, args);
    else
        r = az_host(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
    if (due && r == 0)
        r = -EINTR;
    if (r == -EINTR)
        r = interrupted(nr);
    if (masked)
        az_signal_end_temporary_mask(r);
    return r;
}

static long dispatch(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    az_syscall_fn fn = (unsigned long)nr < AZ_NR_SYSCALLS ? table[nr] : 0;
    long ret = fn ? fn(a1, a2, a3, a4, a5, a6) : az_unsupported(nr);
    /* A restart code never reaches the application: the exit looks at it. */
    if (unlikely(az_restart_code(ret)))
        __atomic_or_fetch(&this_cpu()->work, WORK_SIGNAL, __ATOMIC_SEQ_CST);
    return ret;
}

long az_syscall(long a1, long a2, long a3, long a4, long a5, long a6)
{
    long nr = az_current_nr();
    if (likely(!az_trace_on))
        return dispatch(nr, a1, a2, a3, a4, a5, a6);
    const long args[6] = {a1, a2, a3, a4, a5, a6};
    int via_trap = az_frame(az_current())->trap_uc != 0;
    /* Calls that never return are traced before they run, as strace does ("= ?"). */
    if (nr == NR_exit || nr == NR_exit_group || nr == NR_rt_sigreturn)
        az_trace(nr, args, 0, via_trap, az_current_site());
    long ret = dispatch(nr, a1, a2, a3, a4, a5, a6);
    if (!az_restart_code(ret))
        az_trace(nr, args, ret, via_trap, az_current_site());
    return ret;
}

/* The call of the current frame again, after a restart code no handler claimed. */
long az_syscall_restart(void)
{
    struct az_frame *f = az_frame(az_current());
    return az_syscall((long)f->rdi, (long)f->rsi, (long)f->rdx, (long)f->r10, (long)f->r8, (long)f->r9);
}
