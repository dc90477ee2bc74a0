/* thr_jit: system calls in code the program makes at run time, which no
 * rewriter saw: a function written into memory mapped PROT_EXEC (mmap) and
 * another made executable afterwards (mprotect), each making raw gettid and
 * rt_sigprocmask calls, from the main thread and from a second thread. The
 * results must be the ones the libc wrappers give (an image must catch such
 * calls: Linux's own answer for gettid would be the wrong thread's, and a
 * signal mask changed behind the libOS would not hold).
 * Expects: "same" for every check, exits 0. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* mov eax, imm32; syscall; ret  (arguments stay in rdi, rsi, rdx; r10 = rcx for a 4th) */
static void emit(unsigned char *p, int nr)
{
    const unsigned char code[] = {0xb8, (unsigned char)nr, (unsigned char)(nr >> 8), 0, 0, /* mov eax, nr */
                                  0x49, 0x89, 0xca,                                      /* mov r10, rcx */
                                  0x0f, 0x05, 0xc3};                                     /* syscall; ret */
    memcpy(p, code, sizeof code);
}

typedef long (*call4)(long, long, long, long);
static call4 jit_gettid, jit_sigprocmask;
static int failures;

static void check(const char *what, int same)
{
    printf("%s: %s\n", what, same ? "same" : "DIFFERENT");
    failures += !same;
}

static void checks(const char *who)
{
    char what[96];
    snprintf(what, sizeof what, "%s: gettid", who);
    check(what, jit_gettid(0, 0, 0, 0) == gettid());
    sigset_t usr1, old, now;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    jit_sigprocmask(SIG_BLOCK, (long)&usr1, (long)&old, 8);
    pthread_sigmask(SIG_SETMASK, 0, &now);
    snprintf(what, sizeof what, "%s: rt_sigprocmask seen by the wrapper", who);
    check(what, sigismember(&now, SIGUSR1) && !sigismember(&old, SIGUSR1));
    jit_sigprocmask(SIG_SETMASK, (long)&old, 0, 8);
}

static void *second(void *arg)
{
    (void)arg;
    checks("second thread");
    return 0;
}

int main(void)
{
    setvbuf(stdout, 0, _IONBF, 0);
    unsigned char *rwx = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *later = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (rwx == MAP_FAILED || later == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    emit(rwx, 186);
    emit(later, 14);
    if (mprotect(later, 4096, PROT_READ | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    jit_gettid = (call4)rwx;
    jit_sigprocmask = (call4)later;
    checks("main thread");
    pthread_t t;
    pthread_create(&t, 0, second, 0);
    pthread_join(t, 0);
    return failures != 0;
}
