/* thr_offload: blocking I/O calls of one thread while others run, the calls
 * an image offloads asynchronously (io_uring or workers). A thread blocks in
 * read, recv, recvmsg, readv, accept, poll, epoll_wait, an eventfd or timerfd
 * read while another thread makes it ready 50 ms later; poll and epoll_wait
 * time out; a write and a send blocked on a full socket get EPIPE (SIGPIPE
 * handled once each; none with MSG_NOSIGNAL) when the peer shuts down reading; a signal
 * without SA_RESTART ends a blocked read with EINTR, with SA_RESTART the read
 * goes on and gets the data; SO_RCVTIMEO ends a read and a recv with
 * EAGAIN; a new write after the peer's shutdown gets
 * EPIPE and SIGPIPE; poll of a closed fd reports POLLNVAL at once; O_NONBLOCK and MSG_DONTWAIT calls return
 * EAGAIN; a read after the peer's shutdown returns 0.
 * Expects: the same lines every run, exits 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define LATER_MS 50

static volatile sig_atomic_t pipe_signals, usr1_signals;
static pthread_t main_thread;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, strerror(errno));
    exit(1);
}

static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

static void pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
        die("socketpair");
}

static const char *errno_name(int e)
{
    switch (e) {
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case EPIPE: return "EPIPE";
    case ECONNRESET: return "ECONNRESET";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    default: return "another errno";
    }
}

static void result(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s (%d)\n", what, errno_name(errno), errno);
    else
        printf("%s: %ld\n", what, r);
}

/* --- a helper thread that acts LATER_MS after it starts ------------------- */

enum action { WRITE_BYTES, CLOSE_FD, SHUTDOWN_WR, SHUTDOWN_RD, CONNECT_SEND, KILL_MAIN, KILL_THEN_WRITE };

struct later {
    enum action action;
    int fd;
    const char *data;
    struct sockaddr_un addr;
    socklen_t addr_len;
    pthread_t thread;
};

static void *later_main(void *arg)
{
    struct later *l = arg;
    pause_ms(LATER_MS);
    switch (l->action) {
    case WRITE_BYTES:
        if (write(l->fd, l->data, strlen(l->data)) != (ssize_t)strlen(l->data))
            die("later write");
        break;
    case CLOSE_FD:
        close(l->fd);
        break;
    case SHUTDOWN_WR:
        shutdown(l->fd, SHUT_WR);
        break;
    case SHUTDOWN_RD:
        shutdown(l->fd, SHUT_RD);
        break;
    case CONNECT_SEND: {
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (s == -1 || connect(s, (struct sockaddr *)&l->addr, l->addr_len) == -1)
            die("later connect");
        if (send(s, l->data, strlen(l->data), 0) != (ssize_t)strlen(l->data))
            die("later send");
        close(s);
        break;
    }
    case KILL_MAIN:
        pthread_kill(main_thread, SIGUSR1);
        break;
    case KILL_THEN_WRITE:
        pthread_kill(main_thread, SIGUSR1);
        pause_ms(LATER_MS);
        if (write(l->fd, l->data, strlen(l->data)) != (ssize_t)strlen(l->data))
            die("later write");
        break;
    }
    return 0;
}

static struct later *later(enum action action, int fd, const char *data)
{
    static struct later slots[32];
    static int used;
    if (used == 32) {
        fprintf(stderr, "too many helpers\n");
        exit(1);
    }
    struct later *l = &slots[used++];
    l->action = action;
    l->fd = fd;
    l->data = data;
    return l;
}

static void start(struct later *l)
{
    if (pthread_create(&l->thread, 0, later_main, l))
        die("pthread_create");
}

static void finish(struct later *l)
{
    pthread_join(l->thread, 0);
}

/* --- the cases ---------------------------------------------------------------- */

static void read_cases(void)
{
    int sv[2];
    char buf[64];
    pair(sv);
    struct later *l = later(WRITE_BYTES, sv[1], "hello");
    start(l);
    long n = read(sv[0], buf, sizeof buf);
    finish(l);
    result("read after a later write", n);
    printf("  data: %.*s\n", (int)(n > 0 ? n : 0), buf);

    l = later(WRITE_BYTES, sv[1], "vectored");
    start(l);
    char a[3], b[16];
    struct iovec iov[2] = {{a, sizeof a}, {b, sizeof b}};
    n = readv(sv[0], iov, 2);
    finish(l);
    result("readv after a later write", n);
    printf("  data: %.3s|%.*s\n", a, (int)(n > 3 ? n - 3 : 0), b);

    l = later(WRITE_BYTES, sv[0], "reply");
    start(l);
    n = recv(sv[1], buf, sizeof buf, 0);
    finish(l);
    result("recv after a later write", n);

    l = later(WRITE_BYTES, sv[0], "ab");
    start(l);
    n = recv(sv[1], buf, 2, MSG_WAITALL);
    finish(l);
    result("recv MSG_WAITALL", n);

    l = later(WRITE_BYTES, sv[0], "message");
    start(l);
    struct iovec one = {buf, sizeof buf};
    struct msghdr mh = {.msg_iov = &one, .msg_iovlen = 1};
    n = recvmsg(sv[1], &mh, 0);
    finish(l);
    result("recvmsg after a later write", n);
    printf("  flags: %d\n", mh.msg_flags);

    int dg[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, dg) == -1)
        die("socketpair dgram");
    l = later(WRITE_BYTES, dg[1], "a datagram too long");
    start(l);
    char small[4];
    struct iovec part = {small, sizeof small};
    struct sockaddr_un from;
    struct msghdr dm = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &part, .msg_iovlen = 1};
    n = recvmsg(dg[0], &dm, 0);
    finish(l);
    result("recvmsg of a longer datagram", n);
    printf("  flags: %#x namelen: %u data: %.4s\n", dm.msg_flags, (unsigned)dm.msg_namelen, small);
    close(dg[0]);
    close(dg[1]);

    l = later(SHUTDOWN_WR, sv[1], 0);
    start(l);
    n = read(sv[0], buf, sizeof buf);
    finish(l);
    result("read after the peer's shutdown", n);
    close(sv[0]);
    close(sv[1]);
}

static void nonblocking_cases(void)
{
    int sv[2];
    char buf[8];
    pair(sv);
    struct later *l = later(WRITE_BYTES, sv[1], "x");
    start(l);               /* another thread exists while the calls run */
    result("recv MSG_DONTWAIT", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    result("read O_NONBLOCK", read(sv[0], buf, sizeof buf));
    result("recv O_NONBLOCK", recv(sv[0], buf, sizeof buf, 0));
    finish(l);
    fcntl(sv[0], F_SETFL, 0);
    result("read once written", read(sv[0], buf, sizeof buf));
    struct timeval tv = {0, 100000};
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct later *keep = later(SHUTDOWN_WR, -1, 0);
    start(keep);
    result("read with SO_RCVTIMEO", read(sv[0], buf, sizeof buf));
    result("recv with SO_RCVTIMEO", recv(sv[0], buf, sizeof buf, 0));
    finish(keep);
    close(sv[0]);
    close(sv[1]);
}

static void timerfd_case(void)
{
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = {{0, 0}, {0, LATER_MS * 1000000L}};
    if (tfd == -1 || timerfd_settime(tfd, 0, &its, 0) == -1)
        die("timerfd");
    struct later *keep = later(SHUTDOWN_WR, -1, 0); /* a second thread while the read waits */
    start(keep);
    uint64_t expirations = 0;
    long n = read(tfd, &expirations, 8);
    finish(keep);
    result("timerfd read", n);
    printf("  expirations: %llu\n", (unsigned long long)expirations);
    close(tfd);
}

struct adder {
    int fd;
    uint64_t value;
};

static void *add_later(void *arg)
{
    struct adder *a = arg;
    pause_ms(LATER_MS);
    if (write(a->fd, &a->value, 8) != 8)
        die("eventfd write");
    return 0;
}

static void eventfd_case(void)
{
    int efd = eventfd(0, 0);
    if (efd == -1)
        die("eventfd");
    struct adder a = {efd, 42};
    pthread_t t;
    pthread_create(&t, 0, add_later, &a);
    uint64_t got = 0;
    long n = read(efd, &got, 8);
    pthread_join(t, 0);
    result("eventfd read after a later add", n);
    printf("  value: %llu\n", (unsigned long long)got);
    close(efd);
}

static void accept_case(void)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int len = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "azalea-thr_offload-%d", (int)getpid());
    socklen_t addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
    int ls = socket(AF_UNIX, SOCK_STREAM, 0);
    if (ls == -1 || bind(ls, (struct sockaddr *)&addr, addr_len) == -1 || listen(ls, 4) == -1)
        die("listen");
    struct later *l = later(CONNECT_SEND, -1, "over a connection");
    l->addr = addr;
    l->addr_len = addr_len;
    start(l);
    int c = accept4(ls, 0, 0, SOCK_CLOEXEC);
    result("accept4 of a later connect", c >= 0 ? 0 : -1);
    char buf[64];
    long n = c >= 0 ? recv(c, buf, sizeof buf, MSG_WAITALL) : -1;
    finish(l);
    result("recv until the peer closes", n);
    printf("  data: %.*s\n", (int)(n > 0 ? n : 0), buf);
    printf("  cloexec: %d\n", c >= 0 && (fcntl(c, F_GETFD) & FD_CLOEXEC) != 0);
    close(c);
    fcntl(ls, F_SETFL, O_NONBLOCK);
    l = later(SHUTDOWN_WR, -1, 0);
    start(l);
    result("accept O_NONBLOCK", accept(ls, 0, 0));
    finish(l);
    close(ls);
}

static void poll_cases(void)
{
    int sv[2];
    char buf[8];
    pair(sv);
    struct later *keep = later(SHUTDOWN_WR, -1, 0);
    start(keep);
    struct pollfd p = {sv[0], POLLIN, 0x7f};
    result("poll timing out", poll(&p, 1, 100));
    printf("  revents: %#x\n", p.revents);
    finish(keep);

    struct later *l = later(WRITE_BYTES, sv[1], "p");
    start(l);
    p.revents = 0x7f;
    result("poll with a later write", poll(&p, 1, 5000));
    printf("  revents: %#x\n", p.revents);
    finish(l);
    read(sv[0], buf, sizeof buf);

    l = later(WRITE_BYTES, sv[1], "q");
    start(l);
    p.events = POLLIN | POLLOUT;
    result("poll no timeout, POLLIN|POLLOUT", poll(&p, 1, -1));
    printf("  revents: %#x\n", p.revents);
    finish(l);
    read(sv[0], buf, sizeof buf);

    keep = later(SHUTDOWN_WR, -1, 0);
    start(keep);
    struct pollfd closed = {1000, POLLIN, 0};
    result("poll of a closed fd", poll(&closed, 1, 1000));
    printf("  revents: %#x\n", closed.revents);
    finish(keep);

    l = later(CLOSE_FD, sv[1], 0);
    start(l);
    p.events = POLLIN | POLLRDHUP;
    result("poll with the peer closing", poll(&p, 1, -1));
    printf("  revents: %#x\n", p.revents);
    finish(l);
    close(sv[0]);

    int ep = epoll_create1(0);
    pair(sv);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1234}, out[4];
    epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
    keep = later(SHUTDOWN_WR, -1, 0);
    start(keep);
    result("epoll_wait timing out", epoll_wait(ep, out, 4, 100));
    finish(keep);
    l = later(WRITE_BYTES, sv[1], "e");
    start(l);
    long n = epoll_wait(ep, out, 4, 5000);
    finish(l);
    result("epoll_wait with a later write", n);
    printf("  events: %#x data: %#llx\n", n > 0 ? out[0].events : 0, n > 0 ? (unsigned long long)out[0].data.u64 : 0ULL);
    read(sv[0], buf, sizeof buf);
    l = later(WRITE_BYTES, sv[1], "f");
    start(l);
    n = epoll_wait(ep, out, 4, -1);
    finish(l);
    result("epoll_wait no timeout", n);
    close(ep);
    close(sv[0]);
    close(sv[1]);
}

static void on_pipe(int sig)
{
    (void)sig;
    pipe_signals++;
}

/* sv[1]'s send buffer full: the next write blocks. */
static void fill(int fd)
{
    static char block[4096];
    fcntl(fd, F_SETFL, O_NONBLOCK);
    while (write(fd, block, sizeof block) > 0)
        ;
    while (write(fd, block, 1) > 0)
        ;
    fcntl(fd, F_SETFL, 0);
}

static void sigpipe_cases(void)
{
    struct sigaction sa = {.sa_handler = on_pipe};
    sigaction(SIGPIPE, &sa, 0);
    const char *what[] = {"write", "send", "send MSG_NOSIGNAL", "writev"};
    for (int i = 0; i < 4; i++) {
        int sv[2];
        pair(sv);
        fill(sv[1]);
        struct later *l = later(SHUTDOWN_RD, sv[0], 0);
        start(l);
        pipe_signals = 0;
        struct iovec iov = {(void *)"z", 1};
        long n = i == 0 ? write(sv[1], "z", 1)
               : i == 1 ? send(sv[1], "z", 1, 0)
               : i == 2 ? send(sv[1], "z", 1, MSG_NOSIGNAL)
                        : writev(sv[1], &iov, 1);
        finish(l);
        char line[64];
        snprintf(line, sizeof line, "%s to a closed peer, blocked", what[i]);
        result(line, n);
        printf("  SIGPIPE handled: %d\n", (int)pipe_signals);
        pipe_signals = 0;
        n = i == 0 ? write(sv[1], "z", 1)
          : i == 1 ? send(sv[1], "z", 1, 0)
          : i == 2 ? send(sv[1], "z", 1, MSG_NOSIGNAL)
                   : writev(sv[1], &iov, 1);
        snprintf(line, sizeof line, "%s again", what[i]);
        result(line, n);
        printf("  SIGPIPE handled: %d\n", (int)pipe_signals);
        close(sv[0]);
        close(sv[1]);
    }
    signal(SIGPIPE, SIG_DFL);
}

static void on_usr1(int sig)
{
    (void)sig;
    usr1_signals++;
}

static void interrupt_cases(void)
{
    int sv[2];
    char buf[16];
    pair(sv);
    struct sigaction sa = {.sa_handler = on_usr1};
    sigaction(SIGUSR1, &sa, 0);
    struct later *l = later(KILL_MAIN, -1, 0);
    start(l);
    long n = read(sv[0], buf, sizeof buf);
    finish(l);
    result("read interrupted, no SA_RESTART", n);
    printf("  handled: %d\n", (int)usr1_signals);

    l = later(KILL_MAIN, -1, 0);
    start(l);
    struct pollfd p = {sv[0], POLLIN, 0};
    n = poll(&p, 1, 5000);
    finish(l);
    result("poll interrupted", n);
    printf("  handled: %d\n", (int)usr1_signals);

    l = later(KILL_MAIN, -1, 0);
    start(l);
    n = recv(sv[0], buf, sizeof buf, 0);
    finish(l);
    result("recv interrupted, no SA_RESTART", n);

    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, 0);
    l = later(KILL_THEN_WRITE, sv[1], "restarted");
    start(l);
    n = read(sv[0], buf, sizeof buf);
    finish(l);
    result("read interrupted, SA_RESTART", n);
    printf("  data: %.*s handled: %d\n", (int)(n > 0 ? n : 0), buf, (int)usr1_signals);
    signal(SIGUSR1, SIG_DFL);
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    main_thread = pthread_self();
    read_cases();
    nonblocking_cases();
    eventfd_case();
    timerfd_case();
    accept_case();
    poll_cases();
    sigpipe_cases();
    interrupt_cases();
    printf("done\n");
    return 0;
}
