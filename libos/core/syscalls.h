/*
 * syscalls.h: what the libOS does with each system call, as X(name, kind):
 * INTERNAL calls are served by sys_<name> in the libOS; OFFLOAD calls are
 * passed to the full-weight kernel (Linux) unchanged, buffers by address.
 * Everything not listed returns -ENOSYS (syscall.c). Keep it sorted by number.
 */
#ifndef AZ_SYSCALLS_H
#define AZ_SYSCALLS_H

#define AZ_SYSCALLS(X)                                                         \
    X(read, INTERNAL) X(write, INTERNAL) X(open, OFFLOAD) X(close, INTERNAL)      \
    X(stat, OFFLOAD) X(fstat, OFFLOAD) X(lstat, OFFLOAD) X(poll, OFFLOAD)      \
    X(lseek, OFFLOAD) X(mmap, INTERNAL) X(mprotect, INTERNAL)                  \
    X(munmap, INTERNAL) X(brk, INTERNAL) X(rt_sigaction, INTERNAL)             \
    X(rt_sigprocmask, INTERNAL) X(rt_sigreturn, INTERNAL) X(ioctl, OFFLOAD)    \
    X(pread64, OFFLOAD) X(pwrite64, OFFLOAD) X(readv, INTERNAL)                 \
    X(writev, INTERNAL) X(access, OFFLOAD) X(pipe, INTERNAL) X(select, OFFLOAD)  \
    X(sched_yield, INTERNAL) X(mremap, INTERNAL) X(msync, INTERNAL)            \
    X(mincore, INTERNAL) X(madvise, INTERNAL)                                  \
    X(dup, OFFLOAD) X(dup2, OFFLOAD) X(nanosleep, INTERNAL)                    \
    X(pause, INTERNAL) X(getitimer, OFFLOAD) X(alarm, OFFLOAD) X(setitimer, OFFLOAD) X(getpid, INTERNAL) X(sendfile, OFFLOAD) X(socket, OFFLOAD) X(connect, OFFLOAD) X(accept, OFFLOAD)  \
    X(sendto, OFFLOAD) X(recvfrom, OFFLOAD) X(sendmsg, OFFLOAD) X(clone, INTERNAL)                \
    X(recvmsg, OFFLOAD) X(shutdown, OFFLOAD) X(bind, OFFLOAD) X(listen, OFFLOAD) \
    X(getsockname, OFFLOAD) X(getpeername, OFFLOAD) X(socketpair, OFFLOAD)     \
    X(setsockopt, OFFLOAD) X(getsockopt, OFFLOAD)             \
    X(exit, INTERNAL) X(wait4, OFFLOAD) X(kill, INTERNAL) X(uname, INTERNAL) X(fcntl, OFFLOAD)   \
    X(flock, OFFLOAD) X(fsync, OFFLOAD) X(fdatasync, OFFLOAD)                  \
    X(truncate, OFFLOAD) X(ftruncate, OFFLOAD) X(getdents, OFFLOAD)            \
    X(getcwd, OFFLOAD) X(chdir, OFFLOAD) X(fchdir, OFFLOAD) X(rename, OFFLOAD) \
    X(mkdir, OFFLOAD) X(rmdir, OFFLOAD) X(creat, OFFLOAD) X(link, OFFLOAD)     \
    X(unlink, OFFLOAD) X(symlink, OFFLOAD) X(readlink, OFFLOAD)                \
    X(chmod, OFFLOAD) X(fchmod, OFFLOAD) X(chown, OFFLOAD) X(fchown, OFFLOAD)  \
    X(lchown, OFFLOAD) X(umask, OFFLOAD) X(gettimeofday, INTERNAL)             \
    X(getrlimit, INTERNAL) X(getrusage, OFFLOAD) X(sysinfo, INTERNAL)          \
    X(times, OFFLOAD) X(getuid, INTERNAL) X(getgid, INTERNAL)                  \
    X(geteuid, INTERNAL) X(getegid, INTERNAL) X(setpgid, OFFLOAD)              \
    X(getppid, INTERNAL) X(getpgrp, OFFLOAD) X(setsid, OFFLOAD)                \
    X(getgroups, OFFLOAD) X(getpgid, OFFLOAD) X(getsid, OFFLOAD)               \
   X(rt_sigpending, INTERNAL) X(rt_sigtimedwait, INTERNAL) X(rt_sigqueueinfo, INTERNAL) X(rt_sigsuspend, INTERNAL)                      \
    X(sigaltstack, INTERNAL) X(utime, OFFLOAD) X(mknod, OFFLOAD)               \
    X(statfs, OFFLOAD) X(fstatfs, OFFLOAD) X(sched_getparam, INTERNAL)          \
    X(getpriority, OFFLOAD) X(setpriority, OFFLOAD)                            \
    X(sched_getscheduler, INTERNAL) X(sched_get_priority_max, OFFLOAD)          \
    X(sched_get_priority_min, OFFLOAD) X(sched_rr_get_interval, INTERNAL)       \
    X(mlock, INTERNAL) X(munlock, INTERNAL)                                    \
    X(mlockall, OFFLOAD) X(munlockall, OFFLOAD) X(arch_prctl, INTERNAL)        \
    X(prctl, INTERNAL) X(setrlimit, INTERNAL) X(sync, OFFLOAD) X(gettid, INTERNAL)                \
    X(time, INTERNAL) X(futex, INTERNAL) X(sched_setaffinity, INTERNAL)                           \
    X(sched_getaffinity, INTERNAL) X(epoll_create, OFFLOAD) X(getdents64, OFFLOAD)                      \
    X(getcpu, INTERNAL) X(set_tid_address, INTERNAL) X(fadvise64, OFFLOAD) X(timer_create, INTERNAL) X(timer_settime, INTERNAL) X(timer_gettime, OFFLOAD) X(timer_getoverrun, INTERNAL) X(timer_delete, INTERNAL)                         \
    X(clock_gettime, INTERNAL) X(clock_getres, INTERNAL)                       \
    X(clock_nanosleep, INTERNAL) X(exit_group, INTERNAL) X(epoll_wait, OFFLOAD) X(epoll_ctl, OFFLOAD) X(tgkill, INTERNAL)   \
    X(utimes, OFFLOAD) X(waitid, OFFLOAD) X(openat, OFFLOAD) X(mkdirat, OFFLOAD)                  \
    X(mknodat, OFFLOAD) X(fchownat, OFFLOAD) X(futimesat, OFFLOAD)             \
    X(newfstatat, OFFLOAD) X(unlinkat, OFFLOAD) X(renameat, OFFLOAD)           \
    X(linkat, OFFLOAD) X(symlinkat, OFFLOAD) X(readlinkat, OFFLOAD)            \
    X(fchmodat, OFFLOAD) X(faccessat, OFFLOAD) X(pselect6, OFFLOAD)            \
    X(ppoll, OFFLOAD) X(set_robust_list, INTERNAL) X(get_robust_list, INTERNAL) X(splice, OFFLOAD)          \
    X(tee, OFFLOAD) X(sync_file_range, OFFLOAD) X(utimensat, OFFLOAD)          \
    X(epoll_pwait, OFFLOAD) X(timerfd_create, OFFLOAD) X(eventfd, OFFLOAD) X(fallocate, OFFLOAD) X(timerfd_settime, OFFLOAD) X(timerfd_gettime, OFFLOAD) X(accept4, OFFLOAD) X(eventfd2, OFFLOAD) X(epoll_create1, OFFLOAD) X(dup3, OFFLOAD) X(pipe2, INTERNAL)                   \
    X(preadv, OFFLOAD) X(pwritev, OFFLOAD) X(rt_tgsigqueueinfo, INTERNAL) X(prlimit64, INTERNAL)              \
    X(syncfs, OFFLOAD) X(renameat2, OFFLOAD) X(getrandom, INTERNAL)            \
    X(copy_file_range, OFFLOAD) X(preadv2, OFFLOAD) X(pwritev2, OFFLOAD)       \
    X(statx, OFFLOAD) X(rseq, INTERNAL) X(close_range, OFFLOAD)                 \
    X(clone3, INTERNAL) X(faccessat2, OFFLOAD) X(epoll_pwait2, OFFLOAD) X(tkill, INTERNAL)

#endif
