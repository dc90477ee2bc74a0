/* thr_pipesem: Linux's pipe semantics, one rule per check, single- and
 * multi-threaded: EOF, EPIPE with SIGPIPE (and its siginfo), O_NONBLOCK
 * EAGAIN on an empty and a full pipe, the capacity seen through writes of
 * 1, 100 and 5000 bytes (Linux packs a pipe in page-sized buffers, so the
 * count depends on the write size), PIPE_BUF atomicity, partial nonblocking
 * writes, readv/writev, zero-length calls, EFAULT on both sides (the bytes
 * stay), FIONREAD, poll, dup, fcntl(O_NONBLOCK), fstat, /proc/self/fd, the
 * write end closed with bytes unread, a reader and a writer blocked and woken
 * by another thread, a signal interrupting a blocked read (EINTR, or a
 * restart with SA_RESTART), and 4 MiB through a pipe in odd-sized pieces.
 * Expects: one "ok" line per check, exits 0 (a failed check prints FAIL and
 * the program exits 1). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static void make(int p[2], int flags)
{
    if (pipe2(p, flags) != 0) {
        perror("pipe2");
        exit(1);
    }
}

static void shut(int p[2])
{
    close(p[0]);
    close(p[1]);
}

static void pause_ms(int ms)
{
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, 0);
}

/* --- single thread ---------------------------------------------------------- */

static volatile sig_atomic_t sigpipes, sigpipe_code, sigpipe_pid_ok;

static void on_sigpipe(int sig, siginfo_t *info, void *uc)
{
    (void)sig, (void)uc;
    sigpipes++;
    sigpipe_code = info->si_code;
    sigpipe_pid_ok = info->si_pid == getpid();
}

static void eof_and_epipe(void)
{
    int p[2];
    char c = 'x';
    make(p, 0);
    CHECK("write then read", write(p[1], "abc", 3) == 3 && read(p[0], &c, 1) == 1 && c == 'a');
    close(p[1]);
    char rest[8];
    CHECK("bytes left after the writer closed", read(p[0], rest, sizeof rest) == 2 && !memcmp(rest, "bc", 2));
    CHECK("then EOF", read(p[0], rest, sizeof rest) == 0);
    close(p[0]);

    struct sigaction sa = {0};
    sa.sa_sigaction = on_sigpipe;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGPIPE, &sa, 0);
    make(p, 0);
    close(p[0]);
    errno = 0;
    CHECK("write without a reader: EPIPE", write(p[1], &c, 1) == -1 && errno == EPIPE);
    CHECK("and one SIGPIPE, SI_USER from this process", sigpipes == 1 && sigpipe_code == SI_USER && sigpipe_pid_ok);
    CHECK("zero-length write without a reader: 0, no signal", write(p[1], &c, 0) == 0 && sigpipes == 1);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    CHECK("SIGPIPE ignored: EPIPE still", write(p[1], &c, 1) == -1 && errno == EPIPE && sigpipes == 1);
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
}

/* Nonblocking writes of size bytes until EAGAIN; the bytes that went in. */
static long fill(int fd, size_t size)
{
    static char buf[8192];
    long total = 0;
    for (;;) {
        ssize_t n = write(fd, buf, size);
        if (n < 0)
            return errno == EAGAIN ? total : -errno;
        total += n;
    }
}

static void capacity(void)
{
    int p[2];
    char c;
    make(p, O_NONBLOCK);
    errno = 0;
    CHECK("empty nonblocking read: EAGAIN", read(p[0], &c, 1) == -1 && errno == EAGAIN);
    long one = fill(p[1], 1);
    printf("     capacity in 1-byte writes: %ld\n", one);
    errno = 0;
    CHECK("full nonblocking write: EAGAIN", write(p[1], &c, 1) == -1 && errno == EAGAIN);
    shut(p);
    make(p, O_NONBLOCK);
    printf("     capacity in 100-byte writes: %ld\n", fill(p[1], 100));
    shut(p);
    make(p, O_NONBLOCK);
    printf("     capacity in 5000-byte writes: %ld\n", fill(p[1], 5000));
    shut(p);

    /* PIPE_BUF: 4096 bytes go in whole or not at all; more may go in part. */
    static char big[3 * 4096];
    make(p, O_NONBLOCK);
    fill(p[1], 4096);
    char drain[100];
    ssize_t r = read(p[0], drain, sizeof drain);
    errno = 0;
    CHECK("room for 100 bytes: a 4096-byte write is refused whole", r == 100 && write(p[1], big, 4096) == -1 && errno == EAGAIN);
    static char page[4096];
    CHECK("a page read frees a buffer", read(p[0], page, sizeof page) == sizeof page);
    ssize_t part = write(p[1], big, sizeof big);
    printf("     a 12288-byte write into one free page: %zd\n", part);
    shut(p);
}

static void vectors_and_faults(void)
{
    int p[2];
    make(p, 0);
    static char one[] = "one,", two[] = "two,", three[] = "three";
    struct iovec out[3] = {{one, 4}, {two, 4}, {three, 5}};
    CHECK("writev of three buffers", writev(p[1], out, 3) == 13);
    char a[3], b[20];
    struct iovec in[2] = {{a, sizeof a}, {b, sizeof b}};
    ssize_t n = readv(p[0], in, 2);
    CHECK("readv scatters them", n == 13 && !memcmp(a, "one", 3) && !memcmp(b, ",two,three", 10));
    CHECK("zero-length read", read(p[0], a, 0) == 0);
    volatile int minus_one = -1; /* hidden from the compiler's own checks */
    errno = 0;
    CHECK("writev with a negative count: EINVAL", writev(p[1], out, minus_one) == -1 && errno == EINVAL);

    char c = 0;
    void *volatile bad = (void *)8;
    CHECK("write one byte", write(p[1], "z", 1) == 1);
    errno = 0;
    CHECK("read into NULL: EFAULT", read(p[0], bad, 1) == -1 && errno == EFAULT);
    CHECK("the byte is still there", read(p[0], &c, 1) == 1 && c == 'z');
    errno = 0;
    CHECK("write from NULL: EFAULT", write(p[1], bad, 1) == -1 && errno == EFAULT);
    int avail = -1;
    CHECK("nothing went in", ioctl(p[0], FIONREAD, &avail) == 0 && avail == 0);
    shut(p);
}

static void handed_to_the_kernel(void)
{
    int p[2];
    make(p, 0);
    CHECK("three writes", write(p[1], "ab", 2) == 2 && write(p[1], "cd", 2) == 2 && write(p[1], "ef", 2) == 2);
    int avail = -1;
    CHECK("FIONREAD sees them", ioctl(p[0], FIONREAD, &avail) == 0 && avail == 6);
    char buf[8];
    CHECK("read after FIONREAD", read(p[0], buf, 3) == 3 && !memcmp(buf, "abc", 3));
    struct pollfd pf = {p[0], POLLIN, 0};
    CHECK("poll: readable", poll(&pf, 1, 0) == 1 && pf.revents == POLLIN);
    CHECK("the rest in order", read(p[0], buf, sizeof buf) == 3 && !memcmp(buf, "def", 3));
    shut(p);

    make(p, 0);
    write(p[1], "xyz", 3);
    pf = (struct pollfd){p[0], POLLIN, 0};
    struct pollfd wf = {p[1], POLLOUT, 0};
    CHECK("poll on the write end: writable", poll(&wf, 1, 0) == 1 && wf.revents == POLLOUT);
    CHECK("and the read end readable", poll(&pf, 1, 0) == 1);
    int d = dup(p[0]);
    CHECK("dup of the read end reads", d >= 0 && read(d, buf, 3) == 3 && !memcmp(buf, "xyz", 3));
    close(d);
    shut(p);

    make(p, 0);
    write(p[1], "12", 2);
    int flags = fcntl(p[0], F_GETFL);
    CHECK("F_SETFL O_NONBLOCK", fcntl(p[0], F_SETFL, flags | O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK));
    CHECK("reads what is there", read(p[0], buf, sizeof buf) == 2);
    errno = 0;
    CHECK("then EAGAIN", read(p[0], buf, 1) == -1 && errno == EAGAIN);
    struct stat st;
    CHECK("fstat: a FIFO, size 0", fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode) && st.st_size == 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    write(p[1], "A", 1);
    int w2 = open(path, O_WRONLY);
    CHECK("/proc/self/fd opens the write end", w2 >= 0 && write(w2, "B", 1) == 1);
    CHECK("both bytes, in order", read(p[0], buf, sizeof buf) == 2 && !memcmp(buf, "AB", 2));
    close(w2);
    shut(p);
}

/* --- threads ------------------------------------------------------------------ */

struct later {
    int fd;
    int ms;
    size_t len;
    int sig;
    pthread_t target;
};

static void *write_later(void *arg)
{
    struct later *l = arg;
    static char buf[65536];
    pause_ms(l->ms);
    if (l->sig)
        pthread_kill(l->target, l->sig);
    if (l->len) {
        memset(buf, 'w', l->len);
        if (write(l->fd, buf, l->len) != (ssize_t)l->len)
            perror("write_later");
    }
    return 0;
}

static void *read_later(void *arg)
{
    struct later *l = arg;
    static char buf[65536];
    pause_ms(l->ms);
    size_t got = 0;
    while (got < l->len) {
        ssize_t n = read(l->fd, buf, l->len - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    l->len = got;
    return 0;
}

static volatile sig_atomic_t usr1;
static void on_usr1(int sig) { (void)sig; usr1++; }

static void blocking(void)
{
    int p[2];
    pthread_t t;
    char buf[16];
    make(p, 0);
    struct later l = {p[1], 30, 5, 0, 0};
    pthread_create(&t, 0, write_later, &l);
    CHECK("a blocked reader gets the writer's bytes", read(p[0], buf, sizeof buf) == 5);
    pthread_join(t, 0);
    shut(p);

    make(p, 0);
    static char full[65536 + 4096];
    struct later r = {p[0], 30, sizeof full, 0, 0};
    pthread_create(&t, 0, read_later, &r);
    CHECK("a writer blocked on a full pipe finishes", write(p[1], full, sizeof full) == (ssize_t)sizeof full);
    pthread_join(t, 0);
    CHECK("the reader got it all", r.len == sizeof full);
    shut(p);

    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, 0);
    make(p, 0);
    struct later k = {p[1], 30, 0, SIGUSR1, pthread_self()};
    pthread_create(&t, 0, write_later, &k);
    errno = 0;
    CHECK("a signal ends a blocked read: EINTR", read(p[0], buf, sizeof buf) == -1 && errno == EINTR && usr1 == 1);
    pthread_join(t, 0);
    shut(p);

    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, 0);
    make(p, 0);
    struct later k2 = {p[1], 30, 3, SIGUSR1, pthread_self()};
    pthread_create(&t, 0, write_later, &k2);
    CHECK("with SA_RESTART the read goes on and gets the bytes", read(p[0], buf, sizeof buf) == 3 && usr1 == 2);
    pthread_join(t, 0);
    shut(p);
}

struct blocked_read {
    int fd;
    ssize_t got;
};

static void *read_once(void *arg)
{
    struct blocked_read *b = arg;
    char buf[16];
    b->got = read(b->fd, buf, sizeof buf);
    return 0;
}

/* Linux lets a read blocked on a descriptor that another thread closes go on. */
static void close_under_a_reader(void)
{
    int p[2];
    pthread_t t;
    make(p, 0);
    struct blocked_read b = {p[0], -2};
    pthread_create(&t, 0, read_once, &b);
    pause_ms(30);
    close(p[0]);
    pause_ms(10);
    CHECK("a read blocked on a closed descriptor goes on", write(p[1], "late", 4) == 4);
    pthread_join(t, 0);
    CHECK("and gets the bytes", b.got == 4);
    close(p[1]);
}

struct stream {
    int fd;
    uint64_t sum;
    size_t bytes;
};

static void *stream_writer(void *arg)
{
    struct stream *s = arg;
    static unsigned char buf[9000];
    uint32_t x = 12345;
    size_t sent = 0, size = 1;
    while (sent < (4u << 20)) {
        size_t n = size % sizeof buf + 1;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            buf[i] = (unsigned char)(x >> 16);
            s->sum = s->sum * 31 + buf[i];
        }
        struct iovec v[2] = {{buf, n / 3}, {buf + n / 3, n - n / 3}};
        if (writev(s->fd, v, 2) != (ssize_t)n) {
            perror("stream writev");
            exit(1);
        }
        sent += n;
        size = size * 7 + 3;
    }
    s->bytes = sent;
    close(s->fd);
    return 0;
}

static void streaming(void)
{
    int p[2];
    pthread_t t;
    make(p, 0);
    struct stream w = {p[1], 0, 0};
    pthread_create(&t, 0, stream_writer, &w);
    uint64_t sum = 0;
    size_t got = 0;
    static unsigned char buf[7777];
    for (;;) {
        ssize_t n = read(p[0], buf, (got % 7) * 1000 + 777);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            sum = sum * 31 + buf[i];
        got += (size_t)n;
    }
    pthread_join(t, 0);
    close(p[0]);
    CHECK("4 MiB in odd pieces: every byte, in order", got == w.bytes && sum == w.sum);
    printf("     streamed %zu bytes, checksum %016llx\n", got, (unsigned long long)sum);
}

int main(void)
{
    setvbuf(stdout, 0, _IONBF, 0);
    eof_and_epipe();
    capacity();
    vectors_and_faults();
    handed_to_the_kernel();
    blocking();
    close_under_a_reader();
    streaming();
    return failed;
}
