/*
 * lock.c: newlib's retargetable locks (stdio, malloc, atexit, environment,
 * time zone), as futex locks owned by a thread id. newlib takes most of them
 * recursively; a plain lock is the same lock with a count that stays at 1.
 * Locks newlib creates at run time (one per FILE) are allocated here.
 */
#include <azalea/call.h>
#include <azalea/tcb.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <sys/syscall.h>

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

struct __lock {
    int state; /* 0 free, 1 held, 2 held with waiters */
    int owner;
    int count;
};

struct __lock __lock___sinit_recursive_mutex;
struct __lock __lock___sfp_recursive_mutex;
struct __lock __lock___atexit_recursive_mutex;
struct __lock __lock___at_quick_exit_mutex;
struct __lock __lock___malloc_recursive_mutex;
struct __lock __lock___env_recursive_mutex;
struct __lock __lock___tz_mutex;
struct __lock __lock___dd_hash_mutex;
struct __lock __lock___arc4random_mutex;

void __retarget_lock_init(_LOCK_T *lock)
{
    *lock = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
    __retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock)
{
    free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
    free(lock);
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
    int self = __az_self()->tid;
    if (lock->owner == self) {
        lock->count++;
        return 1;
    }
    if (!__sync_bool_compare_and_swap(&lock->state, 0, 1)) {
        return 0;
    }
    lock->owner = self;
    lock->count = 1;
    return 1;
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
    if (__retarget_lock_try_acquire_recursive(lock)) {
        return;
    }
    while (__atomic_exchange_n(&lock->state, 2, __ATOMIC_ACQUIRE) != 0) {
        __AZ_CALL4(SYS_futex, &lock->state, FUTEX_WAIT_PRIVATE, 2, 0);
    }
    lock->owner = __az_self()->tid;
    lock->count = 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
    if (--lock->count > 0) {
        return;
    }
    lock->owner = 0;
    if (__atomic_exchange_n(&lock->state, 0, __ATOMIC_RELEASE) == 2) {
        __AZ_CALL3(SYS_futex, &lock->state, FUTEX_WAKE_PRIVATE, 1);
    }
}

void __retarget_lock_acquire(_LOCK_T lock)
{
    __retarget_lock_acquire_recursive(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
    return __retarget_lock_try_acquire_recursive(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
    __retarget_lock_release_recursive(lock);
}

/* POSIX stdio locking, which newlib's generic target leaves out: the FILE's own (recursive) lock. */
void flockfile(FILE *fp)
{
    __retarget_lock_acquire_recursive(fp->_lock);
}

int ftrylockfile(FILE *fp)
{
    return __retarget_lock_try_acquire_recursive(fp->_lock) ? 0 : -1;
}

void funlockfile(FILE *fp)
{
    __retarget_lock_release_recursive(fp->_lock);
}
