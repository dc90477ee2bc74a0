/* thr_lostwake: a futex waiter that nobody wakes stays blocked. A thread
 * calls FUTEX_WAIT (no timeout) on a word that never changes and that no one
 * wakes; main joins it. A 200 ms ITIMER_REAL fires SIGALRM, whose handler
 * (in whichever thread takes it) writes a line saying the waiter never
 * returned and calls _exit(0). A spurious return from FUTEX_WAIT (any result)
 * is reported and exits 1.
 * Expects: "waiting" then "alarm: waiter still blocked", exits 0. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128

static int word;
static atomic_int returned;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static void on_alarm(int sig)
{
    static const char still[] = "alarm: waiter still blocked\n", back[] = "alarm: UNEXPECTED, waiter returned\n";
    (void)sig;
    if (atomic_load(&returned)) {
        (void)!write(STDOUT_FILENO, back, sizeof back - 1);
        _exit(1);
    }
    (void)!write(STDOUT_FILENO, still, sizeof still - 1);
    _exit(0);
}

static void *waiter(void *arg)
{
    (void)arg;
    for (;;) {
        long r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
        int e = errno;
        atomic_store(&returned, 1);
        printf("UNEXPECTED: FUTEX_WAIT returned %ld (%s)\n", r, r == -1 ? strerror(e) : "woken");
        exit(1);
    }
}

int main(void)
{
    struct sigaction sa;
    struct itimerval in_200ms = { { 0, 0 }, { 0, 200000 } };
    pthread_t t;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    if (sigemptyset(&sa.sa_mask) != 0 || sigaction(SIGALRM, &sa, NULL) != 0)
        fail("sigaction", errno);
    CHECK(pthread_create(&t, NULL, waiter, NULL));
    printf("waiting\n");
    if (fflush(stdout) != 0)
        fail("fflush", errno);
    if (setitimer(ITIMER_REAL, &in_200ms, NULL) != 0)
        fail("setitimer", errno);
    CHECK(pthread_join(t, NULL));
    printf("UNEXPECTED: joined the waiter\n");
    return 1;
}
