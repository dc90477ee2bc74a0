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
#include "az.h"
#include <asm/unistd.h>
#include <azalea/entry.h>
#include <azalea/image.h>
#include "syscalls.h"

long az_offload(long a1, long a2, long a3, long a4, long a5, long a6);

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

/* The application's `syscall` this call replaces: the trapped instruction, or the
   site whose trampoline holds the return address (the site table is sorted by trampoline). */
uint64_t az_current_site(void)
{
    struct az_cpu *c = this_cpu();
    if (c->via_trap)
        return c->trap_site;
    uint64_t ret = *(uint64_t *)c->app_rsp;
    const struct az_site *s = (const struct az_site *)az_image->sites;
    long found = az_floor_index(s, (long)az_image->site_count, sizeof *s, ret);
    return found < 0 ? 0 : s[found].site;
}

static long enosys(long nr)
{
    /* A number Linux does not define gets Linux's silent -ENOSYS: nothing is missing. */
    if (nr < 0 || nr >= AZ_NR_SYSCALLS || !names[nr])
        return -ENOSYS;
    uint8_t bit = (uint8_t)(1u << (nr & 7));
    if (!(reported[nr >> 3] & bit)) {
        reported[nr >> 3] |= bit;
        az_printf("azalea: unsupported syscall %s (%ld) at %p: returning -ENOSYS\n", names[nr], nr,
                  (void *)az_current_site());
    }
    return -ENOSYS;
}

long az_offload(long a1, long a2, long a3, long a4, long a5, long a6)
{
    return az_host((long)this_cpu()->nr, a1, a2, a3, a4, a5, a6);
}

long az_syscall(long a1, long a2, long a3, long a4, long a5, long a6)
{
    struct az_cpu *c = this_cpu();
    long nr = (long)c->nr;
    az_syscall_fn fn = (unsigned long)nr < AZ_NR_SYSCALLS ? table[nr] : 0;
    const long args[6] = {a1, a2, a3, a4, a5, a6};
    /* Calls that never return are traced before they run, as strace does ("= ?"). */
    int noreturn = nr == NR_exit || nr == NR_exit_group || nr == NR_rt_sigreturn;
    if (unlikely(az_trace_on) && noreturn)
        az_trace(nr, args, 0, (int)c->via_trap, az_current_site());
    long ret = fn ? fn(a1, a2, a3, a4, a5, a6) : enosys(nr);
    if (unlikely(az_trace_on))
        az_trace(nr, args, ret, (int)c->via_trap, az_current_site());
    return ret;
}
