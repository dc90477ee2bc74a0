/* thr_pipe: threads talking through pipes. Two threads ping-pong one byte
 * through a pair of pipes 5000 times, each side transforming the byte, so
 * the final byte and a running checksum depend on strict alternation; then
 * one thread streams 1 MiB in 3000-byte writes through a pipe (filling it, so
 * the writer blocks) to a reader that checksums what it gets in whatever
 * pieces read() returns.
 * Expects: identical checksums every run, 1048576 bytes received, exits 0. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROUNDS 5000
#define STREAM (1 << 20)
#define CHUNK 3000

static int there[2], back[2], stream[2];
static int bad;

static void fail(const char *what, int err)
{
    fprintf(stderr, "%s: %s\n", what, strerror(err));
    exit(1);
}

#define CHECK(call) do { int e_ = (call); if (e_ != 0) fail(#call, e_); } while (0)

static unsigned char get(int fd)
{
    unsigned char c;
    ssize_t n;
    while ((n = read(fd, &c, 1)) == -1 && errno == EINTR)
        ;
    if (n != 1)
        fail("read", n == 0 ? EPIPE : errno);
    return c;
}

static void put(int fd, unsigned char c)
{
    if (write(fd, &c, 1) != 1)
        fail("write", errno);
}

static void *echo(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++)
        put(back[1], (unsigned char)(get(there[0]) * 7 + 3));
    return NULL;
}

static void ping_pong(void)
{
    pthread_t t;
    unsigned char c = 1;
    uint32_t sum = 0;
    CHECK(pthread_create(&t, NULL, echo, NULL));
    for (int i = 0; i < ROUNDS; i++) {
        put(there[1], (unsigned char)(c + i));
        c = get(back[0]);
        sum = sum * 33 + c;
    }
    CHECK(pthread_join(t, NULL));
    printf("ping-pong %d round trips: last byte %u, checksum %08x\n", ROUNDS, c, sum);
}

static uint32_t byte_at(long i)
{
    return (uint32_t)(i * 2654435761u >> 13) & 0xff;
}

static void *writer(void *arg)
{
    unsigned char buf[CHUNK];
    (void)arg;
    for (long off = 0; off < STREAM;) {
        long n = STREAM - off < CHUNK ? STREAM - off : CHUNK;
        for (long i = 0; i < n; i++)
            buf[i] = (unsigned char)byte_at(off + i);
        for (long done = 0; done < n;) {
            ssize_t w = write(stream[1], buf + done, n - done);
            if (w < 0 && errno != EINTR)
                fail("write", errno);
            done += w > 0 ? w : 0;
        }
        off += n;
    }
    if (close(stream[1]) != 0)
        fail("close", errno);
    return NULL;
}

static void bulk(void)
{
    pthread_t t;
    unsigned char buf[8192];
    long total = 0, mismatches = 0;
    uint32_t sum = 2166136261u;
    ssize_t n;
    CHECK(pthread_create(&t, NULL, writer, NULL));
    while ((n = read(stream[0], buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail("read", errno);
        }
        for (ssize_t i = 0; i < n; i++, total++) {
            mismatches += buf[i] != byte_at(total);
            sum = (sum ^ buf[i]) * 16777619u; /* FNV-1a */
        }
    }
    CHECK(pthread_join(t, NULL));
    printf("stream: %ld bytes received, %ld wrong, checksum %08x\n", total, mismatches, sum);
    bad |= total != STREAM || mismatches != 0;
}

int main(void)
{
    if (pipe(there) != 0 || pipe(back) != 0 || pipe(stream) != 0)
        fail("pipe", errno);
    ping_pong();
    bulk();
    printf("thr_pipe %s\n", bad ? "FAILED" : "done");
    return bad;
}
