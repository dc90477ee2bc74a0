/* pollsel: readiness on pipes, single-threaded. poll revents for empty,
 * readable, full, widowed (POLLHUP, POLLERR) and closed (POLLNVAL) ends;
 * poll timeouts 0 and 30 ms (elapsed at least the timeout); select's
 * fd_set rewriting, its timeval left with the time not slept (the raw call:
 * musl's select does not pass it on), EBADF
 * and EINVAL; ppoll and pselect with a signal mask that lets a pending
 * signal in (EINTR, handler ran) and one that keeps it out, and a ready fd
 * winning over such a signal (it stays pending), the same for epoll_pwait
 * and epoll_pwait2, EFAULT for a bad mask; F_GETPIPE_SZ and
 * F_SETPIPE_SZ changing where a nonblocking pipe fills.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t got;
static struct pollfd *volatile bad = (struct pollfd *)16; /* unmapped, unseen by the compiler */

static void on_usr1(int sig)
{
    (void)sig;
    got++;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static long fill(int fd)
{
    static char chunk[4096];
    long total = 0, n;
    while ((n = write(fd, chunk, sizeof chunk)) > 0)
        total += n;
    return total;
}

int main(void)
{
    int p[2];
    struct timespec t0;
    char buf[8];
    CHECK("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK) == 0);

    struct pollfd f[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
    CHECK("empty: only the write end ready", poll(f, 2, 0) == 1 && f[0].revents == 0 && f[1].revents == POLLOUT);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK("poll times out with 0", poll(f, 1, 30) == 0 && f[0].revents == 0);
    CHECK("poll slept at least 30 ms", ms_since(&t0) >= 30);
    CHECK("write 1 byte", write(p[1], "x", 1) == 1);
    CHECK("readable: POLLIN", poll(f, 2, -1) == 2 && f[0].revents == POLLIN);
    f[0].events = POLLIN | POLLOUT | POLLPRI;
    CHECK("events not possible are not reported", poll(f, 1, 0) == 1 && f[0].revents == POLLIN);
    f[0].events = POLLIN;
    CHECK("read it", read(p[0], buf, 8) == 1);

    CHECK("default capacity 64 KiB", fcntl(p[1], F_GETPIPE_SZ) == 65536);
    CHECK("fill to 64 KiB", fill(p[1]) == 65536);
    CHECK_ERR("F_SETPIPE_SZ below the content", fcntl(p[1], F_SETPIPE_SZ, 4096), EBUSY);
    CHECK("full: POLLOUT gone", poll(&f[1], 1, 0) == 0);
    CHECK_ERR("write to a full pipe", write(p[1], "x", 1), EAGAIN);
    CHECK("read one page makes it writable", read(p[0], buf, 1) == 1 && poll(&f[1], 1, 0) == 0);
    static char page[4096];
    CHECK("a whole page read makes room", read(p[0], page, 4095) == 4095 && poll(&f[1], 1, 0) == 1);
    while (read(p[0], page, sizeof page) > 0)
        ;
    CHECK("F_SETPIPE_SZ 4096", fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096 && fcntl(p[0], F_GETPIPE_SZ) == 4096);
    CHECK("fills at 4 KiB", fill(p[1]) == 4096);
    while (read(p[0], page, sizeof page) > 0)
        ;
    CHECK("F_SETPIPE_SZ 100000 rounds to a power of two pages",
          fcntl(p[1], F_SETPIPE_SZ, 100000) == 131072 && fill(p[1]) == 131072);
    while (read(p[0], page, sizeof page) > 0)
        ;

    fd_set r, w;
    struct timeval tv = {0, 0};
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(p[0], &r);
    FD_SET(p[1], &w);
    CHECK("select: write end only", select(p[1] + 1, &r, &w, NULL, &tv) == 1 && !FD_ISSET(p[0], &r) &&
          FD_ISSET(p[1], &w));
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    tv = (struct timeval){0, 30000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK("select timeout", syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv) == 0 && !FD_ISSET(p[0], &r));
    CHECK("select slept at least 30 ms, timeval now 0", ms_since(&t0) >= 30 && tv.tv_sec == 0 && tv.tv_usec == 0);
    write(p[1], "yz", 2);
    FD_SET(p[0], &r);
    tv = (struct timeval){5, 0};
    CHECK("select readable, timeval keeps the rest", syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv) == 1 &&
          FD_ISSET(p[0], &r) && tv.tv_sec >= 4 && tv.tv_sec <= 5);
    FD_ZERO(&r);
    FD_SET(60, &r);
    tv = (struct timeval){0, 0};
    CHECK_ERR("select on a closed fd", select(61, &r, NULL, NULL, &tv), EBADF);
    CHECK_ERR("select negative nfds", select(-1, NULL, NULL, NULL, &tv), EINVAL);
    tv = (struct timeval){0, -1};
    CHECK_ERR("select bad timeval", select(0, NULL, NULL, NULL, &tv), EINVAL);
    CHECK("read yz", read(p[0], buf, 8) == 2);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, open_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &open_mask);
    raise(SIGUSR1);
    CHECK("SIGUSR1 pending, not delivered", got == 0);
    struct timespec ts = {0, 20000000};
    CHECK("ppoll with it blocked times out", ppoll(f, 1, &ts, &block) == 0 && got == 0);
    ts = (struct timespec){5, 0};
    CHECK_ERR("ppoll with it open: EINTR", ppoll(f, 1, &ts, &open_mask), EINTR);
    CHECK("handler ran once, mask restored", got == 1 && sigprocmask(SIG_BLOCK, NULL, &open_mask) == 0 &&
          sigismember(&open_mask, SIGUSR1));
    sigdelset(&open_mask, SIGUSR1);
    raise(SIGUSR1);
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    CHECK_ERR("pselect with it open: EINTR", pselect(p[0] + 1, &r, NULL, NULL, &ts, &open_mask), EINTR);
    CHECK("handler ran twice", got == 2);
    int ep = epoll_create1(0);
    struct epoll_event ee = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ee);
    raise(SIGUSR1);
    CHECK_ERR("epoll_pwait with it open: EINTR", epoll_pwait(ep, &ee, 1, 5000, &open_mask), EINTR);
    raise(SIGUSR1);
    CHECK_ERR("epoll_pwait2 (raw) with it open: EINTR",
              syscall(SYS_epoll_pwait2, ep, &ee, 1, &ts, &open_mask, sizeof(uint64_t)), EINTR);
    CHECK("handler ran four times", got == 4);
    CHECK_ERR("ppoll with a bad mask pointer", ppoll(f, 1, &ts, (sigset_t *)bad), EFAULT);
    close(ep);
    got = 2;
    write(p[1], "q", 1);
    raise(SIGUSR1);
    CHECK("ppoll: a ready fd wins over a signal it lets in", ppoll(f, 1, &ts, &open_mask) == 1);
    CHECK("the signal stays pending under the restored mask", got == 2);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    CHECK("handler ran on unblocking", got == 3);
    read(p[0], buf, 8);

    close(p[1]);
    CHECK("widowed read end: POLLHUP", poll(f, 1, 0) == 1 && f[0].revents == POLLHUP);
    CHECK("EOF", read(p[0], buf, 8) == 0);
    CHECK("pipe2 again", pipe(p) == 0);
    f[1].fd = p[1];
    close(p[0]);
    CHECK("widowed write end: POLLERR", poll(&f[1], 1, 0) == 1 && (f[1].revents & POLLERR));
    close(p[1]);
    CHECK("closed fd: POLLNVAL", poll(&f[1], 1, 0) == 1 && f[1].revents == POLLNVAL);
    f[1].fd = -1;
    CHECK("negative fd ignored", poll(&f[1], 1, 0) == 0 && f[1].revents == 0);
    CHECK_ERR("poll with a bad array", poll(bad, 1, 0), EFAULT);
    return failed;
}
