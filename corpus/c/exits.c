/* exits: how a process ends, chosen by its argument (CorpusCompatTest's
 * exitStatuses runs each): ret255 and ret256 (main's return value taken
 * modulo 256), exitneg (exit(-1): 255), _exit (atexit handlers and
 * unflushed stdio skipped), flush (exit flushes a partial line), abort
 * (SIGABRT after an explicit flush; the unflushed rest is lost), term and
 * usr1 (raise: killed by the default action), kill (SIGKILL to itself),
 * handled (a SIGTERM handler that exits 42), closed (stdout closed first:
 * write fails with EBADF, stdio reports the error, exit still 0). Without an argument: atexit
 * handlers run last-registered first, one of them calls exit(9) again,
 * which runs the rest and ends with 9 (glibc and musl agree).
 * Expects: with no arguments the atexit chain on stdout, exits 9. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void first(void) { printf("atexit: first registered, runs last\n"); }
static void second(void) { printf("atexit: second registered\n"); }
static void again(void)
{
    printf("atexit: third registered, calls exit(9)\n");
    exit(9);
}
static void fourth(void) { printf("atexit: fourth registered, runs first\n"); }
static void never(void) { printf("atexit: must not run\n"); }

static void on_term(int sig)
{
    (void)sig;
    printf("handled: SIGTERM caught\n");
    exit(42);
}

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "";
    if (!*how) {
        atexit(first);
        atexit(second);
        atexit(again);
        atexit(fourth);
        printf("main: returning 0\n");
        return 0;
    }
    if (!strcmp(how, "ret255")) {
        printf("ret255\n");
        return 255;
    }
    if (!strcmp(how, "ret256")) {
        printf("ret256\n");
        return 256;
    }
    if (!strcmp(how, "exitneg")) {
        printf("exitneg\n");
        exit(-1);
    }
    if (!strcmp(how, "_exit")) {
        atexit(never);
        printf("this partial line is lost");
        _exit(4);
    }
    if (!strcmp(how, "flush")) {
        printf("a partial line flushed by exit");
        exit(5);
    }
    if (!strcmp(how, "abort")) {
        printf("flushed before abort\n");
        fflush(stdout);
        atexit(never);
        abort();
    }
    if (!strcmp(how, "term")) {
        printf("term\n");
        fflush(stdout);
        raise(SIGTERM);
    }
    if (!strcmp(how, "usr1")) {
        printf("usr1\n");
        fflush(stdout);
        raise(SIGUSR1);
    }
    if (!strcmp(how, "kill")) {
        printf("kill\n");
        fflush(stdout);
        kill(getpid(), SIGKILL);
    }
    if (!strcmp(how, "handled")) {
        signal(SIGTERM, on_term);
        raise(SIGTERM);
    }
    if (!strcmp(how, "closed")) {
        close(1);
        errno = 0;
        long w = write(1, "x", 1);
        fprintf(stderr, "closed: write %ld errno %s\n", w, errno == EBADF ? "EBADF" : "other");
        /* glibc fails at the flush, musl already at printf: both must show the error. */
        int r = printf("into a closed stdout\n");
        int f = fflush(stdout);
        fprintf(stderr, "closed: stdio error %s\n", (r < 0 || f == EOF) && ferror(stdout) ? "seen" : "missed");
        return 0;
    }
    fprintf(stderr, "exits: unknown case %s\n", how);
    return 64;
}
