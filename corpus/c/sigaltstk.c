/* sigaltstk: alternate signal stacks. The initial state (SS_DISABLE),
 * ENOMEM for a stack below MINSIGSTKSZ, EINVAL for bad flags; an SA_ONSTACK
 * handler runs on the alternate stack (its locals are inside it) and sees
 * SS_ONSTACK, cannot change the stack while on it (EPERM), and a nested
 * SA_ONSTACK signal stays on it; a handler without SA_ONSTACK runs on the
 * normal stack; SS_AUTODISARM disarms during the handler and re-arms after;
 * a runaway recursion's SIGSEGV is handled on the alternate stack and left
 * with siglongjmp, three times in a row; SS_DISABLE turns it off.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
#define ALT_SIZE (256 * 1024)

static char *alt;
static sigjmp_buf back;
static volatile int on_alt, flags_seen, change_errno, nested_on_alt, depth_reached;
static volatile int never = -1, chain;

static int inside_alt(const void *p)
{
    return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE;
}

static void probe(int sig)
{
    volatile char here;
    stack_t cur, other = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
    on_alt = inside_alt((const void *)&here);
    sigaltstack(NULL, &cur);
    flags_seen = cur.ss_flags;
    if (sig == SIGUSR1 && chain) {
        change_errno = sigaltstack(&other, NULL) == 0 ? 0 : errno;
        raise(SIGUSR2);
    }
}

static void nested(int sig)
{
    volatile char here;
    (void)sig;
    nested_on_alt = inside_alt((const void *)&here);
}

static void on_segv(int sig)
{
    volatile char here;
    (void)sig;
    on_alt = inside_alt((const void *)&here);
    siglongjmp(back, 1);
}

static int deep(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    depth_reached = n;
    if (n == never)
        return 0;
    return deep(n + 1) + pad[0];
}

static void handle(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    stack_t ss, cur;
    alt = malloc(ALT_SIZE);
    CHECK("initially disabled", sigaltstack(NULL, &cur) == 0 && cur.ss_flags == SS_DISABLE);
    ss = (stack_t){.ss_sp = alt, .ss_size = 1024, .ss_flags = 0};
    CHECK_ERR("too small", sigaltstack(&ss, NULL), ENOMEM);
    ss = (stack_t){.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x1234};
    CHECK_ERR("bad flags", sigaltstack(&ss, NULL), EINVAL);
    ss.ss_flags = 0;
    CHECK("install", sigaltstack(&ss, NULL) == 0);
    CHECK("query returns it", sigaltstack(NULL, &cur) == 0 && cur.ss_sp == alt && cur.ss_size == ALT_SIZE &&
          cur.ss_flags == 0);

    handle(SIGUSR1, probe, SA_ONSTACK);
    handle(SIGUSR2, nested, SA_ONSTACK);
    chain = 1;
    raise(SIGUSR1);
    chain = 0;
    CHECK("SA_ONSTACK handler runs on the alternate stack", on_alt == 1);
    CHECK("it sees SS_ONSTACK", flags_seen == SS_ONSTACK);
    CHECK("changing it from on it: EPERM", change_errno == EPERM);
    CHECK("a nested SA_ONSTACK signal stays on it", nested_on_alt == 1);
    CHECK("after return: not on it", sigaltstack(NULL, &cur) == 0 && cur.ss_flags == 0);

    handle(SIGUSR2, probe, 0);
    raise(SIGUSR2);
    CHECK("without SA_ONSTACK: normal stack", on_alt == 0 && flags_seen == 0);

    ss.ss_flags = SS_AUTODISARM;
    CHECK("install with SS_AUTODISARM", sigaltstack(&ss, NULL) == 0);
    raise(SIGUSR1);
    CHECK("AUTODISARM: on the stack, which reads as disabled", on_alt == 1 && flags_seen == SS_DISABLE);
    CHECK("AUTODISARM: re-armed after the handler", sigaltstack(NULL, &cur) == 0 &&
          cur.ss_flags == (int)SS_AUTODISARM && cur.ss_sp == alt);
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);

    handle(SIGSEGV, on_segv, SA_ONSTACK | SA_NODEFER);
    int caught = 0;
    for (int i = 0; i < 3; i++) {
        on_alt = 0;
        if (!sigsetjmp(back, 1))
            deep(0);
        caught += on_alt;
    }
    CHECK("stack overflow handled on the alternate stack 3 times", caught == 3);
    CHECK("the recursion went deep", depth_reached > 1000);
    CHECK("mask restored by siglongjmp", ({
              sigset_t m;
              sigprocmask(SIG_BLOCK, NULL, &m);
              !sigismember(&m, SIGSEGV);
          }));

    ss.ss_flags = SS_DISABLE;
    CHECK("SS_DISABLE", sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &cur) == 0 && cur.ss_flags == SS_DISABLE);
    raise(SIGUSR1);
    CHECK("SA_ONSTACK with no stack: normal stack", on_alt == 0 && flags_seen == SS_DISABLE);
    free(alt);
    return failed;
}
