/*
 * thr_rtsig.c: real-time signals queue, standard signals coalesce. With
 * SIGRTMIN+2 and SIGUSR1 blocked, three sigqueue()s of each are sent; then a
 * worker thread drains them with sigtimedwait. Expected: three SIGRTMIN+2
 * instances with their values in order (10 11 12), one SIGUSR1, and a
 * handler run once per queued instance after unblocking.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled, last_value;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    handled++;
    last_value = si->si_value.sival_int;
}

static void *drain(void *arg)
{
    sigset_t *set = arg;
    struct timespec zero = {0, 0};
    siginfo_t si;
    int sig, rt = 0, usr1 = 0;
    printf("SIGRTMIN+2 values:");
    while ((sig = sigtimedwait(set, &si, &zero)) > 0) {
        if (sig == SIGRTMIN + 2) {
            rt++;
            printf(" %d", si.si_value.sival_int);
        } else if (sig == SIGUSR1) {
            usr1++;
        }
    }
    printf("\nSIGRTMIN+2 instances: %d, SIGUSR1 instances: %d\n", rt, usr1);
    return NULL;
}

static void send_three(int sig, int base)
{
    for (int i = 0; i < 3; i++) {
        union sigval v = {.sival_int = base + i};
        if (sigqueue(getpid(), sig, v)) {
            perror("sigqueue");
        }
    }
}

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    send_three(SIGRTMIN + 2, 10);
    send_three(SIGUSR1, 20);
    pthread_t t;
    pthread_create(&t, NULL, drain, &set);
    pthread_join(t, NULL);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGRTMIN + 3, &sa, NULL);
    sigset_t three;
    sigemptyset(&three);
    sigaddset(&three, SIGRTMIN + 3);
    pthread_sigmask(SIG_BLOCK, &three, NULL);
    send_three(SIGRTMIN + 3, 30);
    pthread_sigmask(SIG_UNBLOCK, &three, NULL);
    printf("handler runs after unblocking: %d, last value %d\n", (int)handled, (int)last_value);
    return 0;
}
