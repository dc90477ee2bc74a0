/*
 * random.c: getrandom served by the libOS: a ChaCha20 keystream (RFC 8439
 * block function) keyed from the host's entropy once, with the key replaced
 * after every request so earlier output cannot be recovered from the state.
 */
#include "az.h"

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

static uint32_t key[8];
static uint64_t counter;
static int seeded;

static uint32_t rotl(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

#define QR(a, b, c, d)                                                   \
    a += b; d ^= a; d = rotl(d, 16); c += d; b ^= c; b = rotl(b, 12);    \
    a += b; d ^= a; d = rotl(d, 8);  c += d; b ^= c; b = rotl(b, 7)

static void block(uint32_t out[16])
{
    uint32_t s[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
    memcpy(&s[4], key, sizeof key);
    s[12] = (uint32_t)counter;
    s[13] = (uint32_t)(counter >> 32);
    s[14] = s[15] = 0;
    counter++;
    uint32_t x[16];
    memcpy(x, s, sizeof x);
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]); QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]); QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]); QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]); QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++)
        out[i] = x[i] + s[i];
}

long sys_getrandom(long buf, long len, long flags, long d, long e, long f)
{
    if (flags & ~(long)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if (!seeded) {
        long r = host3(NR_getrandom, key, sizeof key, 0);
        if (r != (long)sizeof key)
            return r < 0 ? r : -EAGAIN;
        seeded = 1;
    }
    if (len > 33554431)
        len = 33554431; /* Linux's per-call cap */
    uint32_t ks[16];
    long done = 0;
    while (done < len) {
        block(ks);
        long n = len - done < 64 ? len - done : 64;
        long missed = az_copy_user((char *)buf + done, ks, (size_t)n);
        done += n - missed;
        if (missed)
            break; /* Linux: the bytes given so far, or EFAULT if none */
    }
    block(ks);
    memcpy(key, ks, sizeof key);
    memset(ks, 0, sizeof ks);
    return done || !len ? done : -EFAULT;
}
