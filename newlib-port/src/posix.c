/*
 * posix.c: the Linux-flavoured calls this runtime adds to newlib (headers in
 * newlib-port/include): memory mappings, uname, CPU affinity. Each is one
 * direct call into the libOS.
 */
#include <azalea/call.h>
#include <sched.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
    return (void *)__az_ret(__AZ_CALL6(SYS_mmap, addr, length, prot, flags, fd, offset));
}

int munmap(void *addr, size_t length)
{
    return (int)__az_ret(__AZ_CALL2(SYS_munmap, addr, length));
}

int mprotect(void *addr, size_t length, int prot)
{
    return (int)__az_ret(__AZ_CALL3(SYS_mprotect, addr, length, prot));
}

void *mremap(void *old, size_t old_size, size_t new_size, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    void *new = (flags & MREMAP_FIXED) ? va_arg(ap, void *) : NULL;
    va_end(ap);
    return (void *)__az_ret(__AZ_CALL5(SYS_mremap, old, old_size, new_size, flags, new));
}

int madvise(void *addr, size_t length, int advice)
{
    return (int)__az_ret(__AZ_CALL3(SYS_madvise, addr, length, advice));
}

int msync(void *addr, size_t length, int flags)
{
    return (int)__az_ret(__AZ_CALL3(SYS_msync, addr, length, flags));
}

int uname(struct utsname *name)
{
    return (int)__az_ret(__AZ_CALL1(SYS_uname, name));
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
    long r = __az_ret(__AZ_CALL3(SYS_sched_getaffinity, pid, size, set));
    if (r < 0) {
        return -1;
    }
    for (size_t i = (size_t)r; i < size; i++) {
        ((unsigned char *)set)[i] = 0;
    }
    return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
    return (int)__az_ret(__AZ_CALL3(SYS_sched_setaffinity, pid, size, set));
}

int sched_getcpu(void)
{
    unsigned cpu = 0;
    long r = __az_ret(__AZ_CALL3(SYS_getcpu, &cpu, 0, 0));
    return r < 0 ? -1 : (int)cpu;
}

int __az_cpu_count(size_t size, const cpu_set_t *set)
{
    int n = 0;
    for (size_t i = 0; i < size / sizeof set->__bits[0]; i++) {
        n += __builtin_popcountl(set->__bits[i]);
    }
    return n;
}
