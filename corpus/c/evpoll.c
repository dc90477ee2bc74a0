/* evpoll: eventfd, epoll and timerfd in one thread. eventfd counter
 * semantics (sum, read resets, EFD_SEMAPHORE decrements by one, EAGAIN when
 * zero, EINVAL for short buffers and the 0xffff...ff value, nonblocking
 * write overflow), epoll_ctl ADD/MOD/DEL errors (EEXIST, ENOENT, EBADF,
 * EINVAL on itself, EPERM on a regular file), level- vs edge-triggered and
 * EPOLLONESHOT readiness on a pipe and an eventfd, epoll_wait timeouts and
 * maxevents, data.u64 round trip, an epoll fd inside another, timerfd
 * one-shot and periodic expirations counted by read, TFD_TIMER_ABSTIME,
 * timerfd_gettime after disarming.
 * Expects: one "ok" line per check, exits 0; removes its file. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static int wait_one(int ep, int ms, struct epoll_event *ev)
{
    return epoll_wait(ep, ev, 1, ms);
}

int main(void)
{
    uint64_t v;
    struct epoll_event ev, out[4];
    int e = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
    CHECK("eventfd initial 5", e >= 0 && read(e, &v, 8) == 8 && v == 5);
    CHECK_ERR("empty eventfd: EAGAIN", read(e, &v, 8), EAGAIN);
    v = 3;
    CHECK("writes add up", write(e, &v, 8) == 8 && write(e, &v, 8) == 8 && read(e, &v, 8) == 8 && v == 6);
    CHECK_ERR("short read", read(e, &v, 4), EINVAL);
    CHECK_ERR("short write", write(e, &v, 7), EINVAL);
    v = UINT64_MAX;
    CHECK_ERR("write of 2^64-1", write(e, &v, 8), EINVAL);
    v = UINT64_MAX - 1;
    CHECK("write the maximum", write(e, &v, 8) == 8);
    v = 1;
    CHECK_ERR("overflow on a nonblocking eventfd", write(e, &v, 8), EAGAIN);
    CHECK("read the maximum", read(e, &v, 8) == 8 && v == UINT64_MAX - 1);
    int s = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    int ones = 0;
    while (read(s, &v, 8) == 8 && v == 1)
        ones++;
    CHECK("EFD_SEMAPHORE reads 1 three times", ones == 3 && errno == EAGAIN);
    CHECK_ERR("eventfd bad flags", eventfd(0, 0x7), EINVAL);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    int p[2];
    CHECK("epoll_create1, pipe", ep >= 0 && pipe2(p, O_NONBLOCK) == 0);
    CHECK_ERR("epoll_create1 bad flags", epoll_create1(1), EINVAL);
    CHECK_ERR("epoll_create size 0 (raw: musl drops it)", syscall(SYS_epoll_create, 0), EINVAL);
    ev.events = EPOLLIN;
    ev.data.u64 = 0x1122334455667788ULL;
    CHECK("ADD pipe read end (level)", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    CHECK_ERR("ADD twice", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
    CHECK_ERR("MOD an fd not added", epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), ENOENT);
    CHECK_ERR("DEL an fd not added", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], &ev), ENOENT);
    CHECK_ERR("ADD a closed fd", epoll_ctl(ep, EPOLL_CTL_ADD, 99, &ev), EBADF);
    CHECK_ERR("ADD itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
    int file = open("evp.tmp", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK_ERR("ADD a regular file", epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev), EPERM);
    close(file);
    unlink("evp.tmp");
    CHECK_ERR("bad op", epoll_ctl(ep, 99, p[0], &ev), EINVAL);
    CHECK_ERR("maxevents 0", epoll_wait(ep, out, 0, 0), EINVAL);

    CHECK("nothing ready, timeout 0", wait_one(ep, 0, out) == 0);
    CHECK("nothing ready, timeout 20 ms", wait_one(ep, 20, out) == 0);
    write(p[1], "ab", 2);
    CHECK("ready with data.u64 intact", wait_one(ep, -1, out) == 1 && out[0].events == EPOLLIN &&
          out[0].data.u64 == 0x1122334455667788ULL);
    CHECK("level-triggered: still ready", wait_one(ep, 0, out) == 1);
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u32 = 7;
    CHECK("MOD to edge-triggered", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
    CHECK("edge: reported once after MOD", wait_one(ep, 0, out) == 1 && out[0].data.u32 == 7);
    CHECK("edge: not again without new data", wait_one(ep, 0, out) == 0);
    write(p[1], "c", 1);
    CHECK("edge: new data, reported again", wait_one(ep, 0, out) == 1);
    char buf[8];
    CHECK("drain", read(p[0], buf, 8) == 3);
    ev.events = EPOLLIN | EPOLLONESHOT;
    CHECK("MOD to oneshot", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
    write(p[1], "d", 1);
    CHECK("oneshot fires", wait_one(ep, 0, out) == 1);
    write(p[1], "e", 1);
    CHECK("oneshot disarmed", wait_one(ep, 0, out) == 0);
    CHECK("re-arm with MOD", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0 && wait_one(ep, 0, out) == 1);

    ev.events = EPOLLIN;
    ev.data.u32 = 1;
    CHECK("ADD eventfd", epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev) == 0);
    ev.events = EPOLLOUT;
    ev.data.u32 = 2;
    CHECK("ADD pipe write end for EPOLLOUT", epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev) == 0);
    v = 1;
    write(e, &v, 8);
    int n = epoll_wait(ep, out, 4, 0), mask = 0;
    for (int i = 0; i < n; i++)
        mask |= 1 << out[i].data.u32;
    CHECK("eventfd readable and pipe writable", n == 2 && mask == 6);
    CHECK("maxevents 1 returns one", epoll_wait(ep, out, 1, 0) == 1);
    read(e, &v, 8);
    CHECK("DEL write end", epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == 0);
    CHECK("nothing left ready", epoll_wait(ep, out, 4, 0) == 0);
    close(p[1]);
    ev.events = EPOLLIN;
    ev.data.u32 = 3;
    CHECK("re-arm the read end", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
    CHECK("widowed read end: EPOLLIN|EPOLLHUP", epoll_wait(ep, out, 4, 0) == 1 &&
          out[0].events == (EPOLLIN | EPOLLHUP));
    CHECK("drain to EOF", read(p[0], buf, 8) == 2 && read(p[0], buf, 8) == 0);
    CHECK("closing an fd removes it", close(p[0]) == 0 && epoll_wait(ep, out, 4, 0) == 0);

    int outer = epoll_create1(0);
    ev.events = EPOLLIN;
    ev.data.u32 = 9;
    CHECK("epoll inside epoll", epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ev) == 0 && epoll_wait(outer, out, 1, 0) == 0);
    write(e, &v, 8);
    CHECK("outer sees inner readiness", epoll_wait(outer, out, 1, 0) == 1 && out[0].data.u32 == 9);
    read(e, &v, 8);
    close(outer);

    int t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    CHECK("timerfd_create", t >= 0);
    CHECK_ERR("unarmed timerfd: EAGAIN", read(t, &v, 8), EAGAIN);
    struct itimerspec its = {{0, 0}, {0, 20000000}}, cur;
    CHECK("arm one-shot 20 ms", timerfd_settime(t, 0, &its, NULL) == 0);
    CHECK("gettime: armed, no interval", timerfd_gettime(t, &cur) == 0 && cur.it_interval.tv_nsec == 0 &&
          cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20000000);
    ev.events = EPOLLIN;
    ev.data.u32 = 4;
    epoll_ctl(ep, EPOLL_CTL_ADD, t, &ev);
    CHECK("epoll waits for the expiry", epoll_wait(ep, out, 4, 2000) == 1 && out[0].data.u32 == 4);
    CHECK("one expiration", read(t, &v, 8) == 8 && v == 1);
    CHECK("disarmed after one shot", timerfd_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 &&
          cur.it_value.tv_nsec == 0);
    its = (struct itimerspec){{0, 5000000}, {0, 5000000}};
    struct timespec t0, t1, nap = {0, 40000000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    timerfd_settime(t, 0, &its, NULL);
    nanosleep(&nap, NULL);
    int got = read(t, &v, 8) == 8;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    CHECK("periodic: 8 expirations in 40 ms, no more than elapsed allows",
          got && v >= 8 && (long)v <= elapsed_ms / 5);
    its = (struct itimerspec){{0, 0}, {0, 0}};
    CHECK("disarm", timerfd_settime(t, 0, &its, &cur) == 0 && cur.it_interval.tv_nsec == 5000000);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    its.it_value = now;
    CHECK("ABSTIME in the past fires at once", timerfd_settime(t, TFD_TIMER_ABSTIME, &its, NULL) == 0 &&
          epoll_wait(ep, out, 4, 1000) == 1 && read(t, &v, 8) == 8 && v == 1);
    its.it_value.tv_nsec = 1000000000;
    CHECK_ERR("settime bad nsec", timerfd_settime(t, 0, &its, NULL), EINVAL);
    CHECK_ERR("timerfd bad clock", timerfd_create(12345, 0), EINVAL);
    CHECK_ERR("short read of a timerfd", read(t, &v, 4), EINVAL);
    close(t), close(e), close(s), close(ep);
    return failed;
}
