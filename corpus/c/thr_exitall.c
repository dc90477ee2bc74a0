/* thr_exitall: exit() from a non-main thread ends the whole process. Main is
 * blocked in pthread_join on a thread that is blocked in read() on an empty
 * pipe; a third thread, once both are waiting, prints a line and calls
 * exit(6). atexit handlers run once, stdio is flushed, and the process exits
 * 6 although main never returns and the reader never wakes.
 * Expects: "exiting with 6" and "atexit handler", exit status 6. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int pipefd[2];

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    _exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void at_exit(void)
{
    printf("atexit handler\n");
}

static void *reader(void *arg)
{
    char c;
    (void)arg;
    ssize_t n = read(pipefd[0], &c, 1);
    printf("UNEXPECTED: read returned %zd\n", n);
    _exit(1);
}

static void *exiter(void *arg)
{
    struct timespec t = { 0, 50000000 }; /* let main and the reader block */
    (void)arg;
    while (nanosleep(&t, &t) != 0)
        if (errno != EINTR)
            fail("nanosleep", errno);
    printf("exiting with 6\n");
    exit(6);
}

int main(void)
{
    pthread_t r, e;
    if (pipe(pipefd) != 0)
        fail("pipe", errno);
    if (atexit(at_exit) != 0)
        fail("atexit", ENOMEM);
    CHECK(pthread_create(&r, NULL, reader, NULL));
    CHECK(pthread_create(&e, NULL, exiter, NULL));
    CHECK(pthread_join(r, NULL));
    printf("UNEXPECTED: joined the reader\n");
    return 1;
}
