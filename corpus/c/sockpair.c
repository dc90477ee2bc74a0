/* sockpair: AF_UNIX socketpairs in one thread. SOCK_STREAM byte stream
 * (writes coalesce, partial reads), MSG_PEEK, MSG_DONTWAIT EAGAIN, shutdown
 * SHUT_WR (peer reads EOF, own write EPIPE with MSG_NOSIGNAL and SIGPIPE
 * without), SHUT_RD, SOCK_DGRAM message boundaries and MSG_TRUNC, zero-length
 * datagrams, SOCK_SEQPACKET boundaries, sendmsg/recvmsg with iovecs,
 * getsockopt SO_TYPE/SO_DOMAIN/SO_ERROR, SO_SNDBUF read back doubled,
 * a nonblocking stream filled to EAGAIN and drained, ECONNREFUSED to a
 * closed datagram peer, and the errors ENOTSOCK, EINVAL (listen on a pair),
 * EOPNOTSUPP (an AF_INET pair), EAFNOSUPPORT.
 * Expects: one "ok" line per check, exits 0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t pipes;

static void on_pipe(int sig)
{
    (void)sig;
    pipes++;
}

int main(void)
{
    int s[2], d[2], q[2], opt;
    socklen_t len;
    char buf[64];
    signal(SIGPIPE, on_pipe);

    CHECK("stream socketpair", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s) == 0);
    CHECK("FD_CLOEXEC from SOCK_CLOEXEC", fcntl(s[0], F_GETFD) == FD_CLOEXEC);
    CHECK("two writes", write(s[0], "hello ", 6) == 6 && send(s[0], "world", 5, 0) == 5);
    CHECK("MSG_PEEK leaves the bytes", recv(s[1], buf, 4, MSG_PEEK) == 4 && !memcmp(buf, "hell", 4));
    CHECK("stream coalesces writes", read(s[1], buf, sizeof buf) == 11 && !memcmp(buf, "hello world", 11));
    CHECK_ERR("MSG_DONTWAIT on empty", recv(s[1], buf, 8, MSG_DONTWAIT), EAGAIN);
    CHECK("partial read", write(s[1], "abcdef", 6) == 6 && read(s[0], buf, 4) == 4 && read(s[0], buf, 8) == 2 &&
          !memcmp(buf, "ef", 2));

    struct iovec iv[3] = {{"one-", 4}, {"two-", 4}, {"three", 5}};
    struct msghdr m = {0};
    m.msg_iov = iv;
    m.msg_iovlen = 3;
    CHECK("sendmsg gathers", sendmsg(s[0], &m, 0) == 13);
    char a[5], b[20];
    struct iovec rv[2] = {{a, 5}, {b, 20}};
    struct msghdr rm = {0};
    rm.msg_iov = rv;
    rm.msg_iovlen = 2;
    CHECK("recvmsg scatters", recvmsg(s[1], &rm, 0) == 13 && !memcmp(a, "one-t", 5) && !memcmp(b, "wo-three", 8) &&
          rm.msg_flags == 0);

    len = sizeof opt;
    CHECK("SO_TYPE stream", getsockopt(s[0], SOL_SOCKET, SO_TYPE, &opt, &len) == 0 && opt == SOCK_STREAM &&
          len == sizeof opt);
    CHECK("SO_DOMAIN unix", getsockopt(s[0], SOL_SOCKET, SO_DOMAIN, &opt, &len) == 0 && opt == AF_UNIX);
    CHECK("SO_ERROR 0", getsockopt(s[0], SOL_SOCKET, SO_ERROR, &opt, &len) == 0 && opt == 0);
    opt = 65536;
    CHECK("SO_SNDBUF set", setsockopt(s[0], SOL_SOCKET, SO_SNDBUF, &opt, sizeof opt) == 0);
    CHECK("SO_SNDBUF reads back doubled", getsockopt(s[0], SOL_SOCKET, SO_SNDBUF, &opt, &len) == 0 && opt == 131072);
    CHECK_ERR("unknown option", getsockopt(s[0], SOL_SOCKET, 9999, &opt, &len), ENOPROTOOPT);
    CHECK_ERR("listen on a pair", listen(s[0], 1), EINVAL);

    CHECK("nonblocking writer", fcntl(s[0], F_SETFL, O_NONBLOCK) == 0);
    static char chunk[1000];
    long total = 0, n;
    while ((n = write(s[0], chunk, sizeof chunk)) > 0)
        total += n;
    CHECK("stream fills, then EAGAIN", errno == EAGAIN && total > 1000);
    long back = 0;
    while ((n = recv(s[1], chunk, sizeof chunk, MSG_DONTWAIT)) > 0)
        back += n;
    CHECK("every byte comes back", back == total);

    CHECK("shutdown SHUT_WR", shutdown(s[0], SHUT_WR) == 0);
    CHECK("peer reads EOF", read(s[1], buf, 8) == 0);
    CHECK_ERR("write after SHUT_WR with MSG_NOSIGNAL", send(s[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    CHECK("no SIGPIPE with MSG_NOSIGNAL", pipes == 0);
    CHECK_ERR("write after SHUT_WR", write(s[0], "x", 1), EPIPE);
    CHECK("SIGPIPE without it", pipes == 1);
    CHECK("the other direction still works", write(s[1], "back", 4) == 4 && read(s[0], buf, 8) == 4);
    CHECK("SHUT_RD", shutdown(s[0], SHUT_RD) == 0 && read(s[0], buf, 8) == 0);
    CHECK_ERR("bad how", shutdown(s[0], 7), EINVAL);
    close(s[1]);
    CHECK_ERR("write to a closed peer", send(s[0], "x", 1, MSG_NOSIGNAL), EPIPE);
    close(s[0]);

    CHECK("dgram socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, d) == 0);
    CHECK("three datagrams", send(d[0], "first", 5, 0) == 5 && send(d[0], "", 0, 0) == 0 &&
          send(d[0], "third-longer", 12, 0) == 12);
    CHECK("boundaries kept", recv(d[1], buf, sizeof buf, 0) == 5 && !memcmp(buf, "first", 5));
    CHECK("zero-length datagram", recv(d[1], buf, sizeof buf, 0) == 0);
    CHECK("MSG_TRUNC returns the real length", recv(d[1], buf, 4, MSG_TRUNC) == 12 && !memcmp(buf, "thir", 4));
    CHECK("the rest is discarded", recv(d[1], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    send(d[0], "abcdefgh", 8, 0);
    rv[0] = (struct iovec){a, 3};
    rm.msg_iovlen = 1;
    CHECK("recvmsg flags MSG_TRUNC", recvmsg(d[1], &rm, 0) == 3 && (rm.msg_flags & MSG_TRUNC));
    len = sizeof opt;
    CHECK("SO_TYPE dgram", getsockopt(d[0], SOL_SOCKET, SO_TYPE, &opt, &len) == 0 && opt == SOCK_DGRAM);
    close(d[0]);
    CHECK_ERR("send on a dgram pair whose peer closed", send(d[1], "x", 1, MSG_NOSIGNAL), ECONNREFUSED);
    close(d[1]);

    CHECK("seqpacket socketpair", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, q) == 0);
    CHECK("two records", send(q[0], "rec1", 4, 0) == 4 && send(q[0], "record2", 7, 0) == 7);
    CHECK("records stay apart", recv(q[1], buf, sizeof buf, 0) == 4 && recv(q[1], buf, sizeof buf, 0) == 7);
    close(q[0]);
    CHECK("EOF after the peer closes", recv(q[1], buf, sizeof buf, 0) == 0);
    close(q[1]);

    CHECK_ERR("socketpair AF_INET", socketpair(AF_INET, SOCK_STREAM, 0, s), EOPNOTSUPP);
    CHECK_ERR("socketpair bad family", socketpair(12345, SOCK_STREAM, 0, s), EAFNOSUPPORT);
    CHECK_ERR("send on a pipe", send(0, "x", 1, 0), ENOTSOCK);
    CHECK_ERR("socketpair bad type", socketpair(AF_UNIX, 99, 0, s), EINVAL);
    return failed;
}
