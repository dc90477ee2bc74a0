/*
 * thr_timer.c: POSIX timers and interval timers with threads.
 *   - timer_create(CLOCK_MONOTONIC, SIGEV_SIGNAL SIGUSR1), 3 expirations of 10 ms;
 *   - timer_create(CLOCK_REALTIME, SIGEV_THREAD_ID SIGUSR2) aimed at one worker
 *     thread: the handler runs in that thread (checked with gettid);
 *   - SIGEV_THREAD: the C library's helper thread runs the callback;
 *   - setitimer(ITIMER_REAL) SIGALRM, 2 expirations.
 * Expected: every line "yes"; counts as printed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile sig_atomic_t usr1, alrm, usr2_in_target, usr2_elsewhere;
static volatile pid_t target_tid;
static sem_t callback_ran, target_ready, target_done;

static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_alrm(int sig) { (void)sig; alrm++; }
static void on_usr2(int sig)
{
    (void)sig;
    if ((pid_t)syscall(SYS_gettid) == target_tid)
        usr2_in_target++;
    else
        usr2_elsewhere++;
}

static void handle(int sig, void (*fn)(int))
{
    struct sigaction sa = {0};
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL)) {
        perror("sigaction");
        exit(1);
    }
}

static void arm(timer_t t, long ms, long interval_ms)
{
    struct itimerspec its = {{interval_ms / 1000, (interval_ms % 1000) * 1000000},
                             {ms / 1000, (ms % 1000) * 1000000}};
    if (timer_settime(t, 0, &its, NULL)) {
        perror("timer_settime");
        exit(1);
    }
}

static void wait_until(volatile sig_atomic_t *v, int n)
{
    for (int i = 0; i < 2000 && *v < n; i++)
        usleep(1000);
}

static void *target(void *arg)
{
    (void)arg;
    target_tid = (pid_t)syscall(SYS_gettid);
    sem_post(&target_ready);
    wait_until(&usr2_in_target, 2);
    sem_post(&target_done);
    return NULL;
}

static void callback(union sigval v)
{
    (void)v;
    sem_post(&callback_ran);
}

int main(void)
{
    sem_init(&callback_ran, 0, 0);
    sem_init(&target_ready, 0, 0);
    sem_init(&target_done, 0, 0);
    handle(SIGUSR1, on_usr1);
    handle(SIGUSR2, on_usr2);
    handle(SIGALRM, on_alrm);

    timer_t t1;
    struct sigevent ev = {0};
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    if (timer_create(CLOCK_MONOTONIC, &ev, &t1)) {
        perror("timer_create");
        return 1;
    }
    arm(t1, 10, 10);
    wait_until(&usr1, 3);
    arm(t1, 0, 0);
    timer_delete(t1);
    printf("SIGEV_SIGNAL timer expired 3 times: %s\n", usr1 >= 3 ? "yes" : "no");

    /* Every thread leaves SIGUSR2 unblocked: a delivery to any other thread is counted. */
    pthread_t w;
    pthread_create(&w, NULL, target, NULL);
    sem_wait(&target_ready);
    timer_t t2;
    struct sigevent ev2 = {0};
    ev2.sigev_notify = SIGEV_THREAD_ID;
    ev2.sigev_signo = SIGUSR2;
    ev2.sigev_notify_thread_id = target_tid;
    if (timer_create(CLOCK_REALTIME, &ev2, &t2)) {
        perror("timer_create SIGEV_THREAD_ID");
        return 1;
    }
    arm(t2, 10, 10);
    sem_wait(&target_done);
    arm(t2, 0, 0);
    timer_delete(t2);
    pthread_join(w, NULL);
    printf("SIGEV_THREAD_ID timer ran its handler in the target thread: %s\n",
           usr2_in_target >= 2 && usr2_elsewhere == 0 ? "yes" : "no");

    timer_t t3;
    struct sigevent ev3 = {0};
    ev3.sigev_notify = SIGEV_THREAD;
    ev3.sigev_notify_function = callback;
    if (timer_create(CLOCK_MONOTONIC, &ev3, &t3)) {
        perror("timer_create SIGEV_THREAD");
        return 1;
    }
    arm(t3, 10, 0);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    printf("SIGEV_THREAD callback ran: %s\n", sem_timedwait(&callback_ran, &deadline) == 0 ? "yes" : "no");
    timer_delete(t3);

    struct itimerval it = {{0, 10000}, {0, 10000}};
    setitimer(ITIMER_REAL, &it, NULL);
    wait_until(&alrm, 2);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    printf("setitimer SIGALRM expired twice: %s\n", alrm >= 2 ? "yes" : "no");
    return 0;
}
