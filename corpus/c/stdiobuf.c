/* stdiobuf: stdio buffering made visible through a pipe the program reads
 * back itself. A fully buffered stream holds a line until fflush or the
 * buffer fills, a line-buffered one (setvbuf _IOLBF) writes at each
 * newline, an unbuffered one at each call; setvbuf with a caller's small
 * buffer; stderr unbuffered interleaving with stdout redirected to a file
 * (the file shows the order of the flushes); isatty/ENOTTY on a file and a
 * pipe; fdopen/fileno; freopen of stdout onto a file and back through a dup;
 * ungetc (one pushback, then EOF handling), fmemopen reading and writing
 * (NUL termination, fseek), open_memstream growing its buffer, tmpfile.
 * Expects: one "ok" line per check, exits 0; removes its files. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

static int pending(int fd)
{
    char buf[256];
    long n = read(fd, buf, sizeof buf);
    return n < 0 ? 0 : (int)n;
}

int main(void)
{
    int p[2];
    CHECK("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK) == 0);
    FILE *w = fdopen(p[1], "w");
    CHECK("fdopen", w != NULL && fileno(w) == p[1]);
    fprintf(w, "full\n");
    CHECK("full buffering holds a line", pending(p[0]) == 0);
    fflush(w);
    CHECK("fflush writes it", pending(p[0]) == 5);
    static char line_buf[64];
    CHECK("setvbuf _IOLBF", setvbuf(w, line_buf, _IOLBF, sizeof line_buf) == 0);
    fprintf(w, "part");
    CHECK("line buffering holds a partial line", pending(p[0]) == 0);
    fprintf(w, "ial\n");
    CHECK("and writes at the newline", pending(p[0]) == 8);
    for (int i = 0; i < 10000; i++)
        fputc('x', w);
    int drained = 0, n;
    while ((n = pending(p[0])) > 0)
        drained += n;
    CHECK("a full buffer is written without a newline", drained >= 8000 && drained < 10000);
    fflush(w);
    while (pending(p[0]) > 0)
        ;
    CHECK("setvbuf _IONBF", setvbuf(w, NULL, _IONBF, 0) == 0);
    fputs("a", w);
    CHECK("unbuffered: each call writes", pending(p[0]) == 1);
    fprintf(w, "%d%s", 12, "34");
    CHECK("one printf is one write", pending(p[0]) == 4);
    fclose(w);
    char c;
    CHECK("EOF after fclose", read(p[0], &c, 1) == 0);
    close(p[0]);

    errno = 0;
    CHECK("isatty on a pipe: 0 with ENOTTY", pipe(p) == 0 && isatty(p[0]) == 0 && errno == ENOTTY);
    close(p[0]), close(p[1]);

    int fd = open("stdiobuf.out", O_RDWR | O_CREAT | O_TRUNC, 0644);
    errno = 0;
    CHECK("isatty on a file: 0 with ENOTTY", isatty(fd) == 0 && errno == ENOTTY);
    fflush(stdout);
    int saved = dup(1), saved_err = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    setvbuf(stdout, NULL, _IOFBF, 4096);
    printf("out-1\n");
    fprintf(stderr, "err-1\n");
    printf("out-2\n");
    fflush(stdout);
    fprintf(stderr, "err-2\n");
    fflush(stdout);
    dup2(saved, 1);
    dup2(saved_err, 2);
    close(saved_err);
    char got[128] = {0};
    pread(fd, got, sizeof got - 1, 0);
    CHECK("stderr unbuffered, stdout at its flush", !strcmp(got, "err-1\nout-1\nout-2\nerr-2\n"));
    close(fd);

    fflush(stdout);
    FILE *re = freopen("stdiobuf.out", "w", stdout);
    printf("via freopen\n");
    fflush(stdout);
    dup2(saved, 1); /* stdout's descriptor back onto the original output */
    close(saved);
    CHECK("freopen stdout onto a file", re == stdout);
    memset(got, 0, sizeof got);
    fd = open("stdiobuf.out", O_RDONLY);
    CHECK("the file has the line", read(fd, got, sizeof got) == 12 && !strcmp(got, "via freopen\n"));
    close(fd);

    FILE *m = fmemopen((char[]){"abc"}, 3, "r");
    CHECK("fmemopen read", m && fgetc(m) == 'a');
    CHECK("ungetc", ungetc('Z', m) == 'Z' && fgetc(m) == 'Z' && fgetc(m) == 'b');
    CHECK("read to EOF", fgetc(m) == 'c' && fgetc(m) == EOF && feof(m));
    CHECK("ungetc clears EOF", ungetc('q', m) == 'q' && !feof(m) && fgetc(m) == 'q');
    CHECK("ungetc EOF fails", ungetc(EOF, m) == EOF);
    fclose(m);
    char mem[16];
    m = fmemopen(mem, sizeof mem, "w+");
    fputs("hello", m);
    fflush(m);
    CHECK("fmemopen write NUL-terminates", !strcmp(mem, "hello"));
    CHECK("fseek and overwrite", fseek(m, 1, SEEK_SET) == 0 && fputc('E', m) == 'E' && fflush(m) == 0 &&
          !strcmp(mem, "hEllo"));
    CHECK("ftell", ftell(m) == 2);
    fclose(m);
    char *dyn = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&dyn, &len);
    for (int i = 0; i < 1000; i++)
        fprintf(ms, "%04d,", i);
    fflush(ms);
    CHECK("open_memstream grows to 5000 bytes", len == 5000 && !strncmp(dyn + 4995, "0999,", 5));
    fclose(ms);
    CHECK("memstream NUL-terminated", strlen(dyn) == 5000);
    free(dyn);

    FILE *t = tmpfile();
    CHECK("tmpfile round trip", t && fputs("tmp", t) >= 0 && fseek(t, 0, SEEK_SET) == 0 && fgetc(t) == 't');
    fclose(t);
    FILE *bad = fopen("stdiobuf.none", "r");
    CHECK("fopen missing: NULL with ENOENT", bad == NULL && errno == ENOENT);
    CHECK("fopen bad mode: NULL with EINVAL", fopen("stdiobuf.out", "q") == NULL && errno == EINVAL);
    CHECK("unlink", unlink("stdiobuf.out") == 0);
    fflush(stdout);
    return failed;
}
