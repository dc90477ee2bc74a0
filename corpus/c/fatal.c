/* fatal: a program that dies of a signal, chosen by its argument, to compare
 * wait statuses: segv (store to an unmapped page), bus (SIGBUS raised), fpe
 * (integer division by zero), ill (ud2), abort (abort(3): SIGABRT), stack
 * (unbounded recursion: SIGSEGV on the stack guard), handled (a SIGSEGV
 * handler that exits 11 from the handler).
 * Expects: with no arguments prints "fatal: no signal chosen", exits 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int never = -1; /* keeps the recursion unbounded without a warning */

static int deep(int n)
{
    volatile char pad[1024];
    if (n == never)
        return 0;
    pad[0] = (char)n;
    return deep(n + 1) + pad[0];
}

/* An address the compiler cannot prove bad, which no mapping covers. */
static volatile int *unmapped(void)
{
    volatile unsigned long page = 16;
    return (volatile int *)page;
}

static void on_segv(int sig)
{
    (void)sig;
    _exit(11);
}

int main(int argc, char **argv)
{
    volatile int zero = 0;
    if (argc < 2) {
        puts("fatal: no signal chosen");
        return 0;
    }
    fflush(stdout);
    if (!strcmp(argv[1], "segv"))
        *unmapped() = 1;
    else if (!strcmp(argv[1], "bus"))
        raise(SIGBUS);
    else if (!strcmp(argv[1], "fpe"))
        return 10 / zero;
    else if (!strcmp(argv[1], "ill"))
        __builtin_trap();
    else if (!strcmp(argv[1], "abort"))
        abort();
    else if (!strcmp(argv[1], "stack"))
        return deep(0);
    else if (!strcmp(argv[1], "handled")) {
        signal(SIGSEGV, on_segv);
        *unmapped() = 1;
    }
    fprintf(stderr, "fatal: unknown choice %s\n", argv[1]);
    return 2;
}
