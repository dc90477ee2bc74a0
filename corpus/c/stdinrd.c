/* stdinrd: standard input as given by the harness (the line "corpus stdin
 * line" and EOF; a file or a pipe). The descriptors 0-2 open with their
 * access modes; a partial read(2) of 7 bytes, the rest through stdio (getc,
 * ungetc, fgets into a short buffer, getline), EOF sticky in stdio (feof,
 * clearerr), read(2) at EOF returning 0 repeatedly, fread's short count,
 * stderr unbuffered, and stdout's last partial line flushed at exit.
 * Expects: one "ok" line per check and the input's summary, exits 0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
    char buf[64];
    int fl0 = fcntl(0, F_GETFL), fl1 = fcntl(1, F_GETFL), fl2 = fcntl(2, F_GETFL);
    CHECK("fd 0 open for reading", fl0 >= 0 && (fl0 & O_ACCMODE) != O_WRONLY);
    CHECK("fd 1 and 2 open for writing", fl1 >= 0 && fl2 >= 0 && (fl1 & O_ACCMODE) != O_RDONLY &&
          (fl2 & O_ACCMODE) != O_RDONLY);
    CHECK("fd 3 is free", fcntl(3, F_GETFD) == -1 && errno == EBADF);

    CHECK("read(2) of 7 bytes", read(0, buf, 7) == 7 && !memcmp(buf, "corpus ", 7));
    int c = getc(stdin);
    CHECK("getc continues after the raw read", c == 's');
    CHECK("ungetc then getc", ungetc(c, stdin) == 's' && getc(stdin) == 's');
    char small[5];
    CHECK("fgets into 5 bytes takes 4", fgets(small, sizeof small, stdin) && !strcmp(small, "tdin"));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    CHECK("getline takes the rest with its newline", n == 6 && !strcmp(line, " line\n"));
    CHECK("getline at EOF: -1 and feof", getline(&line, &cap, stdin) == -1 && feof(stdin) && !ferror(stdin));
    CHECK("EOF is sticky", getc(stdin) == EOF);
    clearerr(stdin);
    CHECK("clearerr resets it", !feof(stdin));
    CHECK("getc at the real end is EOF again", getc(stdin) == EOF && feof(stdin));
    CHECK("fread at EOF counts 0", fread(buf, 1, sizeof buf, stdin) == 0);
    CHECK("read(2) at EOF returns 0", read(0, buf, sizeof buf) == 0 && read(0, buf, sizeof buf) == 0);
    free(line);
    CHECK("stdin still open", fcntl(0, F_GETFD) == 0);

    /* musl flushes stdout when stdin refills, glibc does not: flush here so
       the order in a shared output file is the same. */
    fflush(stdout);
    fprintf(stderr, "stderr: written at once\n");
    printf("input: 7 + 1 + 4 + 6 = 18 bytes in four pieces\n");
    printf("stdout flushed at exit, no newline");
    return failed;
}
