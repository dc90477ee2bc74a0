/*
 * zlib (Debian's libz.a): one-shot compress2/uncompress at levels 0-9,
 * streaming deflate/inflate through small buffers with a sync flush, raw and
 * gzip wrappers, a preset dictionary, crc32/adler32 and their combine
 * functions, and a gzip file written with gzwrite/gzprintf and read back with
 * gzgets/gzread/gzseek in the current directory (removed at the end).
 * Expects: exit 0, the same output every run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define SIZE (1 << 20)
#define GZ "corpus-zlib.gz"

static unsigned char *data;

static void fail(const char *what, int rc)
{
    printf("error: %s: %d\n", what, rc);
    exit(1);
}

/* Text-like data: words from a small vocabulary with a few numbers, so every
 * level compresses it differently. */
static void make_data(void)
{
    static const char *words[] = {"alpha", "beta", "gamma", "delta", "unikernel", "azalea", "syscall", "page",
                                  "thread", "futex", "\n", "  ", "0x1f", "trampoline"};
    unsigned s = 7;
    size_t n = 0;
    data = malloc(SIZE);
    while (n < SIZE) {
        s = s * 1664525u + 1013904223u;
        const char *w = words[(s >> 16) % 14];
        char num[16];
        if ((s >> 8) % 11 == 0) {
            snprintf(num, sizeof num, "%u ", (s >> 4) % 100000);
            w = num;
        }
        for (size_t i = 0; w[i] && n < SIZE; i++)
            data[n++] = (unsigned char)w[i];
        if (n < SIZE)
            data[n++] = ' ';
    }
}

static void one_shot(void)
{
    uLong bound = compressBound(SIZE);
    unsigned char *z = malloc(bound), *back = malloc(SIZE);
    for (int level = 0; level <= 9; level += (level < 3 ? 1 : 3)) {
        uLongf zlen = bound;
        int rc = compress2(z, &zlen, data, SIZE, level);
        if (rc != Z_OK)
            fail("compress2", rc);
        uLongf blen = SIZE;
        rc = uncompress(back, &blen, z, zlen);
        if (rc != Z_OK)
            fail("uncompress", rc);
        printf("level %d: %lu -> %lu bytes, crc %08lx, round trip %s\n", level, (unsigned long)SIZE,
               (unsigned long)zlen, crc32(0, z, zlen), blen == SIZE && !memcmp(back, data, SIZE) ? "ok" : "BAD");
    }
    uLongf small = 100, blen = SIZE;
    printf("compress2 into 100 bytes: %d\n", compress2(z, &small, data, SIZE, 9));
    uLongf zlen = bound;
    compress2(z, &zlen, data, 4096, 6);
    z[zlen / 2] ^= 0x55;
    printf("uncompress of corrupted data: %d\n", uncompress(back, &blen, z, zlen));
    free(z);
    free(back);
}

/* Deflates data through 4 KiB input and 1 KiB output buffers with the given
 * windowBits, a sync flush at the middle; inflates it back through 777-byte
 * chunks and checks the result. */
static void streaming(const char *name, int window, int strategy, const unsigned char *dict, unsigned dictlen)
{
    z_stream d;
    memset(&d, 0, sizeof d);
    int rc = deflateInit2(&d, 6, Z_DEFLATED, window, 8, strategy);
    if (rc != Z_OK)
        fail("deflateInit2", rc);
    if (dict && (rc = deflateSetDictionary(&d, dict, dictlen)) != Z_OK)
        fail("deflateSetDictionary", rc);
    size_t cap = deflateBound(&d, SIZE) + 1024, zlen = 0;
    unsigned char *z = malloc(cap);
    unsigned char out[1024];
    size_t in = 0;
    int flush;
    do {
        size_t n = SIZE - in < 4096 ? SIZE - in : 4096;
        d.next_in = data + in;
        d.avail_in = (uInt)n;
        in += n;
        flush = in == SIZE ? Z_FINISH : in == SIZE / 2 ? Z_SYNC_FLUSH : Z_NO_FLUSH;
        do {
            d.next_out = out;
            d.avail_out = sizeof out;
            rc = deflate(&d, flush);
            if (rc == Z_STREAM_ERROR)
                fail("deflate", rc);
            size_t have = sizeof out - d.avail_out;
            memcpy(z + zlen, out, have);
            zlen += have;
        } while (d.avail_out == 0);
    } while (flush != Z_FINISH);
    if (rc != Z_STREAM_END)
        fail("deflate end", rc);
    uLong total = d.total_in;
    deflateEnd(&d);

    z_stream f;
    memset(&f, 0, sizeof f);
    if ((rc = inflateInit2(&f, window)) != Z_OK)
        fail("inflateInit2", rc);
    unsigned char *back = malloc(SIZE);
    size_t pos = 0, blen = 0;
    int needed_dict = 0;
    rc = Z_OK;
    while (rc != Z_STREAM_END && blen < SIZE) {
        if (f.avail_in == 0) {
            if (pos == zlen)
                break;
            f.next_in = z + pos;
            f.avail_in = (uInt)(zlen - pos < 777 ? zlen - pos : 777);
            pos += f.avail_in;
        }
        f.next_out = back + blen;
        f.avail_out = (uInt)(SIZE - blen < 2000 ? SIZE - blen : 2000);
        rc = inflate(&f, Z_NO_FLUSH);
        if (rc == Z_NEED_DICT) {
            needed_dict = 1;
            if ((rc = inflateSetDictionary(&f, dict, dictlen)) != Z_OK)
                fail("inflateSetDictionary", rc);
        } else if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            fail("inflate", rc);
        }
        blen = (size_t)(f.next_out - back);
    }
    inflateEnd(&f);
    printf("stream %s: in %lu, deflated %lu (crc %08lx), inflated %lu, needed dictionary %s, %s\n", name, total,
           (unsigned long)zlen, crc32(0, z, (uInt)zlen), (unsigned long)blen, needed_dict ? "yes" : "no",
           rc == Z_STREAM_END && blen == SIZE && !memcmp(back, data, SIZE) ? "ok" : "BAD");
    free(z);
    free(back);
}

static void checksums(void)
{
    uLong a = crc32(0, data, SIZE / 3), b = crc32(0, data + SIZE / 3, SIZE - SIZE / 3);
    uLong all = crc32(0, data, SIZE);
    printf("crc32 %08lx, combined %08lx\n", all, crc32_combine(a, b, SIZE - SIZE / 3));
    uLong x = adler32(1, data, SIZE / 3), y = adler32(1, data + SIZE / 3, SIZE - SIZE / 3);
    printf("adler32 %08lx, combined %08lx\n", adler32(1, data, SIZE), adler32_combine(x, y, SIZE - SIZE / 3));
    printf("crc32 of \"123456789\" %08lx, adler32 of \"Wikipedia\" %08lx\n",
           crc32(0, (const Bytef *)"123456789", 9), adler32(1, (const Bytef *)"Wikipedia", 9));
}

static void gzip_file(void)
{
    gzFile g = gzopen(GZ, "wb9");
    if (!g)
        fail("gzopen w", 0);
    for (int i = 0; i < 2000; i++)
        gzprintf(g, "record %04d %s\n", i, i % 5 ? "plain" : "fifth");
    if (gzwrite(g, data, 200000) != 200000)
        fail("gzwrite", 0);
    gzputs(g, "\ntrailer line\n");
    if (gzclose(g) != Z_OK)
        fail("gzclose w", 0);
    struct stat st;
    stat(GZ, &st);
    FILE *raw = fopen(GZ, "rb");
    unsigned char *file = malloc(st.st_size);
    if (fread(file, 1, st.st_size, raw) != (size_t)st.st_size)
        fail("fread", 0);
    fclose(raw);
    printf("gzip file %lld bytes, magic %02x%02x, crc %08lx\n", (long long)st.st_size, file[0], file[1],
           crc32(0, file, (uInt)st.st_size));
    free(file);

    g = gzopen(GZ, "rb");
    if (!g)
        fail("gzopen r", 0);
    char line[64];
    int lines = 0, fifths = 0;
    while (lines < 2000 && gzgets(g, line, sizeof line)) {
        lines++;
        fifths += strstr(line, "fifth") != NULL;
    }
    printf("gzgets: %d lines, %d fifth, last %s", lines, fifths, line);
    unsigned char *buf = malloc(200000);
    int n = gzread(g, buf, 200000);
    printf("gzread %d bytes, equal %s, offset %ld\n", n, n == 200000 && !memcmp(buf, data, 200000) ? "yes" : "no",
           (long)gztell(g));
    gzgets(g, line, sizeof line);
    gzgets(g, line, sizeof line);
    printf("trailer: %s", line);
    printf("eof %d\n", gzread(g, buf, 10) == 0 && gzeof(g));
    long at = gzseek(g, 100, SEEK_SET);
    gzgets(g, line, sizeof line);
    printf("after gzseek to %ld: %s", at, line);
    gzclose(g);
    free(buf);
    if (unlink(GZ) != 0)
        fail("unlink", 0);
}

int main(void)
{
    make_data();
    printf("zlib %s, data crc %08lx\n", zlibVersion(), crc32(0, data, SIZE));
    one_shot();
    streaming("zlib", 15, Z_DEFAULT_STRATEGY, NULL, 0);
    streaming("raw", -15, Z_DEFAULT_STRATEGY, NULL, 0);
    streaming("gzip", 31, Z_DEFAULT_STRATEGY, NULL, 0);
    streaming("huffman-only", 15, Z_HUFFMAN_ONLY, NULL, 0);
    streaming("rle 9-bit window", 9, Z_RLE, NULL, 0);
    static const char dict[] = "unikernel azalea syscall trampoline thread futex page alpha beta gamma delta";
    streaming("dictionary", 15, Z_DEFAULT_STRATEGY, (const unsigned char *)dict, sizeof dict - 1);
    checksums();
    gzip_file();
    free(data);
    return 0;
}
