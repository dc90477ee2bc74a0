/*
 * tls.c: threads' static TLS and newlib's per-thread state. The program's
 * PT_TLS segment (found through AT_PHDR at start) is the image every thread
 * area starts from; the control block follows it (variant II) and newlib's
 * struct _reent follows the control block. Every thread's _reent shares the
 * process's stdin, stdout and stderr (the global _reent's), as in glibc:
 * one buffered stdout, locked by its FILE lock. The main thread's area is
 * static.
 */
#include <azalea/call.h>
#include <azalea/tcb.h>
#include <elf.h>
#include <reent.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

#define ARCH_SET_FS 0x1002

static const unsigned char *tls_image;
static size_t tls_filesz, tls_memsz, tls_align = 1;
static struct __az_tcb *main_tcb;

/* newlib's stdio set-up (stdio/findfp.c), which a thread's _reent skips: it shares the global one's streams. */
extern void __sinit(struct _reent *);

static size_t align_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* The thread pointer's alignment: the TLS segment's, and at least a cache line for the control block. */
static size_t tp_align(void)
{
    return tls_align > 64 ? tls_align : 64;
}

size_t __az_tls_area_size(void)
{
    return tp_align() + align_up(tls_memsz, tls_align) + align_up(sizeof(struct __az_tcb), 64)
           + sizeof(struct _reent) + 64;
}

/* The block ends where the thread pointer starts, at the offset the linker gave the variables (variant II). */
struct __az_tcb *__az_tls_setup(void *area)
{
    size_t offset = align_up(tls_memsz, tls_align);
    uintptr_t tp = align_up((uintptr_t)area + offset, tp_align());
    struct __az_tcb *tcb = (struct __az_tcb *)tp;
    memcpy((void *)(tp - offset), tls_image, tls_filesz);
    memset((char *)(tp - offset) + tls_filesz, 0, offset - tls_filesz);
    memset(tcb, 0, sizeof *tcb);
    tcb->self = tcb;
    struct _reent *r = (struct _reent *)align_up(tp + sizeof *tcb, 64);
    if (main_tcb == NULL) {
        tcb->reent = _GLOBAL_REENT;
    } else {
        if (!_GLOBAL_REENT->__sdidinit) {
            __sinit(_GLOBAL_REENT);
        }
        _REENT_INIT_PTR(r);
        r->_stdin = _GLOBAL_REENT->_stdin;
        r->_stdout = _GLOBAL_REENT->_stdout;
        r->_stderr = _GLOBAL_REENT->_stderr;
        r->__sdidinit = 1;
        tcb->reent = r;
        tcb->canary = main_tcb->canary;
    }
    return tcb;
}

struct _reent *__getreent(void)
{
    struct _reent *r;
    __asm__("mov %%fs:%c1, %0" : "=r"(r) : "i"(offsetof(struct __az_tcb, reent)));
    return r;
}

/* The main thread: its TLS from the program's PT_TLS, set as %fs before anything reads errno. */
void __az_tls_init(const Elf64_Phdr *phdr, size_t phnum, const unsigned char *random)
{
    static _Alignas(64) unsigned char main_area[4096];
    static unsigned char *area = main_area;
    for (size_t i = 0; i < phnum; i++) {
        if (phdr[i].p_type == PT_TLS) {
            tls_image = (const unsigned char *)phdr[i].p_vaddr;
            tls_filesz = phdr[i].p_filesz;
            tls_memsz = phdr[i].p_memsz;
            if (phdr[i].p_align > tls_align) {
                tls_align = phdr[i].p_align;
            }
        }
    }
    if (__az_tls_area_size() > sizeof main_area) {
        long top = __AZ_CALL1(SYS_brk, 0);
        long end = __AZ_CALL1(SYS_brk, top + (long)__az_tls_area_size());
        if (end < top + (long)__az_tls_area_size()) {
            __AZ_CALL1(SYS_exit_group, 127);
        }
        area = (unsigned char *)top;
    }
    struct __az_tcb *tcb = __az_tls_setup(area);
    if (random != NULL) {
        memcpy(&tcb->canary, random, sizeof tcb->canary);
        tcb->canary &= ~0xffUL;
    }
    tcb->tid = (int)__AZ_CALL0(SYS_gettid);
    main_tcb = tcb;
    __AZ_CALL2(SYS_arch_prctl, ARCH_SET_FS, tcb);
}
