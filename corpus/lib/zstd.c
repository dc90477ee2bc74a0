/*
 * Zstandard (Debian's libzstd.a): one-shot compression at several levels
 * with the frame content size read back, streaming compression through small
 * buffers with flushes and a checksum, long-distance matching with a large
 * window, streaming decompression, a dictionary trained from samples and used for small
 * records, a frame written to a file in the current directory and read back
 * (removed at the end), and error codes for corrupt or truncated input.
 * Expects: exit 0, the same output every run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zdict.h>
#include <zstd.h>

#define SIZE (1 << 20)
#define FILE_NAME "corpus-zstd.zst"

static unsigned char *data;

static void check(size_t rc, const char *what)
{
    if (ZSTD_isError(rc)) {
        printf("error: %s: %s\n", what, ZSTD_getErrorName(rc));
        exit(1);
    }
}

static unsigned long sum(const unsigned char *p, size_t n)
{
    unsigned long h = 1469598103934665603ul;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ul;
    return h;
}

/* Log-like lines with varying fields: compressible, not trivially. */
static size_t make_record(char *out, size_t cap, unsigned i)
{
    static const char *level[] = {"INFO", "WARN", "DEBUG", "ERROR"};
    static const char *what[] = {"opened file", "mapped region", "woke futex", "sent signal", "offloaded read"};
    unsigned s = i * 2654435761u;
    return (size_t)snprintf(out, cap, "%06u %-5s core=%u pid=%u %s id=%u size=%u\n", i, level[(s >> 7) % 4],
                            (s >> 3) % 4, 100 + (s >> 11) % 50, what[(s >> 13) % 5], s % 100000, (s >> 17) % 65536);
}

static void make_data(void)
{
    data = malloc(SIZE);
    size_t n = 0;
    for (unsigned i = 0; n < SIZE; i++) {
        char line[128];
        size_t l = make_record(line, sizeof line, i);
        if (l > SIZE - n)
            l = SIZE - n;
        memcpy(data + n, line, l);
        n += l;
    }
}

static void one_shot(void)
{
    size_t cap = ZSTD_compressBound(SIZE);
    unsigned char *z = malloc(cap), *back = malloc(SIZE);
    static const int levels[] = {-5, 1, 3, 9, 15};
    for (unsigned i = 0; i < sizeof levels / sizeof *levels; i++) {
        size_t zlen = ZSTD_compress(z, cap, data, SIZE, levels[i]);
        check(zlen, "compress");
        unsigned long long content = ZSTD_getFrameContentSize(z, zlen);
        size_t blen = ZSTD_decompress(back, SIZE, z, zlen);
        check(blen, "decompress");
        printf("level %d: %u -> %zu bytes (hash %016lx), frame content size %llu, round trip %s\n", levels[i],
               SIZE, zlen, sum(z, zlen), content, blen == SIZE && !memcmp(back, data, SIZE) ? "ok" : "BAD");
    }
    size_t zlen = ZSTD_compress(z, cap, data, 50000, 3);
    printf("findFrameCompressedSize %zu of %zu\n", ZSTD_findFrameCompressedSize(z, zlen), zlen);
    size_t rc = ZSTD_decompress(back, SIZE, z, zlen - 10);
    printf("truncated frame: %s\n", ZSTD_isError(rc) ? ZSTD_getErrorName(rc) : "no error");
    z[0] ^= 0xff;
    rc = ZSTD_decompress(back, SIZE, z, zlen);
    printf("bad magic: %s\n", ZSTD_isError(rc) ? ZSTD_getErrorName(rc) : "no error");
    rc = ZSTD_compress(z, 10, data, SIZE, 3);
    printf("tiny destination: %s\n", ZSTD_isError(rc) ? ZSTD_getErrorName(rc) : "no error");
    free(z);
    free(back);
}

/* Compresses data through 3000-byte input and 1000-byte output buffers with
 * the given parameters; returns the frame in *out. */
static size_t stream_compress(int level, int long_distance, int checksum, unsigned char **out)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    check(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level), "level");
    check(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum), "checksum");
    if (long_distance) {
        check(ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1), "ldm");
        check(ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, 24), "windowLog");
    }
    check(ZSTD_CCtx_setPledgedSrcSize(c, SIZE), "pledged");
    size_t cap = ZSTD_compressBound(SIZE) + 4096, zlen = 0, in = 0;
    unsigned char *z = malloc(cap), buf[1000];
    for (;;) {
        size_t n = SIZE - in < 3000 ? SIZE - in : 3000;
        ZSTD_EndDirective mode = in + n == SIZE ? ZSTD_e_end : (in / 3000) % 50 == 49 ? ZSTD_e_flush : ZSTD_e_continue;
        ZSTD_inBuffer ib = {data + in, n, 0};
        size_t left;
        do {
            ZSTD_outBuffer ob = {buf, sizeof buf, 0};
            left = ZSTD_compressStream2(c, &ob, &ib, mode);
            check(left, "compressStream2");
            memcpy(z + zlen, buf, ob.pos);
            zlen += ob.pos;
        } while (mode == ZSTD_e_continue ? ib.pos < ib.size : left != 0);
        in += n;
        if (mode == ZSTD_e_end)
            break;
    }
    ZSTD_freeCCtx(c);
    *out = z;
    return zlen;
}

static void stream_decompress(const char *name, const unsigned char *z, size_t zlen)
{
    ZSTD_DCtx *d = ZSTD_createDCtx();
    unsigned char *back = malloc(SIZE), buf[1500];
    size_t blen = 0, rc = 1, calls = 0;
    for (size_t pos = 0; pos < zlen;) {
        size_t n = zlen - pos < 513 ? zlen - pos : 513;
        ZSTD_inBuffer ib = {z + pos, n, 0};
        while (ib.pos < ib.size) {
            ZSTD_outBuffer ob = {buf, sizeof buf, 0};
            rc = ZSTD_decompressStream(d, &ob, &ib);
            check(rc, "decompressStream");
            calls++;
            if (blen + ob.pos > SIZE) {
                printf("stream %s: too much output\n", name);
                exit(1);
            }
            memcpy(back + blen, buf, ob.pos);
            blen += ob.pos;
        }
        pos += n;
    }
    printf("stream %s: %zu bytes (hash %016lx), frame content size %llu, inflated %zu, %s\n", name, zlen, sum(z, zlen),
           ZSTD_getFrameContentSize(z, zlen), blen,
           rc == 0 && blen == SIZE && !memcmp(back, data, SIZE) ? "ok" : "BAD");
    ZSTD_freeDCtx(d);
    free(back);
}

static void streaming(void)
{
    unsigned char *z;
    size_t zlen = stream_compress(3, 0, 1, &z);
    stream_decompress("level 3 checksum", z, zlen);
    z[zlen - 1] ^= 1;
    unsigned char *back = malloc(SIZE);
    size_t rc = ZSTD_decompress(back, SIZE, z, zlen);
    printf("checksum mismatch: %s\n", ZSTD_isError(rc) ? ZSTD_getErrorName(rc) : "no error");
    free(back);
    free(z);
    zlen = stream_compress(12, 1, 0, &z);
    stream_decompress("level 12 long distance", z, zlen);
    free(z);
}

static void dictionary(void)
{
    enum { SAMPLES = 2000 };
    char *samples = malloc(SAMPLES * 128);
    size_t sizes[SAMPLES], total = 0;
    for (unsigned i = 0; i < SAMPLES; i++) {
        sizes[i] = make_record(samples + total, 128, i * 7 + 3);
        total += sizes[i];
    }
    unsigned char dict[8192];
    size_t dlen = ZDICT_trainFromBuffer(dict, sizeof dict, samples, sizes, SAMPLES);
    if (ZDICT_isError(dlen)) {
        printf("error: train: %s\n", ZDICT_getErrorName(dlen));
        exit(1);
    }
    printf("dictionary %zu bytes, id %u, hash %016lx\n", dlen, ZDICT_getDictID(dict, dlen), sum(dict, dlen));
    ZSTD_CDict *cd = ZSTD_createCDict(dict, dlen, 3);
    ZSTD_DDict *dd = ZSTD_createDDict(dict, dlen);
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_DCtx *d = ZSTD_createDCtx();
    size_t plain = 0, with = 0, without = 0, ok = 0;
    unsigned frame_id = 0;
    for (unsigned i = 0; i < 500; i++) {
        char rec[128], z[256], back[128];
        size_t n = make_record(rec, sizeof rec, 100000 + i * 13);
        size_t a = ZSTD_compress_usingCDict(c, z, sizeof z, rec, n, cd);
        check(a, "compress_usingCDict");
        frame_id = ZSTD_getDictID_fromFrame(z, a);
        size_t b = ZSTD_decompress_usingDDict(d, back, sizeof back, z, a, dd);
        check(b, "decompress_usingDDict");
        ok += b == n && !memcmp(back, rec, n);
        size_t w = ZSTD_compress(z, sizeof z, rec, n, 3);
        check(w, "compress");
        plain += n;
        with += a;
        without += w;
    }
    printf("500 records: %zu bytes, %zu with dictionary, %zu without, frame dict id %u, %zu round trips ok\n", plain,
           with, without, frame_id, ok);
    char rec[128], z[256], back[128];
    size_t n = make_record(rec, sizeof rec, 1);
    size_t a = ZSTD_compress_usingCDict(c, z, sizeof z, rec, n, cd);
    size_t rc = ZSTD_decompressDCtx(d, back, sizeof back, z, a);
    printf("without the dictionary: %s\n", ZSTD_isError(rc) ? ZSTD_getErrorName(rc) : "no error");
    ZSTD_freeCDict(cd);
    ZSTD_freeDDict(dd);
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
    free(samples);
}

static void file_round_trip(void)
{
    size_t cap = ZSTD_compressBound(SIZE);
    unsigned char *z = malloc(cap), *back = malloc(SIZE);
    size_t zlen = ZSTD_compress(z, cap, data, SIZE, 5);
    check(zlen, "compress");
    FILE *f = fopen(FILE_NAME, "wb");
    if (!f || fwrite(z, 1, zlen, f) != zlen || fclose(f) != 0) {
        printf("error: writing %s\n", FILE_NAME);
        exit(1);
    }
    memset(z, 0, zlen);
    f = fopen(FILE_NAME, "rb");
    size_t got = fread(z, 1, cap, f);
    fclose(f);
    size_t blen = ZSTD_decompress(back, SIZE, z, got);
    check(blen, "decompress file");
    printf("file: %zu bytes written and read, %s\n", got,
           got == zlen && blen == SIZE && !memcmp(back, data, SIZE) ? "ok" : "BAD");
    unlink(FILE_NAME);
    free(z);
    free(back);
}

int main(void)
{
    make_data();
    printf("zstd %s, data hash %016lx\n", ZSTD_versionString(), sum(data, SIZE));
    one_shot();
    streaming();
    dictionary();
    file_round_trip();
    free(data);
    return 0;
}
