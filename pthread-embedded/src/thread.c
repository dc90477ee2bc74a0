/*
 * thread.c: threads. A thread is a libOS thread made by clone (CLONE_VM,
 * CLONE_THREAD, CLONE_SETTLS, CLONE_CHILD_CLEARTID...) through the entry
 * table, on one mapping that holds, from the bottom: a guard page, the
 * stack, the descriptor, then the TLS block, control block and newlib
 * _reent (tls.c in newlib-port). A joiner waits on the descriptor's tid,
 * which the libOS clears at the thread's exit, and then unmaps the thread;
 * a detached thread cannot unmap its own stack, so it is put on a list that
 * the next create or exit reclaims once its tid is clear. The last thread to
 * leave through pthread_exit ends the process with exit(0), as glibc does.
 * Also: attributes (stack size, caller's stack, detach state, CPU affinity
 * within the partition), once, keys, affinity, CPU-time clocks.
 */
#include "internal.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define CLONE_SYSVSEM 0x40000
#define CLONE_SETTLS 0x80000
#define CLONE_PARENT_SETTID 0x100000
#define CLONE_CHILD_CLEARTID 0x200000
#define DEFAULT_STACK (8UL << 20)
#define GUARD 4096UL

long __az_clone(int (*fn)(void *), void *stack, unsigned long flags, void *arg, int *ptid, void *tls, int *ctid);
void __az_exit_thread(int status) __attribute__((noreturn));

static struct __pthread main_thread;
static int threads = 1;
static pthread_spinlock_t dead_lock;
static struct __pthread *dead;

static struct {
    int used;
    void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];
static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;

struct __pthread *__pthread_self_desc(void)
{
    struct __az_tcb *tcb = __az_self();
    if (tcb->thread == NULL) {
        main_thread.tcb = tcb;
        main_thread.tid = tcb->tid;
        tcb->thread = &main_thread;
        /* as CLONE_CHILD_CLEARTID does for the others: main's exit clears its tid and wakes joiners */
        __AZ_CALL1(SYS_set_tid_address, &main_thread.tid);
    }
    return tcb->thread;
}

/* Puts a detached thread on the list once (detach and its own exit may both try). */
static void put_dead(struct __pthread *t)
{
    if (t->map == NULL || __atomic_exchange_n(&t->listed, 1, __ATOMIC_ACQ_REL)) {
        return;
    }
    pthread_spin_lock(&dead_lock);
    t->next_dead = dead;
    dead = t;
    pthread_spin_unlock(&dead_lock);
}

/* Unmaps the detached threads that have finished (their tid is clear). */
static void reclaim_dead(void)
{
    pthread_spin_lock(&dead_lock);
    struct __pthread **link = &dead;
    struct __pthread *gone = NULL;
    while (*link != NULL) {
        struct __pthread *t = *link;
        if (__atomic_load_n(&t->tid, __ATOMIC_ACQUIRE) == 0) {
            *link = t->next_dead;
            t->next_dead = gone;
            gone = t;
        } else {
            link = &t->next_dead;
        }
    }
    pthread_spin_unlock(&dead_lock);
    while (gone != NULL) {
        struct __pthread *t = gone;
        gone = t->next_dead;
        munmap(t->map, t->map_size);
    }
}

static int start_thread(void *p)
{
    struct __pthread *self = p;
    self->tcb->tid = (int)gettid();
    if (self->has_affinity) {
        __AZ_CALL3(SYS_sched_setaffinity, 0, sizeof self->affinity, &self->affinity);
    }
    pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    pthread_attr_t defaults;
    if (attr == NULL) {
        pthread_attr_init(&defaults);
        attr = &defaults;
    }
    __pthread_self_desc();
    reclaim_dead();
    size_t page = 4096;
    size_t desc_size = (sizeof(struct __pthread) + 63) & ~63UL;
    size_t tls_size = (__az_tls_area_size() + 63) & ~63UL;
    size_t stack = attr->stackaddr != NULL ? 0 : (attr->stacksize + page - 1) & ~(page - 1);
    size_t guard = attr->stackaddr != NULL ? 0 : (attr->guardsize + page - 1) & ~(page - 1);
    size_t size = (guard + stack + desc_size + tls_size + page - 1) & ~(page - 1);
    char *map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (map == MAP_FAILED) {
        return EAGAIN;
    }
    if (guard != 0) {
        mprotect(map, guard, PROT_NONE);
    }
    struct __pthread *t = (struct __pthread *)(map + size - tls_size - desc_size);
    memset(t, 0, sizeof *t);
    t->tcb = __az_tls_setup(map + size - tls_size);
    t->tcb->thread = t;
    t->start = start;
    t->arg = arg;
    t->map = map;
    t->map_size = size;
    t->detached = attr->detachstate == PTHREAD_CREATE_DETACHED;
    t->has_affinity = attr->has_affinity;
    t->affinity = attr->affinity;
    char *top = attr->stackaddr != NULL ? (char *)attr->stackaddr + attr->stacksize : (char *)t;
    top = (char *)((unsigned long)top & ~15UL);
    __atomic_add_fetch(&threads, 1, __ATOMIC_ACQ_REL);
    unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
                          | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    long r = __az_clone(start_thread, top, flags, t, &t->tid, t->tcb, &t->tid);
    if (r < 0) {
        __atomic_sub_fetch(&threads, 1, __ATOMIC_ACQ_REL);
        munmap(map, size);
        return r == -12 ? ENOMEM : EAGAIN;
    }
    *thread = (pthread_t)t;
    return 0;
}

void pthread_exit(void *result)
{
    struct __pthread *self = __pthread_self_desc();
    self->result = result;
    __pthread_run_destructors(self);
    if (__atomic_sub_fetch(&threads, 1, __ATOMIC_ACQ_REL) == 0) {
        exit(0);
    }
    if (__atomic_load_n(&self->detached, __ATOMIC_ACQUIRE)) {
        put_dead(self);
    }
    __az_exit_thread(0);
}

int pthread_join(pthread_t thread, void **result)
{
    struct __pthread *t = (struct __pthread *)thread;
    struct __pthread *self = __pthread_self_desc();
    if (t == self) {
        return EDEADLK;
    }
    if (t->detached || __atomic_exchange_n(&t->joined, 1, __ATOMIC_ACQ_REL)) {
        return EINVAL;
    }
    for (;;) {
        int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
        if (tid == 0) {
            break;
        }
        /* Shared, not private: the libOS wakes the clear-tid word as Linux does, on the shared queue. */
        __AZ_CALL4(SYS_futex, &t->tid, FUTEX_WAIT, tid, 0);
    }
    if (result != NULL) {
        *result = t->result;
    }
    if (t->map != NULL) {
        munmap(t->map, t->map_size);
    }
    return 0;
}

int pthread_detach(pthread_t thread)
{
    struct __pthread *t = (struct __pthread *)thread;
    if (__atomic_exchange_n(&t->detached, 1, __ATOMIC_ACQ_REL) || t->joined) {
        return EINVAL;
    }
    /* It may have finished already, and then nobody else would list it. */
    put_dead(t);
    return 0;
}

pthread_t pthread_self(void)
{
    return (pthread_t)__pthread_self_desc();
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}

int pthread_yield(void)
{
    return sched_yield();
}

int pthread_setconcurrency(int level)
{
    return level < 0 ? EINVAL : 0;
}

int pthread_getconcurrency(void)
{
    return 0;
}

int pthread_once(pthread_once_t *once, void (*init)(void))
{
    for (;;) {
        int state = __atomic_load_n(&once->state, __ATOMIC_ACQUIRE);
        if (state == 2) {
            return 0;
        }
        if (state == 0 && __atomic_compare_exchange_n(&once->state, &state, 1, 0, __ATOMIC_ACQ_REL,
                                                      __ATOMIC_ACQUIRE)) {
            init();
            __atomic_store_n(&once->state, 2, __ATOMIC_RELEASE);
            __pthread_futex_wake(&once->state, 0x7fffffff);
            return 0;
        }
        if (state == 1) {
            __pthread_futex_wait(&once->state, 1, NULL, L_CLOCK_MONOTONIC);
        }
    }
}

int pthread_getcpuclockid(pthread_t thread, clockid_t *clock)
{
    struct __pthread *t = (struct __pthread *)thread;
    int tid = t == __pthread_self_desc() ? __pthread_tid() : t->tid;
    if (tid == 0) {
        return ESRCH;
    }
    /* Linux's per-thread CPU clock id: MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED). */
    *clock = (clockid_t)(long)((~(long)tid << 3) | 6);
    return 0;
}

static int thread_tid(pthread_t thread)
{
    struct __pthread *t = (struct __pthread *)thread;
    return t == __pthread_self_desc() ? __pthread_tid() : t->tid;
}

int pthread_setaffinity_np(pthread_t thread, size_t size, const cpu_set_t *set)
{
    long r = __AZ_CALL3(SYS_sched_setaffinity, thread_tid(thread), size, set);
    return r < 0 ? (int)-r : 0;
}

int pthread_getaffinity_np(pthread_t thread, size_t size, cpu_set_t *set)
{
    long r = __AZ_CALL3(SYS_sched_getaffinity, thread_tid(thread), size, set);
    if (r < 0) {
        return (int)-r;
    }
    memset((char *)set + r, 0, size - (size_t)r);
    return 0;
}

int pthread_attr_init(pthread_attr_t *attr)
{
    memset(attr, 0, sizeof *attr);
    attr->stacksize = DEFAULT_STACK;
    attr->guardsize = GUARD;
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size)
{
    if (size < PTHREAD_STACK_MIN) {
        return EINVAL;
    }
    attr->stacksize = size;
    return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *attr, size_t *size)
{
    *size = attr->stacksize;
    return 0;
}

int pthread_attr_setstack(pthread_attr_t *attr, void *addr, size_t size)
{
    if (size < PTHREAD_STACK_MIN) {
        return EINVAL;
    }
    attr->stackaddr = addr;
    attr->stacksize = size;
    return 0;
}

int pthread_attr_getstack(const pthread_attr_t *attr, void **addr, size_t *size)
{
    *addr = attr->stackaddr;
    *size = attr->stacksize;
    return 0;
}

int pthread_attr_setguardsize(pthread_attr_t *attr, size_t size)
{
    attr->guardsize = size;
    return 0;
}

int pthread_attr_getguardsize(const pthread_attr_t *attr, size_t *size)
{
    *size = attr->guardsize;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED) {
        return EINVAL;
    }
    attr->detachstate = state;
    return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state)
{
    *state = attr->detachstate;
    return 0;
}

int pthread_attr_setaffinity_np(pthread_attr_t *attr, size_t size, const cpu_set_t *set)
{
    if (size > sizeof attr->affinity) {
        return EINVAL;
    }
    memset(&attr->affinity, 0, sizeof attr->affinity);
    memcpy(&attr->affinity, set, size);
    attr->has_affinity = 1;
    return 0;
}

int pthread_attr_getaffinity_np(const pthread_attr_t *attr, size_t size, cpu_set_t *set)
{
    if (!attr->has_affinity) {
        return __AZ_CALL3(SYS_sched_getaffinity, 0, size, set) < 0 ? EINVAL : 0;
    }
    memcpy(set, &attr->affinity, size < sizeof attr->affinity ? size : sizeof attr->affinity);
    return 0;
}

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
    pthread_mutex_lock(&keys_lock);
    for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
        if (!keys[k].used) {
            keys[k].used = 1;
            keys[k].destructor = destructor;
            pthread_mutex_unlock(&keys_lock);
            *key = k;
            return 0;
        }
    }
    pthread_mutex_unlock(&keys_lock);
    return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX || !keys[key].used) {
        return EINVAL;
    }
    keys[key].used = 0;
    keys[key].destructor = NULL;
    return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
    return key < PTHREAD_KEYS_MAX ? (void *)__pthread_self_desc()->specific[key] : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
    if (key >= PTHREAD_KEYS_MAX || !keys[key].used) {
        return EINVAL;
    }
    __pthread_self_desc()->specific[key] = value;
    return 0;
}

void __pthread_run_destructors(struct __pthread *self)
{
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int ran = 0;
        for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
            void *value = (void *)self->specific[k];
            if (value != NULL && keys[k].used && keys[k].destructor != NULL) {
                self->specific[k] = NULL;
                keys[k].destructor(value);
                ran = 1;
            }
        }
        if (!ran) {
            break;
        }
    }
}
