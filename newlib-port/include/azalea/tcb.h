/*
 * azalea/tcb.h: a CALL-runtime thread's control block. %fs points at it
 * (x86-64 TLS variant II: the thread's static TLS block lies just below),
 * and it carries what newlib and pthread-embedded need per thread: the
 * thread id (lock owners), newlib's struct _reent (errno, strtok, rand...)
 * and the pthread descriptor. tls.c lays out and fills a thread's area.
 */
#ifndef _AZALEA_TCB_H
#define _AZALEA_TCB_H
#include <stddef.h>

struct _reent;

struct __az_tcb {
    struct __az_tcb *self;     /* %fs:0: the thread pointer, as the TLS ABI requires */
    void *reserved[4];
    unsigned long canary;      /* %fs:0x28: where gcc's stack protector looks */
    int tid;                   /* the libOS thread id (gettid) */
    int pad;
    struct _reent *reent;      /* newlib's per-thread state (__getreent) */
    void *thread;              /* pthread-embedded's descriptor of this thread */
};

static inline struct __az_tcb *__az_self(void)
{
    struct __az_tcb *t;
    __asm__("mov %%fs:0, %0" : "=r"(t));
    return t;
}

/* Bytes a thread area needs for its TLS block, control block and _reent. */
size_t __az_tls_area_size(void);

/*
 * Lays out a new thread's TLS, control block and _reent in area (at least
 * __az_tls_area_size() bytes) and returns the control block: its address is
 * the thread pointer to give clone (CLONE_SETTLS).
 */
struct __az_tcb *__az_tls_setup(void *area);

#endif
